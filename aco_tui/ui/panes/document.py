"""A content pane: a table of contents beside one section at a time.

Only the section in view is rendered, by one :class:`MarkdownView` (not a widget per block), so
showing a section costs a few milliseconds whatever its length.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from aco_tui.knowledge.base import KnowledgeBase
from aco_tui.knowledge.blocks import ITALIC, Block, Heading, Paragraph, Quote, Span
from aco_tui.knowledge.content import Document, Section
from aco_tui.ui.messages import SectionShown, follow_link
from aco_tui.ui.widgets.markdown_view import MarkdownView
from aco_tui.ui.widgets.safe_lists import SafeOptionList


class DocumentPane(Horizontal):
    """One content document, navigable by heading."""

    def __init__(self, knowledge: KnowledgeBase, document: Document, *, quote_voices: bool = False,
                 start: str | None = None, id: str | None = None) -> None:
        """``start``: the section to show from the first frame (the first section if None or unknown)."""
        super().__init__(id=id, classes="document-pane")
        self.knowledge = knowledge
        self.document = document
        self.quote_voices = quote_voices
        self.section: Section | None = document.section(start) if start else None
        if self.section is None and document.sections:
            self.section = document.sections[0]
        self.citations: list[str] = []

    def compose(self) -> ComposeResult:
        toc = SafeOptionList(*(Option(Text(("  " if s.level > 2 else "") + s.title), id=s.id)
                           for s in self.document.sections),
                         classes="toc")
        if self.section is not None:
            toc.highlighted = self.document.sections.index(self.section)
        yield toc
        with VerticalScroll(classes="reader"):
            yield MarkdownView(self._blocks_for(self.section) if self.section else (), classes="section")

    def _blocks_for(self, section: Section) -> tuple[Block, ...]:
        display = section.display
        self.citations = list(display.citations)
        blocks: tuple[Block, ...] = (Heading(2, (Span(section.title),)), *display.blocks)
        if self.quote_voices:
            voices = [self.knowledge.excerpt(i) for i in self.citations]
            quoted = tuple(Paragraph((Span(f"[{n}]", href=f"cite:{e.id}"), Span(f" \u201c{e.text}\u201d \u2014 "),
                                      Span(e.speaker, ITALIC)))
                           for n, e in enumerate(voices, start=1) if e is not None and e.speaker)
            if quoted:
                blocks += (Heading(3, (Span("In their words"),)), Quote(quoted))
        return blocks

    async def show_section(self, section_id: str, *, announce: bool = True) -> bool:
        """Render ``section_id`` and scroll to its top; False if the document has no such section."""
        return self.show_section_now(section_id, announce=announce)

    def show_section_now(self, section_id: str, *, announce: bool = True) -> bool:
        """:meth:`show_section` without waiting: keys pressed in a burst each see the section the
        previous one showed."""
        section = self.document.section(section_id)
        if section is None:
            return False
        self.section = section
        toc = self.query_one(".toc", OptionList)
        toc.highlighted = self.document.sections.index(section)
        self.query_one(".section", MarkdownView).update(self._blocks_for(section))
        self.query_one(".reader", VerticalScroll).scroll_home(animate=False)
        if announce:
            self.post_message(SectionShown(self.document.id, section.id))
        return True

    def step_section(self, delta: int) -> None:
        """Show the next (+1) or previous (-1) section."""
        if self.section is None:
            return
        index = self.document.sections.index(self.section) + delta
        if 0 <= index < len(self.document.sections):
            self.show_section_now(self.document.sections[index].id)

    @on(OptionList.OptionSelected, ".toc")
    async def _toc_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            await self.show_section(event.option.id)
            self.query_one(".reader").focus()

    @on(MarkdownView.LinkClicked)
    def _link_clicked(self, event: MarkdownView.LinkClicked) -> None:
        """A citation marker, glossary link or outside link in the section was clicked."""
        event.stop()
        follow_link(self, event.href, self.citations)
