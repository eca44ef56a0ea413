"""Issue 24 in the app: a closed-book attempt shuts search, the glossary, the palette, citations and
the other panes (each says why in one line); a deferred attempt has skip, flag, back and a summary
before submitting."""

from __future__ import annotations

import pytest
from helpers import running
from quiz_ui import page_text, right_keys, wait_for
from textual.widgets import OptionList

from aco_tui.ui.panes.quiz import QuizPane
from aco_tui.ui.panes.quiz_card import QuestionCard
from aco_tui.ui.panes.quiz_pages import ReportPage, StartPage
from aco_tui.ui.panes.quiz_summary import SummaryPage
from aco_tui.ui.screens.main import MainScreen

ASSESSMENT = "assessment-1"  # deferred and timed: closed book by default


def said(app, text: str) -> bool:
    return any(text in n.message for n in app._notifications)


async def test_closed_book_refuses_search_glossary_palette_citations_and_panes(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path, trainee="Cb", quiz_session=ASSESSMENT) as (app, pilot):
        await pilot.press("enter")  # the start page: begin
        pane = app.query_one(QuizPane)
        await wait_for(pilot, lambda: pane.query(QuestionCard))
        assert app.closed_book.reason is not None and pane.run is not None and pane.run.plan.closed_book
        screen = app.screen
        for key in ("slash", "G", "ctrl+p"):  # keys a question card leaves to the screen and the app
            app.clear_notifications()
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen, f"{key} opened {app.screen!r} in a closed-book attempt"
            assert said(app, "Closed book: "), key
        # Letters and digits answer the question shown; the same actions from their bindings:
        for action in (
            "screen.citations",
            "screen.terms",
            "screen.show_pane('concepts')",
            "screen.show_pane('sources')",
            "screen.learn",
            "screen.back",
            "screen.progress",
        ):
            app.clear_notifications()
            assert await app.run_action(action)
            await pilot.pause()
            assert app.screen is screen and isinstance(screen, MainScreen) and screen.active_pane is pane, action
            assert said(app, "Closed book: "), action
        app.clear_notifications()
        await app.run_action("screen.show_pane('quiz')")  # the quiz itself stays open
        await pilot.pause()
        assert not said(app, "Closed book: ") and screen.active_pane is pane
        pane.run.finish()
        await pane.runner.show_report()  # type: ignore[union-attr]
        assert app.closed_book.reason is None
        await pilot.press("escape", "slash")  # the book is open again: search opens
        await pilot.pause()
        assert app.screen is not screen


async def test_an_open_book_session_keeps_search(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path, trainee="Ob", quiz_session="induction") as (app, pilot):
        pane = app.query_one(QuizPane)
        await wait_for(pilot, lambda: pane.query(QuestionCard))
        assert app.closed_book.reason is None
        screen = app.screen
        await pilot.press("slash")
        await pilot.pause()
        assert app.screen is not screen


async def test_skip_flag_back_and_the_summary_before_submitting(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path, trainee="Nv", quiz_session=ASSESSMENT) as (app, pilot):
        await pilot.press("enter")
        pane = app.query_one(QuizPane)
        await wait_for(pilot, lambda: pane.query(QuestionCard))
        run = pane.run
        assert run is not None and run.position == 1
        await pilot.press("ctrl+n")  # skip question 1
        await pilot.pause()
        assert run.position == 2 and not run.answered(1)
        await pilot.press("ctrl+g")  # flag question 2
        await pilot.pause()
        assert run.flags == {2}
        card = pane.query_one(QuestionCard)
        await pilot.press(*right_keys(card), "enter")  # answer question 2: on to question 3
        await wait_for(pilot, lambda: run.position == 3)
        await pilot.press("ctrl+b")  # back to question 2, already answered
        await pilot.pause()
        assert run.position == 2 and said(app, "Your answer so far: ")
        await pilot.press("ctrl+o")  # the summary
        await wait_for(pilot, lambda: pane.query(SummaryPage))
        summary = pane.query_one(SummaryPage)
        assert f"{run.total - 1} unanswered, 1 flagged" in str(summary.query_one("#quiz-summary-line").render())
        options = summary.query_one(OptionList)
        assert options.option_count == run.total + 1
        options.highlighted = 0
        await pilot.press("enter")  # go back to question 1
        await wait_for(pilot, lambda: pane.query(QuestionCard) and run.position == 1)
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: pane.query(SummaryPage))
        options = pane.query_one(SummaryPage).query_one(OptionList)
        options.highlighted = options.option_count - 1
        await pilot.press("enter")  # submit
        await wait_for(pilot, lambda: pane.query(ReportPage))
        assert run.status == "finished" and app.closed_book.reason is None


@pytest.fixture(params=["sqlite", "postgres"])
def database(request) -> str | None:
    return request.getfixturevalue("pg_url") if request.param == "postgres" else None


async def test_the_app_resumes_an_attempt_a_killed_process_left_open(real_knowledge, tmp_path, database):
    """What a killed terminal leaves behind: an attempt in progress with its answers, nothing else."""
    from pathlib import Path

    from aco_tui.quiz.service import QuizService
    from aco_tui.storage import open_progress

    progress = open_progress(tmp_path / "data", database)
    service = QuizService.open(Path(real_knowledge.paths.content) / "quiz", None, progress)
    left = service.start_session(ASSESSMENT, "Ka")
    left.skip()
    left.toggle_flag()
    left.submit(left.current.key())  # question 2 answered, question 1 skipped, 2 flagged
    progress.close()
    async with running(real_knowledge, tmp_path, trainee="Ka", quiz_session=ASSESSMENT, database=database) as (
        app,
        pilot,
    ):
        pane = app.query_one(QuizPane)
        await pilot.pause()
        start = page_text(pane.query_one(StartPage))
        assert "In progress" in start and "1 of 20 answered" in start and "Enter to resume it" in start
        await pilot.press("enter")  # resume
        await wait_for(pilot, lambda: pane.query(QuestionCard))
        run = pane.run
        assert run is not None and run.resumed and run.attempt_id == left.attempt_id
        assert run.position == 1 and run.answered(2) and run.flags == {2} and run.deadline == left.deadline
        assert [p.id for p in run.plan.questions] == [p.id for p in left.plan.questions]
        assert said(app, "Resumed your attempt begun ") and said(app, ": 1 of 20 answered, ")
        assert app.closed_book.reason is not None  # a resumed closed-book attempt closes the book again
