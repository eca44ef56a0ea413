"""A pickle of the loaded knowledge base, so the app starts without parsing Markdown or TinyDB.

The key is the paths, sizes and modification times of ``store.json``, every content file and every
module of the ``knowledge`` package (and the package's top level), plus the version of aco-tui and
of Python: any change rebuilds it. The cache lives in the
user's own cache directory (``ACO_TUI_CACHE``), written atomically; a cache that cannot be read is
rebuilt and one that cannot be written is skipped.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from aco_tui.files import cache_dir, cached, code_keys, directory_keys, read_pickle, short_name, stat_key

if TYPE_CHECKING:  # base imports this module
    from aco_tui.knowledge.base import KnowledgeBase
    from aco_tui.knowledge.paths import KnowledgePaths

FORMAT = 2


def _key(paths: KnowledgePaths) -> str:
    store, content = os.path.abspath(paths.store), os.path.abspath(paths.content)
    parts = [f"format={FORMAT}", stat_key(store), content]
    parts += directory_keys(content, ".md")
    parts += code_keys("knowledge")
    return "\n".join(parts)


def _path(paths: KnowledgePaths) -> str:
    return os.path.join(
        cache_dir(),
        short_name("knowledge", os.path.abspath(paths.store), os.path.abspath(paths.content), suffix="pickle"),
    )


def read(paths: KnowledgePaths) -> KnowledgeBase | None:
    """The cached knowledge base for ``paths`` if it is up to date, else None."""
    knowledge: KnowledgeBase | None = read_pickle(_path(paths), _key(paths))
    if knowledge is not None:
        knowledge.paths = paths
    return knowledge


def load(paths: KnowledgePaths, build: Callable[[], KnowledgeBase]) -> KnowledgeBase:
    """The cached knowledge base for ``paths``, or ``build()`` cached for next time."""
    knowledge = cached(_path(paths), _key(paths), build)
    knowledge.paths = paths
    return knowledge
