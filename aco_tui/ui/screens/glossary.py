"""The glossary, A to Z: every term with its definition and the sections that use it (ux-walk P1-6).

Search finds terms by name; this lists them all, so that a term can be found without knowing it.
Enter opens the term's dialog, where its citations and the sections using it are one key away.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from aco_tui.knowledge.base import KnowledgeBase
from aco_tui.knowledge.content import GlossaryTerm
from aco_tui.knowledge.crossrefs import Place
from aco_tui.ui.screens.dialog import Dialog
from aco_tui.ui.widgets.key_bar import KeyBar
from aco_tui.ui.widgets.pick_list import PickList, PickRow


def initial(term: GlossaryTerm) -> str:
    """The letter a term is filed under ("0-9" for a number)."""
    first = term.term[:1].upper()
    return "0-9" if first.isdigit() else first


def glossary_rows(terms: list[GlossaryTerm]) -> list[PickRow]:
    """The terms A to Z under their letters (the letters cannot be picked)."""
    rows: list[PickRow] = []
    letter = None
    for term in sorted(terms, key=lambda t: t.term.casefold()):
        if initial(term) != letter:
            letter = initial(term)
            rows.append(PickRow(letter, heading=True))
        rows.append(PickRow(term.term, key=term.id, indent=1, hang=2))
    return rows


def usage_text(term: GlossaryTerm, places: list[Place]) -> Text:
    """The preview of a term: its name, other names, definition and where it is used."""
    text = Text()
    text.append(term.term, style="bold")
    if term.aliases:
        text.append("\nAlso: " + "; ".join(term.aliases))
    text.append("\n\n" + term.plain.strip() + "\n\n")
    if places:
        text.append(f"Used in {len(places)} section{'s' if len(places) != 1 else ''}:", style="bold")
        text.append("".join(f"\n\u2022 {place.label}" for place in places))
    else:
        text.append("No section uses this term by name.", style="italic")
    return text


class TermList(PickList):
    """The terms; Enter opens one."""

    BINDINGS = [Binding("enter", "pick", "Open")]


class GlossaryScreen(Dialog[None]):
    """Every glossary term, A to Z; Enter opens one (citations, and sections to go to)."""

    DEFAULT_CSS = """
    GlossaryScreen > .dialog {
        height: 100%;
        max-height: 100%;
        max-width: 120;
    }
    GlossaryScreen .glossary-body {
        height: 1fr;
    }
    GlossaryScreen #glossary-terms {
        width: 32;
        height: 1fr;
    }
    GlossaryScreen #glossary-preview {
        width: 1fr;
        height: 1fr;
        padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape", "dismiss", "Close", id="glossary.close")]

    def __init__(self, knowledge: KnowledgeBase, usage: dict[str, list[Place]]) -> None:
        super().__init__(classes="dialog-screen")
        self.knowledge = knowledge
        self.terms = {t.id: t for t in knowledge.content.glossary.values()}
        self.usage = usage

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(f"Glossary: {len(self.terms)} terms, A to Z"), classes="dialog-title")
            with Horizontal(classes="glossary-body"):
                yield TermList(id="glossary-terms")
                with VerticalScroll(id="glossary-preview"):
                    yield Static(id="glossary-text")
            yield KeyBar()

    def on_mount(self) -> None:
        terms = self.query_one("#glossary-terms", PickList)
        terms.set_rows(glossary_rows(list(self.terms.values())))
        terms.focus()
        self._preview()

    @property
    def term(self) -> GlossaryTerm | None:
        row = self.query_one("#glossary-terms", PickList).highlighted_row
        return self.terms.get(row.key) if row is not None and row.key else None

    def _preview(self) -> None:
        term = self.term
        if term is not None:
            self.query_one("#glossary-text", Static).update(usage_text(term, self.usage.get(term.id, [])))
            self.query_one("#glossary-preview", VerticalScroll).scroll_home(animate=False)

    @on(PickList.Highlighted, "#glossary-terms")
    def _highlighted(self, event: PickList.Highlighted) -> None:
        event.stop()
        self._preview()

    @on(PickList.Picked, "#glossary-terms")
    def _picked(self, event: PickList.Picked) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """Open the highlighted term: its definition, citations and the sections that use it."""
        from aco_tui.ui.screens.term import TermScreen

        term = self.term
        if term is not None:
            self.app.push_screen(TermScreen(self.knowledge, term, self.usage.get(term.id, [])))
