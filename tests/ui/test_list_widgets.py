"""PickList and Chooser on their own, in a small app: keys, mouse, messages, wrapping, literal text."""

from __future__ import annotations

from helpers import region_text
from rich.text import Text
from textual.app import App, ComposeResult
from textual.color import Color

from aco_tui.ui.screens.pickers import ChoiceScreen
from aco_tui.ui.widgets.chooser import Chooser
from aco_tui.ui.widgets.pick_list import PickList, PickRow

ROWS = [
    PickRow("Group one", heading=True),
    PickRow("alpha [bold]not markup[/]", key="a", indent=2),
    PickRow("beta", key="b", indent=2),
    PickRow("Group two", heading=True),
    PickRow("gamma " * 30, key="g", indent=2),
    PickRow("delta", key="d", indent=2),
]


class ListApp(App):
    # No CSS_PATH: the widgets carry their own styles (DEFAULT_CSS).

    def __init__(self, rows=ROWS) -> None:
        super().__init__()
        self.rows = rows
        self.seen: list[tuple[str, str | None]] = []

    def compose(self) -> ComposeResult:
        yield PickList(id="list")
        yield Chooser("Level", [("Any", "any"), ("Basic", "basic"), ("Deep", "deep")], "any", id="level")

    def on_mount(self) -> None:
        self.query_one(PickList).set_rows(self.rows)
        self.query_one(PickList).focus()

    def on_pick_list_highlighted(self, event: PickList.Highlighted) -> None:
        self.seen.append(("highlighted", event.row.key))

    def on_pick_list_picked(self, event: PickList.Picked) -> None:
        self.seen.append(("picked", event.row.key))

    def on_chooser_changed(self, event: Chooser.Changed) -> None:
        self.seen.append(("changed", event.value))

    def on_chooser_list_requested(self, event: Chooser.ListRequested) -> None:
        """The owner shows the list, as the main screen does (the widget never opens a screen itself)."""
        chooser = event.chooser
        self.seen.append(("list", chooser.value))
        self.push_screen(
            ChoiceScreen(chooser.label, [Text(label) for label in chooser.option_labels], current=chooser.index),
            chooser.choose,
        )


async def test_keys_move_between_pickable_rows_and_enter_picks():
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        pick = app.query_one(PickList)
        assert pick.highlighted_row.key == "a"  # the heading above it cannot be picked
        await pilot.press("down", "down")
        assert pick.highlighted_row.key == "g"  # skipped "Group two"
        await pilot.press("up")
        assert pick.highlighted_row.key == "b"
        await pilot.press("end")
        assert pick.highlighted_row.key == "d"
        await pilot.press("down")  # already last: nothing moves, nothing announced
        await pilot.press("home", "enter")
        assert app.seen == [
            ("highlighted", "b"),
            ("highlighted", "g"),
            ("highlighted", "b"),
            ("highlighted", "d"),
            ("highlighted", "a"),
            ("picked", "a"),
        ]


async def test_page_keys_keep_the_highlight_in_view():
    rows = [PickRow(f"row {n}", key=str(n)) for n in range(100)]
    app = ListApp(rows)
    async with app.run_test(size=(40, 12)) as pilot:
        pick = app.query_one(PickList)
        await pilot.press("pagedown", "pagedown")
        index = pick.highlighted
        assert 10 < index < 40
        assert pick.scroll_offset.y <= index < pick.scroll_offset.y + pick.scrollable_content_region.height
        assert f"row {index}" in region_text(app, pick.content_region)
        await pilot.press("end")
        assert pick.highlighted == 99 and "row 99" in region_text(app, pick.content_region)
        await pilot.press("pageup")
        assert pick.highlighted < 99


async def test_page_up_lands_on_the_first_row_when_it_is_the_only_one_above():
    """Regression: a page key that landed on a heading looked for the nearest pickable row with
    ``or``, so row 0 (falsy) was skipped and the highlight went the wrong way."""
    rows = [
        PickRow("first", key="0"),
        PickRow("Heading", heading=True),
        *(PickRow(f"row {n}", key=str(n)) for n in range(2, 30)),
    ]
    app = ListApp(rows)
    async with app.run_test(size=(40, 12)) as pilot:
        pick = app.query_one(PickList)
        pick.highlighted = 2 + pick.scrollable_content_region.height - 1  # a page below the heading
        await pilot.press("pageup")
        assert pick.highlighted == 0


async def test_rows_wrap_to_the_width_and_rewrap_on_resize():
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        pick = app.query_one(PickList)
        narrow = pick.line_count
        shown = region_text(app, pick.content_region)
        assert "alpha [bold]not markup[/]" in shown  # literal, not Rich markup
        assert "  gamma gamma" in shown  # continuation lines keep the indent
        await pilot.resize_terminal(100, 12)
        await pilot.pause()
        assert pick.line_count < narrow


async def test_a_click_picks_the_row_under_the_mouse():
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        pick = app.query_one(PickList)
        await pilot.click(PickList, offset=(4, 2))  # line 2: "beta"
        assert app.seen[-2:] == [("highlighted", "b"), ("picked", "b")]
        app.seen.clear()
        await pilot.click(PickList, offset=(4, 0))  # a heading: nothing happens
        assert app.seen == [] and pick.highlighted_row.key == "b"


async def test_the_row_under_the_mouse_is_marked_until_the_mouse_leaves():
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        pick = app.query_one(PickList)
        await pilot.hover(PickList, offset=(4, 2))  # "beta"
        assert pick._hovered == 2
        hovered = pick.render_line(2).text, pick.render_line(2)._segments[0].style
        assert hovered[0].startswith("  beta")
        plain = pick.render_line(4)._segments[0].style  # "gamma": pickable, not hovered, not highlighted
        assert hovered[1] != plain
        await pilot.hover(PickList, offset=(4, 0))  # a heading is not pickable: nothing marked
        assert pick._hovered is None and pick.render_line(2)._segments[0].style == plain
        assert app.seen == []  # hovering picks nothing


async def test_setting_the_highlight_in_code_is_silent_and_ignores_headings():
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        pick = app.query_one(PickList)
        pick.highlighted = 5
        await pilot.pause()
        assert pick.highlighted_row.key == "d" and app.seen == []
        pick.highlighted = 3  # a heading
        assert pick.highlighted is None


async def test_a_list_with_nothing_to_pick_ignores_keys():
    app = ListApp([PickRow("Nothing matches.")])
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("down", "end", "pagedown", "enter")
        assert app.query_one(PickList).highlighted is None and app.seen == []
        assert "Nothing matches." in region_text(app, app.query_one(PickList).content_region)


async def test_chooser_steps_with_arrows_and_wraps_around():
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        chooser = app.query_one(Chooser)
        chooser.focus()
        await pilot.press("right", "right", "right", "left")
        assert chooser.value == "deep"
        assert app.seen == [("changed", "basic"), ("changed", "deep"), ("changed", "any"), ("changed", "deep")]
        assert "Level: Deep" in region_text(app, chooser.content_region)


async def test_chooser_enter_opens_a_list_at_the_current_value():
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        chooser = app.query_one(Chooser)
        chooser.value = "basic"  # silent
        chooser.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert app.screen.query_one("OptionList").highlighted == 1
        await pilot.press("down", "enter")
        await pilot.pause()
        assert chooser.value == "deep" and app.seen == [("list", "basic"), ("changed", "deep")]
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("up", "escape")  # closed without choosing: unchanged
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceScreen)
        assert chooser.value == "deep" and app.seen == [("list", "basic"), ("changed", "deep"), ("list", "deep")]


async def test_the_widgets_bring_their_own_styles_without_the_app_stylesheet():
    app = ListApp()  # no CSS_PATH: only the widgets' DEFAULT_CSS and the theme
    async with app.run_test(size=(40, 12)):
        surface = Color.parse(app.theme_variables["surface"])
        assert app.query_one(PickList).styles.background == surface
        assert app.query_one(PickList).get_component_rich_style("pick-list--heading").bold
        chooser = app.query_one(Chooser)
        assert chooser.styles.background == surface and chooser.styles.padding.left == 1
        assert (
            chooser.get_component_rich_style("chooser--arrow", partial=True).color
            == Color.parse(app.theme_variables["text-accent"]).rich_color
        )
