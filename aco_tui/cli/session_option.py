"""``--sessions FILE`` and DATA/sessions.toml: the trainer's own session files, for every command
that reads sessions (quiz, results, check, live)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_sessions_option(parser: argparse.ArgumentParser) -> None:
    """``--sessions FILE``: a trainer's own sessions, besides DATA/sessions.toml (docs/session-format.md)."""
    parser.add_argument(
        "--sessions",
        metavar="FILE",
        help="your own sessions, merged with the shipped ones and DATA/sessions.toml (format: docs/session-format.md)",
    )


def session_files(args: argparse.Namespace) -> list[Path]:
    """The trainer's session files: DATA/sessions.toml (of --data-dir) and --sessions FILE."""
    from aco_tui.cli.parser import data_dir_option
    from aco_tui.errors import UsageError
    from aco_tui.quiz.session_files import trainer_session_files
    from aco_tui.storage.data_dir import resolve_data_dir

    extra = getattr(args, "sessions", None)
    files = trainer_session_files(resolve_data_dir(data_dir_option(args)), extra)
    if extra and not files[-1].is_file():
        raise UsageError(f"--sessions {extra}: no such file")
    return files
