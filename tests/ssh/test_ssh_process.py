"""``aco-tui serve`` as a real process: SIGTERM and SIGKILL leave no app behind; OpenSSH's client works."""

from __future__ import annotations

import asyncio
import gc
import os
import shutil
import signal
import subprocess
import time
import uuid
from contextlib import contextmanager

import pytest
from serve_process import openssh, serve_process
from ssh_fixtures import (
    connect,
    make_keys,
    open_app,
    pid_alive,
    serve_options,
    wait_gone,
    write_authorized_keys,
    write_kb_with_quiz,
)


@contextmanager
def server_process(tmp_path, *options):
    """``serve`` on the test knowledge base, its data in ``tmp_path / "data"``, for alice and bob (the
    keys yielded with it), or for anyone with ``--guest``."""
    keys = make_keys(tmp_path / "client", "alice", "bob")
    kb = write_kb_with_quiz(tmp_path / "kb")
    data = tmp_path / "data"
    access = (
        []
        if "--guest" in options
        else ["--authorized-keys", str(write_authorized_keys(tmp_path / "authorized_keys", keys.values()))]
    )
    with serve_process(
        tmp_path / "server.log",
        *serve_options(kb, data),
        *access,
        *options,
        env={**os.environ, "ACO_TUI_DATA": str(data)},
    ) as server:
        yield server, keys


async def test_sigterm_closes_every_session_and_leaves_no_child(tmp_path):
    with server_process(tmp_path) as (server, keys):
        async with (
            connect(server, "alice", keys["alice"]) as one,
            connect(server, "bob", keys["bob"]) as two,
        ):
            (p1, _), (p2, _) = await asyncio.gather(open_app(one), open_app(two))
            pids = server.session_pids()
            assert len(pids) == 2 and all(pid_alive(p) for p in pids)
            server.process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(asyncio.gather(p1.wait_closed(), p2.wait_closed()), 15)
            assert "shutting down" in (await p1.stderr.read()).decode()
        assert await asyncio.to_thread(server.process.wait, 15) == 0
        assert await wait_gone(pids) == []
        assert "stopped" in server.text()


async def test_a_killed_server_leaves_no_child_either(tmp_path):
    with server_process(tmp_path, "--guest") as (server, _):
        assert "WARNING: --guest" in server.text()
        async with connect(server, "guest") as conn:
            await open_app(conn)
            [pid] = server.session_pids()
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
    with server_process(tmp_path, "--max-sessions", "1") as (server, _):
        ssh = openssh(
            server.port,
            tmp_path / "client" / "alice",
            tmp_path / "data" / "ssh_host_ed25519_key.pub",
            tmp_path / "known_hosts",
        )
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
        assert wait_gone_sync(server.session_pids()) == []


def wait_gone_sync(pids, timeout: float = 8.0) -> list[int]:
    return asyncio.run(wait_gone(pids, timeout))


async def test_a_killed_server_leaves_neither_forked_sessions_nor_its_host(tmp_path):
    with server_process(tmp_path, "--guest") as (server, _):
        host = int(server.wait_for(r"session host ready pid=(\d+)", 120).group(1))
        async with connect(server, "guest") as conn:
            await open_app(conn)
            [pid] = server.session_pids()
            assert f"pid={pid} " in server.text() and f"forked by host {host}" in server.text()
            server.process.kill()
            server.process.wait(10)
            assert await wait_gone([pid, host], 10) == []
    gc.collect()  # as in the test above
