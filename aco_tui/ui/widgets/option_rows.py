"""A question's options as one line widget: the cursor's marker, each option's prefix, and its text
wrapped under itself (not under the prefix).

It replaces a ``Static`` holding a Rich table grid, which every key that picks, ticks or moves
replaced: Textual then laid the whole screen out again and rendered the table twice (once to
measure its height, once to draw it), about a third of the CPU of answering a question over SSH.
Here the lines are wrapped once per width (:mod:`aco_tui.text_wrap`); a key that only moves the
cursor or changes a mark of the same width redraws the lines without a layout.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from aco_tui.text_wrap import cell_len, wrap

CURSOR = "\u25b6"  # shows where the cursor is without colour, as well as in reverse video
Row = tuple[str, str]  # (prefix: a mark, number or letter; the option's text)


def option_lines(rows: list[Row], cursor: int, width: int) -> list[tuple[str, bool]]:
    """Each line of ``rows`` at ``width`` cells, and whether it belongs to the cursor's row: the
    marker and the prefix in columns of their own, one cell apart, the text wrapped in the rest."""
    if not rows:
        return []
    prefix_width = max(cell_len(prefix) for prefix, _ in rows)
    indent = 2 + prefix_width + (1 if prefix_width else 0)
    lines: list[tuple[str, bool]] = []
    for index, (prefix, text) in enumerate(rows):
        here = index == cursor
        first = (CURSOR if here else " ") + " " + prefix + " " * (prefix_width - cell_len(prefix))
        first += " " if prefix_width else ""
        for number, line in enumerate(wrap(text, max(1, width - indent))):
            lines.append(((first if number == 0 else " " * indent) + line, here))
    return lines


class OptionRows(Widget):
    """The options of a question as the trainee sees them now (see the module)."""

    DEFAULT_CSS = """
    OptionRows {
        height: auto;
    }
    """

    def __init__(self, rows: list[Row], cursor: int, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.rows = rows
        self.cursor = cursor
        self._lines: tuple[int, list[tuple[str, bool]]] | None = None  # (width, lines)

    def show(self, rows: list[Row], cursor: int) -> None:
        """Show ``rows`` with the cursor on ``cursor``: laid out again only when the lines may wrap
        differently (other texts, or prefixes of other widths), else only redrawn."""
        if rows == self.rows and cursor == self.cursor:
            return
        shape = [(cell_len(prefix), text) for prefix, text in rows]
        relayout = shape != [(cell_len(prefix), text) for prefix, text in self.rows]
        self.rows, self.cursor, self._lines = rows, cursor, None
        self.refresh(layout=relayout)

    def lines(self, width: int) -> list[tuple[str, bool]]:
        """:func:`option_lines` at ``width``, kept until the rows or the width change."""
        if self._lines is None or self._lines[0] != width:
            self._lines = (width, option_lines(self.rows, self.cursor, width))
        return self._lines[1]

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((cell_len(line) for line, _ in self.lines(container.width)), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        lines = self.lines(width)
        base = self.rich_style
        if not 0 <= y < len(lines):
            return Strip.blank(width, base)
        text, here = lines[y]
        if not here:
            return Strip([Segment(text, base)]).adjust_cell_length(width, base)
        # The cursor's row in reverse video across the width of the widest line, as a table row was.
        span = max(cell_len(line) for line, _ in lines)
        reverse = base + Style(reverse=True)
        return Strip([Segment(text, reverse)]).adjust_cell_length(span, reverse).adjust_cell_length(width, base)
