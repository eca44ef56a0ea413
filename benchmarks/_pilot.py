"""Timing key presses in Textual's Pilot without Pilot's own waits.

``pilot.press()`` waits for the app to look idle (at least two 20 ms sleeps), so the time it takes
to return says little about the app. Here the key event is handed to the driver exactly as
``press()`` does, and the state is then polled every half millisecond; a hook on ``App._display``
notes when each frame has been rendered (in headless mode the compositor still renders the update;
only the write to a terminal is skipped), so a measurement ends at the first frame rendered after
the wanted state was reached.

Used by ``bench_navigation.py`` and ``bench_quiz.py``; not a benchmark itself.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable

from textual import events
from textual.worker import WorkerState

CHARACTERS = {"enter": "\r", "space": " ", "tab": "\t", "escape": "\x1b"}
GOAL_MS = 100.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class FrameClock:
    """Records when the app renders a frame (wraps the instance's ``_display``)."""

    def __init__(self, app) -> None:
        self.frames: list[float] = []
        original = app._display

        def display(screen, renderable) -> None:
            if renderable is not None:
                self.frames.append(time.perf_counter())
            return original(screen, renderable)

        app._display = display

    def first_after(self, moment: float) -> float | None:
        return next((t for t in self.frames if t >= moment), None)


def busy_workers(app, ignore_groups: tuple[str, ...] = ("ui-state",)) -> bool:
    """True while a worker (other than the debounced location save) is pending or running."""
    return any(
        w.state in (WorkerState.PENDING, WorkerState.RUNNING) and w.group not in ignore_groups for w in app.workers
    )


def send_key(app, key: str) -> None:
    """Post one key event the way ``Pilot.press`` does, without its idle waits."""
    character = CHARACTERS.get(key, key if len(key) == 1 else None)
    event = events.Key(key, character)
    event.set_sender(app)
    app._driver.send_message(event)


async def timed_key(
    app,
    clock: FrameClock,
    key: str,
    done: Callable[[], bool],
    *,
    timeout: float = 5.0,
    ignore_groups: tuple[str, ...] = ("ui-state",),
) -> dict:
    """Press ``key``; milliseconds until ``done()`` held (state) and until the next frame (shown), and
    the CPU time the process used meanwhile (all threads; less disturbed by other work on the machine).

    The state is reached once no worker is busy, except those of ``ignore_groups`` (a worker that
    mounted the new state and is only returning need not be waited for)."""
    start, cpu = time.perf_counter(), time.process_time()
    send_key(app, key)
    deadline = start + timeout
    while True:
        await asyncio.sleep(0.0005)
        if done() and not busy_workers(app, ignore_groups):
            state = time.perf_counter()
            break
        if time.perf_counter() > deadline:
            return {"key": key, "error": f"not done after {timeout} s"}
    while clock.first_after(state) is None and time.perf_counter() < state + 0.5:
        await asyncio.sleep(0.0005)
    shown = clock.first_after(state) or state
    return {
        "key": key,
        "state_ms": (state - start) * 1000,
        "shown_ms": (shown - start) * 1000,
        "cpu_ms": (time.process_time() - cpu) * 1000,
    }


async def settle(app, minimum: float = 0.0, timeout: float = 3.0) -> None:
    """Let the app finish its own follow-up work (debounced location save, workers) before the next press."""
    start = time.perf_counter()
    await asyncio.sleep(minimum)
    while time.perf_counter() < start + timeout:
        if getattr(app, "_pending_location", None) is None and not busy_workers(app, ()):
            return
        await asyncio.sleep(0.01)


def summary(samples: list[dict], key: str = "shown_ms") -> dict:
    values = [s[key] for s in samples if key in s]
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "p50_ms": round(statistics.median(values), 1),
        "p95_ms": round(percentile(values, 0.95), 1),
        "max_ms": round(max(values), 1),
        "under_goal": sum(v < GOAL_MS for v in values),
    }


def emit(report: dict, as_json: bool, print_report) -> int:
    """Stamp ``report`` with the Python version and load, then print it as JSON or as a table."""
    import json
    import os
    import sys

    report["python"] = sys.version.split()[0]
    report["load_average"] = os.getloadavg()
    if as_json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
        print(f"  load average after the run: {' '.join(f'{x:.2f}' for x in report['load_average'])}")
    return 0
