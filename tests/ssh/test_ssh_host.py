"""The session host: a forked session behaves as a cold one; a host that dies or goes stale is replaced."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import sys
import time

import pytest
from ssh_fixtures import (
    Screen,
    authorized_line,
    connect,
    host_ready,
    make_config,
    make_keys,
    open_app,
    running,
    wait_gone,
)

from aco_tui.ssh.session import TERMINAL_RESET


@pytest.fixture
def keys(tmp_path):
    return make_keys(tmp_path / "client", "alice", "bob")


def _config(tmp_path, keys, **options):
    lines = [authorized_line(keys["alice"], trainee="alice"), authorized_line(keys["bob"], trainee="bob")]
    return make_config(tmp_path, "\n".join(lines) + "\n", **{"session_host": True, **options})


def _parent(pid: int) -> int:
    with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])


def _open_files(pid: int) -> list[str]:
    found = []
    for name in os.listdir(f"/proc/{pid}/fd"):
        try:
            found.append(os.readlink(f"/proc/{pid}/fd/{name}"))
        except OSError:
            continue
    return found


async def _started(caplog, pid: int) -> str:
    """How the server says it started session ``pid``: "forked by host N" or "cold start"."""
    for _ in range(100):
        for record in caplog.records:
            message = record.getMessage()
            if f" pid={pid} " in message:
                return message.rsplit("size=", 1)[1].split(" ", 1)[1]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no log line for pid {pid}")


@pytest.mark.parametrize("forked", [True, False], ids=["forked", "cold"])
async def test_a_forked_session_behaves_as_a_cold_one(tmp_path, keys, caplog, forked):
    caplog.set_level(logging.INFO, logger="aco_tui.ssh")
    config = _config(tmp_path, keys, session_host=forked)
    async with running(config) as service:
        host = await host_ready(service) if forked else None
        async with connect(service, "alice", keys["alice"], env={"EVIL": "1"}) as conn:
            process, screen = await open_app(conn, size=(100, 30))
            await screen.wait_for("2 Contract models", since=0)
            [pid] = service.child_pids()
            assert (await _started(caplog, pid)) == (f"forked by host {host}" if forked else "cold start")
            # its own session and process group, the server's child, in the data directory
            assert os.getsid(pid) == pid and os.getpgid(pid) == pid
            assert _parent(pid) == os.getpid()
            assert os.readlink(f"/proc/{pid}/cwd") == str(config.setup.data_dir)
            process.change_terminal_size(80, 24)  # the pty's size change reaches it (SIGWINCH)
            await screen.wait_for("2 Contracts")
            process.stdin.write(b"q")
            await asyncio.wait_for(process.wait_closed(), 15)
            assert process.exit_status == 0
            assert await wait_gone([pid]) == []
        # killed from outside: its signal as the exit status, and the terminal is reset
        async with connect(service, "alice", keys["alice"]) as conn:
            process, screen = await open_app(conn)
            [pid] = service.child_pids()
            os.kill(pid, signal.SIGKILL)
            await asyncio.wait_for(process.wait_closed(), 15)
            assert process.exit_status == 128 + signal.SIGKILL
            assert bytes(screen.raw).endswith(TERMINAL_RESET)
        # the trainee's name reaches a command on a pty through the fixed environment
        async with connect(service, "alice", keys["alice"]) as conn:
            process = await conn.create_process("progress", term_type="xterm", term_size=(80, 24), encoding=None)
            screen = Screen(process)
            await asyncio.wait_for(process.wait_closed(), 30)
            assert "Progress of alice" in screen.text(0) and process.exit_status == 0
        # the server stopping ends a running session's process group (SIGTERM)
        async with connect(service, "bob", keys["bob"]) as conn:
            process, screen = await open_app(conn)
            [pid] = service.child_pids()
            await service.close()
            await asyncio.wait_for(process.wait_closed(), 15)
            assert await wait_gone([pid]) == []
            assert TERMINAL_RESET in bytes(screen.raw)


async def test_the_host_says_whether_it_made_its_objects_immortal(tmp_path, keys, caplog):
    """On Python 3.12 or newer the host makes what it loaded immortal before the first fork (sessions
    then copy fewer of its pages); on an older Python the log says why not."""
    caplog.set_level(logging.INFO, logger="aco_tui.ssh")
    async with running(_config(tmp_path, keys)) as service:
        host = await host_ready(service)
        [ready] = [
            r.getMessage() for r in caplog.records if r.getMessage().startswith(f"session host ready pid={host}")
        ]
    if sys.version_info >= (3, 12):
        made = int(re.search(r"\((\d+) objects made immortal\)", ready).group(1))  # type: ignore[union-attr]
        assert made > 100_000  # Textual, the app, the knowledge base, the bank and the index
    else:
        assert "(objects not immortal: Python 3.11 has no immortal objects" in ready


async def test_the_host_holds_no_database_connection_and_each_session_opens_its_own(tmp_path, keys):
    config = _config(tmp_path, keys)
    database = str(config.setup.data_dir / "progress.sqlite3")
    async with running(config) as service:
        host = await host_ready(service)
        async with connect(service, "alice", keys["alice"]) as one, connect(service, "bob", keys["bob"]) as two:
            await open_app(one)
            await open_app(two)
            first, second = service.child_pids()
            for pid in (first, second):
                assert _parent(pid) == os.getpid()  # forked by the host, re-parented to the server
            assert not any(path.startswith(database) for path in _open_files(host))
            # each session opened the database itself, after the fork: the same file, its own descriptor
            assert any(path == database for path in _open_files(first))
            assert any(path == database for path in _open_files(second))
            assert not any(path.startswith(database) for path in _open_files(host))


async def test_a_host_that_dies_is_replaced_and_sessions_still_start(tmp_path, keys, caplog):
    caplog.set_level(logging.INFO, logger="aco_tui.ssh")
    async with running(_config(tmp_path, keys)) as service:
        first = await host_ready(service)
        os.kill(first, signal.SIGKILL)
        async with connect(service, "alice", keys["alice"]) as conn:  # meanwhile: a cold start
            process, _screen = await open_app(conn)
            [pid] = service.child_pids()
            assert (await _started(caplog, pid)) in ("cold start", f"forked by host {service.host.pid}")
            process.stdin.write(b"q")
            await asyncio.wait_for(process.wait_closed(), 15)
        for _ in range(400):
            if service.host.pid != first and service.host.ready:
                break
            await asyncio.sleep(0.05)
        second = await host_ready(service)
        assert second != first
        assert any(f"session host pid={first} ended" in r.getMessage() for r in caplog.records)
        async with connect(service, "bob", keys["bob"]) as conn:
            process, _screen = await open_app(conn)
            [pid] = service.child_pids()
            assert (await _started(caplog, pid)) == f"forked by host {second}"


async def test_a_change_on_disk_replaces_the_host_before_a_session_could_run_stale_code(tmp_path, keys, caplog):
    caplog.set_level(logging.INFO, logger="aco_tui.ssh")
    config = _config(tmp_path, keys)
    async with running(config) as service:
        first = await host_ready(service)
        page = next(config.setup.content.glob("*.md"))
        later = time.time() + 5
        os.utime(page, (later, later))  # content changed on disk
        await asyncio.sleep(1.1)  # the fingerprint is compared at most once a second
        async with connect(service, "alice", keys["alice"]) as conn:
            await open_app(conn)
            [pid] = service.child_pids()
            assert (await _started(caplog, pid)) == "cold start"
        assert any("changed on disk: replacing session host" in r.getMessage() for r in caplog.records)
        for _ in range(400):
            if service.host.pid != first and service.host.ready:
                break
            await asyncio.sleep(0.05)
        second = await host_ready(service)
        assert second != first
        assert not any(f"session host pid={first} ended" in r.getMessage() for r in caplog.records)


async def test_a_forked_session_uses_the_host_knowledge_base_without_reading_it_again(tmp_path, keys, caplog):
    """The host loaded the knowledge base (and left its start-up cache in the data directory's cache);
    a session forked from it shows the app from that copy: with the cache file gone, nothing reads
    the files again and writes it back. A cold start, which must read them, writes it back."""
    caplog.set_level(logging.INFO, logger="aco_tui.ssh")
    config = _config(tmp_path, keys)
    cache = config.setup.data_dir / "cache"
    async with running(config) as service:
        host = await host_ready(service)
        [pickled] = cache.glob("knowledge-*.pickle")
        pickled.unlink()
        async with connect(service, "alice", keys["alice"]) as conn:
            process, screen = await open_app(conn)
            [pid] = service.child_pids()
            assert (await _started(caplog, pid)) == f"forked by host {host}"
            process.stdin.write(b"q")
            await asyncio.wait_for(process.wait_closed(), 15)
            assert process.exit_status == 0
        assert list(cache.glob("knowledge-*.pickle")) == []
        service.host._ready = False  # as while a host is replaced: the next session starts cold
        async with connect(service, "bob", keys["bob"]) as conn:
            await open_app(conn)
            [pid] = service.child_pids()
            assert (await _started(caplog, pid)) == "cold start"
        assert len(list(cache.glob("knowledge-*.pickle"))) == 1
