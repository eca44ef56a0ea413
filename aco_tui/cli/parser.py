"""What every command's parser shares: the help formatter, the common options, and the paths they name.

Every command builds the whole parser, ``aco-tui lookup`` included, so this module imports only the
standard library's lightest modules; the paths are resolved (with :mod:`pathlib`) only when asked."""

from __future__ import annotations

import argparse
import os
import sys

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from typing import NoReturn, TypeAlias

    from aco_tui.knowledge.paths import KnowledgePaths

    Subcommands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

PROG = "aco-tui"
VALUE_OPTIONS = ("--store", "--content", "--data-dir", "--database")  # the common options that take a value


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
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


class Parser(argparse.ArgumentParser):
    """An ArgumentParser (and sub-parsers) using :class:`HelpFormatter` by default."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        """Over SSH, one line naming only what SSH allows (the local usage lists options SSH refuses)."""
        from aco_tui.env import SSH_ENV

        if os.environ.get(SSH_ENV) == "1":
            from aco_tui.ssh.policy import ssh_usage

            command = self.prog.split()[-1] if " " in self.prog else _command_word(sys.argv[1:])
            self.exit(2, f"{PROG} {command}: {message} (over SSH: {ssh_usage(command)})\n")
        super().error(message)


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
    common.add_argument("--store", metavar="PATH", default=argparse.SUPPRESS,
                        help="excerpt store to read (default: the shipped store.json; env ACO_TUI_STORE)")
    common.add_argument("--content", metavar="DIR", default=argparse.SUPPRESS,
                        help="content directory (default: the shipped content/; env ACO_TUI_CONTENT)")
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help="where progress and results are kept (default: the user data directory; env ACO_TUI_DATA)")
    common.add_argument("--database", metavar="URL", default=argparse.SUPPRESS,
                        help="keep progress and results in PostgreSQL instead, e.g. postgresql://aco@db:5432/aco "
                             "(needs aco-tui[postgres]; password from ~/.pgpass; env ACO_TUI_DATABASE)")
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
