"""The in-app search screen and the palette, both over the lookup index."""

from __future__ import annotations

from helpers import running, wait_for_palette_hits, wait_for_screen, wait_until

from aco_tui.navigation import Place as Location
from aco_tui.ui.screens.citation import CitationScreen
from aco_tui.ui.screens.main import MainScreen
from aco_tui.ui.screens.search import SearchScreen
from aco_tui.ui.screens.term import TermScreen


async def type_query(pilot, text):
    await pilot.press("slash")
    await pilot.pause()
    await pilot.press(*text)
    status = pilot.app.screen.query_one("#search-status")
    # Not wait_for_complete: the worker that opened this screen waits for it to close.
    await wait_until(pilot, lambda: str(status.render()).strip(), f"the search for {text!r} has reported")


async def test_live_results_and_open_section(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await type_query(pilot, "partial integration kind:section")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.hits and all(h.kind == "section" for h in screen.hits)
        first = screen.hits[0]
        await pilot.press("enter")
        main = await wait_for_screen(pilot, MainScreen)
        await wait_until(
            pilot,
            lambda: main.location == Location(first.doc_id, first.section_id),
            "the main screen shows the section chosen",
        )


async def test_open_excerpt_from_results_list(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await type_query(pilot, "Hawking kind:excerpt")
        expected = app.screen.hits[1].id
        await pilot.press("down", "down", "enter")
        citation = await wait_for_screen(pilot, CitationScreen)
        assert citation.excerpt_id == expected


async def test_markup_and_escapes_are_shown_literally(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await type_query(pilot, "[bold red]capitation[/]")
        screen = app.screen
        assert screen.query_one("#search-input").value == "[bold red]capitation[/]"
        assert screen.hits, "the words inside the markup are still searched"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_no_results_says_what_the_sources_do_not_cover(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await type_query(pilot, "zzqx")
        status = str(app.screen.query_one("#search-status").render())
        assert status.startswith("No results: the sources do not cover")
        assert "zzqx" in status
        assert app.screen.hits == []


async def test_no_results_suggests_what_would_match(real_knowledge, tmp_path):
    """A filter that matches nothing: the status suggests the values that would (here, sources)."""
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await type_query(pilot, "capitation source:nosuch")
        status = str(app.screen.query_one("#search-status").render())
        assert status.startswith("No results.")
        assert "Did you mean: " in status and "source:hoc-cbp-8190" in status


async def test_palette_uses_the_index_and_tolerates_typos(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"capitaton budgt")
        titles = await wait_for_palette_hits(pilot)
        assert titles[0].startswith("Term: Capitated budget")
        await pilot.press("enter")
        term = await wait_for_screen(pilot, TermScreen)
        assert term.term.id == "capitated-budget"
