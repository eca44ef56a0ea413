"""Build the index once, then load it from a cache file: the fast path of ``aco-tui lookup``.

The cache is one :mod:`marshal` file per (store, content) location, in ``$ACO_TUI_CACHE`` or the
user cache directory. It holds a fingerprint (paths, sizes and modification times of the store,
of every ``content/*.md`` file and of the code that builds the index, plus the Python version);
when any of them changes the index is rebuilt and the file replaced. A cache that cannot be read
is rebuilt; one that cannot be written is skipped: neither ever fails a lookup.

On a cache hit nothing heavier than ``os``, ``sys`` and ``marshal`` is imported (no TinyDB,
markdown-it, pathlib, dataclasses or platformdirs on Linux).
"""

from __future__ import annotations

import marshal
import os
import sys

from aco_tui.files import cache_dir, code_keys, directory_keys, short_name, stat_key, write_atomically
from aco_tui.knowledge.locations import ALIASES_FILE, resolve_paths
from aco_tui.search.engine import FORMAT, SearchIndex

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from typing import Any, Protocol

    class StoreAndContent(Protocol):
        """Where the store and the content are, e.g. :class:`~aco_tui.knowledge.paths.KnowledgePaths`."""

        @property
        def store(self) -> str | os.PathLike[str]: ...

        @property
        def content(self) -> str | os.PathLike[str]: ...


def fingerprint(store: str, content: str) -> str:
    """What the cached index depends on, as one string (cheap: a few dozen ``stat`` calls)."""
    parts = [
        f"format={FORMAT}",
        f"marshal={marshal.version}",
        sys.byteorder,
        stat_key(os.path.abspath(store)),
        os.path.abspath(content),
    ]
    parts += directory_keys(content, ".md")
    parts.append(stat_key(os.path.join(os.path.abspath(content), ALIASES_FILE)))
    parts += code_keys("search", "knowledge")
    return "\n".join(parts)


def _name(store: str, content: str) -> str:
    """A short stable file name for this (store, content) pair."""
    return short_name("index", os.path.abspath(store), os.path.abspath(content), suffix="marshal")


def cache_file(store: str, content: str) -> str:
    """Where the index of this store and content is cached."""
    return os.path.join(cache_dir(), _name(store, content))


def _read(path: str, expected: str) -> dict[str, Any] | None:
    try:
        with open(path, "rb") as handle:
            stored = marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != expected or not isinstance(stored[1], dict):
        return None
    return stored[1]


def _write(path: str, key: str, data: dict[str, Any]) -> str | None:
    """Write atomically; returns why it could not, or None."""
    try:
        payload = marshal.dumps((key, data))
    except ValueError as err:
        return str(err)
    try:
        write_atomically(path, payload)
    except (OSError, ValueError) as err:
        return str(err) or type(err).__name__
    return None


def load_index(
    paths: StoreAndContent | None = None,
    *,
    store: str | os.PathLike[str] | None = None,
    content: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
) -> SearchIndex:
    """The search index of the store and content, from the cache when it is up to date.

    Args:
        paths: anything with ``.store`` and ``.content`` (e.g. :class:`~aco_tui.knowledge.paths.KnowledgePaths`),
            or None to resolve them like the CLI does.
        store, content: override one location (as ``--store`` / ``--content`` do).
        use_cache: False to build without reading or writing the cache.

    Raises:
        DataError: the store or content cannot be read (only when the index has to be built).
    """
    if paths is not None:
        store, content = store or paths.store, content or paths.content
    store_path, content_path = resolve_paths(store, content)
    key = fingerprint(store_path, content_path)
    path = cache_file(store_path, content_path) if use_cache else None
    if path is not None:
        data = _read(path, key)
        if data is not None:
            try:
                return SearchIndex(data, origin="cache")
            except (KeyError, ValueError, TypeError):
                pass  # the right fingerprint but not an index we can use: rebuild it
    from aco_tui.search.index import build_from_paths  # lookup budget: only on a cache miss

    data = build_from_paths(store_path, content_path)
    origin = "built"
    if path is not None:
        problem = _write(path, key, data)
        if problem:
            origin = f"built; cache not written: {problem}"
    return SearchIndex(data, origin=origin)
