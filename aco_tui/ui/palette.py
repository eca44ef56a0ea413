"""Command palette providers: the app's own commands, and a jump to any heading, glossary term or
excerpt (using the search index)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Protocol, cast

from rich.text import Text
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.markup import escape

from aco_tui.navigation import Place
from aco_tui.safe_text import strip_control
from aco_tui.ui.commands import COMMANDS, Command, Owner
from aco_tui.ui.messages import LocationRequested, request_for
from aco_tui.ui.screens.main import MainScreen

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


class AppCommands(Provider):
    """The app's own commands (the panes, learn, progress, glossary, help, search, find, copy...), made
    from the declarations their keys come from (:mod:`aco_tui.ui.commands`), each with its key."""

    def _commands(self) -> list[tuple[Command, DOMNode]]:
        """The commands with a palette title that apply on the screen the palette was opened over,
        each with the node whose action it runs."""
        screen = self.screen
        found: list[tuple[Command, DOMNode]] = []
        for command in COMMANDS:
            if not command.palette:
                continue
            if command.owner is Owner.APP:
                found.append((command, self.app))
            elif not isinstance(screen, MainScreen):
                continue
            elif command.owner is Owner.MAIN:
                pane = command.id.removeprefix("pane.") if command.id.startswith("pane.") else None
                if screen.applies(command.action_name) and (pane is None or pane in {p.id for p in screen.available}):
                    found.append((command, screen))
            else:
                from aco_tui.ui.panes.document import DocumentPane  # loaded with the first pane already

                if isinstance(screen.active_pane, DocumentPane):
                    found.append((command, screen.active_pane))
        return found

    def _help(self, command: Command) -> str:
        key = self.app.get_key_display(Binding(command.keys.split(",")[0], command.action))
        return escape(f"{command.help} (key: {key})")  # the palette reads help as markup: "[" is a key

    async def discover(self) -> Hits:
        for command, node in self._commands():
            yield DiscoveryHit(
                command.palette, partial(self.app.run_action, command.action, node), help=self._help(command)
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, node in self._commands():
            score = max(matcher.match(command.palette), matcher.match(command.help) * 0.8)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.palette),
                    partial(self.app.run_action, command.action, node),
                    help=self._help(command),
                )


class KnowledgeCommands(Provider):
    """Headings, glossary terms and excerpts, ranked by the same engine as `aco-tui lookup`.

    A command posts a request to the main screen (:meth:`PaletteHost.navigate`), which does the going.
    """

    async def discover(self) -> Hits:
        app = cast("PaletteHost", self.app)
        for document in app.knowledge.content.panes:
            for section in document.sections:
                if section.level == 2:
                    yield DiscoveryHit(
                        Text(f"{document.title}: {section.title}"),
                        partial(app.navigate, LocationRequested(Place(document.id, section.id))),
                        help="Go to this heading",
                    )

    async def search(self, query: str) -> Hits:
        app = cast("PaletteHost", self.app)
        index = app.search_index()
        matcher = self.matcher(query)
        wanted = query.strip().casefold()
        for document in app.knowledge.content.panes:  # a heading named as the palette lists it: that heading
            for section in document.sections:
                label = f"{document.title}: {section.title}"
                if section.level == 2 and label.casefold() == wanted:
                    yield Hit(
                        1.0,
                        Text(label),
                        partial(app.navigate, LocationRequested(Place(document.id, section.id))),
                        help="Go to this heading",
                    )
        hits = index.search(query[:500], limit=PALETTE_LIMIT)
        for rank, hit in enumerate(hits):
            kind = {"term": "Term", "section": "Heading", "excerpt": "Excerpt"}.get(hit.kind, hit.kind)
            title = strip_control(hit.title if hit.kind != "excerpt" else hit.text)
            if len(title) > 90:
                title = title[:90] + "\u2026"
            name = f"{kind}: {title}"
            score = min(0.99, max(matcher.match(name), 1.0 - rank / (PALETTE_LIMIT + 1)))
            # Help is read as markup: outside text is escaped (a heading with "[link=...]" once crashed it).
            yield Hit(
                score,
                Text(name),
                partial(app.navigate, request_for(hit)),
                help=escape(strip_control(hit.citation or hit.snippet)[:120]),
            )
