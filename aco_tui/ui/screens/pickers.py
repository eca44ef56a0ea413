"""A small modal list that returns a choice (a section's citations or glossary terms)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from aco_tui.knowledge.base import KnowledgeBase
from aco_tui.ui.screens.dialog import Dialog
from aco_tui.ui.widgets.key_bar import KeyBar
from aco_tui.ui.widgets.safe_lists import SafeOptionList


def excerpt_label(knowledge: KnowledgeBase, number: int, excerpt_id: str, width: int = 70) -> Text:
    """``[n] Speaker: first words…`` as literal text."""
    excerpt = knowledge.excerpt(excerpt_id)
    if excerpt is None:
        return Text(f"[{number}] {excerpt_id} (missing)")
    who = f"{excerpt.speaker}: " if excerpt.speaker else ""
    words = excerpt.text if len(excerpt.text) <= width else excerpt.text[:width].rsplit(" ", 1)[0] + "\u2026"
    return Text(f"[{number}] {who}{words}")


class ChoiceScreen(Dialog[int | None]):
    """A titled list; Enter returns the index chosen, Escape returns None. ``current`` starts highlighted."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="picker.close")]

    def __init__(self, title: str, labels: list[Text], *, current: int = 0) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.labels = labels
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog-title")
            yield SafeOptionList(*(Option(label) for label in self.labels), classes="dialog-body")
            yield KeyBar()

    def on_mount(self) -> None:
        if 0 <= self.current < len(self.labels):
            self.query_one(OptionList).highlighted = self.current

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)
