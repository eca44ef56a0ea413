"""The PostgreSQL connection's safeguards, without a server: settings, backoff, the watchdog's trigger."""

from __future__ import annotations

import socket
import threading

from psycopg.conninfo import conninfo_to_dict

from aco_tui.storage import pg_link
from aco_tui.storage.pg_link import RECONNECTING, Retrying, connection_settings


def test_every_connection_gets_keepalives_and_server_timeouts():
    settings = conninfo_to_dict(connection_settings("postgresql://aco@db.internal/aco"))
    assert settings["keepalives"] == "1" and settings["keepalives_idle"] == "10"
    assert settings["keepalives_count"] == "3" and settings["tcp_user_timeout"] == "15000"
    assert settings["options"] == "-c statement_timeout=8s -c idle_in_transaction_session_timeout=60s"
    assert "connect_timeout" not in settings  # chosen per attempt (see connect), unless the URL sets it


def test_the_url_wins_and_its_options_are_kept():
    url = "postgresql://aco@db/aco?keepalives_idle=30&options=-csearch_path%3Dcohort%20-c%20statement_timeout%3D20s"
    settings = conninfo_to_dict(connection_settings(url))
    assert settings["keepalives_idle"] == "30"
    assert (
        settings["options"]
        == "-csearch_path=cohort -c statement_timeout=20s -c idle_in_transaction_session_timeout=60s"
    )


def test_retrying_pauses_grow_with_jitter_tell_once_and_stop_at_the_deadline(monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(pg_link.time, "sleep", slept.append)
    heard: list[str] = []
    trying = Retrying(1000.0, heard.append)
    for _ in range(8):
        assert trying.pause()
    assert heard == [RECONNECTING]
    assert all(
        pg_link.FIRST_PAUSE_S * 0.5 * 2**n <= pause <= pg_link.LONGEST_PAUSE_S for n, pause in enumerate(slept[:4])
    )
    assert max(slept) <= pg_link.LONGEST_PAUSE_S and len(set(slept)) == len(slept)  # jittered
    trying.end()
    assert heard == [RECONNECTING, ""]
    assert not Retrying(0.0, None).pause()  # no time left: no more attempts


class FakeConnection:
    """What the watchdog needs of a psycopg connection: its socket's descriptor."""

    def __init__(self, sock: socket.socket) -> None:
        self.pgconn = type("PGconn", (), {"socket": sock.fileno()})()


def test_the_watchdog_shuts_a_silent_socket_and_leaves_a_quick_one_alone():
    quiet, far = socket.socketpair()
    with pg_link.Watchdog(FakeConnection(quiet), 0.2) as watchdog:  # type: ignore[arg-type]
        woke = threading.Event()
        threading.Thread(target=lambda: (quiet.recv(1), woke.set()), daemon=True).start()
        assert woke.wait(timeout=60)  # the blocked read returned: the socket was shut down
    assert watchdog.fired
    quick, other = socket.socketpair()
    with pg_link.Watchdog(FakeConnection(quick), 60) as watchdog:  # type: ignore[arg-type]
        pass
    assert not watchdog.fired
    other.sendall(b"x")
    assert quick.recv(1) == b"x"  # still open
    for sock in (quiet, far, quick, other):
        sock.close()
