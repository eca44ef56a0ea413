"""Quick lookup: a BM25F search over glossary terms, content sections and source excerpts.

No Textual here, and nothing heavy on import: ``aco-tui lookup`` loads a cached index with
:func:`load_index` and answers with :meth:`SearchIndex.search`. The UI uses the same API::

    index = load_index(knowledge.paths)
    for hit in index.search("who can hold an ACO contract", limit=10):
        hit.kind, hit.title, hit.snippet, hit.snippet_spans, hit.location
"""

from __future__ import annotations

from aco_tui.files import cache_dir
from aco_tui.knowledge.locations import resolve_paths
from aco_tui.search.cache import load_index
from aco_tui.search.engine import SearchIndex
from aco_tui.search.hit import SearchHit, SearchResult
from aco_tui.search.query import KINDS, ParsedQuery, parse_query

__all__ = [
    "KINDS",
    "SearchHit",
    "ParsedQuery",
    "SearchIndex",
    "SearchResult",
    "build_index",
    "cache_dir",
    "load_index",
    "parse_query",
    "resolve_paths",
]

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from aco_tui.knowledge.content import Content
    from aco_tui.knowledge.store import ExcerptStore


def build_index(store: ExcerptStore, content: Content) -> SearchIndex:
    """Index an already loaded :class:`~aco_tui.knowledge.store.ExcerptStore` and :class:`~aco_tui.knowledge.content.Content`
    (no cache; e.g. for a knowledge base built in memory)."""
    from aco_tui.search.index import build_data  # lookup budget: the index builder is never needed on a cache hit

    return SearchIndex(build_data(store, content))
