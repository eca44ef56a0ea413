"""How fast ``aco-tui`` switches panes and jumps between headings (Pilot, 100x30, real knowledge base).

Issue 3's goal: switching pane or jumping to a heading feels instant, under 100 ms. Measured here:

* pane switch, first visit: keys 2..7 in a freshly started app (the pane is built and mounted);
* pane switch, revisit: keys 1..7 again once every pane has been built;
* contents jump: ``t`` (focus the table of contents), ``home`` and ``down`` to a heading, then the
  timed ``enter``;
* next section: ``n``, timed, through the first sections of each document pane.

Each time runs from handing the key to the driver until the new section is in the reader (the pane
showed it, no worker left running) and then until the next frame is rendered ("shown"; see
``_pilot.py``). Between presses the app is left to finish its debounced location save, so that one
measurement does not pay for the previous one. Each app starts as ``aco-tui`` starts it (garbage
collection paused, then start-up's objects frozen). A report, not a test.

Usage::

    .venv/bin/python benchmarks/bench_navigation.py [--rounds 3] [--quick] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from _pilot import GOAL_MS, FrameClock, emit, settle, summary, timed_key  # noqa: E402

SIZE = (100, 30)
DOCUMENT_PANES = ("concepts", "contract-models", "legal-challenges", "commentary")


class SectionLog:
    """Completion times of every section shown (document and timeline panes), by pane id."""

    def __init__(self) -> None:
        self.done: list[tuple[float, str, str]] = []
        from aco_tui.ui.panes.document import DocumentPane
        from aco_tui.ui.panes.timeline import TimelinePane

        self._wrap(DocumentPane, "show_section_now")
        self._wrap(TimelinePane, "show_event_now")

    def _wrap(self, cls, name: str) -> None:
        original = getattr(cls, name)
        log = self.done

        def shown(pane, section_id, *args, **kwargs):
            result = original(pane, section_id, *args, **kwargs)
            log.append((time.perf_counter(), pane.id or "", section_id))
            return result

        setattr(cls, name, shown)

    def since(self, moment: float, pane_id: str, section_id: str | None = None) -> bool:
        return any(t >= moment and p == pane_id and (section_id is None or s == section_id) for t, p, s in self.done)


def make_app(knowledge, data_dir: str):
    """The app as ``aco-tui`` runs it: garbage collection paused until the first screen has settled,
    then everything made so far frozen (see aco_tui/ui/startup_gc.py; the settle below outlasts it)."""
    from aco_tui.ui import startup_gc
    from aco_tui.ui.app import AcoApp

    startup_gc.pause()
    return AcoApp(knowledge, data_dir=data_dir)


def _pane_done(app, pane_id: str):
    """The screen sets ``location`` at the end of ``go_to``, after the pane's section is rendered."""

    def done() -> bool:
        screen = app.screen
        pane = getattr(screen, "active_pane", None)
        if pane is None or pane.id != f"pane-{pane_id}" or screen.location.pane != pane_id:
            return False
        if pane_id == "quiz":
            return bool(pane.query("#quiz-menu"))
        return pane.is_mounted

    return done


async def switch(app, clock, log, key: str, pane_id: str) -> dict:
    start = time.perf_counter()
    result = await timed_key(app, clock, key, _pane_done(app, pane_id))
    result["what"] = pane_id
    result["renders"] = sum(1 for t, p, _ in log.done if t >= start and p == f"pane-{pane_id}")
    await settle(app, 0.05)
    return result


async def to_section(app, clock, log, key: str, pane_id: str, target: str) -> dict:
    """Press ``key`` and time it until ``pane_id`` shows section ``target``."""
    start = time.perf_counter()
    result = await timed_key(app, clock, key, lambda: log.since(start, f"pane-{pane_id}", target))
    result["what"] = f"{pane_id}#{target}"
    await settle(app, 0.05)
    return result


async def first_visits(knowledge, work: Path, rounds: int, log: SectionLog) -> list[dict]:
    """Keys 2..7 once each, in a fresh app per round."""
    samples = []
    for number in range(rounds):
        app = make_app(knowledge, str(work / f"first-{number}"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await settle(app, 0.6)
            clock = FrameClock(app)
            for pane in app.screen.available[1:]:
                key = next(p.key for p in _panes() if p.id == pane.id)
                samples.append(await switch(app, clock, log, key, pane.id))
    return samples


def _panes():
    from aco_tui.navigation import PANES

    return PANES


async def in_one_app(
    knowledge, work: Path, cycles: int, jumps: int, steps: int, log: SectionLog
) -> dict[str, list[dict]]:
    """Revisits, contents jumps and next-section steps in one app whose panes are all built."""
    app = make_app(knowledge, str(work / "main"))
    out: dict[str, list[dict]] = {"revisit": [], "jump": [], "next": []}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        available = [p for p in _panes() if any(a.id == p.id for a in app.screen.available)]
        for pane in available:  # build every pane first
            await pilot.press(pane.key)
            await pilot.pause()
        await settle(app, 0.6)
        clock = FrameClock(app)
        for _ in range(cycles):
            for pane in available:
                out["revisit"].append(await switch(app, clock, log, pane.key, pane.id))
        for pane_id in DOCUMENT_PANES:
            key = next(p.key for p in available if p.id == pane_id)
            await pilot.press(key)
            await settle(app, 0.6)
            document = app.screen.active_pane.document
            count = len(document.sections)
            targets = sorted({round(i * (count - 1) / max(1, jumps)) for i in range(1, jumps + 1)})
            for index in targets:
                await pilot.press("t")
                app.screen.active_pane.query_one(".toc").highlighted = index
                await settle(app, 0.05)
                out["jump"].append(await to_section(app, clock, log, "enter", pane_id, document.sections[index].id))
            await pilot.press("t", "home", "enter")  # back to the first section, then step through
            await settle(app, 0.6)
            for index in range(1, min(steps, count - 1) + 1):
                out["next"].append(await to_section(app, clock, log, "n", pane_id, document.sections[index].id))
    return out


async def run(rounds: int, cycles: int, jumps: int, steps: int) -> dict:
    from aco_tui.knowledge.base import load_knowledge

    knowledge = load_knowledge().require_usable()
    with tempfile.TemporaryDirectory(prefix="aco-bench-nav-") as work:
        log = SectionLog()
        first = await first_visits(knowledge, Path(work), rounds, log)
        rest = await in_one_app(knowledge, Path(work), cycles, jumps, steps, log)
    groups = {
        "pane switch, first visit": first,
        "pane switch, revisit": rest["revisit"],
        "contents jump (enter)": rest["jump"],
        "next section (n)": rest["next"],
    }
    report: dict = {"goal_ms": GOAL_MS, "size": f"{SIZE[0]}x{SIZE[1]}", "rows": {}, "per_target": {}}
    for name, samples in groups.items():
        report["rows"][name] = {
            "shown": summary(samples, "shown_ms"),
            "state": summary(samples, "state_ms"),
            "cpu": summary(samples, "cpu_ms"),
            "errors": [s for s in samples if "error" in s],
        }
    by_pane: dict[str, list[float]] = {}
    for sample in first:
        if "shown_ms" in sample:
            by_pane.setdefault(sample["what"], []).append(sample["shown_ms"])
    report["per_target"]["first visit"] = {k: round(sorted(v)[len(v) // 2], 1) for k, v in by_pane.items()}
    by_pane = {}
    for sample in rest["revisit"]:
        if "shown_ms" in sample:
            by_pane.setdefault(sample["what"], []).append(sample["shown_ms"])
    report["per_target"]["revisit"] = {k: round(sorted(v)[len(v) // 2], 1) for k, v in by_pane.items()}
    report["section_renders"] = {
        name: sum(s.get("renders", 0) for s in samples) / max(1, len(samples))
        for name, samples in (("first visit", first), ("revisit", rest["revisit"]))
    }
    return report


def print_report(report: dict) -> None:
    print(
        f"Navigation in Pilot ({report['size']}, real knowledge base); ms from key to the next frame after the "
        f"change (state reached, in brackets); goal < {report['goal_ms']:.0f} ms"
    )
    print(f"  {'':28s} {'n':>3s} {'p50':>14s} {'p95':>14s} {'max':>7s}  under goal  CPU p50")
    for name, row in report["rows"].items():
        shown, state = row["shown"], row["state"]
        if not shown["n"]:
            print(f"  {name:28s}   0  n/a")
            continue
        print(
            f"  {name:28s} {shown['n']:3d} {shown['p50_ms']:6.1f} ({state['p50_ms']:5.1f}) "
            f"{shown['p95_ms']:6.1f} ({state['p95_ms']:5.1f}) {shown['max_ms']:7.1f}  "
            f"{shown['under_goal']:>4d}/{shown['n']:<4d}  {row['cpu'].get('p50_ms', float('nan')):6.1f}"
        )
        for error in row["errors"]:
            print(f"    ! {error.get('what')}: {error['error']}")
    for name, per in report["per_target"].items():
        print(f"  {name} by pane (median ms): " + ", ".join(f"{k} {v:.0f}" for k, v in per.items()))
    renders = report["section_renders"]
    print(
        f"  section renders (show_section calls) per pane switch: first visit {renders['first visit']:.1f}, "
        f"revisit {renders['revisit']:.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="fresh apps for first visits (default 3)")
    parser.add_argument("--cycles", type=int, default=3, help="revisit cycles over all panes (default 3)")
    parser.add_argument("--jumps", type=int, default=4, help="contents jumps per document pane (default 4)")
    parser.add_argument("--steps", type=int, default=5, help="next-section steps per document pane (default 5)")
    parser.add_argument("--quick", action="store_true", help="1 round, 1 cycle, 2 jumps, 3 steps")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.cycles, args.jumps, args.steps = 1, 1, 2, 3
    os.environ.pop("ACO_TUI_STORE", None)
    os.environ.pop("ACO_TUI_CONTENT", None)
    return emit(asyncio.run(run(args.rounds, args.cycles, args.jumps, args.steps)), args.json, print_report)


if __name__ == "__main__":
    raise SystemExit(main())
