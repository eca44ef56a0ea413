"""The store file and content directory a command reads, as paths (resolved by ``locations.py``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from aco_tui.knowledge.locations import resolve_paths


@dataclass(frozen=True)
class KnowledgePaths:
    """The store file and the content directory a command reads."""

    store: Path
    content: Path

    @classmethod
    def resolve(
        cls, store: str | os.PathLike[str] | None = None, content: str | os.PathLike[str] | None = None
    ) -> "KnowledgePaths":
        """Explicit arguments win, then the environment, then the shipped files."""
        store_path, content_path = resolve_paths(store, content)
        return cls(Path(store_path), Path(content_path))
