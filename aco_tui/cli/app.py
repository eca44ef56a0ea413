"""``aco-tui`` and ``aco-tui app``: open the full-screen app (also used by ``aco-tui quiz``)."""

from __future__ import annotations

import argparse
import os
import sys

from aco_tui.cli.parser import PROG, knowledge_paths, progress_options
from aco_tui.env import SSH_ENV, named_trainee, served_quiz_session

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from typing import Any

    from aco_tui.cli.parser import Subcommands


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add the ``app`` sub-command (also what runs when no command is given)."""
    app = commands.add_parser("app", parents=[common], help="open the explainer app (the default)")
    app.set_defaults(handler=run_app)


def terminal_problem() -> str | None:
    if os.environ.get("TERM", "") == "dumb":
        return "this terminal (TERM=dumb) cannot show the full-screen app"
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return "the full-screen app needs a terminal"
    return None


def without_terminal_hint() -> str:
    """What works without the full-screen app, phrased for where we are: over SSH the commands are
    given to ssh, locally to aco-tui."""
    from aco_tui.ssh.policy import usage_list

    if os.environ.get(SSH_ENV) == "1":
        return f"connect again with one of these as the command: {usage_list()} (e.g. ssh HOST read --list)"
    return f"try {usage_list(PROG + ' ')}"


def run_app(args: argparse.Namespace, knowledge: Any = None, **app_options: Any) -> int:
    """Open the full-screen app (after checking the knowledge base and the terminal); ``knowledge``,
    when given, is a knowledge base already loaded (by the SSH session host), used as it is when it
    was loaded from the files ``args`` name and read afresh otherwise (and then so are a question
    bank and search index loaded with it, ``bank`` and ``search_index`` in ``app_options``)."""
    from aco_tui.ui import startup_gc  # lookup budget: cli/main imports this module for every command

    startup_gc.pause()  # resumed by the app once its first screen is up
    # Textual and the knowledge base are imported only now, after the collector is paused.
    from aco_tui.knowledge.base import load_knowledge

    paths = knowledge_paths(args)
    if knowledge is None or knowledge.paths != paths:
        knowledge = load_knowledge(paths).require_usable()
        for loaded_with_it in ("bank", "search_index"):  # read from other files: not for these
            app_options.pop(loaded_with_it, None)
    problem = terminal_problem()
    if problem:
        print(f"{PROG}: {problem}; {without_terminal_hint()}", file=sys.stderr)
        return 2
    from aco_tui.ui.app import AcoApp  # Textual: after the terminal check, and never for lookup

    app_options["trainee"] = named_trainee(app_options.get("trainee"))  # the SSH user, or --name cleaned
    landing = served_quiz_session()
    if landing and app_options.get("quiz") is None:  # `serve --quiz-session`: on its start page
        from aco_tui.quiz.start import QuizStart

        app_options["quiz"] = QuizStart(session=landing, start_page=True)
    app_options.setdefault("ssh_mode", os.environ.get(SSH_ENV) == "1")
    data_dir, database = progress_options(args)
    app = AcoApp(knowledge, data_dir=data_dir, database=database, **app_options)
    app.run()
    # The interpreter's final garbage collection walks every object the UI ever made (about
    # 180 ms measured); nothing is left to collect that matters at exit, so skip that walk.
    import gc

    gc.freeze()
    return app.return_code or 0
