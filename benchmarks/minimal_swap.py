"""Baseline for the quiz-step benchmarks: a minimal Textual app that swaps a screen of wrapped text
(a marker line and a paragraph of about 20 wrapped lines: no header, no footer).

Run with ``--rounds N`` it starts itself as the app on a local 100x30 pty (as the SSH server would),
presses Space N times (each press swaps to a new screen of about 20 lines of wrapped prose) and
prints, as one JSON line, the median time from the key to the marker of the new screen in the
output and the app's CPU per swap.

Usage::

    .venv/bin/python benchmarks/minimal_swap.py --rounds 20
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import select
import statistics
import subprocess
import sys
import time

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

PROSE = (
    "An accountable care organisation holds one budget for the care of a population and is "
    "answerable for the outcomes of that care. "
) * 12


class Page(Screen[None]):
    """A screen of wrapped text with a numbered marker."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number

    def compose(self) -> ComposeResult:
        yield Static(f"PAGE-{self.number:04d}")
        yield Static(PROSE)


class SwapApp(App[None]):
    BINDINGS = [Binding("space", "swap", "Next"), Binding("q", "quit", "Quit")]

    def on_mount(self) -> None:
        self.count = 0
        self.push_screen(Page(0))

    def action_swap(self) -> None:
        self.count += 1
        self.switch_screen(Page(self.count))


def _cpu(pid: int) -> float:
    """CPU seconds of ``pid`` to the nanosecond (``/proc/PID/schedstat``)."""
    with open(f"/proc/{pid}/schedstat", encoding="utf-8") as schedstat:
        return int(schedstat.read().split()[0]) / 1e9


def _read_until(fd: int, marker: bytes, timeout: float = 30.0) -> None:
    seen, deadline = b"", time.monotonic() + timeout
    while marker not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(marker)
        if select.select([fd], [], [], left)[0]:
            seen = (seen + os.read(fd, 65536))[-4096:]


def measure(rounds: int) -> dict[str, object]:
    master, slave = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    child = subprocess.Popen(
        [sys.executable, __file__], stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    try:
        _read_until(master, b"PAGE-0000")
        time.sleep(0.5)
        times, cpu = [], 0.0
        for number in range(1, rounds + 1):
            before = _cpu(child.pid)
            sent = time.monotonic()
            os.write(master, b" ")
            _read_until(master, f"PAGE-{number:04d}".encode())
            times.append(time.monotonic() - sent)
            time.sleep(0.05)  # the frame after the marker (if any) is part of the swap
            cpu += _cpu(child.pid) - before
            time.sleep(0.05)
        os.write(master, b"q")
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
        os.close(master)
    return {
        "swap_ms_p50": round(1000 * statistics.median(times), 1),
        "cpu_per_swap_ms": round(1000 * cpu / rounds, 1),
        "rounds": rounds,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=0)
    args = parser.parse_args()
    if args.rounds:
        print(json.dumps(measure(args.rounds)))
    else:
        SwapApp().run()
