"""CPU per quiz step in ``aco-tui`` against a minimal Textual app's screen swap, in the same run.

Both apps run in this process under Pilot (headless, 100x30: the compositor renders every update,
only the terminal write is skipped, for both). For each step the CPU time of the process (all
threads, so a storage worker counts) is taken from handing the key to the driver until the first
frame rendered after the new state (``_pilot.timed_key``):

* the baseline: Space in ``minimal_swap.SwapApp``, which switches to a new screen of about 20 lines
  of wrapped prose;
* answer -> feedback: Enter on a question (a valid answer typed beforehand, untimed) until the
  feedback page is shown (the answer is saved in a worker, which mounts the feedback page);
* feedback -> next question: Enter on the feedback page until the next question is shown.

Each quiz step is reported as a ratio of the swap's median CPU (issue 28's goal: at most 3x).
``--profile DIR`` also writes a pyinstrument profile of the quiz steps (HTML and text). A report,
not a test.

Usage::

    .venv/bin/python benchmarks/bench_quiz_step.py [--questions 20] [--swaps 60] [--quick] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from _pilot import FrameClock, emit, settle, timed_key  # noqa: E402

SIZE = (100, 30)
GOAL_RATIO = 3.0
TRAINEE = "bench-trainee"
SAVE_DONE = ("ui-state", "quiz-save")  # the save's worker mounts the feedback, then only returns


async def swap_steps(swaps: int) -> list[float]:
    """CPU ms of each screen swap in the minimal app."""
    from minimal_swap import Page, SwapApp

    app = SwapApp()
    cpu: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await settle(app, 0.3)
        clock = FrameClock(app)
        for number in range(1, swaps + 1):

            def swapped(number: int = number) -> bool:
                screen = app.screen
                return isinstance(screen, Page) and screen.number == number and screen.is_mounted

            result = await timed_key(app, clock, "space", swapped)
            if "cpu_ms" in result:
                cpu.append(result["cpu_ms"])
            await settle(app, 0.02)
    return cpu


async def quiz_steps(knowledge, data_dir: Path, questions: int, profiler=None) -> dict[str, list[float]]:
    """CPU ms of each answer -> feedback and feedback -> next question of one practice quiz."""
    from bench_quiz import answer_keys

    from aco_tui.quiz.start import QuizStart
    from aco_tui.ui import startup_gc
    from aco_tui.ui.app import AcoApp
    from aco_tui.ui.panes.quiz_card import QuestionCard

    out: dict[str, list[float]] = {"feedback": [], "next": [], "feedback_frames": [], "next_frames": []}
    startup_gc.pause()  # as ``aco-tui`` starts: collection paused, then start-up's objects frozen
    app = AcoApp(knowledge, data_dir=str(data_dir), trainee=TRAINEE, quiz=QuizStart(count=questions, seed=7))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await settle(app, 0.6)
        pane = app.screen.active_pane
        clock = FrameClock(app)

        def shown(kind: str, previous: object):
            def done() -> bool:
                found = pane.query(QuestionCard) if kind == "card" else pane.query(f".quiz-{kind}")
                return bool(found) and found.first() is not previous and found.first().is_mounted

            return done

        for _ in range(questions):
            cards = pane.query(QuestionCard)
            if not cards:
                break
            card = cards.first()
            await answer_keys(pilot, card)
            await settle(app, 0.05)
            if profiler is not None:
                profiler.start()
            frames = len(clock.frames)
            result = await timed_key(app, clock, "enter", shown("feedback", None), ignore_groups=SAVE_DONE)
            out["feedback"].append(result.get("cpu_ms", float("nan")))
            out["feedback_frames"].append(len(clock.frames) - frames)
            page = pane.query(".quiz-feedback").first() if pane.query(".quiz-feedback") else None
            if profiler is not None:
                profiler.stop()
            await settle(app, 0.05)
            if pane.run is None or pane.run.finished:
                break
            if profiler is not None:
                profiler.start()
            frames = len(clock.frames)
            result = await timed_key(app, clock, "enter", shown("card", card))
            out["next"].append(result.get("cpu_ms", float("nan")))
            out["next_frames"].append(len(clock.frames) - frames)
            if profiler is not None:
                profiler.stop()
            del page
            await settle(app, 0.05)
    return out


def _median(values: list[float]) -> float | None:
    values = [v for v in values if v == v]
    return round(statistics.median(values), 2) if values else None


async def run(questions: int, swaps: int, profile: Path | None) -> dict:
    from aco_tui.knowledge.base import load_knowledge

    knowledge = load_knowledge().require_usable()
    profiler = None
    if profile is not None:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005, async_mode="disabled")
    swap_before = await swap_steps(swaps)
    with tempfile.TemporaryDirectory(prefix="aco-bench-step-") as work:
        data_dir = Path(work) / "data"
        data_dir.mkdir()
        steps = await quiz_steps(knowledge, data_dir, questions, profiler)
    # The baseline is measured before the app is imported: importing aco_tui.ui corrects how Textual
    # records sizes (aco_tui.ui.layout_once), which would make the minimal app cheaper too.
    swap = _median(swap_before)
    report: dict = {
        "size": f"{SIZE[0]}x{SIZE[1]}",
        "goal_ratio": GOAL_RATIO,
        "swap_cpu_ms": swap,
        "swaps": len(swap_before),
        "steps": {},
    }
    for name in ("feedback", "next"):
        values = steps[name]
        cpu = _median(values)
        report["steps"][name] = {
            "n": len(values),
            "cpu_ms_p50": cpu,
            "frames_p50": _median(steps[f"{name}_frames"]),
            "ratio": round(cpu / swap, 2) if cpu is not None and swap else None,
        }
    if profiler is not None and profile is not None:
        profile.mkdir(parents=True, exist_ok=True)
        (profile / "quiz_steps.html").write_text(profiler.output_html(), encoding="utf-8")
        (profile / "quiz_steps.txt").write_text(profiler.output_text(unicode=False, show_all=False), encoding="utf-8")
        report["profile"] = str(profile)
    return report


def print_report(report: dict) -> None:
    print(
        f"Quiz steps in Pilot ({report['size']}), CPU of the process from the key to the next frame; "
        f"goal <= {report['goal_ratio']:g}x a minimal app's screen swap"
    )
    print(
        f"  minimal Textual app, swap a screen of wrapped text: {report['swap_cpu_ms']} ms CPU "
        f"(median of {report['swaps']})"
    )
    for name, label in (("feedback", "answer -> feedback"), ("next", "feedback -> next question")):
        step = report["steps"][name]
        verdict = "meets" if step["ratio"] is not None and step["ratio"] <= report["goal_ratio"] else "misses"
        print(
            f"  {label:28s} {step['cpu_ms_p50']} ms CPU (median of {step['n']}, {step['frames_p50']:g} frames) "
            f"= {step['ratio']}x  {verdict}"
        )
    if "profile" in report:
        print(f"  profile: {report['profile']}/quiz_steps.html")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=20, help="practice questions answered (default 20)")
    parser.add_argument(
        "--swaps", type=int, default=60, help="screen swaps of the minimal app (before the app is imported)"
    )
    parser.add_argument("--quick", action="store_true", help="10 questions, 10 swaps")
    parser.add_argument("--profile", type=Path, help="write a pyinstrument profile of the quiz steps here")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.quick:
        args.questions, args.swaps = 10, 10
    for name in ("ACO_TUI_STORE", "ACO_TUI_CONTENT", "ACO_TUI_DATA"):
        os.environ.pop(name, None)
    return emit(asyncio.run(run(args.questions, args.swaps, args.profile)), args.json, print_report)


if __name__ == "__main__":
    raise SystemExit(main())
