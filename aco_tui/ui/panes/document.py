"""A content pane: a table of contents beside one section at a time.

Only the section in view is rendered, by one :class:`MarkdownView` (not a widget per block), so
showing a section costs a few milliseconds whatever its length. The pane's own keys: ``f`` finds
words in the pane (``n``/``N`` then step through the matches), ``T`` widens or hides the contents
and ``y`` copies the section with its citations.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from aco_tui.knowledge.base import KnowledgeBase
from aco_tui.knowledge.blocks import ITALIC, Block, Heading, Paragraph, Quote, Span
from aco_tui.knowledge.content import Document, Section
from aco_tui.text_wrap import wrap
from aco_tui.ui.commands import DOCUMENT_COMMANDS, bindings
from aco_tui.ui.messages import SectionShown, follow_link
from aco_tui.ui.panes.finder import Finder
from aco_tui.ui.widgets.find_bar import FindBar
from aco_tui.ui.widgets.markdown_view import MarkdownView
from aco_tui.ui.widgets.safe_lists import SafeOptionList

CONTENTS_WIDTHS = ("", "-contents-wide", "-contents-hidden")  # the cycle of the 'T' key


class ContentsLabel:
    """A contents entry: indented by its level, its wrapped lines hanging further in, so that the
    second line of a long subheading never looks like a heading of its own (ux-walk P1-4)."""

    HANG = 2

    def __init__(self, title: str, level: int) -> None:
        self.title, self.indent = title, 2 * max(0, level - 2)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = wrap(self.title, max(1, options.max_width - self.indent - self.HANG))
        yield Text("\n".join(" " * (self.indent + (self.HANG if n else 0)) + line for n, line in enumerate(lines)))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


class DocumentPane(Horizontal):
    """One content document, navigable by heading."""

    BINDINGS = bindings(DOCUMENT_COMMANDS)  # declared with their help and palette entry (ui/commands.py)

    def __init__(
        self,
        knowledge: KnowledgeBase,
        document: Document,
        *,
        quote_voices: bool = False,
        start: str | None = None,
        id: str | None = None,
    ) -> None:
        """``start``: the section to show from the first frame (the first section if None or unknown)."""
        super().__init__(id=id, classes="document-pane")
        self.knowledge = knowledge
        self.document = document
        self.quote_voices = quote_voices
        self.section: Section | None = document.section(start) if start else None
        if self.section is None and document.sections:
            self.section = document.sections[0]
        self.citations: list[str] = []
        self.finder = Finder()

    def compose(self) -> ComposeResult:
        toc = SafeOptionList(
            *(Option(ContentsLabel(s.title, s.level), id=s.id) for s in self.document.sections), classes="toc"
        )
        if self.section is not None:
            toc.highlighted = self.document.sections.index(self.section)
        yield toc
        with VerticalScroll(classes="reader"):
            yield MarkdownView(self._blocks_for(self.section) if self.section else (), classes="section")
        yield FindBar()

    def section_blocks(self, section: Section) -> tuple[tuple[Block, ...], list[str]]:
        """What the reader shows for ``section`` (heading, text, and in Commentary the quoted voices)
        and the excerpts its markers cite."""
        display = section.display
        citations = list(display.citations)
        blocks: tuple[Block, ...] = (Heading(2, (Span(section.title),)), *display.blocks)
        if self.quote_voices:
            voices = [self.knowledge.excerpt(i) for i in citations]
            quoted = tuple(
                Paragraph(
                    (
                        Span(f"[{n}]", href=f"cite:{e.id}"),
                        Span(f" \u201c{e.text}\u201d \u2014 "),
                        Span(e.speaker, ITALIC),
                    )
                )
                for n, e in enumerate(voices, start=1)
                if e is not None and e.speaker
            )
            if quoted:
                blocks += (Heading(3, (Span("In their words"),)), Quote(quoted))
        return blocks, citations

    def _blocks_for(self, section: Section) -> tuple[Block, ...]:
        blocks, self.citations = self.section_blocks(section)
        return blocks

    async def show_section(self, section_id: str, *, announce: bool = True) -> bool:
        """Render ``section_id`` and scroll to its top; False if the document has no such section."""
        return self.show_section_now(section_id, announce=announce)

    def show_section_now(self, section_id: str, *, announce: bool = True, jump: bool = True) -> bool:
        """:meth:`show_section` without waiting: keys pressed in a burst each see the section the
        previous one showed. ``jump``: whether history records it (a step or a match does not)."""
        section = self.document.section(section_id)
        if section is None:
            return False
        self.section = section
        toc = self.query_one(".toc", OptionList)
        toc.highlighted = self.document.sections.index(section)
        self.query_one(".section", MarkdownView).update(self._blocks_for(section))
        self.query_one(".reader", VerticalScroll).scroll_home(animate=False)
        if announce:
            self.post_message(SectionShown(self.document.id, section.id, jump))
        return True

    def step_section(self, delta: int) -> bool:
        """Show the next (+1) or previous (-1) section; False at either end of the pane."""
        if self.section is None:
            return False
        index = self.document.sections.index(self.section) + delta
        if 0 <= index < len(self.document.sections):
            return self.show_section_now(self.document.sections[index].id, jump=False)
        return False

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

    # -- find ------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # n and Escape are the pane's own only while something is being found; otherwise n is
        # "next section" (the screen's) and Escape does what it did.
        if action in ("find_step", "close_find"):
            return self.query_one(FindBar).is_open
        return True

    def action_find(self) -> None:
        """Open the find bar (words found in every section of this pane)."""
        self.query_one(FindBar).open()

    @on(FindBar.Changed)
    def _find_changed(self, event: FindBar.Changed) -> None:
        event.stop()
        sections = [(s.id, self.section_blocks(s)[0]) for s in self.document.sections]
        self.finder.search(event.words, sections, self.section.id if self.section else None)
        self._show_match()

    @on(FindBar.Done)
    def _find_done(self, event: FindBar.Done) -> None:
        event.stop()
        if event.keep and self.finder.matches:
            self.query_one(FindBar).show_count(self.finder.count_label, hint=True)
            self.query_one(".reader").focus()
        elif event.keep:
            self.app.bell()
        else:
            self.action_close_find()

    def action_find_step(self, delta: int) -> None:
        """The next (+1) or previous (-1) match, across sections, wrapping round."""
        if self.finder.step(delta) is None:
            self.app.bell()
            return
        self._show_match()
        self.query_one(FindBar).show_count(self.finder.count_label, hint=True)

    def action_close_find(self) -> None:
        """Close the find bar and unmark the words."""
        self.query_one(FindBar).close()
        self.finder = Finder()
        self.query_one(".section", MarkdownView).mark("")
        self.query_one(".reader").focus()

    def _show_match(self) -> None:
        bar, view = self.query_one(FindBar), self.query_one(".section", MarkdownView)
        bar.show_count(self.finder.count_label)
        match = self.finder.match
        if match is not None and (self.section is None or match.section_id != self.section.id):
            self.show_section_now(match.section_id, jump=False)
        view.mark(self.finder.words if match is not None else "")
        if match is not None:
            self.call_after_refresh(self._scroll_to_match)

    def _scroll_to_match(self) -> None:
        match, view = self.finder.match, self.query_one(".section", MarkdownView)
        line = None if match is None else view.line_of(self.finder.words, match.nth)
        if line is not None:
            reader = self.query_one(".reader", VerticalScroll)
            reader.scroll_to(y=max(0, line - 2), animate=False)

    # -- contents and copying --------------------------------------------------------------------

    def action_contents_width(self) -> None:
        """Widen the contents column, then hide it, then put it back."""
        current = next((c for c in CONTENTS_WIDTHS if c and self.has_class(c)), "")
        following = CONTENTS_WIDTHS[(CONTENTS_WIDTHS.index(current) + 1) % len(CONTENTS_WIDTHS)]
        self.remove_class(*(c for c in CONTENTS_WIDTHS if c))
        if following:
            self.add_class(following)
        toc = self.query_one(".toc")
        if following == "-contents-hidden" and toc.has_focus:
            self.query_one(".reader").focus()

    def action_copy_section(self) -> None:
        """Copy the section as text, its citations as footnotes (OSC 52: works over SSH too)."""
        from aco_tui.render.plain import section_lines

        if self.section is None:
            return
        self.app.copy_to_clipboard("\n".join(section_lines(self.knowledge.store, self.section, None)) + "\n")
        self.notify(f"Copied \u201c{self.section.title}\u201d with its citations.")
