#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: trust authentication on 127.0.0.1, a free port, a
# temporary directory; the server and the directory go when the run ends, also when it fails.
#
# Sourced by .ci/run:   start_test_postgres   (exports ACO_TUI_TEST_DATABASE, stops the server on exit)
# Run by the tests:     .ci/postgres.sh start DIR   (prints the URL)   .ci/postgres.sh stop DIR
#                       .ci/postgres.sh halt DIR / resume DIR   (a restart, for the outage tests)
#
# The server binaries come from Debian's postgresql package (initdb and pg_ctl are not on PATH);
# initdb refuses to run as root, so as root everything runs as the postgres user.

postgres_bindir() {
  local initdb
  initdb=$(command -v initdb 2>/dev/null || true)
  if [ -z "$initdb" ] && command -v dpkg >/dev/null 2>&1; then
    initdb=$(dpkg -L $(dpkg-query -W -f '${Package}\n' 'postgresql-[0-9]*' 2>/dev/null) 2>/dev/null \
             | grep -E 'bin/initdb$' | sort -V | tail -n 1 || true)
  fi
  if [ -z "$initdb" ]; then
    initdb=$(ls -1 /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  fi
  [ -n "$initdb" ] || return 1
  initdb=$(readlink -f "$initdb")  # a symlink on PATH: the real directory holds pg_ctl and psql too
  [ -x "$(dirname "$initdb")/pg_ctl" ] || return 1
  dirname "$initdb"
}

_as_server_user() {  # run a server binary as the directory's owner (postgres when we are root)
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_postgres DIR: initialise and start a server in DIR (created, owned by the server user); prints its URL.
start_postgres() {
  local dir=$1 bindir port tries
  bindir=$(postgres_bindir) || { echo "no PostgreSQL server binaries (initdb, pg_ctl) found" >&2; return 1; }
  mkdir -p "$dir"
  chmod 700 "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
  _as_server_user "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale --no-sync \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  for tries in 1 2 3; do
    port=$(_free_port)
    if _pg_ctl_start "$bindir" "$dir" "$port"; then
      echo "$port" >"$dir/port"
      "$bindir/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c 'CREATE DATABASE aco_test' >/dev/null \
        || { stop_postgres "$dir"; return 1; }
      echo "postgresql://postgres@127.0.0.1:$port/aco_test"
      return 0
    fi
  done
  cat "$dir/server.log" >&2
  return 1
}

_pg_ctl_start() {  # BINDIR DIR PORT
  _as_server_user "$1/pg_ctl" -D "$2/data" -l "$2/server.log" -w -t 30 start \
    -o "-c listen_addresses=127.0.0.1 -c port=$3 -c unix_socket_directories=$2 -c fsync=off
        -c full_page_writes=off -c max_connections=200" >/dev/null 2>&1
}

# halt_postgres DIR: stop the server in DIR as an operator's restart does (fast: sessions are ended).
halt_postgres() {
  local bindir
  bindir=$(postgres_bindir) || return 1
  _as_server_user "$bindir/pg_ctl" -D "$1/data" -m fast -w stop >/dev/null
}

# resume_postgres DIR: start the server in DIR again, on the port it had.
resume_postgres() {
  local bindir
  bindir=$(postgres_bindir) || return 1
  _pg_ctl_start "$bindir" "$1" "$(cat "$1/port")"
}

# stop_postgres DIR: stop the server started in DIR (if any) and remove DIR.
stop_postgres() {
  local dir=$1 bindir
  if [ -f "$dir/data/postmaster.pid" ] && bindir=$(postgres_bindir); then
    _as_server_user "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

# start_test_postgres: for .ci/run; exports ACO_TUI_TEST_DATABASE and stops the server when the shell exits.
start_test_postgres() {
  ACO_TUI_PG_DIR=$(mktemp -d /tmp/aco-pg.XXXXXX)
  trap 'stop_postgres "$ACO_TUI_PG_DIR"' EXIT
  trap 'exit 130' INT  # so that the EXIT trap runs when the run is interrupted or killed too
  trap 'exit 143' TERM HUP
  ACO_TUI_TEST_DATABASE=$(start_postgres "$ACO_TUI_PG_DIR")
  export ACO_TUI_TEST_DATABASE
  echo "PostgreSQL for the tests: $ACO_TUI_TEST_DATABASE"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    start) start_postgres "$2" ;;
    stop) stop_postgres "$2" ;;
    halt) halt_postgres "$2" ;;
    resume) resume_postgres "$2" ;;
    *) echo "usage: $0 start DIR | stop DIR | halt DIR | resume DIR" >&2; exit 2 ;;
  esac
fi
