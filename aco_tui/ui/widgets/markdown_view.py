"""One widget showing parsed Markdown (:mod:`aco_tui.knowledge.blocks`), rendered by :mod:`aco_tui.render.markdown`.

It replaces Textual's ``Markdown`` widget in the reader: that widget mounts a widget per block
(a section of 20 blocks costs tens of milliseconds of layout), this one renders the whole text as
a few Rich renderables, so switching sections and panes stays well under 100 ms. Links never open
anything: a click posts :class:`MarkdownView.LinkClicked` for the pane to decide.
"""

from __future__ import annotations

from rich.console import RenderableType
from textual.message import Message
from textual.widget import Widget

from aco_tui.knowledge.blocks import Block, plain_text
from aco_tui.render.markdown import MarkdownStyles, render_blocks


class MarkdownView(Widget):
    """Markdown text as one renderable; its parts are styled by the component classes below."""

    COMPONENT_CLASSES = {
        "markdown-view--heading",
        "markdown-view--subheading",
        "markdown-view--quote",
        "markdown-view--quote-bar",
        "markdown-view--code",
        "markdown-view--table-header",
        "markdown-view--table-border",
        "markdown-view--bullet",
        "markdown-view--rule",
        "markdown-view--found",
    }

    DEFAULT_CSS = """
    MarkdownView {
        height: auto;
    }
    MarkdownView > .markdown-view--heading {
        text-style: bold;
        color: $accent;
    }
    MarkdownView > .markdown-view--subheading {
        text-style: bold italic;
    }
    MarkdownView > .markdown-view--quote {
        text-style: italic;
    }
    MarkdownView > .markdown-view--quote-bar {
        color: $primary;
    }
    MarkdownView > .markdown-view--code {
        background: $boost;
        color: $text-accent;
    }
    MarkdownView > .markdown-view--table-header {
        text-style: bold;
        color: $text-accent;
    }
    MarkdownView > .markdown-view--table-border {
        color: $panel-lighten-2;
    }
    MarkdownView > .markdown-view--bullet {
        text-style: bold;
        color: $text-accent;
    }
    MarkdownView > .markdown-view--rule {
        color: $panel-lighten-2;
    }
    """

    class LinkClicked(Message):
        """A link in the text was clicked; ``href`` is its target, never opened by the widget."""

        def __init__(self, view: MarkdownView, href: str) -> None:
            super().__init__()
            self.view = view
            self.href = href

        @property
        def control(self) -> MarkdownView:
            return self.view

    def __init__(self, blocks: tuple[Block, ...] = (), *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.blocks = blocks
        self.find = ""  # words to mark wherever they occur (the pane's find bar)
        self._rendered: tuple[MarkdownStyles, RenderableType] | None = None

    @property
    def plain(self) -> str:
        """The text shown, without styles (for tests and accessibility tools)."""
        return plain_text(self.blocks)

    def update(self, blocks: tuple[Block, ...]) -> None:
        """Show ``blocks`` instead (laid out again, since the height changes)."""
        if blocks != self.blocks:
            self.blocks = blocks
            self._rendered = None
            self.refresh(layout=True)

    def mark(self, words: str) -> None:
        """Mark every occurrence of ``words`` (case ignored; "" marks nothing)."""
        if words != self.find:
            self.find = words
            self.refresh()

    def line_of(self, words: str, nth: int) -> int | None:
        """The line (from the top of the widget) that shows the ``nth`` occurrence of ``words``."""
        wanted, seen = words.casefold(), 0
        width = self.content_region.width or self.size.width
        if not wanted or width <= 0:
            return None
        console = self.app.console
        lines = console.render_lines(self.render(), console.options.update(width=width), pad=False)
        for number, line in enumerate(lines):
            seen += "".join(segment.text for segment in line).casefold().count(wanted)
            if seen > nth:
                return number
        return None

    def _styles(self) -> MarkdownStyles:
        part = self.get_component_rich_style
        return MarkdownStyles(
            heading=part("markdown-view--heading", partial=True),
            subheading=part("markdown-view--subheading", partial=True),
            quote=part("markdown-view--quote", partial=True),
            quote_bar=part("markdown-view--quote-bar", partial=True),
            code=part("markdown-view--code", partial=True),
            table_header=part("markdown-view--table-header", partial=True),
            table_border=part("markdown-view--table-border", partial=True),
            bullet=part("markdown-view--bullet", partial=True),
            rule=part("markdown-view--rule", partial=True),
            found=part("markdown-view--found", partial=True),
            find=self.find,
        )

    def render(self) -> RenderableType:
        styles = self._styles()  # a theme or focus change changes these, and the text is drawn anew
        if self._rendered is None or self._rendered[0] != styles:
            self._rendered = (styles, render_blocks(self.blocks, styles))
        return self._rendered[1]

    def action_link(self, href: str) -> None:
        """Run by a click on a link (the style of its text carries this action and the href)."""
        self.post_message(self.LinkClicked(self, href))
