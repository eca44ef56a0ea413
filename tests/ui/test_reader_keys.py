"""Pilot tests of the reader (issue 15): focus, help, find, width and contents, the glossary view,
the excerpt's context, the end of a pane, history of jumps only, and copying a section."""

from __future__ import annotations

import pytest
from helpers import SIZE, arrived, make_app, notifications, wait_until

from aco_tui.navigation import Place as Location
from aco_tui.ui.commands import COMMANDS
from aco_tui.ui.panes.finder import count_in
from aco_tui.ui.screens.citation import CitationScreen
from aco_tui.ui.screens.glossary import GlossaryScreen
from aco_tui.ui.screens.help import HelpScreen
from aco_tui.ui.screens.main import MainScreen
from aco_tui.ui.screens.term import TermScreen
from aco_tui.ui.widgets.find_bar import FindBar
from aco_tui.ui.widgets.markdown_view import MarkdownView


def reader(app):
    return app.screen.active_pane.query_one(".reader")


async def show(pilot, pane_key: str, section_id: str) -> None:
    """Open a section by the contents: the pane's key, t, then down to the section and Enter."""
    app = pilot.app
    await pilot.press(pane_key)
    await pilot.pause()
    ids = [s.id for s in app.screen.active_pane.document.sections]
    await pilot.press("t", "home", *["down"] * ids.index(section_id), "enter")
    await pilot.pause()
    assert app.screen.location.section == section_id


# -- focus --------------------------------------------------------------------------------------------


async def test_focus_starts_in_the_reader_so_the_reading_keys_work_at_once(real_knowledge, tmp_path):
    app = make_app(real_knowledge, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await arrived(pilot)
        assert app.focused is reader(app)
        await pilot.press("2")  # another pane: focus goes into its text, not the tab bar
        await pilot.pause()
        assert app.focused is reader(app)
        await show(pilot, "2", "three-levels-of-gp-integration")  # a long section: PageDown scrolls
        await pilot.press("pagedown")
        await pilot.pause()
        assert reader(app).scroll_y > 0


async def test_the_tab_bar_keeps_focus_while_left_and_right_move_along_it(real_knowledge, tmp_path):
    app = make_app(real_knowledge, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await arrived(pilot)
        await pilot.press("shift+tab", "shift+tab")
        bar = app.screen.query_one("#pane-tabs")
        while app.focused is not bar:
            await pilot.press("shift+tab")
        await pilot.press("right", "right")
        await pilot.pause()
        assert app.focused is bar and app.screen.location.pane == "legal-challenges"


@pytest.mark.parametrize("no_color", [False, True])
async def test_focus_and_the_highlighted_row_are_visible_without_colour(
    real_knowledge, tmp_path, monkeypatch, no_color
):
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(real_knowledge, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await arrived(pilot)
        text, toc = reader(app), app.screen.active_pane.query_one(".toc")
        assert text.styles.border_left[0] == "heavy" and toc.styles.border_left[0] == "blank"
        await pilot.press("t")
        await pilot.pause()
        assert text.styles.border_left[0] == "blank" and toc.styles.border_left[0] == "heavy"
        highlighted = toc.get_component_rich_style("option-list--option-highlighted")
        assert bool(highlighted.reverse) is no_color  # under NO_COLOR a shape, not a shade of grey


# -- help ---------------------------------------------------------------------------------------------


async def test_help_lists_every_key_the_panes_own_first_and_explains_the_markers(real_knowledge, tmp_path):
    app = make_app(real_knowledge, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await arrived(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.rows
        described = [description for _keys, description in rows]
        help_of = {c.id: c.help for c in COMMANDS}  # each row is the help line declared with the key
        assert described[:3] == [help_of["document.find"], help_of["document.contents_width"], help_of["document.copy"]]
        assert ("1 \u2026 7", "Show a pane (the numbers on the tabs)") in rows
        for wanted in (
            "main.next",
            "main.back",
            "main.forward",
            "main.contents",
            "app.search",
            "app.quit",
            "main.glossary",
        ):
            assert help_of[wanted] in described
        assert "Palette" in described
        assert not any(d.startswith(("Scroll Left", "Page Left", "Copy selected")) for d in described)
        assert described.index(help_of["main.next"]) < described.index(help_of["app.quit"])
        notes = str(app.screen.query_one(".help-notes").render())
        assert "[1] [2]" in notes and "Underlined words are glossary terms" in notes
        table = app.screen.query_one("DataTable")
        assert table.row_count == len(rows) and table.size.height >= 10  # the room is used, the rest scrolls


# -- find ----------------------------------------------------------------------------------------------


async def test_find_steps_through_every_match_in_the_pane_with_a_count(real_knowledge, tmp_path):
    app = make_app(real_knowledge, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await arrived(pilot)
        pane = app.screen.active_pane
        total = sum(count_in(pane.section_blocks(s)[0], "capitated") for s in pane.document.sections)
        assert total > 3
        await pilot.press("f", *"capitated")
        await pilot.pause()
        bar = pane.query_one(FindBar)
        count = bar.query_one(".find-count")
        assert str(count.render()) == f"1/{total}"
        view = pane.query_one(MarkdownView)
        assert view.find == "capitated" and "capitated" in view.plain.lower()
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is reader(app) and str(count.render()).startswith(f"1/{total} \u00b7 Enter")
        first_section = app.screen.location
        for _ in range(total):  # n steps through them all, across sections, and wraps round
            await pilot.press("n")
            await pilot.pause()
        assert str(count.render()).startswith(f"1/{total}") and app.screen.location == first_section
        await pilot.press("N")
        await pilot.pause()
        assert str(count.render()).startswith(f"{total}/{total}")
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.is_open and view.find == ""
        before = app.screen.location
        await pilot.press("n")  # with nothing to find, n is the next section again
        await pilot.pause()
        assert app.screen.location != before


async def test_finding_nothing_says_so(real_knowledge, tmp_path):
    app = make_app(real_knowledge, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await arrived(pilot)
        await pilot.press("f", *"zqxj")
        await pilot.pause()
        bar = app.screen.active_pane.query_one(FindBar)
        assert str(bar.query_one(".find-count").render()) == "no matches"
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.is_open and app.focused is reader(app)


# -- width and contents --------------------------------------------------------------------------------


async def test_lines_stay_readable_on_wide_screens_and_t_widens_then_hides_the_contents(real_knowledge, tmp_path):
    app = make_app(real_knowledge, tmp_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await arrived(pilot)
        pane = app.screen.active_pane
        assert pane.query_one(MarkdownView).size.width <= 88
        toc = pane.query_one(".toc")
        narrow = toc.size.width
        await pilot.press("T")
        await pilot.pause()
        assert toc.size.width > narrow
        await pilot.press("t", "T")  # hidden, while it had focus: focus goes to the text
        await pilot.pause()
        assert not toc.display or toc.size.width == 0
        assert app.focused is reader(app)
        await pilot.press("T")
        await pilot.pause()
        assert toc.size.width == narrow


async def test_wrapped_contents_entries_keep_their_indent(real_knowledge, tmp_path):
    from aco_tui.ui.panes.document import ContentsLabel

    app = make_app(real_knowledge, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await arrived(pilot)
        lines = app.console.render_lines(
            ContentsLabel("Integrated working, not payment per procedure", 3),
            app.console.options.update(width=24),
            pad=False,
        )
        texts = ["".join(s.text for s in line) for line in lines]
        assert texts[0].startswith("  Integrated") and all(t.startswith("    ") for t in texts[1:])


# -- glossary and excerpts -------------------------------------------------------------------------------


async def test_the_glossary_view_lists_every_term_a_to_z_with_where_it_is_used(real_knowledge, tmp_path):
    app = make_app(real_knowledge, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await arrived(pilot)
        await pilot.press("G")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        terms = app.screen.query_one("#glossary-terms")
        picked = [row.text for row in terms.rows if row.key]
        assert len(picked) == len(real_knowledge.content.glossary)
        assert picked == sorted(picked, key=str.casefold)
        await pilot.press("end")
        await pilot.pause()
        preview = str(app.screen.query_one("#glossary-text").render())
        last = app.screen.term
        assert last.term in preview and "Used in" in preview
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TermScreen) and app.screen.used_in
        place = app.screen.used_in[0]
        used = app.screen.query_one(".term-used-in")
        used.focus()
        await pilot.press("home", "enter")
        wanted = Location(place.doc_id, place.section.id)
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, MainScreen) and app.screen.location == wanted,
            "the dialogs are closed and the section is shown",
        )
        await pilot.press("left_square_bracket")  # a jump: Back returns
        await pilot.pause()
        assert app.screen.location.section == "overview"


async def test_the_excerpt_dialog_shows_its_neighbours_and_the_sections_citing_it(real_knowledge, tmp_path):
    app = make_app(real_knowledge, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await arrived(pilot)
        await pilot.press("3", "c", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CitationScreen)
        context = app.screen.query_one("#citation-context")
        assert not context.display
        await pilot.press("o")
        await pilot.pause()
        shown = str(context.render())
        assert context.display and "Around it in the source" in shown and "Cited in:" in shown
        assert "Legal challenges \u203a Overview" in shown


# -- the end of a pane, history, copying -------------------------------------------------------------------


async def test_n_at_the_end_of_a_pane_says_what_comes_next(real_knowledge, tmp_path):
    app = make_app(real_knowledge, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await arrived(pilot)
        last = real_knowledge.content.documents["concepts"].sections[-1].id
        await show(pilot, "1", last)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.location.section == last
        assert any(n.message == "End of Concepts: press 2 for Contract models." for n in notifications(app))
        await show(pilot, "1", "overview")
        await pilot.press("p")
        await pilot.pause()
        assert any(n.message == "This is the first section of Concepts." for n in notifications(app))


async def test_history_records_jumps_not_every_step(real_knowledge, tmp_path):
    app = make_app(real_knowledge, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await arrived(pilot)
        start = app.screen.location
        await pilot.press("n", "n", "n")
        await pilot.pause()
        stepped = app.screen.location
        assert stepped != start and app.screen.back_stack == []
        await show(pilot, "2", "full-integration")  # two jumps: a pane, then the contents
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert app.screen.location == stepped


async def test_y_copies_the_section_with_its_citations(real_knowledge, tmp_path):
    app = make_app(real_knowledge, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await arrived(pilot)
        await show(pilot, "1", "what-an-aco-is")
        await pilot.press("y")
        await pilot.pause()
        section = real_knowledge.content.documents["concepts"].section("what-an-aco-is")
        first = real_knowledge.excerpt(section.display.citations[0])
        assert app.clipboard.startswith("## What an ACO is\n")
        assert f"Citations:\n[1] \u201c{first.text}\u201d" in app.clipboard
