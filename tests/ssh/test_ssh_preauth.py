"""Connections that have not logged in: capped apart from sessions, the oldest dropped, never a newcomer."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

import pytest
from ssh_fixtures import authorized_line, connect, make_config, make_keys, running, write_kb_with_quiz

from aco_tui.ssh.preauth import StartupLimits


@dataclass
class Fake:
    address: str
    started: float
    user: str | None = None
    waiting: bool = True


def test_the_oldest_silent_connection_of_the_same_address_makes_room():
    limits = StartupLimits(total=5, per_address=3)
    a = [Fake("10.0.0.1", t) for t in (1.0, 2.0)] + [Fake("10.0.0.1", 0.5, user="tess")]
    newcomer = Fake("10.0.0.1", 9.0)
    # the one that sent a user name is older, but one that sent nothing goes first
    assert limits.to_drop(newcomer, [*a, newcomer]) is a[0]
    assert limits.to_drop(newcomer, [a[2], newcomer]) is None


def test_a_flood_from_one_address_never_drops_another_address():
    limits = StartupLimits(total=100, per_address=3)
    other = Fake("10.0.0.2", 0.0)
    flood = [Fake("10.0.0.1", float(t)) for t in range(1, 4)]
    assert limits.to_drop(Fake("10.0.0.1", 10.0), [other, *flood]) is flood[0]


def test_the_total_cap_drops_the_oldest_anywhere_and_ignores_logged_in_ones():
    limits = StartupLimits(total=3, per_address=3)
    logged_in = Fake("10.0.0.9", 0.0, user="bob", waiting=False)
    waiting = [Fake(f"10.0.0.{n}", float(n)) for n in range(1, 4)]
    assert limits.to_drop(Fake("10.0.0.7", 9.0), [logged_in, *waiting]) is waiting[0]
    assert limits.to_drop(Fake("10.0.0.7", 9.0), [logged_in, *waiting[1:]]) is None


async def _idle_flood(port: int, count: int) -> list[asyncio.StreamWriter]:
    """``count`` TCP connections from 127.0.0.1: half send only an SSH banner, half nothing at all."""
    writers = []
    for number in range(count):
        try:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            continue
        if number % 2:
            writer.write(b"SSH-2.0-idle\r\n")
        writers.append(writer)
    return writers


async def test_500_idle_connections_from_one_address_do_not_lock_out_a_keyed_trainee(tmp_path, caplog):
    keys = make_keys(tmp_path / "client", "alice")
    config = make_config(
        tmp_path,
        authorized_line(keys["alice"], trainee="alice") + "\n",
        max_sessions=4,
        session_host=False,
        login_timeout=60.0,
    )
    caplog.set_level(logging.INFO, logger="aco_tui.ssh")
    async with running(config) as service:
        writers = await _idle_flood(service.port, 500)
        try:
            await asyncio.sleep(0.5)  # the server has accepted what it will
            waiting = sum(c.waiting for c in service.connections.values())
            assert waiting <= config.max_startups_per_address
            began = time.monotonic()
            async with connect(service, "alice", keys["alice"]) as conn:
                result = await conn.run("define ACO", timeout=60)
            elapsed = time.monotonic() - began
            assert result.exit_status == 0 and "accountable care organisation" in result.stdout
            print(f"keyed login and command under a flood of 500: {elapsed:.2f} s")
        finally:
            for writer in writers:
                writer.close()
    dropped = [r.getMessage() for r in caplog.records if "had not logged in, to make room" in r.getMessage()]
    assert dropped and "from 127.0.0.1" in dropped[0]
    assert len(dropped) == 1  # a flood is one log line a minute, not one per connection


async def _closed_by_server(reader: asyncio.StreamReader, timeout: float) -> bool:
    """Whether the server closed the connection (EOF or reset) within ``timeout`` seconds."""
    try:
        while await asyncio.wait_for(reader.read(4096), timeout):
            pass
    except TimeoutError:
        return False
    except ConnectionError:
        pass
    return True


async def test_a_flood_from_one_address_leaves_another_address_waiting_and_grace_ends_both(tmp_path):
    keys = make_keys(tmp_path / "client", "alice")
    config = make_config(tmp_path, authorized_line(keys["alice"]) + "\n", max_startups_per_address=5, login_timeout=3.0)
    async with running(config) as service:
        other_reader, other = await asyncio.open_connection("127.0.0.1", service.port, local_addr=("127.0.0.2", 0))
        other.write(b"SSH-2.0-patient\r\n")
        flood = await _idle_flood(service.port, 30)  # from 127.0.0.1: only its own are dropped
        try:
            await asyncio.sleep(0.5)
            by_address = [c.address for c in service.connections.values() if c.waiting]
            assert by_address.count("127.0.0.2") == 1 and by_address.count("127.0.0.1") <= 5
            # the login grace time (3 s here) ends the patient one too
            assert await _closed_by_server(other_reader, 30)
            for _ in range(600):  # and every connection of the flood, a moment later
                if not any(c.waiting for c in service.connections.values()):
                    break
                await asyncio.sleep(0.05)
            assert not any(c.waiting for c in service.connections.values())
        finally:
            other.close()
            for writer in flood:
                writer.close()


@pytest.mark.parametrize(
    ("options", "total", "per_address"),
    [
        ([], 100, 40),
        (["--max-startups-per-address", "150"], 150, 150),  # a room of 150 behind one NAT address
        (["--max-startups", "300", "--max-startups-per-address", "150"], 300, 150),
        (["--max-startups", "50", "--max-startups-per-address", "150"], 50, 50),
        (["--max-startups", "20"], 20, 20),
    ],
)
def test_serve_options_set_the_caps_on_connections_waiting_to_log_in(tmp_path, options, total, per_address):
    from aco_tui.cli.main import build_parser
    from aco_tui.cli.serve import build_config

    paths = write_kb_with_quiz(tmp_path / "kb")
    argv = ["serve", "--data-dir", str(tmp_path / "data"), "--store", str(paths.store), "--content", str(paths.content)]
    config = build_config(build_parser("serve").parse_args([*argv, *options]))
    assert (config.max_startups, config.max_startups_per_address) == (total, per_address)


def test_a_cap_on_waiting_connections_must_be_a_positive_number(capsys):
    from aco_tui.cli.main import main

    assert main(["serve", "--max-startups-per-address", "0"]) == 2
    assert (
        capsys.readouterr().err
        == "aco-tui: --max-startups-per-address must be at least 1 (see 'aco-tui serve --help')\n"
    )
