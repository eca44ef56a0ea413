"""The main screen: tabs over the panes, with history, citations and glossary on top.

Panes are mounted the first time they are shown (a ``TabbedContent`` building every pane up
front costs first paint), so start-up paints only the header, the tabs, one pane and the footer;
the dialogs are imported when first opened, for the same reason.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeGuard, assert_never

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Container
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Input

from aco_tui.knowledge.base import KnowledgeBase
from aco_tui.knowledge.citations import term_links
from aco_tui.navigation import PANES, TEACHING_PANES, PaneKind, PaneSpec, Place
from aco_tui.ui.commands import MAIN_COMMANDS, ClaimsKeys, bindings, typed_keys
from aco_tui.ui.messages import (
    CitationRequested,
    LearnRequested,
    LeaveRequested,
    LocationChanged,
    LocationRequested,
    ProgressRequested,
    SectionRequested,
    SectionShown,
    TermRequested,
)
from aco_tui.ui.panes.protocols import CitingPane, SectionPane
from aco_tui.ui.widgets.chooser import Chooser
from aco_tui.ui.widgets.key_bar import KeyBar
from aco_tui.ui.widgets.pane_bar import PaneBar, PaneTab

if TYPE_CHECKING:  # crossrefs is imported on first use (start-up budget)
    from aco_tui.knowledge.crossrefs import Place as SectionPlace

QuizPaneFactory = Callable[..., Widget]
"""Builds the Quiz pane (``factory(id=...)``): the app hands one down, as the pane needs its user data."""


def _claims_keys(node: object) -> TypeGuard[ClaimsKeys]:
    """Whether ``node`` takes some keys for itself (a :class:`ClaimsKeys`), by its attribute: the
    runtime protocol's ``isinstance`` is slow, and this is asked per binding on every focus change."""
    return callable(getattr(node, "claims_key", None))


def focus_reading(pane: Widget, fallback: Widget) -> None:
    """Focus the pane's text (its ``.reader``) if it can take focus, else its first focusable widget."""
    readers = [w for w in pane.query(".reader") if w.focusable]
    target = readers[0] if readers else next((w for w in pane.query("*") if w.focusable), fallback)
    target.focus()


def end_of_pane_message(panes: list[PaneSpec], pane_id: str, delta: int) -> str:
    """What ``n`` at the last section (or ``p`` at the first) says: where to go from here."""
    ids = [p.id for p in panes]
    here = panes[ids.index(pane_id)] if pane_id in ids else None
    name = here.label if here else pane_id
    if delta < 0:
        return f"This is the first section of {name}."
    following = panes[ids.index(pane_id) + 1] if here and ids.index(pane_id) + 1 < len(panes) else None
    if following is None:
        return f"End of {name}."
    return f"End of {name}: press {following.key} for {following.label}."


WIDE_TABS = 100
NARROW = 60
CITING_ACTIONS = frozenset({"citations", "terms"})  # they need a pane that cites (see panes/protocols.py)


class MainScreen(Screen[None]):
    """Pane tabs, the active pane, and the keys that work across panes.

    It owns navigation: widgets, the palette and the app post requests to it
    (:mod:`aco_tui.ui.messages`), and it asks the panes only what :mod:`aco_tui.ui.panes.protocols` says.
    It tells the app where the reader is with :class:`~aco_tui.ui.messages.LocationChanged` (messages
    up); the app hands it what it needs to build the Quiz pane (calls down).
    """

    AUTO_FOCUS = ".reader"  # the reading keys (Down, PageDown, Space) work at once, as in glow or frogmouth
    BINDINGS = bindings(MAIN_COMMANDS)  # declared with their Footer text, help and palette entry
    # Textual repaints the whole screen when the focus moves (each quiz step moves it to the new page):
    # the widgets that gain or lose focus repaint themselves (their focus styles), so that frame only
    # cost CPU and bytes.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(
        self, knowledge: KnowledgeBase, start: Place | None = None, *, quiz_pane: QuizPaneFactory | None = None
    ) -> None:
        """``quiz_pane`` builds the Quiz pane; without it there is no Quiz tab."""
        super().__init__()
        self.knowledge = knowledge
        self.quiz_pane = quiz_pane
        self.available = [p for p in PANES if self._buildable(p)]
        start_ok = start is not None and any(p.id == start.pane for p in self.available)
        self.location: Place = start if start is not None and start_ok else Place(self.available[0].id)
        self.back_stack: list[Place] = []
        self._navigating = asyncio.Lock()
        self._visited = False
        self.started = False  # True once the start location is settled (tests wait for it)
        self.forward_stack: list[Place] = []
        self._term_usage: dict[str, list[SectionPlace]] | None = None

    def _buildable(self, spec: PaneSpec) -> bool:
        match spec.kind:
            case PaneKind.DOCUMENT:
                return spec.id in self.knowledge.content.documents
            case PaneKind.TIMELINE | PaneKind.SOURCES:
                return True
            case PaneKind.QUIZ:
                return self.quiz_pane is not None
            case _:
                assert_never(spec.kind)

    def compose(self) -> ComposeResult:
        yield Header()
        wide = self.app.size.width >= WIDE_TABS
        bar = PaneBar(
            [PaneTab(p.id, p.tab_label(True), p.tab_label(False), p.key) for p in self.available],
            self.location.pane,
            id="pane-tabs",
        )
        bar.wide = wide
        yield bar
        with Container(id="pane-host"):  # the start pane is in the first frame, section and all
            yield self._build_pane(self.location.pane, start=self.location.section)
        yield KeyBar()

    def on_mount(self) -> None:
        self.call_after_refresh(self._arrive)

    async def _arrive(self) -> None:
        """Settle the start location (history, saved place), unless a key has already moved on."""
        if not self._visited:
            await self.go_to(self.location, record=False)
        if self.focused is None and self.active_pane is not None:
            focus_reading(self.active_pane, self.query_one(PaneBar))
        self.started = True

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")
        self.query_one(PaneBar).wide = self.size.width >= WIDE_TABS

    # -- panes ---------------------------------------------------------------------------------

    def _build_pane(self, pane_id: str, start: str | None = None) -> Widget:
        spec = next(p for p in self.available if p.id == pane_id)
        widget_id = f"pane-{pane_id}"
        match spec.kind:
            case PaneKind.DOCUMENT:
                from aco_tui.ui.panes.document import DocumentPane  # start-up budget (see the module docstring)

                return DocumentPane(
                    self.knowledge,
                    self.knowledge.content.documents[pane_id],
                    quote_voices=spec.quote_voices,
                    start=start,
                    id=widget_id,
                )
            case PaneKind.TIMELINE:
                from aco_tui.ui.panes.timeline import TimelinePane  # start-up budget (see the module docstring)

                return TimelinePane(self.knowledge, id=widget_id)
            case PaneKind.SOURCES:
                from aco_tui.ui.panes.sources import SourcesPane  # start-up budget (see the module docstring)

                return SourcesPane(self.knowledge, id=widget_id)
            case PaneKind.QUIZ:
                assert self.quiz_pane is not None  # only available with a factory (see _buildable)
                return self.quiz_pane(id=widget_id)
            case _:
                assert_never(spec.kind)

    @property
    def active_pane(self) -> Widget | None:
        """The widget of the pane in view, if it has been built."""
        host = self.query_one("#pane-host")
        return next((child for child in host.children if child.display), None)

    async def _show_pane(self, pane_id: str) -> Widget:
        host = self.query_one("#pane-host")
        pane = next((c for c in host.children if c.id == f"pane-{pane_id}"), None)
        focused = self.focused
        for child in host.children:
            if child.display != (child is pane):  # set even to its own value, it lays out and repaints the pane
                if focused is not None and child is not pane and child in focused.ancestors_with_self:
                    # Hidden with the focus in it, Textual would hand the focus to a sibling inside
                    # the hidden pane (its contents list) until the new pane takes it.
                    self.set_focus(None)
                child.display = child is pane
        if pane is None:
            pane = self._build_pane(pane_id)
            await host.mount(pane)
        bar = self.query_one(PaneBar)
        focused = self.focused
        if focused is not bar and (focused is None or pane not in focused.ancestors_with_self):
            # Keys must never reach a hidden pane (found by the key fuzzer): focus moves with the pane,
            # into its text when it has some. (On the tab bar it stays, for Left and Right.)
            focus_reading(pane, bar)
        bar.active = pane_id
        return pane

    async def go_to(self, location: Place, *, record: bool = True) -> None:
        """Show a pane (and a section of it), keeping the back/forward history."""
        async with self._navigating:  # keys pressed during start-up must not interleave with it
            await self._go_to(location, record=record)

    async def _go_to(self, location: Place, *, record: bool) -> None:
        self._visited = True
        pane = await self._show_pane(location.pane)
        shown = None
        if isinstance(pane, SectionPane):
            current = pane.section
            wanted = location.section or (current.id if current is not None else None)
            if wanted and await pane.show_section(wanted, announce=False):
                shown = wanted
        arrived = Place(location.pane, shown)
        if record and arrived != self.location:
            self.back_stack.append(self.location)
            self.forward_stack.clear()
        self.location = arrived
        self.post_message(LocationChanged(arrived))

    @on(PaneBar.Chosen)
    async def _pane_chosen(self, event: PaneBar.Chosen) -> None:
        event.stop()
        if event.pane_id != self.location.pane:
            await self.go_to(Place(event.pane_id))

    @on(SectionShown)
    def _section_shown(self, event: SectionShown) -> None:
        event.stop()
        location = Place(event.pane_id, event.section_id)
        if location != self.location:
            if event.jump:  # history keeps jumps (contents, links, search), not every n or p
                self.back_stack.append(self.location)
                self.forward_stack.clear()
            self.location = location
            self.post_message(LocationChanged(location))

    @on(SectionRequested)
    async def _section_requested(self, event: SectionRequested) -> None:
        event.stop()
        await self.go_to(Place(event.pane_id, event.section_id))

    @on(LeaveRequested)
    async def _leave(self, event: LeaveRequested) -> None:
        event.stop()
        if self.back_stack:
            await self.action_back()
        else:
            await self.go_to(Place(self.available[0].id))

    # -- actions ---------------------------------------------------------------------------------

    def applies(self, action: str) -> bool:
        """Whether the screen's ``action`` means something on the pane in view (citations and terms
        need a pane that cites): the palette offers only those."""
        return action not in CITING_ACTIONS or isinstance(self.active_pane, CitingPane)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Leave out (False) the commands that do not apply here: those on a key that the focused
        widget takes for itself (a letter that answers a matching question, any letter typed into
        a text box), and those :meth:`applies` rules out."""
        if not self.applies(action):
            return False
        focused = self.focused
        if focused is None:
            return True
        # The Footer asks this for every binding on every focus change: the cheap test first (does
        # anything around the focus claim keys at all?), the commands' keys only then.
        typing = isinstance(focused, Input)
        claimers = [] if typing else [node for node in focused.ancestors_with_self if _claims_keys(node)]
        if not typing and not claimers:
            return True
        command = next((c for c in MAIN_COMMANDS if c.action_name == action), None)
        keys = typed_keys(command) if command is not None else []
        if keys and (typing or all(any(node.claims_key(key) for node in claimers) for key in keys)):
            return False
        return True

    async def action_show_pane(self, pane_id: str) -> None:
        """Switch to a pane by its key."""
        if any(p.id == pane_id for p in self.available):
            await self.go_to(Place(pane_id))

    async def action_back(self) -> None:
        """Return to where you were before the last jump."""
        if not self.back_stack:
            self.app.bell()
            return
        self.forward_stack.append(self.location)
        await self.go_to(self.back_stack.pop(), record=False)

    async def action_forward(self) -> None:
        """Undo the last Back."""
        if not self.forward_stack:
            self.app.bell()
            return
        self.back_stack.append(self.location)
        await self.go_to(self.forward_stack.pop(), record=False)

    def action_step_section(self, delta: int) -> None:
        """Next or previous section of the pane in view; at either end, say what comes next."""
        pane = self.active_pane
        if isinstance(pane, SectionPane) and pane.step_section(delta) is False:
            here = self.location.pane if self.location is not None else ""
            self.notify(end_of_pane_message(self.available, here, delta), timeout=4)

    def action_focus_contents(self) -> None:
        """Focus the table of contents of the pane in view."""
        pane = self.active_pane
        if pane is not None:
            toc = pane.query(".toc")
            if toc:
                toc.first().focus()

    @work
    async def action_citations(self) -> None:
        """List the citations of the section in view; Enter opens one."""
        pane = self.active_pane
        citations: list[str] = list(pane.citations) if isinstance(pane, CitingPane) else []
        if not citations:
            self.notify("This section cites no excerpts.", severity="warning")
            return
        # start-up budget (see the module docstring)
        from aco_tui.ui.screens.citation import CitationScreen
        from aco_tui.ui.screens.pickers import ChoiceScreen, excerpt_label

        section = pane.section if isinstance(pane, CitingPane) else None
        title = f"Citations: {section.title}" if section is not None else "Citations"
        labels = [excerpt_label(self.knowledge, n, i) for n, i in enumerate(citations, start=1)]
        index = await self.app.push_screen_wait(ChoiceScreen(title, labels))
        if index is not None:
            await self.app.push_screen_wait(CitationScreen(self.knowledge, citations, index))

    @work
    async def action_terms(self) -> None:
        """List the glossary terms linked in the section in view; Enter shows one."""
        pane = self.active_pane
        section = pane.section if isinstance(pane, CitingPane) else None
        glossary = self.knowledge.content.glossary
        slugs = list(dict.fromkeys(slug for _, slug in term_links(section.body) if slug in glossary)) if section else []
        if section is None or not slugs:
            self.notify("This section links no glossary terms; ctrl+p finds any term.", severity="warning")
            return
        from aco_tui.ui.screens.pickers import ChoiceScreen  # start-up budget (see the module docstring)

        labels = [
            Text(f"{glossary[s].term}" + (f" ({glossary[s].aliases[0]})" if glossary[s].aliases else "")) for s in slugs
        ]
        index = await self.app.push_screen_wait(ChoiceScreen(f"Glossary terms: {section.title}", labels))
        if index is not None:
            self.open_term(slugs[index])

    def action_learn(self) -> None:
        """The learning path of the pane in view (Concepts from a pane that has none)."""
        pane = self.location.pane if self.location.pane in TEACHING_PANES else TEACHING_PANES[0]
        self.app.post_message(LearnRequested(pane))

    def action_progress(self) -> None:
        """Where you stand: read, checked, mastered, remembered; reviews coming due."""
        self.app.post_message(ProgressRequested())

    def action_help(self) -> None:
        """Show every key that works here."""
        from aco_tui.ui.screens.help import HelpScreen, binding_rows  # start-up budget (see the module docstring)

        self.app.push_screen(HelpScreen(binding_rows(self)))

    @on(CitationRequested)
    def _open_citation(self, event: CitationRequested) -> None:
        event.stop()
        from aco_tui.ui.screens.citation import CitationScreen  # start-up budget (see the module docstring)

        self.app.push_screen(CitationScreen(self.knowledge, event.excerpt_ids, event.index))

    @on(TermRequested)
    def _open_term(self, event: TermRequested) -> None:
        event.stop()
        self.open_term(event.term_id)

    @on(LocationRequested)
    async def _location_requested(self, event: LocationRequested) -> None:
        """Go to a heading (from the palette or a search): close the dialogs over this screen first."""
        event.stop()
        while self.app.screen is not self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        await self.go_to(event.location)

    @on(Chooser.ListRequested)
    def _open_chooser_list(self, event: Chooser.ListRequested) -> None:
        """A chooser in a pane asked for its whole list: show it in a dialog, and hand back the pick."""
        event.stop()
        from aco_tui.ui.screens.pickers import ChoiceScreen  # start-up budget (see the module docstring)

        chooser = event.chooser
        labels = [Text(label) for label in chooser.option_labels]
        self.app.push_screen(ChoiceScreen(chooser.label, labels, current=chooser.index), chooser.choose)

    def open_term(self, term_id: str) -> None:
        """Show a glossary definition over the current pane."""
        term = self.knowledge.content.glossary.get(term_id)
        if term is None:
            self.notify(f"No glossary entry for {term_id!r}.", severity="warning")
            return
        from aco_tui.ui.screens.term import TermScreen  # start-up budget (see the module docstring)

        self.app.push_screen(TermScreen(self.knowledge, term, self.term_usage.get(term_id, [])))

    @property
    def term_usage(self) -> dict[str, list[SectionPlace]]:
        """Which sections use each glossary term (worked out on first use)."""
        if self._term_usage is None:
            from aco_tui.knowledge.crossrefs import term_usage

            self._term_usage = term_usage(self.knowledge.content)
        return self._term_usage

    def action_glossary(self) -> None:
        """Every glossary term, A to Z, with the sections that use it."""
        from aco_tui.ui.screens.glossary import GlossaryScreen

        self.app.push_screen(GlossaryScreen(self.knowledge, self.term_usage))
