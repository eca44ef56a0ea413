"""``aco-tui trainer --live CODE``: the console of a live room. Nothing heavy is imported until it runs."""

from __future__ import annotations

import argparse
import sys

from aco_tui.cli.parser import PROG, knowledge_paths, progress_options

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from collections.abc import Callable

    from aco_tui.quiz.model import Question


def teaching_sections(args: argparse.Namespace) -> Callable[[Question], str | None]:
    """``teaches(question)``: the explainer section that teaches a question, in words (None: unknown)."""
    from aco_tui.errors import DataError
    from aco_tui.knowledge.base import load_knowledge
    from aco_tui.quiz.links import teaching_section

    try:
        content = load_knowledge(knowledge_paths(args)).content
    except DataError:
        return lambda question: None

    def teaches(question: Question) -> str | None:
        target = teaching_section(question, content)
        return None if target is None else f"{target.label} ({target.pane}#{target.section})"

    return teaches


def run_live_console(args: argparse.Namespace) -> int:
    """Open the console of room ``--live`` (an unknown or ended code: one line, exit 2)."""
    from aco_tui.cli.app import terminal_problem
    from aco_tui.cli.live import excerpt_store, live_bank, open_store
    from aco_tui.quiz.live import LiveHost
    from aco_tui.quiz.live_report import final_report

    bank = live_bank(args)
    progress = open_store(*progress_options(args))
    try:
        host = LiveHost(progress, bank, args.live, excerpt_store(args))
        problem = terminal_problem()
        if problem:
            print(f"{PROG}: {problem}; try 'aco-tui live status {host.code}'", file=sys.stderr)
            return 2
        teaches = teaching_sections(args)
        from aco_tui.ui.trainer.live_console import LiveConsoleApp

        app = LiveConsoleApp(host, lambda h: final_report(h, teaches))
        app.run()
    finally:
        progress.close()
    return app.return_code or 0
