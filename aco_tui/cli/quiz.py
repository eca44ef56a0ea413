"""``aco-tui quiz``. Nothing heavy is imported until a handler runs."""

from __future__ import annotations

import argparse
import sys

from aco_tui.cli.parser import knowledge_paths, progress_options, warn, whole_number
from aco_tui.cli.session_option import add_sessions_option, session_files
from aco_tui.env import login_name, named_trainee

DEFAULT_COUNT = 10  # practice questions (and most review questions) when --count is not given
MAX_SEED = 2**63 - 1  # the database keeps a seed as a 64-bit integer

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from aco_tui.cli.parser import Subcommands
    from aco_tui.quiz.service import QuizService


def _list(values: list[str] | None) -> list[str]:
    """Repeatable, comma-separated option values, in order, without repeats."""
    items: list[str] = []
    for value in values or []:
        items += [v.strip() for v in value.split(",") if v.strip() and v.strip() not in items]
    return items


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add the ``quiz`` sub-command."""
    quiz = commands.add_parser(
        "quiz",
        parents=[common],
        help="take a quiz (in the app, or line by line with --plain)",
        description="Take a quiz: a named onboarding session, or practice questions on chosen topics.",
    )
    quiz.add_argument(
        "--plain", action="store_true", help="no full-screen app: questions and answers line by line on stdin/stdout"
    )
    quiz.add_argument("--session", metavar="NAME", help="a named session from content/quiz/sessions.toml")
    quiz.add_argument("--name", metavar="NAME", help="your name, as your trainer will see it in the results")
    quiz.add_argument(
        "--topic",
        metavar="T",
        action="append",
        help="practice questions on this topic (repeat or separate with commas)",
    )
    quiz.add_argument("--level", metavar="L", action="append", help="intro, core or advanced (repeatable)")
    quiz.add_argument(
        "--count",
        metavar="N",
        type=int,
        help=f"number of practice questions, or most review questions (default {DEFAULT_COUNT})",
    )
    quiz.add_argument(
        "--seed", metavar="N", type=whole_number(0, MAX_SEED), help="seed for a reproducible practice quiz"
    )
    quiz.add_argument("--review", action="store_true", help="ask the questions due for review, most overdue first")
    quiz.add_argument("--due", action="store_true", help="print how many questions are due for review, and exit")
    quiz.add_argument(
        "--list-sessions",
        action="store_true",
        help="print the named sessions with their settings (and any left out, with why), and exit",
    )
    add_sessions_option(quiz)
    quiz.add_argument(
        "--live", metavar="CODE", help="join the live session your trainer is running (the code they gave you)"
    )
    quiz.set_defaults(handler=run_quiz)


def _list_sessions(service: QuizService) -> int:
    from aco_tui.quiz.sessions import settings_line
    from aco_tui.safe_text import strip_control

    for spec in service.sessions():
        print(f"{spec.name}\t{strip_control(spec.title)}\t{settings_line(spec)}")
    for _, why in service.bank.left_out:
        print(f"left out: {strip_control(why)}")
    return 0


def _trainee(args: argparse.Namespace) -> str:
    chosen = named_trainee(args.name)  # over SSH the SSH user, whatever --name says
    if chosen:
        return chosen
    if args.session or args.live:
        from aco_tui.errors import UsageError

        raise UsageError('a session needs your name: add --name "Your Name"')
    return login_name()


def _validate(args: argparse.Namespace) -> tuple[list[str], list[str]]:
    from aco_tui.errors import UsageError
    from aco_tui.knowledge.topics import TOPICS
    from aco_tui.quiz.fields import LEVELS

    topics, levels = _list(args.topic), _list(args.level)
    for value, allowed, what in [(t, TOPICS, "topic") for t in topics] + [(v, LEVELS, "level") for v in levels]:
        if value not in allowed:
            raise UsageError(f"unknown {what} {value!r}; choose from {', '.join(allowed)}")
    if args.live and (
        args.session
        or topics
        or levels
        or args.review
        or args.due
        or args.seed is not None
        or args.count is not None
        or args.list_sessions
    ):
        raise UsageError("--live cannot be combined with other quiz options (but --plain and --name)")
    if args.session and (topics or levels or args.review or args.seed is not None):
        raise UsageError("--session cannot be combined with --topic, --level, --seed or --review")
    if args.count is not None and args.count < 1:
        raise UsageError("--count must be at least 1")
    return topics, levels


def run_quiz(args: argparse.Namespace) -> int:
    """Handler of ``aco-tui quiz``."""
    topics, levels = _validate(args)
    if args.live:
        from aco_tui.cli.live_join import join_live

        return join_live(args, _trainee(args))
    paths = knowledge_paths(args)
    quiz_dir = paths.content / "quiz"
    files = session_files(args)
    if not (args.plain or args.due or args.list_sessions):
        if args.session:
            from aco_tui.quiz.service import QuizService
            from aco_tui.storage import open_progress

            # Fail here, not inside the app: an unknown or bad session, its window or its attempts.
            checking = QuizService.open(quiz_dir, None, open_progress(*progress_options(args)), session_files=files)
            try:
                checking.check_session(args.session, named_trainee(args.name) or login_name())
            finally:
                if checking.progress is not None:
                    checking.progress.close()
        from aco_tui.cli.app import run_app
        from aco_tui.quiz.start import QuizStart

        start = QuizStart(
            session=args.session,
            topics=tuple(topics),
            levels=tuple(levels),
            count=args.count,
            seed=args.seed,
            review=args.review,
        )
        return run_app(args, quiz=start, trainee=args.name, session_files=tuple(files))
    from aco_tui.knowledge.store import load_store
    from aco_tui.quiz.run import QuizRun
    from aco_tui.quiz.service import QuizService
    from aco_tui.storage import open_progress

    store = load_store(paths.store) if args.plain else None
    if args.list_sessions:
        return _list_sessions(QuizService.open(quiz_dir, store, session_files=files))
    trainee = _trainee(args)
    progress = open_progress(*progress_options(args))
    service = QuizService.open(quiz_dir, store, progress, session_files=files)
    count = DEFAULT_COUNT if args.count is None else args.count
    for notice in service.notices:
        warn(notice)
    if args.due:
        print(due_report(service, trainee))
        return 0
    from aco_tui.quiz.plain import status_printer
    from aco_tui.quiz.plain_run import run_plain

    progress.status_listener = status_printer(sys.stdout)  # "Reconnecting to the database..." between lines
    run: QuizRun | None
    if args.session:
        run = service.start_session(args.session, trainee)
    elif args.review:
        review = service.start_review(trainee, limit=count)
        if review is None:
            print("Nothing is due for review.")
            return 0
        run = review
    else:
        run = service.start_practice(trainee, topics, levels, count=count, seed=args.seed)
    from aco_tui.quiz.attempts import resume_line

    return run_plain(run, sys.stdin, sys.stdout, resume_line(run, service.clock()) if run.resumed else "")


def due_report(service: QuizService, trainee: str) -> str:
    """``quiz --due``: the one due count (as the Quiz pane and ``progress`` show it), as a sentence,
    with what to do about it or when the next question falls due."""
    from aco_tui.quiz.progress_report import due_sentence

    due = service.due_count(trainee)
    if due:
        return f"{due_sentence(due)} Run 'aco-tui quiz --review' to answer them."
    now = service.clock()
    later = [
        c.due
        for c in (service.progress.cards(trainee) if service.progress else ())
        if c.question in service.bank.questions and c.due > now
    ]
    if not later:
        return f"{due_sentence(0)} Questions you answer come back for review later."
    return f"{due_sentence(0)} The next falls due at {min(later).astimezone().strftime('%Y-%m-%d %H:%M')}."
