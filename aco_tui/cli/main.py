"""The ``aco-tui`` command line. Each command imports only what it needs, so that
``aco-tui lookup`` never pays for (or depends on) Textual."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from aco_tui.errors import AcoError

PROG = "aco-tui"
TRAINEE_ENV = "ACO_TUI_TRAINEE"  # set by `aco-tui serve` for each SSH session
SSH_ENV = "ACO_TUI_SSH"


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter (epilogs keep their line breaks), sized without importing shutil:
    argparse builds one per argument, and that import alone is a tenth of a cold `aco-tui lookup`."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        if width is None:
            try:
                width = int(os.environ.get("COLUMNS", "")) or os.get_terminal_size(sys.stdout.fileno()).columns
            except (ValueError, OSError):
                width = 80
            width = max(width - 2, 40)
        super().__init__(prog, indent_increment, max_help_position, width)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser (and sub-parsers) using :class:`_HelpFormatter` by default."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)


def _common() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--store", metavar="PATH", default=argparse.SUPPRESS,
                        help="excerpt store to read (default: the shipped store.json; env ACO_TUI_STORE)")
    common.add_argument("--content", metavar="DIR", default=argparse.SUPPRESS,
                        help="content directory (default: the shipped content/; env ACO_TUI_CONTENT)")
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help="where progress and results are kept (default: the user data directory; env ACO_TUI_DATA)")
    return common


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, one sub-parser per command."""
    common = _common()
    parser = _Parser(prog=PROG, parents=[common],
                                     description="Learn how Accountable Care Organisations in the English NHS work.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("app", parents=[common], help="open the explainer app (the default)")

    check = commands.add_parser("check", parents=[common], help="validate the store, the content and the quiz bank")
    check.add_argument("--json", action="store_true", help="print one JSON object")

    _add_later_commands(commands, common)
    return parser


def _add_later_commands(commands, common) -> None:
    """Commands whose parsers live beside their code (each module is light to import)."""
    from aco_tui.cli import lookup as lookup_cli
    from aco_tui.cli import quiz as quiz_cli
    from aco_tui.cli import serve as ssh_cli

    for module in (lookup_cli, quiz_cli, ssh_cli):
        module.register(commands, common)


def _paths(args: argparse.Namespace):
    from aco_tui.knowledge.paths import KnowledgePaths

    return KnowledgePaths.resolve(getattr(args, "store", None), getattr(args, "content", None))


def run_check(args: argparse.Namespace) -> int:
    from aco_tui.knowledge.check import CheckReport, check_knowledge
    from aco_tui.errors import DataError
    from aco_tui.knowledge.base import load_knowledge

    try:
        report = check_knowledge(load_knowledge(_paths(args), use_cache=False))  # always the files as they are
    except DataError as err:
        report = CheckReport(errors=[str(err)])
    print(report.as_json() if args.json else report.as_text())
    return 0 if report.ok else 1


def _terminal_problem() -> str | None:
    if os.environ.get("TERM", "") == "dumb":
        return "this terminal (TERM=dumb) cannot show the full-screen app"
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return "the full-screen app needs a terminal"
    return None


def run_app(args: argparse.Namespace, **app_options) -> int:
    """Open the full-screen app (after checking the knowledge base and the terminal)."""
    from aco_tui.ui import startup_gc

    startup_gc.pause()  # resumed by the app once its first screen is up
    from aco_tui.knowledge.base import load_knowledge

    knowledge = load_knowledge(_paths(args)).require_usable()
    problem = _terminal_problem()
    if problem:
        print(f"{PROG}: {problem}; try 'aco-tui lookup QUERY', 'aco-tui define TERM' "
              "or 'aco-tui quiz --plain'", file=sys.stderr)
        return 2
    from aco_tui.ui.app import AcoApp

    app_options["trainee"] = app_options.get("trainee") or os.environ.get(TRAINEE_ENV) or None
    app_options.setdefault("ssh_mode", os.environ.get(SSH_ENV) == "1")
    app = AcoApp(knowledge, data_dir=getattr(args, "data_dir", None), **app_options)
    app.run()
    # The interpreter's final garbage collection walks every object the UI ever made (about
    # 180 ms measured); nothing is left to collect that matters at exit, so skip that walk.
    import gc

    gc.freeze()
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``aco-tui`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        from importlib.metadata import version

        print(f"{PROG} {version('aco-tui')}")
        return 0
    handler = getattr(args, "handler", None)
    try:
        if handler is not None:
            return handler(args)
        if args.command == "check":
            return run_check(args)
        return run_app(args)
    except AcoError as err:
        print(f"{PROG}: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `aco-tui lookup x | head -1`): not an error of ours.
        sys.stderr.close()
        return 0
