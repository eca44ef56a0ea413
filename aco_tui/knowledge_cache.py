"""A pickle of the loaded knowledge base, so the app starts without parsing Markdown or TinyDB.

The key is the paths, sizes and modification times of ``store.json``, every content file and the
modules that read them, plus the Python version: any change rebuilds it. The cache lives in the
user's own cache directory (``ACO_TUI_CACHE``), written atomically; a cache that cannot be read is
rebuilt and one that cannot be written is skipped.
"""

from __future__ import annotations

import os
import pickle
import sys

from aco_tui.cachefiles import cache_dir, short_name, stat_key, write_atomically

FORMAT = 2
_PACKAGE = os.path.dirname(os.path.realpath(__file__))
_READERS = ("store.py", "content.py", "citations.py", "frontmatter.py", "knowledge.py", "markdown_text.py",
            "knowledge_cache.py", "paths.py", "blocks.py")


def _key(paths) -> str:
    store, content = os.path.abspath(paths.store), os.path.abspath(paths.content)
    parts = [f"format={FORMAT}", sys.implementation.cache_tag, stat_key(store), content]
    try:
        parts += sorted(stat_key(e.path) for e in os.scandir(content) if e.name.endswith(".md"))
    except OSError:
        parts.append("content:unreadable")
    parts += [stat_key(os.path.join(_PACKAGE, name)) for name in _READERS]
    return "\n".join(parts)


def _path(paths) -> str:
    return os.path.join(cache_dir(), short_name("knowledge", os.path.abspath(paths.store),
                                                os.path.abspath(paths.content), suffix="pickle"))


def read(paths):
    """The cached knowledge base for ``paths`` if it is up to date, else None."""
    try:
        with open(_path(paths), "rb") as handle:
            key, knowledge = pickle.load(handle)
    except Exception:  # missing, truncated, from another version: rebuild
        return None
    if key != _key(paths):
        return None
    knowledge.paths = paths
    return knowledge


def write(paths, knowledge) -> None:
    """Cache ``knowledge`` (silently skipped when the cache directory cannot be written)."""
    try:
        payload = pickle.dumps((_key(paths), knowledge), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return
    write_atomically(_path(paths), payload)
