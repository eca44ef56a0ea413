"""Where user data lives: ``--data-dir``, then ``ACO_TUI_DATA``, then the platform's user data directory."""

from __future__ import annotations

import os
from pathlib import Path

from aco_tui.env import DATA_ENV

APP_NAME = "aco-tui"


def resolve_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory to use (not created here)."""
    if override:
        return Path(override).expanduser()
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).expanduser()
    from platformdirs import user_data_dir  # 30 ms to import: only when no directory was given

    return Path(user_data_dir(APP_NAME, appauthor=False))
