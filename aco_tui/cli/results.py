"""``aco-tui results``: how a cohort did, as text, CSV or JSON. Nothing heavy is imported until it runs."""

from __future__ import annotations

import argparse
import sys

from aco_tui.cli.parser import knowledge_paths, progress_options

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from aco_tui.cli.parser import Subcommands
    from aco_tui.quiz.model import Bank
    from aco_tui.storage.progress import ProgressStore
    from aco_tui.storage.records import Attempt

CSV_VIEWS = ("items", "trainees", "per_question", "facility")


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add the ``results`` sub-command."""
    results = commands.add_parser(
        "results", parents=[common], help="how a cohort did: trainees, topics and every question",
        description="Quiz results. With --session: one line per trainee, the cohort per topic, the score\n"
                    "distribution and an item analysis of every question (after Moodle's quiz statistics).\n"
                    "Without: every attempt, one line each. The README's cohort guide explains the figures.")
    results.add_argument("--session", metavar="NAME", help="one named session (the cohort view)")
    results.add_argument("--trainee", metavar="NAME", help="only this trainee's attempts (any case)")
    output = results.add_mutually_exclusive_group()
    output.add_argument("--csv", action="store_true", help="CSV, one row per attempt (or see below)")
    output.add_argument("--json", action="store_true",
                        help="one JSON object: attempts (with answers), facility, trainees, items and test")
    views = results.add_mutually_exclusive_group()
    views.add_argument("--items", action="store_true", help="with --csv: one row per question (item analysis)")
    views.add_argument("--trainees", action="store_true", help="with --csv: one row per trainee")
    views.add_argument("--per-question", action="store_true",
                       help="with --csv: one row per attempt and question, with its text and the answer given")
    views.add_argument("--facility", action="store_true",
                       help="with --csv: one row per question, the share of all answers that were right")
    results.add_argument("--stale", metavar="MINUTES", type=float, default=30.0,
                         help="a running attempt with no answer for this long is stale (default 30)")
    results.set_defaults(handler=run_results)


def open_store(data_dir: str | None, database: str | None = None) -> ProgressStore:
    """The progress database of ``--data-dir`` or ``--database`` (tests replace this function)."""
    from aco_tui.storage import open_progress

    return open_progress(data_dir, database)


def quiz_bank(args: argparse.Namespace) -> Bank | None:
    """The question bank of ``--content`` (None, with a warning, when it is unusable)."""
    from aco_tui.errors import DataError
    from aco_tui.quiz.bank_cache import load_bank_cached

    try:
        return load_bank_cached(knowledge_paths(args).content / "quiz")
    except DataError as err:  # the report still works, with question ids only
        print(f"aco-tui: {err}; questions are shown by id only", file=sys.stderr)
        return None


def _validate(args: argparse.Namespace) -> str | None:
    """The CSV view asked for, if any."""
    from aco_tui.errors import UsageError

    view = next((name for name in CSV_VIEWS if getattr(args, name)), None)
    if view and not args.csv:
        raise UsageError(f"--{view.replace('_', '-')} goes with --csv")
    if view in ("items", "trainees") and not args.session:
        raise UsageError(f"--{view} needs --session NAME (the cohort of one session)")
    if args.stale <= 0:
        raise UsageError("--stale must be a positive number of minutes")
    return view


def select(store: ProgressStore, session: str | None, trainee: str | None, bank: Bank | None) -> list[Attempt]:
    """The attempts asked for; a filter that matches nothing says what exists.

    Raises:
        UsageError: no such session (neither in the bank nor in the records).
    """
    from aco_tui.errors import UsageError

    attempts = store.attempts(session)
    if session is not None and not attempts and not (bank and session in bank.sessions):
        sessions = sorted({a.session for a in store.attempts() if a.session} | set(bank.sessions if bank else ()))
        raise UsageError(f"no quiz session named {session!r} (sessions: {', '.join(sessions) or 'none'})")
    if trainee is not None:
        wanted = " ".join(trainee.split()).casefold()
        names = sorted({a.trainee for a in attempts})
        attempts = [a for a in attempts if a.trainee.casefold() == wanted]
        if not attempts:
            where = f" at {session!r}" if session else ""
            shown = ", ".join(names[:20]) + (" ..." if len(names) > 20 else "")
            print(f"aco-tui: no attempts by {trainee!r}{where} (trainees: {shown or 'none'})", file=sys.stderr)
    return attempts


def answers_needed(args: argparse.Namespace, view: str | None, attempts: list[Attempt]) -> list[str]:
    """The attempts whose answers the output shows (reading answers is most of the cost of a big
    cohort): all for JSON, per-question rows and facility; the counted ones for the cohort view and
    the item analysis; none for attempt or trainee rows."""
    from aco_tui.quiz.cohort import SESSION_KINDS, counted_attempts

    if args.json or view in ("per_question", "facility"):
        return [a.id for a in attempts]
    if view == "items" or (args.session and not args.csv):
        return [a.id for rows in counted_attempts(attempts).values() for a in rows if a.kind in SESSION_KINDS]
    return []


def run_results(args: argparse.Namespace) -> int:
    """Handler of ``aco-tui results``."""
    from datetime import timedelta

    from aco_tui.quiz import results
    from aco_tui.quiz.cohort import build_report
    from aco_tui.quiz.results_text import attempts_text, session_text

    view = _validate(args)
    bank = quiz_bank(args)
    store = open_store(*progress_options(args))
    try:
        attempts = select(store, args.session, args.trainee, bank)
        needed = answers_needed(args, view, attempts)
        answers = store.answers(needed) if needed else []
        for notice in store.notices:
            print(f"aco-tui: {notice}", file=sys.stderr)
    finally:
        store.close()
    questions = bank.questions if bank else {}
    stale_after = timedelta(minutes=args.stale)
    report = None
    if args.session:
        spec = bank.sessions.get(args.session) if bank else None
        report = build_report(args.session, attempts, answers, questions, title=spec.title if spec else "",
                              stale_after=stale_after)
    if args.json:
        print(results.to_json(attempts, answers, report, stale_after))
    elif view == "items" and report is not None:
        sys.stdout.write(results.to_csv(results.item_csv_rows(report), results.ITEM_FIELDS))
    elif view == "trainees" and report is not None:
        sys.stdout.write(results.to_csv(results.trainee_records(report), results.TRAINEE_FIELDS))
    elif view == "per_question":
        rows = results.answer_rows(attempts, answers, questions, results.counted_ids(report),
                                   stale_after=stale_after)
        sys.stdout.write(results.to_csv(rows, results.ANSWER_FIELDS))
    elif view == "facility":
        sys.stdout.write(results.to_csv(results.facility_rows(answers), results.FACILITY_FIELDS))
    elif args.csv:
        sys.stdout.write(results.to_csv(results.attempt_rows(attempts, stale_after=stale_after),
                                        results.ATTEMPT_FIELDS))
    elif report is not None:
        print(session_text(report))
    elif attempts:
        print(attempts_text(attempts))
        print("\nName a session for the cohort view: aco-tui results --session NAME")
    else:
        print("No attempts recorded yet." if args.trainee is None else "No attempts match.")
    return 0
