"""Parsed Markdown (:mod:`aco_tui.knowledge.blocks`) as plain text lines, with citations as footnotes.

The plain twin of :mod:`aco_tui.render.markdown`: ``aco-tui read`` prints it on pipes,
dumb terminals and with ``NO_COLOR``, and the app copies a section with it. No Textual here, and no
escape codes in what it returns: headings keep Markdown's ``#`` marks (as ``glow`` does on a pipe),
lists their ``-`` or ``1.``, quotes their ``>``; glossary links are plain words and citation markers
stay ``[1]``. Tables are aligned columns when each column gets ``MIN_COLUMN`` cells, else one record
per row ("Column: value" lines), as the app does at 80 columns. ``width=None`` wraps nothing (one
line per paragraph, the easiest for a screen reader to step through).
"""

from __future__ import annotations

from aco_tui.knowledge.blocks import (
    Block,
    Code,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Span,
    TableBlock,
)
from aco_tui.knowledge.content import Section
from aco_tui.knowledge.store import ExcerptStore
from aco_tui.text_wrap import cell_len, wrap

MIN_COLUMN = 18
COLUMN_GAP = "  "
FOOTNOTE_INDENT = "    "
CITATIONS_LABEL = "Citations:"


def inline_plain(spans: Inline) -> str:
    """The words of some spans; a link to anywhere but a citation or a term keeps its address."""
    out = []
    for span in spans:
        out.append(span.text)
        if span.href and not span.href.startswith(("cite:", "term:")) and span.href != span.text:
            out.append(f" <{span.href}>")
    return "".join(out)


def _wrapped(text: str, width: int | None) -> list[str]:
    if width is None:
        return text.split("\n")
    return wrap(text, width)


def _prefixed(lines: list[str], first: str, rest: str) -> list[str]:
    return [
        (first if n == 0 else rest) + line if line else (first if n == 0 else rest).rstrip()
        for n, line in enumerate(lines)
    ]


def _narrower(width: int | None, by: int) -> int | None:
    return None if width is None else max(1, width - by)


def block_lines(block: Block, width: int | None) -> list[str]:
    """One block as lines of at most ``width`` cells (``None``: unwrapped)."""
    if isinstance(block, Heading):
        return _wrapped("#" * block.level + " " + inline_plain(block.spans), width)
    if isinstance(block, Paragraph):
        return _wrapped(inline_plain(block.spans), width)
    if isinstance(block, ListBlock):
        return _list_lines(block, width)
    if isinstance(block, Quote):
        return _prefixed(blocks_lines(block.blocks, _narrower(width, 2)), "> ", "> ")
    if isinstance(block, TableBlock):
        return table_lines(block, width)
    if isinstance(block, Rule):
        return ["-" * min(width or 40, 40)]
    if isinstance(block, Code):
        return ["    " + line for line in block.text.split("\n")]
    return [str(block)]


def blocks_lines(blocks: tuple[Block, ...], width: int | None, *, tight: bool = False) -> list[str]:
    """Blocks as lines, a blank line between them (none between the blocks of a tight list item)."""
    lines: list[str] = []
    for block in blocks:
        if lines and not tight:
            lines.append("")
        lines += block_lines(block, width)
    return lines


def _list_lines(block: ListBlock, width: int | None) -> list[str]:
    last = block.start + len(block.items) - 1
    marker_width = len(f"{last}. ") if block.ordered else 2
    lines: list[str] = []
    for number, item in enumerate(block.items, start=block.start):
        if lines and not block.tight:
            lines.append("")
        marker = f"{number}. ".rjust(marker_width) if block.ordered else "- "
        inner = blocks_lines(item, _narrower(width, marker_width), tight=block.tight) or [""]
        lines += _prefixed(inner, marker, " " * marker_width)
    return lines


def table_lines(block: TableBlock, width: int | None) -> list[str]:
    """A table as aligned columns if it fits ``width``, else one record per row."""
    header = [inline_plain(cell) for cell in block.header]
    rows = [[inline_plain(cell) for cell in row] + [""] * (len(header) - len(row)) for row in block.rows]
    widths = _column_widths(header, rows, width)
    return _grid(header, rows, widths) if widths else _records(header, rows, width)


def _column_widths(header: list[str], rows: list[list[str]], width: int | None) -> list[int] | None:
    """Each column's width when the table fits ``width`` as a grid, else None."""
    columns = len(header)
    if width is None or not columns:
        return None
    room = width - len(COLUMN_GAP) * (columns - 1)
    if room < MIN_COLUMN * columns:
        return None
    natural = [max(cell_len(text) for text in (header[c], *(row[c] for row in rows))) for c in range(columns)]
    if sum(natural) <= room:
        return natural
    # Columns narrower than their share keep their width; the others share what is left.
    widths = [0] * columns
    left, open_columns = room, list(range(columns))
    while open_columns:
        share = left // len(open_columns)
        fitting = [c for c in open_columns if natural[c] <= share]
        if not fitting:
            for n, c in enumerate(open_columns):
                widths[c] = share + (1 if n < left - share * len(open_columns) else 0)
            break
        for c in fitting:
            widths[c] = natural[c]
            left -= natural[c]
            open_columns.remove(c)
    return widths  # a share never falls below MIN_COLUMN: narrow columns only leave more room


def _pad(text: str, size: int) -> str:
    return text + " " * max(0, size - cell_len(text))


def _grid(header: list[str], rows: list[list[str]], widths: list[int]) -> list[str]:
    def row_lines(cells: list[str]) -> list[str]:
        wrapped = [wrap(cell, w) for cell, w in zip(cells, widths, strict=False)]
        height = max(len(w) for w in wrapped)
        out = []
        for n in range(height):
            parts = [_pad(w[n] if n < len(w) else "", size) for w, size in zip(wrapped, widths, strict=False)]
            out.append(COLUMN_GAP.join(parts).rstrip())
        return out

    lines = row_lines(header)
    lines.append(COLUMN_GAP.join("-" * w for w in widths))
    body = [row_lines(row) for row in rows]
    spaced = any(len(r) > 1 for r in body)  # a blank line between rows once any row wraps
    for number, row in enumerate(body):
        if spaced and number:
            lines.append("")
        lines += row
    return lines


def _records(header: list[str], rows: list[list[str]], width: int | None) -> list[str]:
    lines: list[str] = []
    for number, row in enumerate(rows):
        if number:
            lines.append("")
        first = f"{header[0]}: {row[0]}" if header and header[0].strip() else row[0]
        lines += _wrapped(first, width)
        for label, cell in zip(header[1:], row[1:], strict=False):
            text = f"{label}: {cell}" if label.strip() else cell
            lines += _prefixed(_wrapped(text, _narrower(width, 4)), "  ", "    ")
    return lines


def footnote_lines(store: ExcerptStore, citations: tuple[str, ...] | list[str], width: int | None) -> list[str]:
    """``Citations:`` and one numbered footnote per cited excerpt: the excerpt verbatim, then its
    source, byline (with the date) and section (:meth:`ExcerptStore.citation_text`)."""
    lines: list[str] = []
    for number, excerpt_id in enumerate(citations, start=1):
        if excerpt_id not in store.excerpts:
            lines.append(f"[{number}] {excerpt_id} (not in the excerpt store)")
            continue
        marker = f"[{number}] "
        indent = " " * max(len(marker), len(FOOTNOTE_INDENT))
        quote, *about = store.citation_text(excerpt_id).split("\n")
        lines += _prefixed(_wrapped(quote, _narrower(width, len(indent))), marker.ljust(len(indent)), indent)
        for line in about:
            lines += _prefixed(_wrapped(line, _narrower(width, len(indent))), indent, indent)
    return [CITATIONS_LABEL, *lines] if lines else []


def section_blocks(section: Section, title: str | None = None) -> tuple[Block, ...]:
    """A section's heading (at its own level) and body blocks."""
    return (Heading(section.level, (Span(title or section.title),)), *section.display.blocks)


def section_lines(store: ExcerptStore, section: Section, width: int | None) -> list[str]:
    """A section as text: heading, body, then its citations as footnotes."""
    lines = blocks_lines(section_blocks(section), width)
    notes = footnote_lines(store, section.display.citations, width)
    return lines + ([""] + notes if notes else [])
