"""``aco-tui trainer``: the trainer's live dashboard. Nothing heavy is imported until it runs."""

from __future__ import annotations

import argparse
import sys

from aco_tui.cli.parser import MAX_STALE_MINUTES, PROG, finite_number, knowledge_paths, progress_options, warn

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import timedelta

    from aco_tui.cli.parser import Subcommands
    from aco_tui.quiz.cohort import CohortReport
    from aco_tui.quiz.model import Bank
    from aco_tui.storage.progress import ProgressStore
    from aco_tui.storage.records import Answer, Attempt


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add the ``trainer`` sub-command."""
    trainer = commands.add_parser(
        "trainer",
        parents=[common],
        help="the trainer's live dashboard of a session",
        description="A live view of one session: trainees (who is on which question, who has stopped),\n"
        "questions (facility, discrimination, flagged ones), topics and the score distribution.\n"
        "It refreshes by itself every few seconds.",
    )
    trainer.add_argument(
        "--session", metavar="NAME", help="the session to show (default: the one most recently attempted)"
    )
    trainer.add_argument(
        "--every", metavar="SECONDS", type=finite_number(0, 86400), default=2.0, help="how often to refresh (default 2)"
    )
    trainer.add_argument(
        "--stale",
        metavar="MINUTES",
        type=finite_number(0, MAX_STALE_MINUTES),
        default=30.0,
        help="a running attempt with no answer for this long is stale (default 30)",
    )
    trainer.add_argument(
        "--live",
        metavar="CODE",
        help="the console of a live room (see 'aco-tui live'): next, close, reveal, end on keys",
    )
    trainer.add_argument("--choose", action="store_true", help=argparse.SUPPRESS)  # the SSH trainer's menu
    trainer.set_defaults(handler=run_trainer)


def open_store(data_dir: str | None, database: str | None = None) -> ProgressStore:
    """The progress database of ``--data-dir`` or ``--database`` (tests replace this function)."""
    from aco_tui.storage import open_progress

    return open_progress(data_dir, database)


def make_loader(store: ProgressStore, bank: Bank | None, stale_after: timedelta) -> Callable[[str], CohortReport]:
    """``load(session)`` for the dashboard, on one open store (the SQLite store may be used from the
    dashboard's worker threads). Cheap when little changes: answers are fetched only for attempts
    that moved (started, answered or ended), and the item analysis is reused while the counted
    attempts stay the same; trainees' rows are always rebuilt, since "stale" follows the clock."""
    from aco_tui.quiz.attempts import close_overdue
    from aco_tui.quiz.cohort import build_report
    from aco_tui.quiz.plan import utc_now

    questions = bank.questions if bank else {}
    titles = {name: spec.title for name, spec in bank.sessions.items()} if bank else {}
    seen: dict[str, tuple[Attempt, list[Answer]]] = {}  # by attempt id: the record its answers go with
    last: dict[str, CohortReport] = {}

    def load(session: str) -> CohortReport:
        close_overdue(store, utc_now(), bank)  # nothing is shown live after its deadline
        attempts = store.attempts(session)
        moved = [a for a in attempts if a.id not in seen or seen[a.id][0] != a]
        if moved:
            fresh: dict[str, list[Answer]] = {a.id: [] for a in moved}
            for answer in store.answers([a.id for a in moved]):
                fresh[answer.attempt].append(answer)
            seen.update({a.id: (a, fresh[a.id]) for a in moved})
        answers = [answer for a in attempts for answer in seen[a.id][1]]
        report = last[session] = build_report(
            session,
            attempts,
            answers,
            questions,
            title=titles.get(session, ""),
            stale_after=stale_after,
            previous=last.get(session),
        )
        return report

    return load


def default_session(store: ProgressStore, bank: Bank | None, wanted: str | None) -> str:
    """``--session``, else the session most recently attempted, else the bank's first.

    Raises:
        UsageError: an unknown session, or no session at all.
    """
    from aco_tui.errors import UsageError
    from aco_tui.quiz.cohort import SESSION_KINDS

    attempted = [a.session for a in store.attempts() if a.kind in SESSION_KINDS and a.session]
    known = sorted(set(attempted) | set(bank.sessions if bank else ()))
    if wanted is not None:
        if wanted not in known:
            raise UsageError(f"no quiz session named {wanted!r} (sessions: {', '.join(known) or 'none'})")
        return wanted
    if attempted:
        return attempted[-1]
    if bank and bank.sessions:
        return next(iter(bank.sessions))
    raise UsageError("there is no quiz session to show (content/quiz/sessions.toml names none)")


def _excerpts(args: argparse.Namespace) -> Callable[[str], str | None]:
    from aco_tui.errors import DataError
    from aco_tui.knowledge.store import load_store

    try:
        store = load_store(knowledge_paths(args).store)
    except DataError:
        return lambda ident: None
    return lambda ident: store.citation_text(ident).replace("\n", " \u2014 ") if ident in store.excerpts else None


def run_trainer(args: argparse.Namespace) -> int:
    """Handler of ``aco-tui trainer``."""
    from datetime import timedelta

    from aco_tui.cli.app import run_app, terminal_problem
    from aco_tui.cli.results import quiz_bank
    from aco_tui.errors import UsageError

    if args.live:
        from aco_tui.cli.live_console import run_live_console

        return run_live_console(args)
    if args.every < 0.2:
        raise UsageError("--every must be at least 0.2 seconds")
    if args.stale <= 0:
        raise UsageError("--stale must be a positive number of minutes")
    problem = terminal_problem()
    if problem:
        print(f"{PROG}: {problem}; try 'aco-tui results --session NAME'", file=sys.stderr)
        return 2
    bank = quiz_bank(args)
    store = open_store(*progress_options(args))
    try:
        session = default_session(store, bank, args.session)
        for notice in store.notices:
            warn(notice)
        from aco_tui.ui.trainer.app import EXPLAINER, TrainerApp

        sessions = [(name, spec.title) for name, spec in bank.sessions.items()] if bank else []
        app = TrainerApp(
            make_loader(store, bank, timedelta(minutes=args.stale)),
            session,
            sessions=sessions,
            questions=bank.questions if bank else {},
            excerpt=_excerpts(args),
            interval=args.every,
            choose=args.choose,
        )
        choice = app.run()
    finally:
        store.close()
    if choice == EXPLAINER:
        return run_app(args)
    return app.return_code or 0
