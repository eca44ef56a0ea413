"""``aco-tui check``: the knowledge base and the question bank, each checked by its own layer."""

from __future__ import annotations

import argparse

from aco_tui.errors import DataError

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from aco_tui.cli.parser import Subcommands


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add the ``check`` sub-command."""
    check = commands.add_parser("check", parents=[common], help="validate the store, the content and the quiz bank")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    from aco_tui.cli.session_option import add_sessions_option

    add_sessions_option(check)
    check.set_defaults(handler=run_check)


def run_check(args: argparse.Namespace) -> int:
    """Handler of ``aco-tui check``: always the files as they are (no start-up cache)."""
    # Lookup budget: imported here, not while parsing: every command builds the whole parser.
    from aco_tui.cli.parser import knowledge_paths
    from aco_tui.cli.session_option import session_files
    from aco_tui.knowledge.base import load_knowledge
    from aco_tui.knowledge.check import CheckReport, check_knowledge
    from aco_tui.quiz.check import check_bank

    try:
        knowledge = load_knowledge(knowledge_paths(args), use_cache=False)
    except DataError as err:
        report = CheckReport(errors=[str(err)])
    else:
        report = check_knowledge(knowledge)
        quiz_dir = knowledge.paths.content / "quiz"
        if quiz_dir.is_dir():
            report = report.merged(
                check_bank(quiz_dir, knowledge.store.excerpts, knowledge.content, session_files(args))
            )
    from aco_tui.safe_text import visible  # file names and texts quoted in problems: escapes shown, not obeyed

    print(report.as_json() if args.json else visible(report.as_text(), keep_newlines=True))
    return 0 if report.ok else 1
