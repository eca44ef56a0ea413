"""A glossary definition, its other names and its citations, over whatever was on screen."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from aco_tui.knowledge.base import KnowledgeBase
from aco_tui.knowledge.content import GlossaryTerm
from aco_tui.knowledge.crossrefs import Place
from aco_tui.ui.screens.citation import CitationScreen
from aco_tui.ui.screens.dialog import Dialog
from aco_tui.ui.screens.pickers import excerpt_label
from aco_tui.ui.widgets.key_bar import KeyBar
from aco_tui.ui.widgets.safe_lists import SafeOptionList


class TermScreen(Dialog[None]):
    """Definition of one glossary term; Enter on a citation opens it, on a section goes there."""

    BINDINGS = [Binding("escape", "dismiss", "Close", id="term.close")]

    def __init__(self, knowledge: KnowledgeBase, term: GlossaryTerm, used_in: list[Place] | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.knowledge = knowledge
        self.term = term
        self.used_in = list(used_in or [])

    def compose(self) -> ComposeResult:
        term = self.term
        with Vertical(classes="dialog"):
            yield Static(Text(term.term), classes="dialog-title")
            if term.aliases:
                yield Static(Text("Also: " + "; ".join(term.aliases)), classes="term-aliases")
            yield Static(Text(term.plain.strip()), classes="term-definition")
            yield SafeOptionList(
                *(Option(excerpt_label(self.knowledge, n, i)) for n, i in enumerate(term.citations, start=1)),
                classes="dialog-body term-citations",
            )
            if self.used_in:
                count = len(self.used_in)
                yield Static(
                    Text(f"Used in {count} section{'s' if count != 1 else ''}; Enter goes there:"),
                    classes="term-used-label",
                )
                yield SafeOptionList(
                    *(Option(Text(place.label)) for place in self.used_in), classes="dialog-body term-used-in"
                )
            yield KeyBar()

    @on(OptionList.OptionSelected, ".term-citations")
    def _open_citation(self, event: OptionList.OptionSelected) -> None:
        self.app.push_screen(CitationScreen(self.knowledge, self.term.citations, event.option_index))

    @on(OptionList.OptionSelected, ".term-used-in")
    def _go_to_section(self, event: OptionList.OptionSelected) -> None:
        """Close the dialogs and show the section (a jump: Back returns)."""
        from aco_tui.navigation import Place
        from aco_tui.ui.messages import LocationRequested

        place = self.used_in[event.option_index]
        navigate = getattr(self.app, "navigate", None)  # AcoApp's; a bare App (tests) has none
        if navigate is not None:
            navigate(LocationRequested(Place(place.doc_id, place.section.id)))
