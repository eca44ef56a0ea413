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
from aco_tui.ui.screens.citation import CitationScreen
from aco_tui.ui.screens.dialog import Dialog
from aco_tui.ui.screens.pickers import excerpt_label
from aco_tui.ui.widgets.key_bar import KeyBar
from aco_tui.ui.widgets.safe_lists import SafeOptionList


class TermScreen(Dialog[None]):
    """Definition of one glossary term; Enter on a citation opens it."""

    BINDINGS = [Binding("escape", "dismiss", "Close", id="term.close")]

    def __init__(self, knowledge: KnowledgeBase, term: GlossaryTerm) -> None:
        super().__init__(classes="dialog-screen")
        self.knowledge = knowledge
        self.term = term

    def compose(self) -> ComposeResult:
        term = self.term
        with Vertical(classes="dialog"):
            yield Static(Text(term.term), classes="dialog-title")
            if term.aliases:
                yield Static(Text("Also: " + "; ".join(term.aliases)), classes="term-aliases")
            yield Static(Text(term.plain.strip()), classes="term-definition")
            yield SafeOptionList(*(Option(excerpt_label(self.knowledge, n, i)) for n, i in
                               enumerate(term.citations, start=1)), classes="dialog-body term-citations")
            yield KeyBar()

    @on(OptionList.OptionSelected)
    def _open_citation(self, event: OptionList.OptionSelected) -> None:
        self.app.push_screen(CitationScreen(self.knowledge, self.term.citations, event.option_index))
