"""Where the shipped knowledge base (``store.json`` and ``content/``) lives.

In a checkout the files sit at the top of the repository; in an installed wheel they are
shipped inside the package as ``aco_tui/_data``. This module is the one place that knows.
Tests and authors can point elsewhere with ``ACO_TUI_STORE`` and ``ACO_TUI_CONTENT``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
STORE_ENV = "ACO_TUI_STORE"
CONTENT_ENV = "ACO_TUI_CONTENT"


def _default_root() -> Path:
    shipped = PACKAGE_DIR / "_data"
    if (shipped / "store.json").exists():
        return shipped
    return PACKAGE_DIR.parent


@dataclass(frozen=True)
class KnowledgePaths:
    """The store file and the content directory a command reads."""

    store: Path
    content: Path

    @classmethod
    def resolve(cls, store: str | os.PathLike[str] | None = None,
                content: str | os.PathLike[str] | None = None) -> "KnowledgePaths":
        """Explicit arguments win, then the environment, then the shipped files."""
        root = _default_root()
        store_path = store or os.environ.get(STORE_ENV) or root / "store.json"
        content_path = content or os.environ.get(CONTENT_ENV) or root / "content"
        return cls(Path(store_path), Path(content_path))
