"""The ``aco-tui`` command line. Each command imports only what it needs, so that
``aco-tui lookup`` never pays for (or depends on) Textual."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

import aco_tui
from aco_tui.cli.parser import PROG, VALUE_OPTIONS, Parser, common_options, warn
from aco_tui.errors import AcoError

# The module that registers each command (none imports anything heavy until its handler runs), in
# the order --help lists them. A command line that names one command builds only that command's
# parser: ten modules imported for nothing were a tenth of a cold `aco-tui lookup`.
COMMAND_MODULES = {
    "app": "app",
    "check": "check",
    "lookup": "lookup",
    "define": "lookup",
    "read": "read",
    "quiz": "quiz",
    "learn": "learn",
    "progress": "learn",
    "results": "results",
    "serve": "serve",
    "trainer": "trainer",
    "live": "live",
    "db": "db",
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


# Arguments that may hold any bytes: file names (kept as the operating system gave them), and the
# words that are searched or matched and only ever shown escaped. Every other text argument ends up
# in the database or on the screen, so it must be UTF-8.
ANY_BYTES = frozenset(
    {"store", "content", "data_dir", "file", "json", "host_key", "authorized_keys", "query", "term", "section", "pane"}
)


def check_text(args: argparse.Namespace) -> None:
    """Refuse a text argument that is not UTF-8 (bytes that are not arrive as lone surrogates).

    Raises:
        UsageError: which one, shown escaped.
    """
    for name, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            if name not in ANY_BYTES and isinstance(item, str) and not _is_utf8(item):
                from aco_tui.errors import UsageError
                from aco_tui.safe_text import echo_quoted

                option = name if name in ("pane", "file") else "--" + name.replace("_", "-")
                raise UsageError(
                    f"{option} is not valid UTF-8 text: {echo_quoted(item)} (is the terminal set to UTF-8?)"
                )


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line: every command's sub-parser, or only that of the command ``only``."""
    common = common_options()
    parser = Parser(
        prog=PROG, parents=[common], description="Learn how Accountable Care Organisations in the English NHS work."
    )
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
    try:
        args = parser.parse_args(words)
    except SystemExit as done:  # --help, --version's kin, or one line about a bad argument
        return done.code if isinstance(done.code, int) else 2
    if args.version:
        print(f"{PROG} {aco_tui.__version__}")
        return 0
    handler = getattr(args, "handler", None)
    if handler is None:  # no command: the app
        from aco_tui.cli.app import run_app

        handler = run_app
    try:
        check_text(args)
        return int(handler(args))
    except AcoError as err:  # one line, whatever a file name or a value in it holds
        warn(str(err))
        return err.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `aco-tui lookup x | head -1`): not an error of ours.
        sys.stderr.close()
        return 0
    except OSError as err:  # a path given that the system refuses (too long, a loop...): one line
        from aco_tui.safe_text import echo_quoted

        where = f"{echo_quoted(os.fsdecode(err.filename))}: " if err.filename else ""
        warn(f"{where}{err.strerror or err}")
        return 2
