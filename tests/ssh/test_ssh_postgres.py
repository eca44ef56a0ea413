"""Several servers, one PostgreSQL database: two ``aco-tui serve`` processes on two ports (the same
host key, one shared authorized_keys), trainees on both, and ``results`` from either host or from a
third machine with only the URL shows them all."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

from ssh_fixtures import (
    authorized_line,
    cmdline,
    connect,
    environ,
    make_keys,
    open_app,
    pid_alive,
    take_the_quiz,
    write_kb_with_quiz,
)

ROOT = Path(__file__).resolve().parents[2]


class Host:
    """``aco-tui serve`` as one host of several: its own data directory, the shared key files."""

    def __init__(self, base: Path, name: str, kb, shared: Path, database: list[str], env: dict[str, str]) -> None:
        self.data = base / name
        self.log = base / f"{name}.log"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "aco_tui",
                    "serve",
                    "--port",
                    "0",
                    "--data-dir",
                    str(self.data),
                    "--store",
                    str(kb.store),
                    "--content",
                    str(kb.content),
                    "--host-key",
                    str(shared / "ssh_host_ed25519_key"),
                    "--authorized-keys",
                    str(shared / "authorized_keys"),
                    *database,
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, **env},
                cwd=ROOT,
            )
        self.port = 0

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_listening(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(r"listening on 127\.0\.0\.1:(\d+)", self.text())
            if match:
                self.port = int(match.group(1))
                return
            assert self.process.poll() is None, self.text()
            time.sleep(0.05)
        raise AssertionError(f"never listening:\n{self.text()}")

    def app_pids(self) -> list[int]:
        return [int(pid) for pid in re.findall(r"app #\S+ user=\S+ pid=(\d+)", self.text())]

    def wait_for(self, pattern: str, timeout: float = 120.0) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(pattern, self.text())
            if match:
                return match
            assert self.process.poll() is None, self.text()
            time.sleep(0.05)
        raise AssertionError(f"{pattern!r} not in the log:\n{self.text()}")

    def stop(self) -> None:
        pids = self.app_pids()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        for pid in pids:
            if pid_alive(pid):
                os.kill(pid, signal.SIGKILL)


def results(url_env: dict[str, str], *argv: str) -> dict[str, dict]:
    """``aco-tui results --json`` in a fresh process: the attempts by trainee."""
    done = subprocess.run(
        [sys.executable, "-m", "aco_tui", "results", "--json", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=url_env,
    )
    assert done.returncode == 0, done.stderr
    return {a["trainee"]: a for a in json.loads(done.stdout)["attempts"]}


async def test_two_servers_share_one_database_and_results_show_everyone(tmp_path, pg_url):
    url = pg_url.replace("postgresql://postgres@", "postgresql://postgres:s3cret@", 1)  # trusted: any password
    keys = make_keys(tmp_path / "client", "alice", "bob")
    kb = write_kb_with_quiz(tmp_path / "kb")
    shared = tmp_path / "shared"  # what every host has the same copy of
    shared.mkdir()
    (shared / "authorized_keys").write_text(
        "\n".join(authorized_line(k) for k in keys.values()) + "\n", encoding="utf-8"
    )
    with ExitStack() as stack:
        # host-a forks its sessions from a session host; host-b starts each one cold
        hosts = [
            Host(tmp_path, "host-a", kb, shared, ["--database", url], {}),
            Host(tmp_path, "host-b", kb, shared, [], {"ACO_TUI_DATABASE": url, "ACO_TUI_SESSION_HOST": "0"}),
        ]
        for host in hosts:
            stack.callback(host.stop)
        for host in hosts:
            host.wait_listening()
            assert "s3cret" not in host.text() and "postgres:***@" in host.text()
        session_host = int(hosts[0].wait_for(r"session host ready pid=(\d+)").group(1))
        # the session host holds no database connection and not even the URL
        assert "ACO_TUI_DATABASE" not in environ(session_host)
        assert not any("postgresql" in arg for arg in cmdline(session_host))
        fingerprints = set()

        async def trainee(host: Host, user: str, answer: bytes) -> None:
            async with connect(type("Service", (), {"port": host.port}), user, keys[user]) as conn:
                fingerprints.add(conn.get_server_host_key().get_fingerprint())
                process, screen = await open_app(conn)
                [pid] = [p for p in host.app_pids() if pid_alive(p)]
                if host is hosts[1]:  # (a forked session's /proc environ is the host's initial one)
                    assert environ(pid)["ACO_TUI_DATABASE"] == url  # from the server, in the fixed environment
                else:
                    assert f"pid={pid} " in host.text() and f"forked by host {session_host}" in host.text()
                assert not any("postgresql" in arg for arg in cmdline(pid))  # never on the command line
                await take_the_quiz(process, screen, answer)

        await asyncio.gather(trainee(hosts[0], "alice", b"1"), trainee(hosts[1], "bob", b"2"))
        assert len(fingerprints) == 1  # clients see one host
    assert all(not (host.data / "progress.sqlite3").exists() for host in hosts)

    clean = {k: v for k, v in os.environ.items() if not k.startswith("ACO_TUI_")}
    for host in hosts:  # on either host, as configured there
        seen = results({**clean, "ACO_TUI_DATA": str(host.data), "ACO_TUI_DATABASE": url})
        assert set(seen) == {"alice", "bob"}
    third = tmp_path / "third-machine"
    seen = results({**clean, "HOME": str(third), "ACO_TUI_DATA": str(third / "data")}, "--database", url)
    assert set(seen) == {"alice", "bob"}
    assert seen["alice"]["passed"] is True and seen["bob"]["passed"] is False
    assert {a["session"] for a in seen.values()} == {"ssh-check"}


def test_a_wrong_database_url_stops_serve_at_once_with_one_line(tmp_path):
    kb = write_kb_with_quiz(tmp_path / "kb")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "aco_tui",
            "serve",
            "--port",
            "0",
            "--guest",
            "--data-dir",
            str(tmp_path / "data"),
            "--store",
            str(kb.store),
            "--content",
            str(kb.content),
            "--database",
            "postgresql://aco:s3cret@127.0.0.1:1/aco",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "cannot open postgresql://aco:***@127.0.0.1:1/aco" in done.stderr and "s3cret" not in done.stderr


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
