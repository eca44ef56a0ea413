"""Markdown as plain data: blocks of styled spans, parsed once and kept in the start-up cache.

The reader shows a section by turning these blocks into Rich renderables
(:mod:`aco_tui.render.markdown`), so the app never parses Markdown (nor imports markdown-it)
while it starts or switches sections. Only what ``content/`` uses has a block type of its own:
paragraphs, headings, lists, block quotes, tables, rules and code; anything else (HTML, say) is
kept as literal text. Nothing here imports Textual or Rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aco_tui.knowledge.citations import CITE_SCHEME, close_up_punctuation, link_citations
from aco_tui.safe_text import strip_control

if TYPE_CHECKING:  # markdown-it is imported only when Markdown is parsed
    from markdown_it.tree import SyntaxTreeNode

BOLD, ITALIC, CODE = 1, 2, 4


@dataclass(frozen=True)
class Span:
    """A run of text with one style: ``flags`` of BOLD, ITALIC, CODE; ``href`` if it is a link."""

    text: str
    flags: int = 0
    href: str | None = None


Inline = tuple[Span, ...]


@dataclass(frozen=True)
class Paragraph:
    spans: Inline


@dataclass(frozen=True)
class Heading:
    level: int
    spans: Inline


@dataclass(frozen=True)
class ListBlock:
    """A bullet (``ordered`` False) or numbered list; ``tight`` lists have no blank line between items."""

    ordered: bool
    start: int
    tight: bool
    items: tuple[tuple["Block", ...], ...]


@dataclass(frozen=True)
class Quote:
    blocks: tuple["Block", ...]


@dataclass(frozen=True)
class TableBlock:
    """A table: header cells, each column's alignment ("left", "center" or "right"), body rows."""

    header: tuple[Inline, ...]
    align: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True)
class Rule:
    pass


@dataclass(frozen=True)
class Code:
    text: str


Block = Paragraph | Heading | ListBlock | Quote | TableBlock | Rule | Code


@dataclass(frozen=True)
class DisplayText:
    """A text ready to show: its blocks, with citations as numbered ``cite:`` links, and the cited
    excerpt ids in marker order (marker ``[n]`` is ``citations[n - 1]``)."""

    blocks: tuple[Block, ...]
    citations: tuple[str, ...]


def display_text(markdown: str) -> DisplayText:
    """``markdown`` (with ``[@id]`` citations) parsed for display."""
    linked, cited = link_citations(markdown)
    return DisplayText(parse_blocks(linked), tuple(cited))


def plain_text(blocks: tuple[Block, ...], *, citations: bool = True) -> str:
    """The words of ``blocks``: a line for each paragraph, heading, list item ("- " or "1. " first)
    and table row (cells joined by " | "); ``citations=False`` leaves out the citation markers (and the space before them)."""
    return "\n".join(_plain(block, citations) for block in blocks)


def _plain(block: Block, citations: bool) -> str:
    if isinstance(block, (Paragraph, Heading)):
        return _words(block.spans, citations)
    if isinstance(block, TableBlock):
        return "\n".join(" | ".join(_words(cell, citations) for cell in row) for row in (block.header, *block.rows))
    if isinstance(block, Quote):
        return "\n".join(_plain(inner, citations) for inner in block.blocks)
    if isinstance(block, ListBlock):
        return "\n".join(
            (f"{number}. " if block.ordered else "- ") + "\n".join(_plain(inner, citations) for inner in item)
            for number, item in enumerate(block.items, start=block.start)
        )
    return block.text if isinstance(block, Code) else ""


def _words(spans: Inline, citations: bool) -> str:
    if citations:
        return "".join(span.text for span in spans)
    words = "".join(span.text for span in spans if not (span.href or "").startswith(CITE_SCHEME))
    return close_up_punctuation(words).rstrip()


def text_block(text: str, flags: int = 0) -> Paragraph:
    """A paragraph of literal ``text`` (never read as Markdown)."""
    return Paragraph((Span(strip_control(text), flags),))


_PARSER = None


def parse_blocks(markdown: str) -> tuple[Block, ...]:
    """The blocks of ``markdown`` (CommonMark with tables)."""
    global _PARSER
    # Start-up budget: the app starts from parsed blocks (the cache) and must not import markdown-it.
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    if _PARSER is None:
        _PARSER = MarkdownIt("commonmark").enable("table")
    return _blocks(SyntaxTreeNode(_PARSER.parse(markdown)).children)


def _blocks(nodes: Sequence[SyntaxTreeNode]) -> tuple[Block, ...]:
    return tuple(block for block in map(_block, nodes) if block is not None)


def _block(node: SyntaxTreeNode) -> Block | None:
    kind = node.type
    if kind == "paragraph":
        return Paragraph(_inline_of(node))
    if kind == "heading":
        return Heading(int(node.tag[1:]), _inline_of(node))
    if kind in ("bullet_list", "ordered_list"):
        items = [item for item in node.children if item.type == "list_item"]
        tight = any(child.type == "paragraph" and child.hidden for item in items for child in item.children)
        start = int(node.attrs.get("start", 1) or 1) if kind == "ordered_list" else 1
        return ListBlock(kind == "ordered_list", start, tight, tuple(_blocks(item.children) for item in items))
    if kind == "blockquote":
        return Quote(_blocks(node.children))
    if kind == "table":
        return _table(node)
    if kind == "hr":
        return Rule()
    if kind in ("code_block", "fence"):
        return Code(strip_control(node.content.rstrip("\n")))
    if kind == "html_block":  # shown as written, never interpreted
        return text_block(node.content.rstrip("\n"))
    if node.children:
        inner = _blocks(node.children)
        return Quote(inner) if inner else None
    return Paragraph((Span(strip_control(node.content)),)) if node.content else None


def _inline_of(node: SyntaxTreeNode) -> Inline:
    spans: list[Span] = []
    for child in node.children:
        _inline(child, spans, 0, None)
    return _merged(spans)


def _inline(node: SyntaxTreeNode, spans: list[Span], flags: int, href: str | None) -> None:
    kind = node.type
    if kind in ("text", "html_inline"):
        spans.append(Span(strip_control(node.content), flags, href))
    elif kind == "softbreak":
        spans.append(Span(" ", flags, href))
    elif kind == "hardbreak":
        spans.append(Span("\n", flags, href))
    elif kind == "code_inline":
        spans.append(Span(strip_control(node.content), flags | CODE, href))
    elif kind == "image":
        spans.append(Span(strip_control(node.content or str(node.attrs.get("alt", ""))), flags, href))
    else:
        if kind == "strong":
            flags |= BOLD
        elif kind == "em":
            flags |= ITALIC
        elif kind == "link":
            href = str(node.attrs.get("href", ""))
        for child in node.children:
            _inline(child, spans, flags, href)


def _merged(spans: list[Span]) -> Inline:
    """Neighbouring spans of one style joined (fewer, longer runs render faster)."""
    out: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if out and out[-1].flags == span.flags and out[-1].href == span.href:
            out[-1] = Span(out[-1].text + span.text, span.flags, span.href)
        else:
            out.append(span)
    return tuple(out)


def _table(node: SyntaxTreeNode) -> TableBlock:
    head = next((child for child in node.children if child.type == "thead"), None)
    body = next((child for child in node.children if child.type == "tbody"), None)
    header_cells = head.children[0].children if head is not None and head.children else []
    align = []
    for cell in header_cells:
        value = str(cell.attrs.get("style", "")).removeprefix("text-align:")
        align.append(value if value in ("center", "right") else "left")
    rows = tuple(tuple(_inline_of(cell) for cell in row.children) for row in (body.children if body else []))
    return TableBlock(tuple(_inline_of(cell) for cell in header_cells), tuple(align), rows)
