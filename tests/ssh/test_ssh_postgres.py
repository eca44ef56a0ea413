"""Several servers, one PostgreSQL database: two ``aco-tui serve`` processes on two ports (the same
host key, one shared authorized_keys), trainees on both, and ``results`` from either host or from a
third machine with only the URL shows them all."""

from __future__ import annotations

import asyncio
import os
from contextlib import ExitStack
from pathlib import Path

from serve_process import ServeProcess, recorded_attempts
from ssh_fixtures import (
    cmdline,
    connect,
    environ,
    make_keys,
    open_app,
    pid_alive,
    serve_options,
    take_the_quiz,
    write_authorized_keys,
    write_kb_with_quiz,
)


def host(base: Path, name: str, kb, shared: Path, database: list[str], env: dict[str, str]) -> ServeProcess:
    """``aco-tui serve`` as one host of several: its own data directory (``base / name``), the shared
    key files."""
    return ServeProcess(
        base / f"{name}.log",
        *serve_options(kb, base / name),
        "--host-key",
        str(shared / "ssh_host_ed25519_key"),
        "--authorized-keys",
        str(shared / "authorized_keys"),
        *database,
        env={**os.environ, **env},
    )


def results(url_env: dict[str, str], *argv: str) -> dict[str, dict]:
    """``aco-tui results --json`` in a fresh process with this environment: the attempts by trainee."""
    return {a["trainee"]: a for a in recorded_attempts(*argv, env=url_env)}


async def test_two_servers_share_one_database_and_results_show_everyone(tmp_path, pg_url):
    url = pg_url.replace("postgresql://postgres@", "postgresql://postgres:s3cret@", 1)  # trusted: any password
    keys = make_keys(tmp_path / "client", "alice", "bob")
    kb = write_kb_with_quiz(tmp_path / "kb")
    shared = tmp_path / "shared"  # what every host has the same copy of
    shared.mkdir()
    write_authorized_keys(shared / "authorized_keys", keys.values())
    with ExitStack() as stack:
        # host-a forks its sessions from a session host; host-b starts each one cold
        hosts = [
            host(tmp_path, "host-a", kb, shared, ["--database", url], {}),
            host(tmp_path, "host-b", kb, shared, [], {"ACO_TUI_DATABASE": url, "ACO_TUI_SESSION_HOST": "0"}),
        ]
        for server in hosts:
            stack.callback(server.stop)
        for server in hosts:
            server.wait_listening()
            assert "s3cret" not in server.text() and "postgres:***@" in server.text()
        session_host = int(hosts[0].wait_for(r"session host ready pid=(\d+)", 120).group(1))
        # the session host holds no database connection and not even the URL
        assert "ACO_TUI_DATABASE" not in environ(session_host)
        assert not any("postgresql" in arg for arg in cmdline(session_host))
        fingerprints = set()

        async def trainee(server: ServeProcess, user: str, answer: bytes) -> None:
            async with connect(server, user, keys[user]) as conn:
                fingerprints.add(conn.get_server_host_key().get_fingerprint())
                process, screen = await open_app(conn)
                [pid] = [p for p in server.session_pids() if pid_alive(p)]
                if server is hosts[1]:  # (a forked session's /proc environ is the host's initial one)
                    assert environ(pid)["ACO_TUI_DATABASE"] == url  # from the server, in the fixed environment
                else:
                    assert f"pid={pid} " in server.text() and f"forked by host {session_host}" in server.text()
                assert not any("postgresql" in arg for arg in cmdline(pid))  # never on the command line
                await take_the_quiz(process, screen, answer)

        await asyncio.gather(trainee(hosts[0], "alice", b"1"), trainee(hosts[1], "bob", b"2"))
        assert len(fingerprints) == 1  # clients see one host
    data = [tmp_path / "host-a", tmp_path / "host-b"]
    assert all(not (directory / "progress.sqlite3").exists() for directory in data)

    clean = {k: v for k, v in os.environ.items() if not k.startswith("ACO_TUI_")}
    for directory in data:  # on either host, as configured there
        seen = results({**clean, "ACO_TUI_DATA": str(directory), "ACO_TUI_DATABASE": url})
        assert set(seen) == {"alice", "bob"}
    third = tmp_path / "third-machine"
    seen = results({**clean, "HOME": str(third), "ACO_TUI_DATA": str(third / "data")}, "--database", url)
    assert set(seen) == {"alice", "bob"}
    assert seen["alice"]["passed"] is True and seen["bob"]["passed"] is False
    assert {a["session"] for a in seen.values()} == {"ssh-check"}


def test_a_wrong_database_url_stops_serve_at_once_with_one_line(tmp_path):
    kb = write_kb_with_quiz(tmp_path / "kb")
    server = ServeProcess(
        tmp_path / "serve.log",
        "--guest",
        *serve_options(kb, tmp_path / "data"),
        "--database",
        "postgresql://aco:s3cret@127.0.0.1:1/aco",
    )
    assert server.process.wait(60) == 2
    said = server.text()  # its output and errors
    assert "Traceback" not in said and "listening" not in said
    assert "cannot open postgresql://aco:***@127.0.0.1:1/aco" in said and "s3cret" not in said


def test_the_child_gets_the_database_from_the_server_only(tmp_path):
    from dataclasses import replace

    from aco_tui.ssh.policy import ChildSetup

    setup = ChildSetup(data_dir=tmp_path / "data", store=tmp_path / "store.json", content=tmp_path / "content")
    assert not {"ACO_TUI_DATABASE", "PGPASSFILE"} & set(setup.environment("ann", "xterm"))
    assert setup.data_location() == str(tmp_path / "data")
    url = "postgresql://aco:s3cret@db.internal/aco"
    served = replace(setup, database=url, database_env=(("PGPASSFILE", "/etc/aco-tui/pgpass"),))
    env = served.environment("ann")
    assert env["ACO_TUI_DATABASE"] == url and env["PGPASSFILE"] == "/etc/aco-tui/pgpass"
    assert env["HOME"] == str(tmp_path / "data")  # so libpq would not find the server's ~/.pgpass itself
    assert not any("s3cret" in arg for arg in served.app_argv() + served.command_argv("lookup ACO"))
    assert served.data_location() == "postgresql://aco:***@db.internal/aco"
