"""RichStatic (aco_tui/ui/widgets/rich_static.py, issue 28): a Rich renderable rendered once per
layout, with the same lines and height as Textual's Static."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static

from aco_tui.ui.widgets.rich_static import RichStatic

WORDS = "Accountable care organisations hold one contract for the care of a whole population. " * 3


class Counted:
    """A group of wrapped text and a table that counts how often it is rendered."""

    def __init__(self) -> None:
        self.renders = 0

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self.renders += 1
        table = Table("Your answer", "The right one")
        table.add_row("Capitation", "A payment per person")
        yield Group(Text(WORDS), table, Text("The end."))


class Shows(App[None]):
    def __init__(self, widget: Static) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


def screen_lines(widget: Static) -> list[str]:
    return [strip.text.rstrip() for strip in widget.render_lines(widget.region.reset_offset)]


async def test_rendered_once_per_layout_with_the_lines_and_height_a_static_has():
    shown: dict[str, list[str]] = {}
    heights: dict[str, int] = {}
    for kind in (Static, RichStatic):
        body = Counted()
        widget = kind(body)
        async with Shows(widget).run_test(size=(40, 30)) as pilot:
            await pilot.pause()
            shown[kind.__name__], heights[kind.__name__] = screen_lines(widget), widget.region.height
            if kind is RichStatic:
                assert body.renders == 1  # Textual's Static: 2 (its height, then its lines)
                await pilot.resize_terminal(60, 30)
                await pilot.pause()
                assert body.renders == 2 and widget.region.height < heights["RichStatic"]  # wider, fewer lines
                assert "Accountable care organisations hold one contract" in screen_lines(widget)[0]
            else:
                assert body.renders == 2
    assert shown["RichStatic"] == shown["Static"] and heights["RichStatic"] == heights["Static"]
    assert any("Capitation" in line for line in shown["RichStatic"])


async def test_text_and_updates_are_shown_as_by_a_static():
    widget = RichStatic(Text("first"))
    async with Shows(widget).run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        assert screen_lines(widget)[0] == "first"
        widget.update(Group(Text("second"), Text("third")))
        await pilot.pause()
        assert screen_lines(widget)[:2] == ["second", "third"] and widget.region.height == 2
