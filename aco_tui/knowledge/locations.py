"""Where the shipped knowledge base (``store.json`` and ``content/``) lives: the one resolver.

In a checkout the files sit at the top of the repository; in an installed wheel they are shipped
inside the package as ``aco_tui/_data``. Explicit arguments win, then ``ACO_TUI_STORE`` and
``ACO_TUI_CONTENT``, then the shipped files. Only :mod:`os` is imported, because ``aco-tui lookup``
resolves these on its cold path.
"""

from __future__ import annotations

import os

from aco_tui.env import CONTENT_ENV, STORE_ENV

ALIASES_FILE = "aliases.toml"  # the search aliases, in the content directory (see knowledge/aliases.py)
PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


def shipped_root() -> str:
    """``aco_tui/_data`` in an installed wheel, else the repository root."""
    shipped = os.path.join(PACKAGE_DIR, "_data")
    return shipped if os.path.exists(os.path.join(shipped, "store.json")) else os.path.dirname(PACKAGE_DIR)


def resolve_paths(
    store: str | os.PathLike[str] | None = None, content: str | os.PathLike[str] | None = None
) -> tuple[str, str]:
    """The store file and content directory to read, as strings."""
    root = shipped_root()
    store_path = store or os.environ.get(STORE_ENV) or os.path.join(root, "store.json")
    content_path = content or os.environ.get(CONTENT_ENV) or os.path.join(root, "content")
    return os.fspath(store_path), os.fspath(content_path)
