"""The knowledge base: the excerpt store and the content, loaded together and cross-checked."""

from __future__ import annotations

from dataclasses import dataclass

from aco_tui.errors import DataError
from aco_tui.knowledge import cache as knowledge_cache
from aco_tui.knowledge.citations import find_citations
from aco_tui.knowledge.content import Content, Problem, load_content
from aco_tui.knowledge.paths import KnowledgePaths
from aco_tui.knowledge.store import Excerpt, ExcerptStore, load_store


@dataclass
class KnowledgeBase:
    """Store plus content, with the problems found between them."""

    paths: KnowledgePaths
    store: ExcerptStore
    content: Content
    problems: list[Problem]

    def excerpt(self, excerpt_id: str) -> Excerpt | None:
        return self.store.excerpts.get(excerpt_id)

    def require_usable(self) -> "KnowledgeBase":
        """Raise :class:`DataError` naming the first problem that would break the app."""
        fatal = [p for p in self.problems if p.fatal]
        if fatal:
            more = f" (and {len(fatal) - 1} more problem(s); run 'aco-tui check')" if len(fatal) > 1 else ""
            raise DataError(f"{fatal[0].path}:{fatal[0].line}: {fatal[0].message}{more}")
        if not self.store.excerpts:
            raise DataError(f"{self.paths.store}: the excerpt store has no usable excerpts")
        return self


def _cross_problems(store: ExcerptStore, content: Content) -> list[Problem]:
    problems = []
    for document in content.documents.values():
        for number, line in enumerate(document.text.splitlines(), start=1):
            for citation in find_citations(line):
                for ident in citation.excerpt_ids:
                    if ident not in store.excerpts:
                        problems.append(Problem(document.path, number, f"unknown citation @{ident}: no such excerpt"))
    return problems


def _build(paths: KnowledgePaths) -> KnowledgeBase:
    store = load_store(paths.store)
    content = load_content(paths.content)
    problems = list(content.problems) + _cross_problems(store, content)
    return KnowledgeBase(paths, store, content, problems)


def load_knowledge(paths: KnowledgePaths | None = None, *, use_cache: bool = True) -> KnowledgeBase:
    """Load and cross-check store and content, from the start-up cache when it is up to date.

    Parsing the Markdown and reading TinyDB cost more than a third of the app's first paint, so
    the loaded knowledge base is pickled in the user cache directory, keyed by the sizes and
    modification times of the files and of the code that reads them.

    Raises:
        DataError: a file is missing or unreadable (problems inside readable files are listed instead).
    """
    paths = paths or KnowledgePaths.resolve()
    if not use_cache:
        return _build(paths)

    def build() -> KnowledgeBase:
        knowledge = _build(paths)
        knowledge.content.prepare_display()  # the cache then holds every section parsed for the reader
        return knowledge

    return knowledge_cache.load(paths, build)
