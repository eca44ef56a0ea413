"""Connections that have not logged in yet: capped apart from sessions, in all and per address.

OpenSSH refuses new connections once ``MaxStartups`` are waiting to log in, so a client that opens
many and sends nothing keeps everyone else out until ``LoginGraceTime`` passes. Here a newcomer is
never refused for that: when a cap is reached the *oldest* waiting connection is dropped instead,
preferring one that has not even sent a user name. A keyed login takes a fraction of a second, so
it completes while a flood only churns its own slots; with the per-address cap a flood from one
address drops only its own connections, never another address's. Every waiting connection is
also dropped after the login grace time (asyncssh's ``login_timeout``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar


class Waiting(Protocol):
    """What the limits need to know of a connection."""

    address: str
    started: float
    user: str | None

    @property
    def waiting(self) -> bool:
        """Connected, not logged in yet, and not being closed."""


W = TypeVar("W", bound=Waiting)


@dataclass(frozen=True)
class StartupLimits:
    """At most ``total`` connections waiting to log in, and ``per_address`` from one address."""

    total: int = 100
    per_address: int = 40

    def to_drop(self, newcomer: W, connections: Iterable[W]) -> W | None:
        """The connection to drop now that ``newcomer`` arrived (never the newcomer), or None."""
        waiting = [c for c in connections if c.waiting and c is not newcomer]
        same = [c for c in waiting if c.address == newcomer.address]
        if len(same) + 1 > self.per_address:
            return _oldest(same)
        if len(waiting) + 1 > self.total:
            return _oldest(waiting)
        return None


def _oldest(candidates: list[W]) -> W | None:
    """The connection waiting longest, among those that sent no user name if there are any."""
    silent = [c for c in candidates if c.user is None]
    pool = silent or candidates
    return min(pool, key=lambda c: c.started) if pool else None
