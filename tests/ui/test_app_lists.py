"""The Sources and Timeline panes and the quiz's practice choices, driven by keyboard and mouse."""

from __future__ import annotations

from helpers import region_text, running, wait_until

from aco_tui.navigation import Place as Location
from aco_tui.ui.panes.quiz import QuizPane
from aco_tui.ui.screens.citation import CitationScreen
from aco_tui.ui.screens.main import MainScreen
from aco_tui.ui.screens.pickers import ChoiceScreen
from aco_tui.ui.widgets.pick_list import PickList


def focused_id(app) -> str | None:
    return app.focused.id if app.focused is not None else None


async def tab_to(pilot, widget_id: str) -> None:
    for _ in range(12):
        if focused_id(pilot.app) == widget_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached #{widget_id} (focus on {focused_id(pilot.app)})")


# -- Sources ---------------------------------------------------------------------------------------


async def test_filter_then_enter_opens_the_first_matching_excerpt(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await pilot.press("6")
        await tab_to(pilot, "excerpt-filter")
        await pilot.press(*"capitated budget")
        pane = app.screen.active_pane
        matches = [
            e
            for e in real_knowledge.store.excerpts.values()
            if "capitated" in e.text.casefold() and "budget" in e.text.casefold()
        ]
        assert matches and [e.id for e in pane.shown] == [e.id for e in matches]
        await pilot.press("enter")  # from the filter to the list
        assert focused_id(app) == "excerpt-list"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CitationScreen)
        assert app.screen.excerpt_id == matches[0].id
        if len(matches) > 1:
            await pilot.press("right")  # steps through the filtered excerpts only
            assert app.screen.excerpt_id == matches[1].id
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and focused_id(app) == "excerpt-list"


async def test_down_and_enter_open_the_excerpt_highlighted(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await pilot.press("6")
        await tab_to(pilot, "excerpt-list")
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        excerpts = list(real_knowledge.store.excerpts.values())
        assert isinstance(app.screen, CitationScreen)
        assert app.screen.excerpt_id == excerpts[3].id


async def test_choosing_a_source_lists_only_its_excerpts(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await pilot.press("6")
        await tab_to(pilot, "source-list")
        await pilot.press("down", "down")
        await pilot.pause()
        source = list(real_knowledge.store.sources.values())[1]
        pane = app.screen.active_pane
        assert pane.shown and {e.source for e in pane.shown} == {source.id}
        assert source.title[:30] in str(pane.query_one("#source-meta").render())
        shown = region_text(app, pane.query_one(PickList))
        assert pane.shown[0].text.split()[0] in shown and f"{source.id} \u00b7 " in shown


async def test_a_filter_that_matches_nothing_says_so(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await pilot.press("6")
        await tab_to(pilot, "excerpt-filter")
        await pilot.press(*"zqxjv", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "No excerpt matches the filter." in region_text(app, app.screen.active_pane.query_one(PickList))


async def test_clicking_an_excerpt_opens_it(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await pilot.press("6")
        await pilot.pause()
        await pilot.click("#excerpt-list", offset=(4, 1))  # line 0 is the first group's heading
        await pilot.pause()
        assert isinstance(app.screen, CitationScreen)
        assert app.screen.excerpt_id == next(iter(real_knowledge.store.excerpts))


# -- Timeline --------------------------------------------------------------------------------------


async def test_timeline_filters_by_year_and_topic(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await pilot.press("5")
        pane = app.screen.active_pane
        events = real_knowledge.content.timeline
        years = sorted({e.year for e in events})
        await tab_to(pilot, "timeline-year")
        await pilot.press("right", "right")  # All years -> first year -> second year
        await pilot.pause()
        assert pane.shown_events == [e for e in events if e.year == years[1]]
        assert pane.event == pane.shown_events[0]
        await pilot.press("tab", "enter")  # the topic chooser opens its list
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        labels = [str(o.prompt) for o in app.screen.query_one("OptionList").options]
        wanted = labels.index("Legal challenges")
        await pilot.press(*["down"] * wanted, "enter")
        await pilot.pause()
        expected = [e for e in events if e.year == years[1] and "legal-challenges" in e.topics]
        assert pane.shown_events == expected
        if not expected:
            assert "No events match these filters." in pane.query_one(".section").plain


async def test_events_list_moves_the_reader(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await pilot.press("5")
        await tab_to(pilot, "timeline-events")
        await pilot.press("down", "down")
        await pilot.pause()
        third = real_knowledge.content.timeline[2]
        assert app.screen.location == Location("timeline", third.section.id)
        assert third.title in app.screen.active_pane.query_one(".section").plain
        await pilot.press("enter")
        assert app.focused.has_class("reader")


async def test_going_to_a_filtered_out_event_clears_the_filters(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await pilot.press("5")
        await tab_to(pilot, "timeline-year")
        await pilot.press("right")  # the first year only
        await pilot.pause()
        last = real_knowledge.content.timeline[-1]
        pane = app.screen.active_pane
        assert last not in pane.shown_events
        await app.screen.go_to(Location("timeline", last.section.id))
        await pilot.pause()
        assert pane.event == last and len(pane.shown_events) == len(real_knowledge.content.timeline)
        assert pane.query_one("#timeline-year").value == "all"


# -- Quiz practice choices -------------------------------------------------------------------------


async def test_practice_uses_the_level_and_length_chosen(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path, trainee="Ed") as (app, pilot):
        await pilot.press("7")
        await wait_until(
            pilot,
            lambda: app.query(QuizPane) and app.query_one(QuizPane).query("#quiz-level"),
            "the quiz menu is shown",
        )
        pane = app.query_one(QuizPane)
        await tab_to(pilot, "quiz-level")
        await pilot.press("right", "right")  # Any level -> intro -> core
        await pilot.press("tab", "left")  # 10 questions -> 5
        assert (pane.query_one("#quiz-level").value, pane.query_one("#quiz-length").value) == ("core", 5)
        await tab_to(pilot, "quiz-menu")
        menu = pane.query_one("#quiz-menu")
        menu.highlighted = next(i for i in range(menu.option_count) if menu.get_option_at_index(i).id == "practice:")
        await pilot.press("enter")
        await wait_until(pilot, lambda: pane.run is not None, "the practice quiz has started")
        assert pane.run.total == 5
        assert {q.question.level for q in pane.run.plan.questions} == {"core"}
