"""The ``aco-tui`` command line. Each command imports only what it needs, so that
``aco-tui lookup`` never pays for (or depends on) Textual."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import aco_tui
from aco_tui.cli import app, check, db, learn, lookup, quiz, read, results, serve, trainer
from aco_tui.cli.parser import PROG, Parser, common_options
from aco_tui.errors import AcoError

# Each module registers its own commands; none imports anything heavy until its handler runs.
_COMMANDS = (app, check, lookup, read, quiz, learn, results, serve, trainer, db)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, one sub-parser per command."""
    common = common_options()
    parser = Parser(prog=PROG, parents=[common],
                    description="Learn how Accountable Care Organisations in the English NHS work.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _COMMANDS:
        module.register(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``aco-tui`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        print(f"{PROG} {aco_tui.__version__}")
        return 0
    handler = getattr(args, "handler", app.run_app)  # no command: the app
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
