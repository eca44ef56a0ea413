"""The ``aco-tui`` command line. Each command imports only what it needs, so that
``aco-tui lookup`` never pays for (or depends on) Textual."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

import aco_tui
from aco_tui.cli.parser import PROG, VALUE_OPTIONS, Parser, common_options
from aco_tui.errors import AcoError

# The module that registers each command (none imports anything heavy until its handler runs), in
# the order --help lists them. A command line that names one command builds only that command's
# parser: ten modules imported for nothing were a tenth of a cold `aco-tui lookup`.
COMMAND_MODULES = {
    "app": "app", "check": "check", "lookup": "lookup", "define": "lookup", "read": "read", "quiz": "quiz",
    "learn": "learn", "progress": "learn", "results": "results", "serve": "serve", "trainer": "trainer",
    "live": "live", "db": "db",
}


def command_named(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names (the first word that is not an option or an option's value)."""
    words = iter(argv)
    for word in words:
        if word in VALUE_OPTIONS:
            next(words, None)
        elif not word.startswith("-"):
            return word if word in COMMAND_MODULES else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line: every command's sub-parser, or only that of the command ``only``."""
    common = common_options()
    parser = Parser(prog=PROG, parents=[common],
                    description="Learn how Accountable Care Organisations in the English NHS work.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    names = [COMMAND_MODULES[only]] if only else list(dict.fromkeys(COMMAND_MODULES.values()))
    for name in names:
        importlib.import_module(f"aco_tui.cli.{name}").register(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``aco-tui`` console script."""
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(command_named(words))
    args = parser.parse_args(words)
    if args.version:
        print(f"{PROG} {aco_tui.__version__}")
        return 0
    handler = getattr(args, "handler", None)
    if handler is None:  # no command: the app
        from aco_tui.cli.app import run_app

        handler = run_app
    try:
        return int(handler(args))
    except AcoError as err:
        print(f"{PROG}: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `aco-tui lookup x | head -1`): not an error of ours.
        sys.stderr.close()
        return 0
