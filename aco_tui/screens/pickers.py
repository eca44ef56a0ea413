"""Small modal lists that return a choice: the citations of a section."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from aco_tui.knowledge import KnowledgeBase


def excerpt_label(knowledge: KnowledgeBase, number: int, excerpt_id: str, width: int = 70) -> Text:
    """``[n] Speaker: first words…`` as literal text."""
    excerpt = knowledge.excerpt(excerpt_id)
    if excerpt is None:
        return Text(f"[{number}] {excerpt_id} (missing)")
    who = f"{excerpt.speaker}: " if excerpt.speaker else ""
    words = excerpt.text if len(excerpt.text) <= width else excerpt.text[:width].rsplit(" ", 1)[0] + "\u2026"
    return Text(f"[{number}] {who}{words}")


class CitationPickerScreen(ModalScreen[int | None]):
    """Lists a section's citations; Enter returns the index chosen."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="picker.close")]

    def __init__(self, knowledge: KnowledgeBase, title: str, excerpt_ids: list[str]) -> None:
        super().__init__(classes="dialog-screen")
        self.knowledge = knowledge
        self.title_text = title
        self.excerpt_ids = excerpt_ids

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog-title")
            yield OptionList(*(Option(excerpt_label(self.knowledge, n, i)) for n, i in
                               enumerate(self.excerpt_ids, start=1)), classes="dialog-body")
            yield Footer()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)
