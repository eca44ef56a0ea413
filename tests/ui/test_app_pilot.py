"""Pilot tests of the explainer app: panes, contents, history, citations, glossary, palette, state."""

from __future__ import annotations

import pytest
from helpers import (
    SIZE,
    arrived,
    make_app,
    notifications,
    region_text,
    running,
    wait_for_palette_hits,
    wait_for_saved_place,
    wait_for_screen,
    wait_until,
)

from aco_tui.knowledge.blocks import Paragraph, Span
from aco_tui.navigation import Place as Location
from aco_tui.storage.sqlite import SQLiteProgress
from aco_tui.ui.screens.citation import CitationScreen
from aco_tui.ui.screens.help import HelpScreen
from aco_tui.ui.screens.main import MainScreen
from aco_tui.ui.screens.pickers import ChoiceScreen
from aco_tui.ui.screens.term import TermScreen


def link_on_screen(app, widget, scheme: str) -> tuple[tuple[int, int], str]:
    """The screen cell of the first link in ``widget`` whose href starts with ``scheme``, and the href."""
    region = widget.region.intersection(widget.screen.region)
    for y in range(region.y, region.bottom):
        for x in range(region.x, region.right):
            action = app.screen.get_style_at(x, y).meta.get("@click")
            if action and action[1][0].startswith(scheme):
                return (x, y), action[1][0]
    raise AssertionError(f"no {scheme} link on screen")


async def test_number_keys_switch_panes(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        for key, pane in [
            ("2", "contract-models"),
            ("3", "legal-challenges"),
            ("4", "commentary"),
            ("5", "timeline"),
            ("6", "sources"),
            ("1", "concepts"),
        ]:
            await pilot.press(key)
            await pilot.pause()
            assert app.screen.location.pane == pane
            assert app.screen.active_pane.id == f"pane-{pane}"
            assert app.screen.query_one("#pane-tabs").active == pane


async def test_contents_jump_shows_the_heading(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await pilot.press("2", "t")
        pane = app.screen.active_pane
        target = pane.document.sections[3]
        await pilot.press("home", *["down"] * 3, "enter")
        await pilot.pause()
        assert app.screen.location == Location("contract-models", target.id)
        markdown = pane.query_one(".section")
        assert target.title in markdown.plain


async def test_back_and_forward_across_panes(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        first = app.screen.location
        await pilot.press("t", "home", "down", "down", "enter")  # a jump by the contents
        await pilot.pause()
        second = app.screen.location
        assert second != first
        await pilot.press("3")
        await pilot.pause()
        third = app.screen.location
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.screen.location == second
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.screen.location == first
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert app.screen.location == third


async def test_citation_modal_by_keyboard(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await pilot.press("3")
        await pilot.pause()
        pane = app.screen.active_pane
        cited = pane.citations
        assert cited
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CitationScreen)
        assert app.screen.excerpt_id == cited[1]
        shown = str(app.screen.query_one("#citation-text").render())
        assert real_knowledge.excerpt(cited[1]).text[:40] in shown
        source = str(app.screen.query_one("#citation-source").render())
        assert real_knowledge.store.source_of(real_knowledge.excerpt(cited[1])).title in source
        await pilot.press("right")
        assert app.screen.excerpt_id == (cited[2] if len(cited) > 2 else cited[1])  # the last stays put
        await pilot.press("left", "left")
        assert app.screen.excerpt_id == cited[0]
        await pilot.press("y")
        assert app.clipboard.startswith("\u201c" + real_knowledge.excerpt(cited[0]).text[:20])
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.screen.location.pane == "legal-challenges"


async def test_glossary_term_by_keyboard_and_link(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await pilot.press("2")
        await pilot.pause()
        pane = app.screen.active_pane
        for section in pane.document.sections:
            if "](term:" in section.body:
                await pane.show_section(section.id)
                break
        await pilot.pause()
        before = app.screen.location
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TermScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.location == before
        # A mouse click on a glossary link in the text opens that term.
        where, href = link_on_screen(app, pane.query_one(".section"), "term:")
        await pilot.click(offset=where)
        await pilot.pause()
        assert isinstance(app.screen, TermScreen) and app.screen.term.id == href.removeprefix("term:")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.location == before


async def test_clicking_a_citation_marker_opens_its_excerpt(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        pane = app.screen.active_pane
        where, href = link_on_screen(app, pane.query_one(".section"), "cite:")
        await pilot.click(offset=where)
        await pilot.pause()
        assert isinstance(app.screen, CitationScreen)
        assert app.screen.excerpt_id == href.removeprefix("cite:")


async def test_external_links_are_not_opened(real_knowledge, tmp_path, monkeypatch):
    opened = []
    app = make_app(real_knowledge, tmp_path)
    monkeypatch.setattr(app, "open_url", lambda *a, **k: opened.append(a))
    async with app.run_test(size=SIZE) as pilot:
        await arrived(pilot)
        markdown = app.screen.active_pane.query_one(".section")
        markdown.update((Paragraph((Span("Outside", href="https://example.org"),)),))
        await pilot.pause()
        where, _ = link_on_screen(app, markdown, "https:")
        await pilot.click(offset=where)
        await pilot.pause()
        assert opened == []
        assert isinstance(app.screen, MainScreen)


async def test_help_lists_real_bindings(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = dict((d, k) for k, d in app.screen.rows)
        assert rows["List the citations of the section in view"] == "c"  # the help line declared with the key
        assert rows["Show a pane (the numbers on the tabs)"] == "1 \u2026 7"
        assert rows["Quit (your place is saved)"] == "^q, q"
        await pilot.press("escape")


@pytest.mark.parametrize("over_a_dialog", [False, True])
async def test_palette_jumps_to_a_heading(real_knowledge, tmp_path, over_a_dialog):
    """The palette's request reaches the main screen even with a dialog on top, which it closes."""
    app = make_app(real_knowledge, tmp_path)
    target = real_knowledge.content.documents["legal-challenges"].sections[2]
    async with app.run_test(size=SIZE) as pilot:
        await arrived(pilot)
        if over_a_dialog:
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*f"Legal challenges: {target.title}")
        await wait_for_palette_hits(pilot)
        await pilot.press("enter")
        main = await wait_for_screen(pilot, MainScreen)
        await wait_until(
            pilot,
            lambda: main.location == Location("legal-challenges", target.id),
            "the main screen shows the heading chosen",
        )


async def test_palette_has_no_screenshot_command(real_knowledge, tmp_path):
    app = make_app(real_knowledge, tmp_path)
    async with app.run_test(size=SIZE):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screenshot" not in titles and "Quit" in titles


async def test_last_pane_and_heading_are_restored(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await pilot.press("4", "n", "n")
        await pilot.pause()
        where = app.screen.location
        await pilot.press("q")
    saved = SQLiteProgress(tmp_path / "data").load_place("local")
    assert saved is not None and saved.pane == "commentary"
    async with running(real_knowledge, tmp_path) as (again, pilot):
        await pilot.pause()
        assert again.screen.location == where


async def test_corrupt_database_is_moved_aside_and_reported(real_knowledge, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "progress.sqlite3").write_text("{ this is not a database", encoding="utf-8")
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await pilot.pause()
        assert app.screen.location.pane == "concepts"
        assert any("damaged" in n.message for n in notifications(app))
    assert list(data.glob("progress.sqlite3.corrupt-*"))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_resize_with_modal_open(real_knowledge, tmp_path, size):
    async with running(real_knowledge, tmp_path, size=size) as (app, pilot):
        await pilot.press("c", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CitationScreen)
        await pilot.resize_terminal(50, 16)
        await pilot.pause()
        await pilot.resize_terminal(*size)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_ssh_mode_touches_nothing_on_the_host(real_knowledge, tmp_path, monkeypatch):
    import webbrowser

    from textual.app import SuspendNotSupported

    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda *a, **k: opened.append(a))
    async with running(real_knowledge, tmp_path, ssh_mode=True, trainee="ssh-user") as (app, pilot):
        app.open_url("https://example.org")
        await pilot.pause()
        assert opened == []
        with pytest.raises(SuspendNotSupported):
            with app.suspend():
                pass
        with pytest.raises(PermissionError):
            app.save_screenshot(path=str(tmp_path))
        assert app.deliver_screenshot() is None
        assert not list(tmp_path.glob("*.svg"))


async def test_quit_right_after_moving_saves_or_reports_without_crashing(real_knowledge, tmp_path, monkeypatch):
    from aco_tui.errors import UserDataError

    def full_disk(*_args, **_kwargs):
        raise UserDataError("cannot save progress.sqlite3: No space left on device; nothing was half-written")

    monkeypatch.setattr(SQLiteProgress, "save_place", full_disk)
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await pilot.press("2", "q")
        await pilot.pause()
    assert app.return_code == 0
    assert any("No space left" in n.message for n in notifications(app))


async def test_quit_without_moving_writes_nothing(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await pilot.press("2")
        await wait_for_saved_place(pilot, "contract-models")  # the debounced save
        await pilot.press("q")
    writes = []
    async with running(real_knowledge, tmp_path) as (again, pilot):
        assert again.screen.location.pane == "contract-models"
        again.progress.save_place = lambda *args: writes.append(args)
        await pilot.press("q")
    assert writes == []


def burst(app, *keys: str) -> None:
    """Queue key presses the way the driver does, without waiting for each to be handled."""
    from textual import events

    for key in keys:
        app.post_message(events.Key(key, key))


async def test_next_section_keys_in_a_burst_each_move_one_section(real_knowledge, tmp_path):
    """Regression: keys pressed faster than a section rendered all stepped from the same section."""
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await pilot.press("2")
        burst(app, "n", "n", "n", "p")  # as a terminal delivers them: no pause between keys
        sections = app.screen.active_pane.document.sections
        wanted = Location("contract-models", sections[2].id)
        await wait_until(pilot, lambda: app.screen.location == wanted, "three sections on and one back")
        await pilot.pause()
        assert app.screen.location == wanted  # and nothing queued moved it on
        await pilot.press("5")
        burst(app, "n", "n")
        events = app.screen.active_pane.shown_events
        wanted = Location("timeline", events[2].section.id)
        await wait_until(pilot, lambda: app.screen.location == wanted, "two events on")
        await pilot.pause()
        assert app.screen.location == wanted


async def test_footer_shows_the_keys_that_work_now_and_a_click_presses_one(real_knowledge, tmp_path):
    from aco_tui.ui.widgets.key_bar import KeyBar

    async with running(real_knowledge, tmp_path) as (app, pilot):
        bar = app.screen.query_one(KeyBar)
        shown = [(k.display, k.description) for k in bar.keys]
        assert ("c", "Citations") in shown and ("q", "Quit") in shown and ("?", "Help") in shown
        assert [d for d, _ in shown].count("[") == 1, "one key per action (alt+left is not shown twice)"
        assert bar.palette_key is not None and bar.palette_key.display == "^p"
        line = region_text(app, bar)
        where = (bar.region.x + line.index("? Help") + 3, bar.region.y)  # on the word "Help"
        await pilot.click(offset=where)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        dialog_bar = app.screen.query_one(KeyBar)
        assert any(k.description == "Close" for k in dialog_bar.keys)


async def test_pane_tabs_by_click_and_by_arrow_keys(real_knowledge, tmp_path):
    from aco_tui.ui.widgets.pane_bar import PaneBar

    async with running(real_knowledge, tmp_path) as (app, pilot):
        bar = app.screen.query_one(PaneBar)
        labels, underline = region_text(app, bar).split("\n")
        start = labels.index("4 Commentary")
        assert set(underline[start : start + len("4 Commentary")]) == {"\u2500"}  # light: not the active tab
        await pilot.click(offset=(bar.region.x + start + 2, bar.region.y))
        await pilot.pause()
        assert app.screen.location.pane == "commentary" and bar.active == "commentary"
        labels, underline = region_text(app, bar).split("\n")
        assert set(underline[start : start + len("4 Commentary")]) == {"\u2501"}  # heavy: seen without colour
        bar.focus()
        await pilot.press("right")
        await pilot.pause()
        assert app.screen.location.pane == "timeline"
        await pilot.press("left", "left")
        await pilot.pause()
        assert app.screen.location.pane == "legal-challenges"


async def test_arriving_leaves_the_start_pane_as_the_first_frame_drew_it(real_knowledge, tmp_path):
    """Settling the start location does not set the shown pane's ``display`` again: Textual lays out
    and repaints a widget whose display is set, even to the value it has (a tenth of the first
    screen's CPU and bytes over SSH). Switching panes still hides one and shows the other."""
    async with running(real_knowledge, tmp_path) as (app, pilot):
        start = app.screen.active_pane
        assert start is not None and "display" not in start.styles.inline.get_rules()
        await pilot.press("5")
        await wait_until(pilot, lambda: app.screen.active_pane is not start, "another pane in view")
        assert not start.display
        await pilot.press("1")
        await wait_until(pilot, lambda: app.screen.active_pane is start, "the start pane in view again")
        assert start.display and app.screen.active_pane is start


async def test_switching_panes_never_hands_the_focus_to_the_pane_being_hidden(real_knowledge, tmp_path):
    """Textual moves the focus of a widget that is hidden to a sibling, which here is inside the same
    hidden pane (its contents list): keys typed then would go to a pane nobody sees. The focus
    leaves the pane before it is hidden, and the new pane takes it."""
    async with running(real_knowledge, tmp_path) as (app, pilot):
        screen = app.screen
        start = screen.active_pane
        assert screen.focused is not None and start in screen.focused.ancestors_with_self
        focused: list[object] = []

        def seen(widget: object) -> None:
            focused.append(widget)

        screen.watch(screen, "focused", seen, init=False)
        await pilot.press("7")
        await wait_until(pilot, lambda: screen.focused is not None and screen.focused.id == "quiz-menu", "the menu")
        assert not any(widget is not None and start in widget.ancestors_with_self for widget in focused)
