"""Command palette provider: jump to any heading, glossary term or excerpt, using the search index."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Protocol, cast

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from aco_tui.navigation import Place
from aco_tui.safe_text import strip_control
from aco_tui.ui.messages import LocationRequested, request_for

if TYPE_CHECKING:
    from textual.message import Message

    from aco_tui.knowledge.base import KnowledgeBase
    from aco_tui.search.engine import SearchIndex

PALETTE_LIMIT = 25


class PaletteHost(Protocol):
    """What the palette needs of the app (the app provides it; the palette never imports the app)."""

    knowledge: KnowledgeBase

    def navigate(self, request: Message) -> None:
        """Hand a navigation request to the main screen."""

    def search_index(self) -> SearchIndex:
        """The lookup index."""


class KnowledgeCommands(Provider):
    """Headings, glossary terms and excerpts, ranked by the same engine as `aco-tui lookup`.

    A command posts a request to the main screen (:meth:`PaletteHost.navigate`), which does the going.
    """

    async def discover(self) -> Hits:
        app = cast("PaletteHost", self.app)
        for document in app.knowledge.content.panes:
            for section in document.sections:
                if section.level == 2:
                    yield DiscoveryHit(Text(f"{document.title}: {section.title}"),
                                       partial(app.navigate, LocationRequested(Place(document.id, section.id))),
                                       help="Go to this heading")

    async def search(self, query: str) -> Hits:
        app = cast("PaletteHost", self.app)
        index = app.search_index()
        matcher = self.matcher(query)
        hits = index.search(query[:500], limit=PALETTE_LIMIT)
        for rank, hit in enumerate(hits):
            kind = {"term": "Term", "section": "Heading", "excerpt": "Excerpt"}.get(hit.kind, hit.kind)
            title = strip_control(hit.title if hit.kind != "excerpt" else hit.text)
            if len(title) > 90:
                title = title[:90] + "\u2026"
            name = f"{kind}: {title}"
            score = max(matcher.match(name), 1.0 - rank / (PALETTE_LIMIT + 1))
            yield Hit(score, Text(name), partial(app.navigate, request_for(hit)), help=strip_control(hit.citation or hit.snippet)[:120])
