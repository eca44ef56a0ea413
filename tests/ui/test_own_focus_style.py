"""OwnFocusStyle: a page's own :focus rules apply on focus and blur; what is inside is not restyled."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from aco_tui.ui.widgets.own_focus_style import OwnFocusStyle


class Page(OwnFocusStyle, VerticalScroll, can_focus=True):
    DEFAULT_CSS = """
    Page { border-left: blank; }
    Page:focus { border-left: thick red; }
    """


class Pages(App[None]):
    def compose(self) -> ComposeResult:
        with Page(id="one"):
            yield Static("first", id="inside")
        yield Page(Static("second"), id="two")


async def test_a_page_shows_its_focus_and_only_it_is_restyled(monkeypatch):
    app = Pages()
    async with app.run_test(size=(40, 10)) as pilot:
        one, two = app.query_one("#one", Page), app.query_one("#two", Page)
        restyled: list[list[str | None]] = []
        update_nodes = app.stylesheet.update_nodes

        def spy(nodes, animate=False):
            nodes = list(nodes)
            restyled.append([node.id for node in nodes])
            update_nodes(nodes, animate=animate)

        monkeypatch.setattr(app.stylesheet, "update_nodes", spy)
        one.focus()
        await pilot.pause()
        assert one.styles.border_left[0] == "thick" and two.styles.border_left[0] == "blank"
        two.focus()
        await pilot.pause()
        assert one.styles.border_left[0] == "blank" and two.styles.border_left[0] == "thick"
        assert ["one"] in restyled and ["two"] in restyled
        assert not any("inside" in ids for ids in restyled)  # the page's contents were left alone
