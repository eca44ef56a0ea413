"""A long list to pick from, drawn line by line: the excerpts of the Sources pane, the timeline's events.

Textual's ``OptionList`` renders and measures every option when it is first shown; for the 259
excerpts that cost about 100 ms, the whole of a first visit's budget. This list wraps its rows
itself (plain text, ``aco_tui.text_wrap``: about 3 ms for all excerpts) and draws only the lines in
view (Textual's line API). It behaves like ``OptionList`` where the panes need it: rows that cannot
be picked (group headings, "nothing matches"), a highlight moved by up/down/home/end/page keys or
the mouse wheel, Enter or a click to pick, and messages for both.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from aco_tui.text_wrap import wrap


@dataclass(frozen=True)
class PickRow:
    """One row: its text, the key reported when it is picked (``None``: not pickable), how far its
    lines are indented (``hang``: further for all but the first), and whether it heads a group."""

    text: str
    key: str | None = None
    indent: int = 0
    hang: int = 0
    heading: bool = False


class PickList(ScrollView, can_focus=True):
    """Rows of wrapped text with a highlight; Enter or a click picks the highlighted row."""

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("home", "move_to_end(-1)", "First", show=False),
        Binding("end", "move_to_end(1)", "Last", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("enter", "pick", "Pick", show=False),
    ]
    COMPONENT_CLASSES = {"pick-list--heading", "pick-list--highlight", "pick-list--hover", "pick-list--muted"}

    # Coloured like Textual's OptionList.
    DEFAULT_CSS = """
    PickList {
        height: 1fr;
        overflow-x: hidden;
        scrollbar-gutter: stable;
        background: $surface;
    }
    PickList:focus {
        background-tint: $foreground 5%;
    }
    PickList > .pick-list--heading {
        text-style: bold;
    }
    PickList > .pick-list--muted {
        color: $text-disabled;
    }
    PickList > .pick-list--hover {
        background: $block-hover-background;
    }
    PickList > .pick-list--highlight {
        color: $block-cursor-blurred-foreground;
        background: $block-cursor-blurred-background;
        text-style: $block-cursor-blurred-text-style;
    }
    PickList:focus > .pick-list--highlight {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    """

    @dataclass
    class _RowMessage(Message):
        pick_list: PickList
        index: int
        row: PickRow

        @property
        def control(self) -> PickList:
            return self.pick_list

    class Highlighted(_RowMessage):
        """The reader moved the highlight to ``row`` (keys or mouse; not when the pane sets it)."""

    class Picked(_RowMessage):
        """The reader picked ``row`` (Enter or a click)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[PickRow] = []
        self._highlighted: int | None = None
        self._hovered: int | None = None  # the pickable row under the mouse
        self._wrapped_width = -1
        self._lines: list[tuple[int, str]] = []  # (row index, text of one line)
        self._first_line: list[int] = []  # each row's first line

    # -- content ----------------------------------------------------------------------------------

    def set_rows(self, rows: list[PickRow], highlighted: int | None = None) -> None:
        """Show ``rows``; highlight ``highlighted`` (default: the first pickable row) and scroll home."""
        self.rows = list(rows)
        self._wrapped_width = -1
        self._highlighted = self._hovered = None
        self._rewrap()
        self.highlighted = highlighted if highlighted is not None else self._next_pickable(-1, 1)
        self.scroll_to(0, 0, animate=False, immediate=True)
        if self._highlighted is not None:
            self._scroll_to_highlight()

    @property
    def highlighted(self) -> int | None:
        """Index of the highlighted row (``None`` when nothing can be picked)."""
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        """Move the highlight without announcing it (the pane already knows)."""
        if index is not None and not (0 <= index < len(self.rows) and self.rows[index].key is not None):
            index = None
        if index != self._highlighted:
            self._highlighted = index
            self.refresh()
            self._scroll_to_highlight()

    @property
    def highlighted_row(self) -> PickRow | None:
        return None if self._highlighted is None else self.rows[self._highlighted]

    @property
    def line_count(self) -> int:
        return len(self._lines)

    # -- layout -----------------------------------------------------------------------------------

    @property
    def _text_width(self) -> int:
        return self.scrollable_content_region.width

    def _rewrap(self) -> None:
        width = self._text_width
        if width == self._wrapped_width:
            return
        self._wrapped_width = width
        lines: list[tuple[int, str]] = []
        first: list[int] = []
        for index, row in enumerate(self.rows):
            first.append(len(lines))
            texts = wrap(row.text, width - row.indent - row.hang) if width > 0 else [row.text]
            lines.append((index, " " * row.indent + texts[0]))
            lines.extend((index, " " * (row.indent + row.hang) + text) for text in texts[1:])
        self._lines, self._first_line = lines, first
        self.virtual_size = Size(max(1, width), len(lines))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._rewrap()
        self._scroll_to_highlight()

    def _row_lines(self, index: int) -> tuple[int, int]:
        """First line and number of lines of row ``index``."""
        start = self._first_line[index]
        end = self._first_line[index + 1] if index + 1 < len(self._first_line) else len(self._lines)
        return start, end - start

    def _scroll_to_highlight(self) -> None:
        if self._highlighted is None or not self._first_line or self._text_width <= 0:
            return
        start, count = self._row_lines(self._highlighted)
        self.scroll_to_region(Region(0, start, 1, count), animate=False, immediate=True, x_axis=False)

    # -- drawing ----------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        self._rewrap()
        width = self.scrollable_content_region.width
        number = self.scroll_offset.y + y
        base = self.rich_style
        if not 0 <= number < len(self._lines):
            return Strip.blank(width, base)
        index, text = self._lines[number]
        row = self.rows[index]
        style = base
        if row.heading:
            style += self.get_component_rich_style("pick-list--heading", partial=True)
        elif row.key is None:
            style += self.get_component_rich_style("pick-list--muted", partial=True)
        if index == self._highlighted:
            style += self.get_component_rich_style("pick-list--highlight", partial=True)
        elif index == self._hovered:
            style += self.get_component_rich_style("pick-list--hover", partial=True)
        return Strip([Segment(text, style)]).adjust_cell_length(width, style)

    # -- keys and mouse ---------------------------------------------------------------------------

    def _next_pickable(self, start: int, step: int) -> int | None:
        index = start + step
        while 0 <= index < len(self.rows):
            if self.rows[index].key is not None:
                return index
            index += step
        return None

    def _move_to(self, index: int | None) -> None:
        if index is None or index == self._highlighted:
            return
        self.highlighted = index
        if self._highlighted is not None:
            self.post_message(self.Highlighted(self, index, self.rows[index]))

    def action_move(self, step: int) -> None:
        if self._highlighted is None:
            self._move_to(self._next_pickable(-1 if step > 0 else len(self.rows), step))
        else:
            self._move_to(self._next_pickable(self._highlighted, step))

    def action_move_to_end(self, end: int) -> None:
        self._move_to(self._next_pickable(-1, 1) if end < 0 else self._next_pickable(len(self.rows), -1))

    def action_page(self, direction: int) -> None:
        """Move the highlight about a screenful of lines."""
        if not self._lines:
            return
        current = self._first_line[self._highlighted] if self._highlighted is not None else 0
        target = min(len(self._lines) - 1, max(0, current + direction * max(1, self.scrollable_content_region.height)))
        landed = self._lines[target][0]
        index: int | None = landed
        if self.rows[landed].key is None:
            ahead = self._next_pickable(landed, direction)
            index = ahead if ahead is not None else self._next_pickable(landed, -direction)
        if index is None or index == self._highlighted:
            self.action_move_to_end(direction)
        else:
            self._move_to(index)

    def action_pick(self) -> None:
        if self._highlighted is not None:
            self.post_message(self.Picked(self, self._highlighted, self.rows[self._highlighted]))

    def _pickable_row_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        number = None if offset is None else self.scroll_offset.y + offset.y
        if number is None or not 0 <= number < len(self._lines):
            return None
        index = self._lines[number][0]
        return index if self.rows[index].key is not None else None

    def _hover(self, index: int | None) -> None:
        if index != self._hovered:
            self._hovered = index
            self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self._pickable_row_at(event))

    def on_leave(self, event: events.Leave) -> None:
        self._hover(None)

    def on_click(self, event: events.Click) -> None:
        index = self._pickable_row_at(event)
        if index is None:
            return
        event.stop()
        self._move_to(index)
        self.action_pick()
