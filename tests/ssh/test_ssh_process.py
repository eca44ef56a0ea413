"""``aco-tui serve`` as a real process: SIGTERM and SIGKILL leave no app behind; OpenSSH's client works."""

from __future__ import annotations

import asyncio
import gc
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from ssh_fixtures import authorized_line, connect, make_keys, open_app, pid_alive, wait_gone, write_kb_with_quiz


class ServerProcess:
    """``python -m aco_tui serve`` on a free port, its log in a file."""

    def __init__(self, tmp_path: Path, *options: str) -> None:
        self.keys = make_keys(tmp_path / "client", "alice", "bob")
        kb = write_kb_with_quiz(tmp_path / "kb")
        self.data = tmp_path / "data"
        (tmp_path / "authorized_keys").write_text(
            "\n".join(authorized_line(k) for k in self.keys.values()) + "\n", encoding="utf-8"
        )
        self.log = tmp_path / "server.log"
        access = (
            list(options)
            if "--guest" in options
            else ["--authorized-keys", str(tmp_path / "authorized_keys"), *options]
        )
        env = {**os.environ, "ACO_TUI_DATA": str(self.data)}
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
                    *access,
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
            )
        self.port = int(self.wait_for(r"listening on 127\.0\.0\.1:(\d+)").group(1))

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, pattern: str, timeout: float = 20.0) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(pattern, self.text())
            if match:
                return match
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"{pattern!r} not in the server log:\n{self.text()}")

    def app_pids(self) -> list[int]:
        return [int(pid) for pid in re.findall(r"app #\S+ user=\S+ pid=(\d+)", self.text())]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


@contextmanager
def server_process(tmp_path, *options):
    server = ServerProcess(tmp_path, *options)
    try:
        yield server
    finally:
        pids = server.app_pids()
        server.stop()
        for pid in pids:
            if pid_alive(pid):
                os.kill(pid, signal.SIGKILL)


class Service:  # what ssh_fixtures.connect needs
    def __init__(self, port: int) -> None:
        self.port = port


async def test_sigterm_closes_every_session_and_leaves_no_child(tmp_path):
    with server_process(tmp_path) as server:
        service = Service(server.port)
        async with (
            connect(service, "alice", server.keys["alice"]) as one,
            connect(service, "bob", server.keys["bob"]) as two,
        ):
            (p1, _), (p2, _) = await asyncio.gather(open_app(one), open_app(two))
            pids = server.app_pids()
            assert len(pids) == 2 and all(pid_alive(p) for p in pids)
            server.process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(asyncio.gather(p1.wait_closed(), p2.wait_closed()), 15)
            assert "shutting down" in (await p1.stderr.read()).decode()
        assert await asyncio.to_thread(server.process.wait, 15) == 0
        assert await wait_gone(pids) == []
        assert "stopped" in server.text()


async def test_a_killed_server_leaves_no_child_either(tmp_path):
    with server_process(tmp_path, "--guest") as server:
        assert "WARNING: --guest" in server.text()
        async with connect(Service(server.port), "guest") as conn:
            await open_app(conn)
            [pid] = server.app_pids()
            server.process.kill()  # no clean-up possible: the pty hangs up and the app gets SIGHUP
            server.process.wait(10)
            assert await wait_gone([pid], 10) == []
    # The lost connection leaves a reference cycle; collecting it later, in the middle of an ast.parse
    # (pytest imports plugins at the end), trips CPython 3.11.7's "AST constructor recursion depth
    # mismatch" bug. Collect it here.
    gc.collect()


def _tmux(socket: str, *args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", socket, "-f", "/dev/null", *args], capture_output=True, text=True, timeout=10
    ).stdout


def _wait_screen(socket: str, needle: str, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = _tmux(socket, "capture-pane", "-p", "-t", "aco")
        if needle in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{needle!r} never shown; screen:\n{screen}")


@pytest.mark.skipif(not (shutil.which("ssh") and shutil.which("tmux")), reason="needs the ssh client and tmux")
def test_openssh_client_in_tmux(tmp_path):
    with server_process(tmp_path, "--max-sessions", "1") as server:
        host_key = (server.data / "ssh_host_ed25519_key.pub").read_text(encoding="utf-8").split()[:2]
        known = tmp_path / "known_hosts"
        known.write_text(f"[127.0.0.1]:{server.port} {' '.join(host_key)}\n", encoding="utf-8")
        ssh = [
            "ssh",
            "-F",
            "/dev/null",
            "-i",
            str(tmp_path / "client" / "alice"),
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "IdentityAgent=none",
            "-o",
            f"UserKnownHostsFile={known}",
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "BatchMode=yes",
            "-p",
            str(server.port),
        ]
        looked_up = subprocess.run(
            [*ssh, "alice@127.0.0.1", "lookup", "ACO"], capture_output=True, text=True, timeout=30
        )
        assert looked_up.returncode == 0 and "An ACO is one organisation" in looked_up.stdout
        refused = subprocess.run([*ssh, "alice@127.0.0.1", "ls", "-la"], capture_output=True, text=True, timeout=30)
        assert refused.returncode == 1 and "'ls' is not allowed here" in refused.stderr
        forwarded = subprocess.run(
            [*ssh, "-o", "ExitOnForwardFailure=yes", "-N", "-R", "0:127.0.0.1:22", "alice@127.0.0.1"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert forwarded.returncode != 0 and "forwarding failed" in forwarded.stderr

        socket = f"aco-test-{uuid.uuid4().hex[:8]}"
        command = " ".join([*ssh, "-t", "alice@127.0.0.1"]) + "; echo SSH-EXIT-$?; sleep 30"
        _tmux(socket, "new-session", "-d", "-s", "aco", "-x", "100", "-y", "30", command)
        try:
            _wait_screen(socket, "2 Contract models")
            _tmux(socket, "send-keys", "-t", "aco", "5")
            _wait_screen(socket, "Hawking joins")
            _tmux(socket, "resize-window", "-t", "aco", "-x", "80", "-y", "24")
            _wait_screen(socket, "2 Contracts ")
            full = subprocess.run([*ssh, "bob@127.0.0.1", "define", "ACO"], capture_output=True, text=True, timeout=30)
            assert full.returncode != 0 and "all 1 sessions are in use" in full.stderr
            _tmux(socket, "send-keys", "-t", "aco", "q")
            _wait_screen(socket, "SSH-EXIT-0")
        finally:
            _tmux(socket, "kill-server")
        assert wait_gone_sync(server.app_pids()) == []


def wait_gone_sync(pids, timeout: float = 8.0) -> list[int]:
    return asyncio.run(wait_gone(pids, timeout))


async def test_a_killed_server_leaves_neither_forked_sessions_nor_its_host(tmp_path):
    with server_process(tmp_path, "--guest") as server:
        host = int(server.wait_for(r"session host ready pid=(\d+)", 120).group(1))
        async with connect(Service(server.port), "guest") as conn:
            await open_app(conn)
            [pid] = server.app_pids()
            assert f"pid={pid} " in server.text() and f"forked by host {host}" in server.text()
            server.process.kill()
            server.process.wait(10)
            assert await wait_gone([pid, host], 10) == []
    gc.collect()  # as in the test above
