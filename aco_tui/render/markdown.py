"""Parsed Markdown (:mod:`aco_tui.knowledge.blocks`) as Rich renderables, for the reader; no Textual here.

Textual's ``Markdown`` widget mounts one widget per block, which costs layout and CSS time per
paragraph; the reader instead turns a section into a handful of Rich renderables shown by one
widget (:class:`aco_tui.ui.widgets.markdown_view.MarkdownView`). Span text is never read as Rich
markup (and the blocks hold no control characters), so outside text cannot style the screen or
reach the terminal as escape sequences.

A link becomes a span whose style carries ``{"@click": ("link", (href,))}``: Textual runs the
widget's ``link`` action with the href as a plain argument (never parsed as an action string).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.rule import Rule as RichRule
from rich.segment import Segment
from rich.style import Style
from rich.styled import Styled
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import JustifyMethod

from aco_tui.knowledge.blocks import (
    BOLD,
    CODE,
    ITALIC,
    Block,
    Code,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    TableBlock,
)


@dataclass(frozen=True)
class MarkdownStyles:
    """The Rich styles of each part (the widget reads them from its component classes)."""

    heading: Style = field(default_factory=lambda: Style(bold=True))
    subheading: Style = field(default_factory=lambda: Style(bold=True, italic=True))
    quote: Style = field(default_factory=lambda: Style(italic=True))
    quote_bar: Style = field(default_factory=Style)
    code: Style = field(default_factory=lambda: Style(reverse=True))
    table_header: Style = field(default_factory=lambda: Style(bold=True))
    table_border: Style = field(default_factory=Style)
    bullet: Style = field(default_factory=lambda: Style(bold=True))
    rule: Style = field(default_factory=Style)
    found: Style = field(default_factory=lambda: Style(reverse=True))
    find: str = ""  # words to mark with ``found`` wherever they occur (case ignored)


class Prefixed:
    """A renderable drawn narrower, behind a prefix: ``first`` on its first line, ``rest`` on the
    others (a list item's bullet and hanging indent, or a quote's bar on every line)."""

    def __init__(self, renderable: RenderableType, first: Text, rest: Text) -> None:
        self.renderable, self.first, self.rest = renderable, first, rest

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = max(self.first.cell_len, self.rest.cell_len)
        width = max(1, options.max_width - indent)
        lines = console.render_lines(self.renderable, options.update(width=width), pad=False)
        for number, line in enumerate(lines):
            prefix = self.first if number == 0 else self.rest
            yield from prefix.render(console)
            yield Segment(" " * (indent - prefix.cell_len))
            yield from line
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        indent = max(self.first.cell_len, self.rest.cell_len)
        inner = Measurement.get(console, options.update(width=max(1, options.max_width - indent)), self.renderable)
        return Measurement(inner.minimum + indent, inner.maximum + indent)


def link_style(href: str) -> Style:
    """The style of a link's text: clicking it runs the widget's ``link`` action with ``href``."""
    return Style.from_meta({"@click": ("link", (href,))})


_FLAG_STYLES = {BOLD: Style(bold=True), ITALIC: Style(italic=True)}


def inline_text(spans: Inline, styles: MarkdownStyles, base: Style | None = None) -> Text:
    """Spans as one Text: emphasis, code and links styled, the text itself taken literally."""
    text = Text(style=base or "")
    for span in spans:
        style = Style()
        for flag, flag_style in _FLAG_STYLES.items():
            if span.flags & flag:
                style += flag_style
        if span.flags & CODE:
            style += styles.code
        if span.href is not None:
            style += link_style(span.href)
        text.append(span.text, style or None)
    if styles.find:
        text.highlight_regex(re.compile(re.escape(styles.find), re.IGNORECASE), styles.found)
    return text


def render_blocks(blocks: tuple[Block, ...], styles: MarkdownStyles | None = None) -> Group:
    """``blocks`` as one Rich renderable, a blank line between blocks."""
    return Group(*_rendered(blocks, styles or MarkdownStyles()))


def _rendered(blocks: tuple[Block, ...], styles: MarkdownStyles, *, tight: bool = False) -> list[RenderableType]:
    out: list[RenderableType] = []
    for block in blocks:
        if out and not tight:
            out.append(Text())
        out.append(_block(block, styles))
    return out


def _block(block: Block, styles: MarkdownStyles) -> RenderableType:
    if isinstance(block, Paragraph):
        return inline_text(block.spans, styles)
    if isinstance(block, Heading):
        return inline_text(block.spans, styles, styles.heading if block.level <= 2 else styles.subheading)
    if isinstance(block, ListBlock):
        return _list(block, styles)
    if isinstance(block, Quote):
        bar = Text("\u258c ", styles.quote_bar)
        return Prefixed(Styled(Group(*_rendered(block.blocks, styles)), styles.quote), bar, bar)
    if isinstance(block, TableBlock):
        return FittedTable(block, styles)
    if isinstance(block, Rule):
        return RichRule(style=styles.rule)
    if isinstance(block, Code):
        return Text(block.text, styles.code)
    return Text(str(block))


def _list(block: ListBlock, styles: MarkdownStyles) -> Group:
    last = block.start + len(block.items) - 1
    width = len(f"{last}.") + 1 if block.ordered else 2
    out: list[RenderableType] = []
    for number, item in enumerate(block.items, start=block.start):
        marker = f"{number}." if block.ordered else "\u2022"
        first = Text(marker.rjust(width - 1) + " ", styles.bullet)
        out.append(Prefixed(Group(*_rendered(item, styles, tight=block.tight)), first, Text(" " * width)))
        if not block.tight and number < last:
            out.append(Text())
    return Group(*out)


class FittedTable:
    """A table drawn as a grid when its columns get at least ``MIN_COLUMN`` cells each, else as one
    record per row (first cell as a heading, then "column: value" lines): a five-column comparison
    stays readable in the 50 cells the reader has at 80x24."""

    MIN_COLUMN = 16

    def __init__(self, block: TableBlock, styles: MarkdownStyles) -> None:
        self.block, self.styles = block, styles

    def _fits(self, width: int) -> bool:
        return width >= self.MIN_COLUMN * max(1, len(self.block.header))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self._fits(options.max_width):
            yield _grid(self.block, self.styles)
        else:
            yield _records(self.block, self.styles)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


def _records(block: TableBlock, styles: MarkdownStyles) -> Group:
    out: list[RenderableType] = []
    labels = [inline_text(cell, styles, styles.table_header) for cell in block.header]
    indent = Text("  ")
    for number, row in enumerate(block.rows):
        if number:
            out.append(RichRule(style=styles.table_border))
        cells = [inline_text(cell, styles) for cell in row]
        if not cells:
            continue
        title = cells[0]
        if labels and labels[0].plain.strip():
            title = Text.assemble(labels[0], ": ", title)
        title.stylize(styles.table_header)
        out.append(title)
        for label, cell in zip(labels[1:], cells[1:], strict=False):
            line = Text.assemble(label, ": ", cell) if label.plain.strip() else cell
            out.append(Prefixed(line, indent, indent))
    return Group(*out)


def _grid(block: TableBlock, styles: MarkdownStyles) -> Table:
    table = Table(
        box=box.SQUARE,
        expand=True,
        show_lines=True,
        header_style=styles.table_header,
        border_style=styles.table_border,
        padding=(0, 1),
    )
    for cell, align in zip(block.header, block.align, strict=False):
        table.add_column(inline_text(cell, styles), justify=cast("JustifyMethod", align), overflow="fold")
    columns = max(1, len(block.header))
    for row in block.rows:
        cells = [inline_text(cell, styles) for cell in row][:columns]
        table.add_row(*cells, *[Text()] * (columns - len(cells)))
    return table
