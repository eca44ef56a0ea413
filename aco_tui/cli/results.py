"""``aco-tui results``: how a cohort did, as text, CSV or JSON. Nothing heavy is imported until it runs."""

from __future__ import annotations

import argparse
import sys

from aco_tui.cli.parser import MAX_STALE_MINUTES, finite_number, knowledge_paths, progress_options, warn

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
        "results",
        parents=[common],
        help="how a cohort did: trainees, topics and every question",
        description="Quiz results. With --session: one line per trainee, the cohort per topic, the score\n"
        "distribution and an item analysis of every question (after Moodle's quiz statistics).\n"
        "Without: every attempt, one line each. docs/trainer.md explains the figures.",
    )
    results.add_argument(
        "action",
        nargs="?",
        choices=("regrade",),
        metavar="regrade",
        help="regrade: accept an answer to a short-answer question (--session, --question, "
        "--accept) in every attempt at the session, and keep an audit row",
    )
    results.add_argument("--session", metavar="NAME", help="one named session (the cohort view)")
    results.add_argument("--question", metavar="ID", help="with regrade: the short-answer question")
    results.add_argument(
        "--accept",
        metavar="TEXT",
        help="with regrade: the answer to accept (typos forgiven as when answers are scored)",
    )
    results.add_argument("--trainee", metavar="NAME", help="only this trainee's attempts (any case)")
    output = results.add_mutually_exclusive_group()
    output.add_argument("--csv", action="store_true", help="CSV, one row per attempt (or see below)")
    output.add_argument(
        "--json",
        action="store_true",
        help="one JSON object: attempts (with answers), facility, trainees, items and test",
    )
    views = results.add_mutually_exclusive_group()
    views.add_argument("--items", action="store_true", help="with --csv: one row per question (item analysis)")
    views.add_argument("--trainees", action="store_true", help="with --csv: one row per trainee")
    views.add_argument(
        "--per-question",
        action="store_true",
        help="with --csv: one row per attempt and question, with its text and the answer given",
    )
    views.add_argument(
        "--facility",
        action="store_true",
        help="with --csv: one row per question, the share of all answers that were right",
    )
    results.add_argument(
        "--stale",
        metavar="MINUTES",
        type=finite_number(0, MAX_STALE_MINUTES),
        default=30.0,
        help="a running attempt with no answer for this long is stale (default 30)",
    )
    from aco_tui.cli.session_option import add_sessions_option

    add_sessions_option(results)
    results.set_defaults(handler=run_results)


def open_store(data_dir: str | None, database: str | None = None) -> ProgressStore:
    """The progress database of ``--data-dir`` or ``--database`` (tests replace this function)."""
    from aco_tui.storage import open_progress

    return open_progress(data_dir, database)


def quiz_bank(args: argparse.Namespace, warnings: list[str] | None = None) -> Bank | None:
    """The question bank of ``--content`` (None, with a warning, when it is unusable): the warning is
    printed, or added to ``warnings`` for the caller to print once it has succeeded."""
    from aco_tui.cli.session_option import session_files
    from aco_tui.errors import DataError
    from aco_tui.quiz.bank_cache import load_bank_cached
    from aco_tui.quiz.session_files import with_trainer_sessions

    try:
        return with_trainer_sessions(load_bank_cached(knowledge_paths(args).content / "quiz"), session_files(args))
    except DataError as err:  # the report still works, with question ids only
        warning = f"{err}; questions are shown by id only"
        if warnings is None:
            warn(warning)
        else:
            warnings.append(warning)
        return None


def _validate(args: argparse.Namespace) -> str | None:
    """The CSV view asked for, if any."""
    from aco_tui.errors import UsageError

    if args.action == "regrade":
        if not (args.session and args.question and args.accept):
            raise UsageError("regrade needs --session NAME, --question ID and --accept TEXT")
        return None
    if args.question or args.accept:
        raise UsageError("--question and --accept go with 'results regrade'")
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


def _regrade(args: argparse.Namespace, store: ProgressStore, bank: Bank | None) -> int:
    """``results regrade``: accept an answer, print what changed (one line)."""
    from aco_tui.env import login_name, named_trainee
    from aco_tui.quiz.plan import utc_now
    from aco_tui.quiz.regrade import regrade_short

    result = regrade_short(
        store, bank, args.session, args.question, args.accept, named_trainee(None) or login_name(), utc_now()
    )  # the caller closes the store
    print(result.line())
    return 0


def run_results(args: argparse.Namespace) -> int:
    """Handler of ``aco-tui results``."""
    from datetime import timedelta

    from aco_tui.quiz.attempts import close_overdue
    from aco_tui.quiz.cohort import build_report
    from aco_tui.quiz.plan import utc_now
    from aco_tui.quiz.results_formats import WRITERS, ResultsData

    view = _validate(args)
    store = open_store(*progress_options(args))  # first: a database that cannot be opened is the one line
    warnings: list[str] = []  # printed once the report is (an error is the one line)
    try:
        bank = quiz_bank(args, warnings)
        if args.action == "regrade":
            return _regrade(args, store, bank)
        close_overdue(store, utc_now(), bank)  # nothing is shown live after its deadline
        attempts = select(store, args.session, args.trainee, bank)
        needed = answers_needed(args, view, attempts)
        answers = store.answers(needed) if needed else []
        warnings += store.notices
    finally:
        store.close()
    for warning in warnings:
        warn(warning)
    questions = bank.questions if bank else {}
    stale_after = timedelta(minutes=args.stale)
    report = None
    if args.session:
        spec = bank.sessions.get(args.session) if bank else None
        report = build_report(
            args.session, attempts, answers, questions, title=spec.title if spec else "", stale_after=stale_after
        )
    data = ResultsData(attempts, answers, report, questions, stale_after, filtered=args.trainee is not None)
    fmt = "json" if args.json else view or ("csv" if args.csv else "text")
    sys.stdout.write(WRITERS[fmt](data))
    return 0
