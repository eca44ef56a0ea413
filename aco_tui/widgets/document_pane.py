"""A content pane: a table of contents beside one section at a time.

Only the section in view is rendered: Textual's Markdown widget costs time per block, so mounting
a whole document at start-up would make the first paint slow.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from aco_tui.citations import link_citations
from aco_tui.content import Document, Section
from aco_tui.knowledge import KnowledgeBase
from aco_tui.markdown_text import escape_markdown
from aco_tui.widgets.messages import SectionShown, follow_link


class DocumentPane(Horizontal):
    """One content document, navigable by heading."""

    def __init__(self, knowledge: KnowledgeBase, document: Document, *, quote_voices: bool = False,
                 id: str | None = None) -> None:
        super().__init__(id=id, classes="document-pane")
        self.knowledge = knowledge
        self.document = document
        self.quote_voices = quote_voices
        self.section: Section | None = None
        self.citations: list[str] = []

    def compose(self) -> ComposeResult:
        yield OptionList(*(Option(Text(("  " if s.level > 2 else "") + s.title), id=s.id)
                           for s in self.document.sections),
                         classes="toc")
        yield VerticalScroll(classes="reader")

    async def _view(self):
        """The Markdown widget of the reader, created on first use: importing and mounting it is the
        costliest part of a pane, so the first paint shows the contents before the text."""
        views = self.query(".section")
        if views:
            return views.first()
        from textual.widgets import Markdown

        view = Markdown(classes="section", open_links=False)
        await self.query_one(".reader").mount(view)
        return view

    def _markdown_for(self, section: Section) -> str:
        body, self.citations = link_citations(section.body)
        parts = [f"## {escape_markdown(section.title)}", body]
        if self.quote_voices:
            voices = [self.knowledge.excerpt(i) for i in self.citations]
            quoted = [f"> [\\[{n}\\]](cite:{e.id}) \u201c{escape_markdown(e.text)}\u201d \u2014 *{escape_markdown(e.speaker)}*"
                      for n, e in enumerate(voices, start=1) if e is not None and e.speaker]
            if quoted:
                parts += ["### In their words", "\n>\n".join(quoted)]
        return "\n\n".join(parts)

    async def show_section(self, section_id: str, *, announce: bool = True) -> bool:
        """Render ``section_id`` and scroll to its top; False if the document has no such section."""
        section = self.document.section(section_id)
        if section is None:
            return False
        self.section = section
        toc = self.query_one(".toc", OptionList)
        toc.highlighted = self.document.sections.index(section)
        await (await self._view()).update(self._markdown_for(section))
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
            self.run_worker(self.show_section(self.document.sections[index].id))

    @on(OptionList.OptionSelected, ".toc")
    async def _toc_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            await self.show_section(event.option.id)
            self.query_one(".reader").focus()

    def on_markdown_link_clicked(self, event) -> None:
        """A citation marker, glossary link or outside link in the section was clicked."""
        event.stop()
        follow_link(self, event.href, self.citations)
