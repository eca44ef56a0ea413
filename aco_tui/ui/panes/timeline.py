"""The timeline: every dated event, filterable by year and topic, with the event's text beside it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll

from aco_tui.knowledge.base import KnowledgeBase
from aco_tui.knowledge.blocks import ITALIC, Heading, Span, text_block
from aco_tui.knowledge.content import Section, TimelineEvent
from aco_tui.knowledge.topics import TOPICS
from aco_tui.ui.messages import SectionShown, follow_link
from aco_tui.ui.widgets.chooser import Chooser
from aco_tui.ui.widgets.markdown_view import MarkdownView
from aco_tui.ui.widgets.pick_list import PickList, PickRow

ALL = "all"


class TimelinePane(Vertical):
    """Events in date order; the highlighted event is shown in full."""

    def __init__(self, knowledge: KnowledgeBase, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="timeline-pane")
        self.knowledge = knowledge
        self.events = knowledge.content.timeline
        self.shown_events: list[TimelineEvent] = list(self.events)
        self.event: TimelineEvent | None = None
        self.citations: list[str] = []

    @property
    def section(self) -> Section | None:
        """The section of the event in view (the pane answers to :class:`~aco_tui.ui.panes.protocols.SectionPane`)."""
        return self.event.section if self.event else None

    def compose(self) -> ComposeResult:
        years = sorted({e.year for e in self.events})
        with Horizontal(classes="filters"):
            yield Chooser("Year", [("All years", ALL), *((y, y) for y in years)], ALL, id="timeline-year")
            yield Chooser(
                "Topic",
                [("All topics", ALL), *((t.replace("-", " ").capitalize(), t) for t in TOPICS if t != "timeline")],
                ALL,
                id="timeline-topic",
            )
        with Horizontal(classes="timeline-body"):
            yield PickList(classes="toc", id="timeline-events")
            with VerticalScroll(classes="reader"):
                yield MarkdownView(classes="section")

    def on_mount(self) -> None:
        self._refill()

    def _refill(self) -> None:
        year = self.query_one("#timeline-year", Chooser).value
        topic = self.query_one("#timeline-topic", Chooser).value
        self.shown_events = [
            e for e in self.events if (year == ALL or e.year == year) and (topic == ALL or topic in e.topics)
        ]
        rows = [PickRow(f"{e.date}  {e.title}", key=e.section.id, hang=2) for e in self.shown_events]
        self.query_one("#timeline-events", PickList).set_rows(rows or [PickRow("No events.")])
        if self.shown_events:
            self.show_event_now(self.shown_events[0].section.id, announce=False)
        else:
            self.event, self.citations = None, []
            self.query_one(".section", MarkdownView).update((text_block("No events match these filters.", ITALIC),))

    @on(Chooser.Changed)
    def _filter_changed(self, event: Chooser.Changed) -> None:
        event.stop()
        self._refill()

    async def show_section(self, section_id: str, *, announce: bool = True) -> bool:
        """Show the event whose anchor is ``section_id`` (clearing filters that hide it)."""
        if not any(e.section.id == section_id for e in self.shown_events):
            if not any(e.section.id == section_id for e in self.events):
                return False
            self.query_one("#timeline-year", Chooser).value = ALL
            self.query_one("#timeline-topic", Chooser).value = ALL
            self.shown_events = list(self.events)
            self._refill()
        return self.show_event_now(section_id, announce=announce)

    def show_event_now(self, section_id: str, *, announce: bool = True, jump: bool = True) -> bool:
        """Show the event whose anchor is ``section_id`` among those the filters let through
        (``jump``: whether history records it; a step to the next event does not)."""
        event = next((e for e in self.shown_events if e.section.id == section_id), None)
        if event is None:
            return False
        self.event = event
        display = event.section.display
        self.citations = list(display.citations)
        heading = Heading(2, (Span(f"{event.date} \u00b7 {event.title}"),))
        self.query_one("#timeline-events", PickList).highlighted = self.shown_events.index(event)
        self.query_one(".section", MarkdownView).update((heading, *display.blocks))
        if announce:
            self.post_message(SectionShown("timeline", section_id, jump))
        return True

    def step_section(self, delta: int) -> bool:
        """Show the next (+1) or previous (-1) event; False at either end."""
        if self.event is None:
            return False
        index = self.shown_events.index(self.event) + delta
        if 0 <= index < len(self.shown_events):
            return self.show_event_now(self.shown_events[index].section.id, jump=False)
        return False

    @on(PickList.Highlighted, "#timeline-events")
    def _highlighted(self, event: PickList.Highlighted) -> None:
        event.stop()
        if event.row.key and (self.event is None or self.event.section.id != event.row.key):
            self.show_event_now(event.row.key, jump=False)  # browsing the list, like n and p

    @on(PickList.Picked, "#timeline-events")
    def _selected(self, event: PickList.Picked) -> None:
        event.stop()
        self.query_one(".reader").focus()

    @on(MarkdownView.LinkClicked)
    def _link_clicked(self, event: MarkdownView.LinkClicked) -> None:
        event.stop()
        follow_link(self, event.href, self.citations)
