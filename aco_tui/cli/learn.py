"""``aco-tui learn [PANE]`` and ``aco-tui progress``: the learning path, and where a trainee stands.

Nothing heavy is imported until a handler runs (every command builds the whole parser).
"""

from __future__ import annotations

import argparse
import sys

from aco_tui.cli.parser import knowledge_paths, progress_options, warn
from aco_tui.env import login_name, named_trainee
from aco_tui.knowledge.topics import TEACHING_PANES as LEARN_PANES

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from aco_tui.cli.parser import Subcommands
    from aco_tui.knowledge.content import Section


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add the ``learn`` and ``progress`` sub-commands."""
    learn = commands.add_parser(
        "learn",
        parents=[common],
        help="learn a pane: pretest, read and check each section, posttest",
        description="A learning path through one reading pane: a short pretest (not scored), then each section "
        "read and checked with a question, then a posttest of different questions. 80% on the "
        "posttest masters the pane; below it, the sections missed are read again and retested. "
        "Your place is saved after every step.",
    )
    learn.add_argument(
        "pane",
        nargs="?",
        choices=LEARN_PANES,
        metavar="PANE",
        help=f"one of {', '.join(LEARN_PANES)} (in the app: the pane to start on)",
    )
    learn.add_argument("--plain", action="store_true", help="line by line on stdin/stdout, as quiz --plain")
    learn.add_argument("--name", metavar="NAME", help="your name, as your trainer sees it (default: your login)")
    learn.add_argument("--restart", action="store_true", help="start the path again from the pretest")
    learn.set_defaults(handler=run_learn)

    progress = commands.add_parser(
        "progress",
        parents=[common],
        help="what you have read, checked and mastered, and your predicted recall",
        description="Per topic: sections read, learning-path checks right, mastery, and the predicted chance of "
        "recall in 7 days (FSRS, from your answers so far; a question whose last answer was wrong "
        "counts as 0 until you answer it right); the reviews due now (the same count as the Quiz "
        "pane and 'quiz --due') and falling due in the next 14 days; the days you studied.",
    )
    progress.add_argument("--name", metavar="NAME", help="whose progress (default: your login, or the SSH user)")
    progress.add_argument("--json", action="store_true", help="one JSON object")
    progress.set_defaults(handler=run_progress)


def _trainee(args: argparse.Namespace) -> str:
    return named_trainee(args.name) or login_name()  # over SSH: the SSH user, never --name


def run_learn(args: argparse.Namespace) -> int:
    """Handler of ``aco-tui learn``."""
    from aco_tui.errors import UsageError

    if not args.plain:
        from aco_tui.cli.app import run_app

        return run_app(args, learn_pane=args.pane or LEARN_PANES[0], trainee=args.name)
    if not args.pane:
        raise UsageError(f"learn --plain needs a pane: one of {', '.join(LEARN_PANES)}")
    from aco_tui.knowledge.base import load_knowledge
    from aco_tui.quiz.learn_plain import run_learn_plain
    from aco_tui.quiz.service import QuizService
    from aco_tui.render.plain import section_lines
    from aco_tui.storage import open_progress

    knowledge = load_knowledge(knowledge_paths(args)).require_usable()
    trainee = _trainee(args)

    def section_text(section: Section) -> str:
        """The section as ``read`` prints it: text, then its citations as footnotes quoting the excerpts."""
        return "\n".join(section_lines(knowledge.store, section, 78)[2:])  # the path prints the title itself

    from aco_tui.quiz.plain import status_printer

    progress = open_progress(*progress_options(args))
    progress.status_listener = status_printer(sys.stdout)
    service = QuizService.open(knowledge.paths.content / "quiz", knowledge.store, progress)
    for notice in service.notices:
        warn(notice)
    try:
        return run_learn_plain(
            service, knowledge.content, trainee, args.pane, sys.stdin, sys.stdout, section_text, restart=args.restart
        )
    except ValueError as err:
        raise UsageError(str(err)) from None


def run_progress(args: argparse.Namespace) -> int:
    """Handler of ``aco-tui progress``."""
    from aco_tui.cli.session_option import session_files
    from aco_tui.knowledge.base import load_knowledge
    from aco_tui.quiz.bank_cache import load_bank_cached
    from aco_tui.quiz.plan import utc_now
    from aco_tui.quiz.progress_report import progress_report
    from aco_tui.quiz.session_files import with_trainer_sessions
    from aco_tui.storage import open_progress

    knowledge = load_knowledge(knowledge_paths(args)).require_usable()
    progress = open_progress(*progress_options(args))
    for notice in progress.notices:
        warn(notice)
    # With the trainer's sessions (DATA/sessions.toml), as the quiz has them: an overdue attempt at
    # one is closed by the report, and its closed-book answers are scheduled then.
    bank = with_trainer_sessions(load_bank_cached(knowledge.paths.content / "quiz"), session_files(args))
    report = progress_report(_trainee(args), bank, knowledge.content, progress, utc_now())
    print(report.as_json() if args.json else report.as_text())
    return 0
