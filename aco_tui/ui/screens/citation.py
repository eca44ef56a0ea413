"""The citation dialog: a verbatim excerpt with its source, stepping through a section's citations."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from aco_tui.knowledge.base import KnowledgeBase
from aco_tui.ui.screens.dialog import Dialog
from aco_tui.ui.widgets.key_bar import KeyBar


def context_text(knowledge: KnowledgeBase, excerpt_id: str) -> Text:
    """The excerpts just before and after this one in its source section, and where it is cited."""
    from aco_tui.knowledge.crossrefs import excerpt_usage, neighbours

    before, after = neighbours(knowledge.store, excerpt_id)
    excerpt = knowledge.excerpt(excerpt_id)
    text = Text()
    text.append(f"\nAround it in the source ({excerpt.section if excerpt else '?'}):", style="bold")
    if before is None and after is None:
        text.append("\nNo other excerpt of this section of the source is kept.")
    for label, other in (("Before", before), ("After", after)):
        if other is not None:
            text.append(f"\n{label}: \u201c{other.text}\u201d")
    places = excerpt_usage(knowledge.content).get(excerpt_id, [])
    text.append("\n\nCited in:", style="bold")
    text.append("".join(f"\n\u2022 {place.label}" for place in places) or " no section of the explainer.")
    return text


class CitationScreen(Dialog[None]):
    """Shows ``excerpt_ids[index]``; Escape returns to the same place."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="citation.close"),
        Binding("left,p", "step(-1)", "Previous", id="citation.previous"),
        Binding("right,n", "step(1)", "Next", id="citation.next"),
        Binding("y", "copy", "Copy", id="citation.copy"),
        Binding(
            "o",
            "context",
            "Context",
            id="citation.context",
            tooltip="Show or hide the excerpts around this one in its source, and the sections citing it",
        ),
    ]

    def __init__(self, knowledge: KnowledgeBase, excerpt_ids: list[str], index: int = 0) -> None:
        super().__init__(classes="dialog-screen")
        self.knowledge = knowledge
        self.excerpt_ids = [i for i in excerpt_ids if knowledge.excerpt(i) is not None]
        self.index = max(0, min(index, len(self.excerpt_ids) - 1))
        self.show_context = False

    @property
    def excerpt_id(self) -> str:
        return self.excerpt_ids[self.index]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(classes="dialog-title", id="citation-position")
            with VerticalScroll(classes="dialog-body"):
                yield Static(id="citation-text", classes="excerpt-text")
                yield Static(id="citation-source", classes="excerpt-source")
                yield Static(id="citation-context", classes="excerpt-context")
            yield KeyBar()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        excerpt = self.knowledge.excerpt(self.excerpt_id)
        assert excerpt is not None  # excerpt_ids keeps only the excerpts that exist (see __init__)
        source = self.knowledge.store.source_of(excerpt)
        self.query_one("#citation-position", Static).update(
            Text(f"Citation {self.index + 1} of {len(self.excerpt_ids)}  ·  {excerpt.id}")
        )
        self.query_one("#citation-text", Static).update(Text(f"\u201c{excerpt.text}\u201d"))
        lines = []
        if excerpt.speaker:
            lines.append(f"Who: {excerpt.speaker}")
        if source is not None:
            lines += [
                f"Source: {source.title}",
                f"Publisher: {source.publisher}",
                f"Author: {source.author or 'not named'}",
                f"Date: {source.date_label}",
            ]
        else:
            lines.append(f"Source: {excerpt.source}")
        lines.append(f"Section: {excerpt.section}")
        if excerpt.date:
            lines.append(f"Event date: {excerpt.date}" + (f" to {excerpt.date_end}" if excerpt.date_end else ""))
        self.query_one("#citation-source", Static).update(Text("\n".join(lines)))
        context = self.query_one("#citation-context", Static)
        context.display = self.show_context
        if self.show_context:
            context.update(context_text(self.knowledge, self.excerpt_id))

    def action_step(self, delta: int) -> None:
        """Step to the previous or next citation of the same section."""
        index = self.index + delta
        if 0 <= index < len(self.excerpt_ids):
            self.index = index
            self._show()
        else:
            self.app.bell()

    def action_context(self) -> None:
        """Show or hide the neighbouring excerpts in the source and the sections that cite this one."""
        self.show_context = not self.show_context
        self._show()

    def action_copy(self) -> None:
        """Copy the excerpt and its source to the clipboard (OSC 52, so it works over SSH)."""
        self.app.copy_to_clipboard(self.knowledge.store.citation_text(self.excerpt_id))
        self.notify("Citation copied to the clipboard.")


async def pick_citation(app: App[Any], knowledge: KnowledgeBase, title: str, citations: list[str]) -> None:
    """List ``citations`` (excerpt ids) under ``title``; Enter opens one in the citation dialog.
    Call it from a worker (it waits for the screens)."""
    from aco_tui.ui.screens.pickers import ChoiceScreen, excerpt_label

    labels = [excerpt_label(knowledge, n, i) for n, i in enumerate(citations, start=1)]
    index = await app.push_screen_wait(ChoiceScreen(title, labels))
    if index is not None:
        await app.push_screen_wait(CitationScreen(knowledge, citations, index))
