"""The cost of the trainer's figures: ``aco-tui results`` and the dashboard's refresh, for a big cohort.

A progress database is filled through the storage API (on /dev/shm when there is one, so that
filling it is quick; the timings read it from the page cache either way) with one session of
``--questions`` questions taken by ``--trainees`` trainees: each has a finished attempt, whose
answers follow a simple ability-minus-difficulty model (so the item analysis has something to
find), one in ten is still answering, one in twenty has a second attempt. Timed, each ``--repeats``
times (median reported):

* the two queries (attempts, answers), the cohort report (item analysis included), and each output
  (text, JSON, CSV items, CSV per question);
* ``aco-tui results --session NAME`` end to end, in this process and as a new process (the latter
  includes Python's start-up and the imports): the issue's goal is 1 s;
* the dashboard's refresh: ``load()`` when nothing moved (the answers are reused) and after a new
  answer, and the UI's share of it in a Pilot app at 80x24 (the first fill of the tables, then an
  update where one trainee moved), with the share of one core it costs at one refresh every 2 s.

Printed as figures beside their goals; nothing here fails. A report, not a test.

Usage::

    .venv/bin/python benchmarks/bench_results.py [--trainees 500] [--questions 20] [--repeats 5]
                                                 [--quick] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

SESSION = "bench"
GOAL_RESULTS_S = 1.0
REFRESH_S = 2.0


def fill(data_dir: Path, trainees: int, questions: int, seed: int = 7) -> None:
    """The cohort described in the module docstring, through the storage API."""
    from aco_tui.storage.records import Answer, Attempt, Finish
    from aco_tui.storage.sqlite import SQLiteProgress

    rng = random.Random(seed)
    ids = tuple(f"bench-q{n:02d}" for n in range(1, questions + 1))
    difficulty = [rng.gauss(0, 1) for _ in ids]
    progress = SQLiteProgress(data_dir)
    start = datetime.now(UTC) - timedelta(hours=2)

    def attempt(ident: str, name: str, when: datetime, ability: float, stop: int | None) -> None:
        progress.start_attempt(
            Attempt(
                ident, name, "session", SESSION, "Benchmark session", "v1", 1, ids, 60.0, "immediate", None, when, when
            )
        )
        score = 0
        for n, (qid, hard) in enumerate(zip(ids, difficulty, strict=True), start=1):
            if stop is not None and n > stop:
                return
            right = rng.random() < 1 / (1 + math.exp(hard - ability))
            score += right
            given = "Right option" if right else rng.choice(["Wrong A", "Wrong B", "Wrong C"])
            progress.record_answer(
                Answer(
                    ident,
                    n,
                    qid,
                    "concepts",
                    "single",
                    given,
                    given,
                    right,
                    1.0 if right else 0.0,
                    when + timedelta(seconds=15 * n),
                    15.0,
                )
            )
        percent = round(100.0 * score / len(ids), 1)
        progress.finish_attempt(
            ident, Finish("finished", when + timedelta(seconds=15 * len(ids) + 5), percent, percent >= 60.0)
        )

    for t in range(trainees):
        name, ability, when = f"Trainee {t:04d}", rng.gauss(0.5, 1), start + timedelta(seconds=7 * t)
        live = t % 10 == 9
        attempt(f"bench-{t}", name, when, ability, rng.randrange(1, questions) if live else None)
        if t % 20 == 3:
            attempt(f"bench-{t}-again", name, when + timedelta(minutes=30), ability + 0.3, None)
    progress.close()


def timed(action: Callable[[], object], repeats: int) -> float:
    """Median seconds of ``repeats`` runs."""
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def core_figures(data_dir: Path, repeats: int) -> dict[str, float]:
    from aco_tui.quiz import results
    from aco_tui.quiz.cohort import build_report
    from aco_tui.quiz.results_text import session_text
    from aco_tui.storage.sqlite import SQLiteProgress

    store = SQLiteProgress(data_dir)
    attempts = store.attempts(SESSION)
    answers = store.answers([a.id for a in attempts])
    report = build_report(SESSION, attempts, answers)
    figures = {
        "query_attempts_s": timed(lambda: store.attempts(SESSION), repeats),
        "query_answers_s": timed(lambda: store.answers([a.id for a in attempts]), repeats),
        "report_s": timed(lambda: build_report(SESSION, attempts, answers), repeats),
        "text_s": timed(lambda: session_text(report), repeats),
        "json_s": timed(lambda: results.to_json(attempts, answers, report), repeats),
        "csv_items_s": timed(lambda: results.to_csv(results.item_csv_rows(report), results.ITEM_FIELDS), repeats),
        "csv_per_question_s": timed(
            lambda: results.to_csv(
                results.answer_rows(attempts, answers, {}, results.counted_ids(report)), results.ANSWER_FIELDS
            ),
            repeats,
        ),
        "attempts": len(attempts),
        "answers": len(answers),
    }
    store.close()
    return figures


def cli_figures(data_dir: Path, repeats: int) -> dict[str, float]:
    from aco_tui.cli.main import main

    def in_process(*options: str) -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["results", "--data-dir", str(data_dir), "--session", SESSION, *options]) == 0

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    def new_process(*options: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "aco_tui", "results", "--data-dir", str(data_dir), "--session", SESSION, *options],
            check=True,
            capture_output=True,
            env=env,
            cwd=ROOT,
        )

    new_process()  # bytecode and the bank cache written once, as after an install
    return {
        "cli_text_s": timed(in_process, repeats),
        "cli_json_s": timed(lambda: in_process("--json"), repeats),
        "process_text_s": timed(new_process, repeats),
        "process_csv_per_question_s": timed(lambda: new_process("--csv", "--per-question"), repeats),
    }


def dashboard_figures(data_dir: Path, repeats: int) -> dict[str, float]:
    from aco_tui.cli.trainer import make_loader
    from aco_tui.storage.records import Answer
    from aco_tui.storage.sqlite import SQLiteProgress

    store = SQLiteProgress(data_dir)
    load = make_loader(store, None, timedelta(minutes=30))
    first = load(SESSION)
    unchanged = timed(lambda: load(SESSION), repeats)
    live = [row.latest for row in first.trainees if row.latest.status == "in_progress"]
    moved = []
    for attempt in live[:repeats]:
        store.record_answer(
            Answer(
                attempt.id,
                attempt.answered + 1,
                attempt.questions[attempt.answered],
                "concepts",
                "single",
                "Right option",
                "Right option",
                True,
                1.0,
                datetime.now(UTC),
                9.0,
            )
        )
        moved.append(timed(lambda: load(SESSION), 1))
    ui = asyncio.run(_ui_figures(load, repeats))
    store.close()
    return {"load_unchanged_s": unchanged, "load_after_answer_s": statistics.median(moved) if moved else None, **ui}


async def _ui_figures(load, repeats: int) -> dict[str, float]:
    from dataclasses import replace

    from aco_tui.ui.trainer.app import TrainerApp

    report = load(SESSION)
    app = TrainerApp(lambda session: report, SESSION, interval=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.loads:
            await pilot.pause(0.01)
        dashboard = app.dashboard
        fills, updates, idle = [], [], []
        for n in range(repeats):
            dashboard.report = None  # the first fill (a new session)
            fills.append(timed(lambda: dashboard.show(report), 1))
            await pilot.pause()
            row = report.trainees[n]
            changed = replace(row, state="stale" if row.state != "stale" else "live")
            moved = replace(report, trainees=(*report.trainees[:n], changed, *report.trainees[n + 1 :]))
            updates.append(timed(partial(dashboard.show, moved), 1))
            await pilot.pause()
            idle.append(timed(partial(dashboard.show, moved), 1))
            await pilot.pause()
    return {
        "ui_first_fill_s": statistics.median(fills),
        "ui_one_row_moved_s": statistics.median(updates),
        "ui_nothing_new_s": statistics.median(idle),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trainees", type=int, default=500)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="3 repeats")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeats = 3
    scratch = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="aco-results-", dir=scratch) as work:
        data_dir = Path(work) / "data"
        began = time.perf_counter()
        fill(data_dir, args.trainees, args.questions)
        filled = time.perf_counter() - began
        report = {
            "trainees": args.trainees,
            "questions": args.questions,
            "repeats": args.repeats,
            "fill_s": round(filled, 1),
            "goal_results_s": GOAL_RESULTS_S,
            "refresh_every_s": REFRESH_S,
            **core_figures(data_dir, args.repeats),
            **cli_figures(data_dir, args.repeats),
            **dashboard_figures(data_dir, args.repeats),
        }
    refresh = (report["load_after_answer_s"] or 0) + report["ui_one_row_moved_s"]
    report["refresh_core_share"] = refresh / REFRESH_S
    report["results_ratio_to_goal"] = report["process_text_s"] / GOAL_RESULTS_S
    if args.json:
        print(json.dumps(report))
        return 0
    ms = lambda key: f"{1000 * report[key]:.0f} ms"  # noqa: E731
    print(
        f"{report['attempts']} attempts, {report['answers']} answers ({args.trainees} trainees x "
        f"{args.questions} questions; filled in {report['fill_s']} s); medians of {args.repeats}"
    )
    print(
        f"  queries: attempts {ms('query_attempts_s')}, answers {ms('query_answers_s')}; cohort report {ms('report_s')}"
    )
    print(
        f"  outputs: text {ms('text_s')}, JSON {ms('json_s')}, CSV items {ms('csv_items_s')}, "
        f"CSV per question {ms('csv_per_question_s')}"
    )
    print(f"  aco-tui results --session (in process): text {ms('cli_text_s')}, --json {ms('cli_json_s')}")
    print(
        f"  aco-tui results --session (new process): text {ms('process_text_s')} = "
        f"{report['results_ratio_to_goal']:.2f}x the 1 s goal; --csv --per-question "
        f"{ms('process_csv_per_question_s')}"
    )
    print(
        f"  dashboard load(): nothing moved {ms('load_unchanged_s')}, after an answer "
        f"{ms('load_after_answer_s')} (worker thread)"
    )
    print(
        f"  dashboard UI: first fill {ms('ui_first_fill_s')}, one trainee moved {ms('ui_one_row_moved_s')}, "
        f"nothing new {ms('ui_nothing_new_s')}"
    )
    print(
        f"  one refresh every {REFRESH_S:g} s with an answer each time: {100 * report['refresh_core_share']:.1f}% "
        "of one core"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
