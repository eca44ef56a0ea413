"""Command palette provider: jump to any heading, glossary term or excerpt."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from aco_tui.ui_state import Location


class KnowledgeCommands(Provider):
    """Headings, glossary terms and excerpts of the knowledge base."""

    def _entries(self) -> list[tuple[str, str, object]]:
        app = self.app
        knowledge = app.knowledge
        entries: list[tuple[str, str, object]] = []
        for document in knowledge.content.documents.values():
            if document.id == "glossary":
                continue
            for section in document.sections:
                entries.append((f"{document.title}: {section.title}", "Go to this heading",
                                partial(app.jump_to, Location(document.id, section.id))))
        for term in knowledge.content.glossary.values():
            also = f" ({'; '.join(term.aliases)})" if term.aliases else ""
            entries.append((f"Term: {term.term}{also}", "Show the glossary definition",
                            partial(app.show_term, term.id)))
        for excerpt in knowledge.store.excerpts.values():
            words = excerpt.text if len(excerpt.text) < 90 else excerpt.text[:90] + "\u2026"
            entries.append((f"Excerpt: {words}", f"{excerpt.source} \u00b7 {excerpt.section}",
                            partial(app.show_excerpt, excerpt.id)))
        return entries

    async def discover(self) -> Hits:
        for name, help_text, callback in self._entries()[:40]:
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._entries():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
