"""The Quiz pane driven by keyboard: a whole onboarding session to the end screen and the results."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

from helpers import arrived, running, wait_until
from quiz_ui import left_feedback, moved_on, page_text, play, right_keys, saved

from aco_tui.ui.app import AcoApp
from aco_tui.ui.panes.quiz import QuizPane
from aco_tui.ui.panes.quiz_card import QuestionCard
from aco_tui.ui.panes.quiz_pages import QuizPage


async def test_whole_session_to_end_screen_and_results(real_knowledge, tmp_path, capsys):
    data = tmp_path / "data"
    async with running(real_knowledge, tmp_path, trainee="Ada Trainee", quiz_session="induction") as (app, pilot):
        await wait_until(
            pilot, lambda: app.query(QuizPane) and app.query_one(QuizPane).query(QuestionCard), "the first question"
        )
        pane = app.query_one(QuizPane)
        assert pane.run is not None and pane.run.plan.session == "induction"
        await play(pilot, pane, correctly=True)
        report = pane.report
        assert report.score == report.total and report.passed
        shown = page_text(pane.query_one(QuizPage))
        assert "PASSED" in shown and "By topic" in shown
        await pilot.press("enter")
        await wait_until(pilot, lambda: pane.run is None, "back at the menu")
    result = subprocess.run(
        [sys.executable, "-m", "aco_tui", "results", "--session", "induction", "--json", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    attempts = json.loads(result.stdout)["attempts"]
    assert [(a["trainee"], a["status"], a["passed"]) for a in attempts] == [("Ada Trainee", "finished", True)]


async def test_wrong_answers_show_feedback_and_review_missed(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path, trainee="Bo") as (app, pilot):
        await pilot.press("7")
        await wait_until(
            pilot, lambda: app.query(QuizPane) and app.query_one(QuizPane).query("#quiz-menu"), "the quiz menu"
        )
        pane = app.query_one(QuizPane)
        await pilot.press("down")  # first practice entry after the sessions: pick "Practice: all topics"
        menu = pane.query_one("#quiz-menu")
        menu.highlighted = next(i for i in range(menu.option_count) if menu.get_option_at_index(i).id == "practice:")
        await pilot.press("enter")
        await wait_until(pilot, lambda: pane.query(QuestionCard), "the first question")
        card = pane.query_one(QuestionCard)
        excerpt_ids = card.played.question.excerpts
        await pilot.press(*(["1"] if card.played.type in ("single", "truefalse") else []), "enter")
        await saved(pilot, pane)
        # feedback, or (an empty answer to another type) a warning on the question
        await pilot.pause(1)
        await wait_until(
            pilot, lambda: pane.query(QuizPage) or card.query_one(".question-warning").display, "the answer is judged"
        )
        if pane.query(QuizPage):
            text = page_text(pane.query_one(QuizPage))
            assert "Right answer" in text
            quoted = real_knowledge.excerpt(excerpt_ids[0]).text[:30]
            assert " ".join(quoted.split()) in " ".join(text.split())  # wrapped to the page
            feedback = pane.query_one(QuizPage)
            await pilot.press("enter")
            await left_feedback(pilot, pane, feedback)
        await play(pilot, pane, correctly=False)
        assert not pane.report.passed
        await pilot.press("r")
        await pilot.pause()
        assert pane.query_one(QuizPage).page == "missed"
        assert pane.service.due_count("Bo") == 0  # just answered: nothing is due yet


async def test_quitting_mid_session_leaves_the_attempt_open_and_reopening_resumes_it(real_knowledge, tmp_path):
    data = tmp_path / "data"
    async with running(real_knowledge, tmp_path, trainee="Cy", quiz_session="induction") as (app, pilot):
        await wait_until(
            pilot, lambda: app.query(QuizPane) and app.query_one(QuizPane).query(QuestionCard), "the first question"
        )
        await pilot.press("escape", "q")
        await pilot.pause()
        await pilot.press("q")  # asked first (a quiz is under way): q again quits
        await pilot.pause()
    from aco_tui.storage.sqlite import SQLiteProgress

    [attempt] = SQLiteProgress(data).attempts()
    assert attempt.status == "in_progress"
    async with running(real_knowledge, tmp_path, trainee="Cy", quiz_session="induction") as (app, pilot):
        await pilot.pause(0.2)
        pane = app.query_one(QuizPane)
        assert pane.run is not None and pane.run.resumed and pane.run.attempt_id == attempt.id
        assert any("Resumed your attempt begun " in n.message for n in app._notifications)
    assert [a.id for a in SQLiteProgress(data).attempts()] == [attempt.id]


async def test_a_digit_of_no_option_stays_with_the_question(real_knowledge, tmp_path):
    """Regression: on a question with fewer options than the digit pressed, the digit reached the
    screen and switched pane (5 on a four-option question opened the Timeline)."""
    async with running(real_knowledge, tmp_path, trainee="Di", quiz_session="induction") as (app, pilot):
        await wait_until(
            pilot, lambda: app.query(QuizPane) and app.query_one(QuizPane).query(QuestionCard), "the first question"
        )
        pane = app.query_one(QuizPane)
        for _ in range(30):  # answer until a choice question with fewer than six options comes up
            card = pane.query_one(QuestionCard)
            if card.played.type in ("single", "truefalse", "multiple") and len(card.played.options) < 6:
                break
            await pilot.press(*right_keys(card), "enter")
            await saved(pilot, pane)
            await moved_on(pilot, pane, card)
            if pane.query(QuizPage):
                feedback = pane.query_one(QuizPage)
                await pilot.press("enter")
                await left_feedback(pilot, pane, feedback)
        else:
            raise AssertionError("no choice question with fewer than six options in the session")
        await pilot.press("6")
        await pilot.pause()
        assert app.screen.location.pane == "quiz" and pane.query_one(QuestionCard) is card
        assert card.response() in (None, [])  # nothing picked or ticked


async def test_digits_stay_with_the_question(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path, trainee="Di", quiz_session="induction") as (app, pilot):
        await wait_until(
            pilot, lambda: app.query(QuizPane) and app.query_one(QuizPane).query(QuestionCard), "the first question"
        )
        await pilot.press("1", "2", "3")
        assert app.screen.location.pane == "quiz"
        await pilot.press("escape", "1")
        await pilot.pause()
        assert app.screen.location.pane == "concepts"
        await pilot.press("7")
        await pilot.pause()
        assert app.query_one(QuizPane).run is not None  # the quiz waited


async def test_a_timed_run_stops_its_clock_when_it_ends(real_knowledge, tmp_path):
    """Regression: each timed run started a one-second timer that nothing stopped, so they piled up
    (one more ticking for every timed session played)."""
    async with running(real_knowledge, tmp_path, trainee="Ti", quiz_session="assessment-1") as (app, pilot):
        await wait_until(pilot, lambda: app.query(".quiz-start"), "the start page")
        await pilot.press("enter")  # on the start page
        await wait_until(
            pilot, lambda: app.query(QuizPane) and app.query_one(QuizPane).query(QuestionCard), "the first question"
        )
        pane = app.query_one(QuizPane)
        clock = pane.runner.clock
        assert pane.run is not None and pane.run.deadline is not None and clock is not None
        pane.run.finish("timed_out")
        await pane.runner.show_report()
        assert pane.runner.clock is None and clock._task is None  # stopped, not merely forgotten
        await pane.show_menu()
        spec = pane.service.bank.sessions["assessment-1"]  # one attempt by default: allow more here
        pane.service.bank.sessions["assessment-1"] = dataclasses.replace(spec, attempts=0)
        await pane.runner.start(lambda: pane.service.start_session("assessment-1", "Ti"))
        second = pane.runner.clock
        await pane.runner.start(lambda: pane.service.start_session("assessment-1", "Ti"))
        assert second._task is None and pane.runner.clock is not second and pane.runner.clock._task is not None


async def test_the_quiz_shares_the_apps_progress_store(real_knowledge, tmp_path):
    """Issue 12: the app builds one QuizService on its own progress store, shared by the Quiz pane and
    the learning path; before, the service opened a second store on the same file."""
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Nia")
    async with app.run_test(size=(80, 24)) as pilot:
        await arrived(pilot)
        await pilot.press("7")
        await wait_until(
            pilot, lambda: app.query(QuizPane) and app.query_one(QuizPane).query("#quiz-menu"), "the quiz menu"
        )
        pane = app.query_one(QuizPane)
        assert pane.service is not None and pane.service.progress is app.progress
        assert app.quiz_service() is pane.service


async def test_verdicts_take_the_theme_colours_not_fixed_ones():
    """The end report's PASSED / NOT PASSED are the theme's $success / $error, in the dark theme and
    the light one (house issue: no hard-coded colours in the quiz's pages)."""
    from textual.app import App
    from textual.color import Color
    from textual.widgets import Static

    from aco_tui.quiz.run import QuizReport
    from aco_tui.ui.panes.quiz_pages import ReportPage

    def report(passed: bool) -> QuizReport:
        return QuizReport("a", "Session", "finished", 1, 1, 1, 100.0 if passed else 0.0, 70.0, passed, (), ())

    for theme in ("textual-dark", "textual-light"):
        app = App()
        async with app.run_test(size=(60, 12)) as pilot:
            app.theme = theme
            for passed, verdict, variable in ((True, "PASSED", "success"), (False, "NOT PASSED", "error")):
                await app.mount(ReportPage(report(passed), graded=True))
                await pilot.pause()
                text = app.query(ReportPage).last().query_one(Static).content
                colour = next(s.style.color for s in text.spans if text.plain[s.start : s.end] == verdict)
                assert colour == Color.parse(app.theme_variables[variable]).rich_color, (theme, verdict)
