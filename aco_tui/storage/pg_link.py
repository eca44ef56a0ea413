"""The PostgreSQL connection's safeguards: settings that fail fast, a watchdog, and bounded retries.

A server can go away in two ways, and a trainee must hear back promptly from both:

- **Stopped or restarted** (an operator's restart, a failover): the connection breaks at once, and
  connecting is refused until the server is back. :class:`Retrying` tries again with growing, jittered
  pauses for up to :data:`RETRY_WINDOW_S`, telling whoever listens "reconnecting...".
- **Frozen or cut off** (a network partition, a stopped process): nothing breaks, and nothing
  answers. The server's own ``statement_timeout`` cannot fire, and TCP keepalives cannot help while
  the kernel still acknowledges; :class:`Watchdog` shuts the socket down from this side after
  :data:`WATCHDOG_S`, which turns the silence into a lost connection (and so into the retries above).

Keepalives and ``tcp_user_timeout`` catch a dead peer on an idle connection or with data unacknowledged;
``connect_timeout`` bounds every attempt to connect. Settings given in the URL win over these defaults.
"""

from __future__ import annotations

import os
import random
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

CONNECT_TIMEOUT_S = 5  # one attempt to connect (libpq counts whole seconds, at least 2)
STATEMENT_TIMEOUT_S = 8  # the server cancels a statement that runs (or waits for a lock) longer
IDLE_IN_TRANSACTION_S = 60  # the server ends a session left in an open transaction (its locks go)
WATCHDOG_S = 10.0  # no reply to a transaction or query for this long: the connection is given up
RETRY_WINDOW_S = 30.0  # how long one write or read keeps trying before it says it could not
FIRST_PAUSE_S, LONGEST_PAUSE_S = 0.2, 4.0  # the pauses between attempts grow from one to the other
RECONNECTING = "reconnecting to the database..."
Listener = Callable[[str], None]

# libpq's settings (https://www.postgresql.org/docs/current/libpq-connect.html), where the URL sets none.
_DEFAULTS: dict[str, str | int] = {
    "application_name": "aco-tui",
    "keepalives": 1,
    "keepalives_idle": 10,  # seconds idle before the first probe
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 15000,  # milliseconds that sent data may stay unacknowledged
}
_SERVER_SETTINGS = {
    "statement_timeout": f"{STATEMENT_TIMEOUT_S}s",
    "idle_in_transaction_session_timeout": f"{IDLE_IN_TRANSACTION_S}s",
}


def connection_settings(url: str) -> str:
    """The conninfo string for ``url``: its own settings, and these module's defaults for the rest
    (the server settings are added to any ``options`` the URL gives, unless it sets them itself)."""
    given = conninfo_to_dict(url)
    extra: dict[str, str | int] = {k: v for k, v in _DEFAULTS.items() if k not in given}
    options = str(given.get("options") or "")
    added = " ".join(f"-c {name}={value}" for name, value in _SERVER_SETTINGS.items() if name not in options)
    if added:
        extra["options"] = f"{options} {added}".strip()
    return make_conninfo(url, **extra)


def connect(conninfo: str, seconds: float) -> psycopg.Connection:
    """A new autocommit connection, waiting at most ``seconds`` (libpq's least is 2), or the
    ``connect_timeout`` the URL gives."""
    if "connect_timeout" in conninfo_to_dict(conninfo):
        return psycopg.connect(conninfo, autocommit=True)
    return psycopg.connect(conninfo, autocommit=True, connect_timeout=max(2, int(seconds + 0.999)))


class Watchdog:
    """Shut ``connection``'s socket down if the ``with`` block runs longer than ``seconds`` (None:
    never); the blocked call then fails as a lost connection. :attr:`fired` says whether it did."""

    def __init__(self, connection: psycopg.Connection, seconds: float | None) -> None:
        self.connection = connection
        self.seconds = seconds
        self.fired = False
        self._guard = threading.Lock()
        self._over = False
        self._timer: threading.Timer | None = None

    def __enter__(self) -> Watchdog:
        if self.seconds is not None:
            self._timer = threading.Timer(self.seconds, self._cut)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        with self._guard:
            self._over = True
        if self._timer is not None:
            self._timer.cancel()

    def _cut(self) -> None:
        with self._guard:
            if self._over:
                return
            try:
                descriptor = os.dup(self.connection.pgconn.socket)
            except (psycopg.Error, OSError):
                return  # already closed
            self.fired = True
            with socket.socket(fileno=descriptor) as sock:  # the same socket: shutting it wakes the reader
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class Retrying:
    """One write's or read's attempts: a deadline, growing jittered pauses, and the status told.

    ``listener`` (if any) hears :data:`RECONNECTING` before the first pause and ``""`` when the
    operation ends (see :meth:`end`), from the thread doing the work.
    """

    def __init__(self, window: float, listener: Listener | None) -> None:
        self.deadline = time.monotonic() + window
        self.window = window
        self.listener = listener
        self.told = False
        self._pause = FIRST_PAUSE_S
        self._random = random.Random()  # made here, so that nothing random outlives a fork

    def seconds_left(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def watchdog(self, connection: psycopg.Connection) -> Watchdog:
        """A :class:`Watchdog` for one transaction or query, never past the deadline by much."""
        return Watchdog(connection, max(1.0, min(WATCHDOG_S, self.seconds_left())))

    def pause(self) -> bool:
        """Wait before the next attempt (telling the listener the first time); False when the time is up."""
        if not self.told and self.listener is not None:
            self.listener(RECONNECTING)
        self.told = True
        left = self.seconds_left()
        if left <= 0:
            return False
        time.sleep(min(left, self._pause * self._random.uniform(0.5, 1.0)))
        self._pause = min(self._pause * 2, LONGEST_PAUSE_S)
        return True  # one more attempt, bounded by what is left (or the shortest timeouts)

    def end(self) -> None:
        """Clear the status shown, if anything was."""
        if self.told and self.listener is not None:
            self.listener("")
