"""The sources: the five documents with their metadata, and every excerpt by source and section."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from aco_tui.knowledge.base import KnowledgeBase
from aco_tui.knowledge.store import Excerpt
from aco_tui.ui.messages import CitationRequested
from aco_tui.ui.widgets.pick_list import PickList, PickRow
from aco_tui.ui.widgets.safe_input import SafeInput
from aco_tui.ui.widgets.safe_lists import SafeOptionList

ALL_SOURCES = "__all__"


class ExcerptList(PickList):
    """The excerpts that pass the filter, under their source and section; Enter opens one."""

    BINDINGS = [Binding("enter", "pick", "Open")]


class SourcesPane(Horizontal):
    """Pick a source on the left; filter and open its excerpts on the right."""

    def __init__(self, knowledge: KnowledgeBase, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="sources-pane")
        self.knowledge = knowledge
        self.source_id = ALL_SOURCES
        self.shown: list[Excerpt] = []

    def compose(self) -> ComposeResult:
        sources = self.knowledge.store.sources.values()
        yield SafeOptionList(
            Option("All sources", id=ALL_SOURCES),
            *(Option(Text(s.publisher), id=s.id) for s in sources),
            classes="toc",
            id="source-list",
        )
        with Vertical(classes="reader"):
            yield Static(id="source-meta", classes="source-meta")
            yield SafeInput(placeholder="Filter excerpts (type words)", id="excerpt-filter")
            yield ExcerptList(id="excerpt-list")

    def on_mount(self) -> None:
        self.query_one("#source-list", OptionList).highlighted = 0
        self._refresh()

    def _meta(self) -> Text:
        store = self.knowledge.store
        if self.source_id == ALL_SOURCES:
            return Text(
                f"{len(store.sources)} sources, {len(store.excerpts)} verbatim excerpts. Pick a source for its details."
            )
        s = store.sources[self.source_id]
        lines = [
            s.title,
            f"{s.publisher}" + (f" \u00b7 {s.series}" if s.series else ""),
            f"Author: {s.author or 'not named'} \u00b7 Date: {s.date_label}",
        ]
        if s.kind or s.licence:
            lines.append(" \u00b7 ".join(p for p in (s.kind, s.licence) if p))
        return Text("\n".join(lines))

    def _refresh(self) -> None:
        words = self.query_one("#excerpt-filter", Input).value.casefold().split()
        self.shown = [
            e
            for e in self.knowledge.store.excerpts.values()
            if (self.source_id == ALL_SOURCES or e.source == self.source_id)
            and all(w in f"{e.text} {e.section} {e.speaker or ''}".casefold() for w in words)
        ]
        self.query_one("#source-meta", Static).update(self._meta())
        rows: list[PickRow] = []
        section = None
        for index, excerpt in enumerate(self.shown):
            heading = f"{excerpt.source} \u00b7 {excerpt.section}"
            if heading != section:
                section = heading
                rows.append(PickRow(heading, heading=True))
            rows.append(PickRow(f"\u2022 {excerpt.text}", key=str(index), indent=1, hang=2))
        self.query_one(ExcerptList).set_rows(rows or [PickRow("No excerpt matches the filter.")])

    @on(OptionList.OptionHighlighted, "#source-list")
    def _source_chosen(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id and event.option.id != self.source_id:
            self.source_id = event.option.id
            self._refresh()

    @on(Input.Changed, "#excerpt-filter")
    def _filter(self, event: Input.Changed) -> None:
        event.stop()
        self._refresh()

    @on(Input.Submitted, "#excerpt-filter")
    def _to_list(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#excerpt-list").focus()

    @on(PickList.Picked, "#excerpt-list")
    def _open(self, event: PickList.Picked) -> None:
        event.stop()
        if event.row.key is not None:
            self.post_message(CitationRequested([e.id for e in self.shown], int(event.row.key)))
