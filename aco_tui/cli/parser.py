"""What every command's parser shares: the help formatter, the common options, and the paths they name.

Every command builds the whole parser, ``aco-tui lookup`` included, so this module imports only the
standard library's lightest modules; the paths are resolved (with :mod:`pathlib`) only when asked."""

from __future__ import annotations

import argparse
import os
import sys

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, NoReturn, TypeAlias

    from aco_tui.knowledge.paths import KnowledgePaths

    Subcommands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

PROG = "aco-tui"
MAX_STALE_MINUTES = 10**8  # --stale: more is "never stale" (and beyond what a time span can hold)
VALUE_OPTIONS = ("--store", "--content", "--data-dir", "--database")  # the common options that take a value


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter (epilogs keep their line breaks), sized without importing shutil:
    argparse builds one per argument, and that import alone is a tenth of a cold `aco-tui lookup`."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        if width is None:
            try:
                width = int(os.environ.get("COLUMNS", "")) or os.get_terminal_size(sys.stdout.fileno()).columns
            except (ValueError, OSError):
                width = 80
            width = max(width - 2, 40)
        super().__init__(prog, indent_increment, max_help_position, width)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser (and sub-parsers) using :class:`HelpFormatter` by default, whose errors are
    one line (the usage is what ``--help`` is for)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def _get_values(self, action: argparse.Action, arg_strings: list[str]) -> object:
        # Python 3.11's argparse turns "--opt=--" into an empty list, which no option expects
        # (found by tests/cli/test_cli_fuzz.py; later Pythons keep "--" as the value).
        if action.option_strings and action.nargs is None and arg_strings == ["--"]:
            self.error(f"argument {action.option_strings[-1]}: expected one argument")
        return super()._get_values(action, arg_strings)

    def error(self, message: str) -> NoReturn:
        """One line: over SSH naming only what SSH allows (the local usage lists options SSH refuses)."""
        from aco_tui.env import SSH_ENV
        from aco_tui.safe_text import visible

        if message.startswith("argument ") and ": " in message:  # "argument --seed: must be..."
            option, _, why = message[len("argument ") :].partition(": ")
            message = f"{option} {why}"
        if os.environ.get(SSH_ENV) == "1":
            from aco_tui.ssh.policy import ssh_usage

            command = self.prog.split()[-1] if " " in self.prog else _command_word(sys.argv[1:])
            self.exit(2, f"{PROG} {visible(command)}: {visible(message)} (over SSH: {ssh_usage(command)})\n")
        self.exit(2, f"{PROG}: {visible(message)} (see '{visible(self.prog)} --help')\n")


def whole_number(low: int, high: int, clamp: bool = False) -> Callable[[str], int]:
    """An argparse ``type``: a whole number from ``low`` to ``high`` (with ``clamp``, a larger one
    counts as ``high``); anything else is a one-line error naming the range."""

    def parse(text: str) -> int:
        try:
            number = int(text.strip(), 10)
        except ValueError:
            number = None
        if number is None or number < low or (number > high and not clamp):
            most = "" if clamp else f" to {high}"
            raise argparse.ArgumentTypeError(f"must be a whole number from {low}{most}, not {_shown(text)}")
        return min(number, high)

    return parse


def finite_number(low: float, high: float, clamp: bool = True) -> Callable[[str], float]:
    """An argparse ``type``: a number above ``low`` and at most ``high`` (a larger one counts as
    ``high`` when ``clamp``); ``nan``, ``inf`` and words are a one-line error."""

    def parse(text: str) -> float:
        try:
            number = float(text)
        except ValueError:
            number = float("nan")
        if (
            number != number
            or number in (float("inf"), float("-inf"))
            or number <= low
            or (number > high and not clamp)
        ):
            what = "a positive number" if low == 0 else f"a number above {low:g}"
            most = "" if clamp else f" and at most {high:g}"
            raise argparse.ArgumentTypeError(f"must be {what}{most}, not {_shown(text)}")
        return min(number, high)

    return parse


def _shown(text: str) -> str:
    from aco_tui.safe_text import echo_quoted

    return echo_quoted(text)


def warn(message: str) -> None:
    """``aco-tui: MESSAGE`` on stderr, through the one safe-text path (a file name or a value quoted in
    it may hold escape sequences or bytes that are not UTF-8)."""
    from aco_tui.safe_text import visible

    print(f"{PROG}: {visible(message)}", file=sys.stderr)


def _command_word(argv: list[str]) -> str:
    """The first word of ``argv`` that is neither an option nor a common option's value."""
    words = iter(argv)
    for word in words:
        if word in VALUE_OPTIONS:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return PROG


def common_options() -> argparse.ArgumentParser:
    """The options every command takes: where the store, the content and the user data are."""
    common = Parser(add_help=False)
    common.add_argument(
        "--store",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="excerpt store to read (default: the shipped store.json; env ACO_TUI_STORE)",
    )
    common.add_argument(
        "--content",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="content directory (default: the shipped content/; env ACO_TUI_CONTENT)",
    )
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="where progress and results are kept (default: the user data directory; env ACO_TUI_DATA)",
    )
    common.add_argument(
        "--database",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="keep progress and results in PostgreSQL instead, e.g. postgresql://aco@db:5432/aco "
        "(needs aco-tui[postgres]; password from ~/.pgpass; env ACO_TUI_DATABASE)",
    )
    return common


def knowledge_paths(args: argparse.Namespace) -> KnowledgePaths:
    """The store and content directory named by ``--store`` / ``--content`` (or their defaults)."""
    from aco_tui.knowledge.paths import KnowledgePaths  # pathlib and dataclasses: not while parsing

    return KnowledgePaths.resolve(getattr(args, "store", None), getattr(args, "content", None))


def data_dir_option(args: argparse.Namespace) -> str | None:
    """``--data-dir`` as given, or None for the default."""
    return getattr(args, "data_dir", None)


def progress_options(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """``(--data-dir, --database)`` as given (None: the default), for
    :func:`aco_tui.storage.open_progress`: a database URL, given or in ``ACO_TUI_DATABASE``, wins."""
    return data_dir_option(args), getattr(args, "database", None)
