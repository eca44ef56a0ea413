"""Failed logins per client address, in a sliding window: too many and the address waits."""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class FailureLimiter:
    """Refuse an address that failed ``max_failures`` logins within the last ``window`` seconds.

    A classroom behind one NAT address shares a budget, so the defaults are generous; memory is
    bounded by ``max_addresses`` (the address seen longest ago is forgotten first).
    """

    max_failures: int = 10
    window: float = 300.0
    max_addresses: int = 10_000
    clock: Callable[[], float] = time.monotonic
    _failures: OrderedDict[str, deque[float]] = field(default_factory=OrderedDict, repr=False)
    _reported: OrderedDict[str, float] = field(default_factory=OrderedDict, repr=False)

    def _recent(self, address: str) -> deque[float] | None:
        times = self._failures.get(address)
        if times is None:
            return None
        horizon = self.clock() - self.window
        while times and times[0] <= horizon:
            times.popleft()
        if not times:
            del self._failures[address]
            return None
        return times

    def record_failure(self, address: str) -> None:
        """Count one failed login from ``address``."""
        times = self._recent(address)
        if times is None:
            times = self._failures[address] = deque(maxlen=self.max_failures)
        self._failures.move_to_end(address)
        times.append(self.clock())
        while len(self._failures) > self.max_addresses:
            self._failures.popitem(last=False)

    def retry_after(self, address: str) -> float:
        """Seconds until ``address`` may try again (0 when it may try now)."""
        times = self._recent(address)
        if times is None or len(times) < self.max_failures:
            return 0.0
        return max(0.0, times[0] + self.window - self.clock())

    def failures(self, address: str) -> int:
        """Failed logins from ``address`` within the window."""
        times = self._recent(address)
        return len(times) if times else 0

    def should_report(self, address: str, every: float = 60.0) -> bool:
        """True at most once per ``every`` seconds per address (so a flood of refusals is one log line)."""
        now = self.clock()
        last = self._reported.get(address)
        if last is not None and now - last < every:
            return False
        self._reported[address] = now
        self._reported.move_to_end(address)
        while len(self._reported) > self.max_addresses:
            self._reported.popitem(last=False)
        return True
