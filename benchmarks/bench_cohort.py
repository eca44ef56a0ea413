"""A cohort answering at once: N trainee processes of ``aco-tui quiz --plain`` in one data directory.

Each trainee is a real process, as over SSH: it reads a question, "thinks" for a random time around
``--think`` seconds, answers, and waits for the next prompt. Timed: answer sent -> next prompt
received (the answer, its review card and review-log row are committed before the feedback is
printed); for the last answer, -> the report (the attempt finished and committed), not the
process's exit. Two phases in the same run: an empty data directory, then one prefilled through the
storage API with a cohort's history (``--history`` past attempts per trainee, each with its
answers and cards). Printed: p50/p95/max of each, their ratio, and answers lost (acknowledged by
the process but not in the database: must be 0). A report, not a test.

With ``--database URL`` (PostgreSQL; needs ``aco-tui[postgres]``) the trainees record there
instead: each phase in a fresh schema of that database, dropped afterwards (the URL's user needs
the right to create schemas).

Usage::

    .venv/bin/python benchmarks/bench_cohort.py [--trainees 60] [--questions 8] [--think 4]
                                                [--history 3] [--quick] [--json] [--database URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

GOAL_P95_MS = 150.0
GOAL_RATIO = 1.3
_HEADER = re.compile(r"^Q(\d+)/(\d+) \[(\w+)\]", re.MULTILINE)
_OPTION = re.compile(r"^(\d+)\) ", re.MULTILINE)
REPORT = "\nBy topic: "  # the report's second line: the attempt is finished and committed


def answer_for(block: str) -> str:
    """A well-formed answer to the last question printed in ``block`` (right or wrong, it is recorded)."""
    header = list(_HEADER.finditer(block))[-1]
    kind, rest = header.group(3), block[header.end() :]
    numbers = [int(n) for n in _OPTION.findall(rest)]
    if kind in ("single", "truefalse", "multiple"):
        return "1"
    if kind == "order":
        return " ".join(str(n) for n in numbers)
    if kind == "match":
        return " ".join(f"{n}{chr(ord('a') + n - 1)}" for n in numbers)
    return "an answer"


async def trainee(
    name: str, data_dir: Path, database: str | None, questions: int, think: float, seed: int, latencies: list[float]
) -> int:
    """Take one practice quiz; returns the number of answers acknowledged (feedback printed)."""
    env = {
        **os.environ,
        "ACO_TUI_DATA": str(data_dir),
        "ACO_TUI_CACHE": str(data_dir.parent / "cache"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("ACO_TUI_DATABASE", None)
    if database:
        env["ACO_TUI_DATABASE"] = database
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "aco_tui",
        "quiz",
        "--plain",
        "--count",
        str(questions),
        "--seed",
        str(seed),
        "--name",
        name,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    rng = random.Random(seed)
    acknowledged = 0
    buffer = ""

    async def until_prompt() -> bool:
        """Read to the next prompt (True), or to the report that ends the run (False)."""
        nonlocal buffer
        while not buffer.endswith("> "):
            if REPORT in buffer:
                return False
            chunk = await process.stdout.read(65536)  # type: ignore[union-attr]
            if not chunk:
                return False
            buffer += chunk.decode("utf-8", "replace")
        return True

    if await until_prompt():
        while True:
            await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
            answer = answer_for(buffer)
            buffer = ""
            sent = time.perf_counter()
            process.stdin.write((answer + "\n").encode())
            await process.stdin.drain()
            more = await until_prompt()
            if "Invalid answer" not in buffer:
                acknowledged += 1
                latencies.append((time.perf_counter() - sent) * 1000)
            if not more:
                break
    process.stdin.close()
    await process.stdout.read()
    await process.wait()
    return acknowledged


def open_store(data_dir: Path, database: str | None):
    from aco_tui.storage import open_progress

    return open_progress(data_dir, database)


def database_kib(progress, data_dir: Path, database: str | None) -> int:
    """The size of the database: the SQLite file, or the PostgreSQL schema's tables and indexes."""
    if not database:
        return round((data_dir / "progress.sqlite3").stat().st_size / 1024)
    size = progress._read(
        lambda c: c.execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'"
        ).fetchone()[0]
    )
    return round(int(size) / 1024)


def prefill(data_dir: Path, database: str | None, trainees: int, history: int, questions: int) -> None:
    """``history`` finished practice attempts per trainee, with answers and review cards."""
    from aco_tui.quiz.review import schedule
    from aco_tui.storage.records import Answer, Attempt, Finish

    progress = open_store(data_dir, database)
    start = datetime.now(UTC) - timedelta(days=30)
    for t in range(trainees):
        name = f"trainee-{t:03d}"
        for h in range(history):
            when = start + timedelta(days=h, minutes=t)
            ident = f"past-{t}-{h}"
            ids = tuple(f"q{(h * questions + n) % 84}" for n in range(questions))
            progress.start_attempt(
                Attempt(ident, name, "practice", None, "Practice", "past", h, ids, None, "immediate", None, when, when)
            )
            card = None
            for n, question in enumerate(ids, start=1):
                at = when + timedelta(seconds=20 * n)
                card = schedule(progress.card(name, question), name, question, "good", at)
                progress.record_answer(
                    Answer(ident, n, question, "concepts", "single", "x", "1) x", n % 3 != 0, 1.0, at, 20.0), card
                )
            progress.finish_attempt(ident, Finish("finished", when + timedelta(minutes=5), 66.7, None))
    progress.close()


async def phase(data_dir: Path, database: str | None, trainees: int, questions: int, think: float) -> dict:
    latencies: list[float] = []
    tasks = [
        trainee(f"trainee-{t:03d}", data_dir, database, questions, think, 1000 + t, latencies) for t in range(trainees)
    ]
    acknowledged = sum(await asyncio.gather(*tasks))
    progress = open_store(data_dir, database)
    fresh = [a for a in progress.attempts() if not a.id.startswith("past-")]
    recorded = len(progress.answers(a.id for a in fresh))
    size = database_kib(progress, data_dir, database)
    progress.close()
    ordered = sorted(latencies)
    return {
        "answers": len(latencies),
        "acknowledged": acknowledged,
        "recorded": recorded,
        "lost": acknowledged - recorded,
        "p50_ms": statistics.median(ordered) if ordered else None,
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))] if ordered else None,
        "max_ms": ordered[-1] if ordered else None,
        "database_kib": size,
    }


@contextmanager
def fresh_databases(database: str | None, count: int) -> Iterator[list[str | None]]:
    """``count`` empty databases: None each (SQLite in the phase's directory), or, with a PostgreSQL
    URL, that URL in a new schema each, dropped afterwards."""
    if not database:
        yield [None] * count
        return
    import uuid

    import psycopg

    from aco_tui.storage.database_url import with_search_path

    schemas = [f"aco_bench_{uuid.uuid4().hex[:12]}" for _ in range(count)]
    with psycopg.connect(database, autocommit=True) as admin:
        for schema in schemas:
            admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield [with_search_path(database, schema) for schema in schemas]
    finally:
        with psycopg.connect(database, autocommit=True) as admin:
            for schema in schemas:
                admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trainees", type=int, default=60)
    parser.add_argument("--questions", type=int, default=8)
    parser.add_argument("--think", type=float, default=4.0, help="mean seconds between answers")
    parser.add_argument("--history", type=int, default=3, help="past attempts per trainee in the second phase")
    parser.add_argument("--quick", action="store_true", help="30 trainees, 4 questions, 2 s")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--database", metavar="URL", help="record in this PostgreSQL database instead of SQLite")
    args = parser.parse_args(argv)
    if args.quick:
        args.trainees, args.questions, args.think = min(args.trainees, 30), 4, 2.0
    with (
        tempfile.TemporaryDirectory(prefix="aco-cohort-") as work,
        fresh_databases(args.database, 2) as (empty_db, full_db),
    ):
        empty_dir, full_dir = Path(work) / "empty", Path(work) / "history"
        empty = asyncio.run(phase(empty_dir, empty_db, args.trainees, args.questions, args.think))
        prefill(full_dir, full_db, args.trainees, args.history, args.questions)
        history = asyncio.run(phase(full_dir, full_db, args.trainees, args.questions, args.think))
    ratio = (history["p95_ms"] / empty["p95_ms"]) if empty["p95_ms"] and history["p95_ms"] else None
    backend = "postgresql" if args.database else "sqlite"
    report = {
        "backend": backend,
        "trainees": args.trainees,
        "questions": args.questions,
        "think_s": args.think,
        "history_per_trainee": args.history,
        "empty": empty,
        "history": history,
        "p95_ratio": ratio,
        "goal_p95_ms": GOAL_P95_MS,
        "goal_ratio": GOAL_RATIO,
    }
    if args.json:
        print(json.dumps(report))
        return 0
    print(
        f"{args.trainees} trainees answering at once, {args.questions} questions, ~{args.think:g} s apart"
        f" ({'PostgreSQL' if args.database else 'SQLite'})"
    )
    for label, result in (("empty database", empty), (f"{args.history} past attempts each", history)):
        print(
            f"  {label}: p50 {result['p50_ms']:.0f} / p95 {result['p95_ms']:.0f} / max {result['max_ms']:.0f} ms"
            f" over {result['answers']} answers; lost {result['lost']}; database {result['database_kib']} KiB"
        )
    if ratio is not None:
        print(f"  p95 with history / empty: {ratio:.2f}x (goal <= {GOAL_RATIO}x; p95 goal <= {GOAL_P95_MS:.0f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
