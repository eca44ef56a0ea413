"""``aco-tui quiz`` in the app: the Quiz pane opens with the command line's options applied (issue 17 A4)."""

from __future__ import annotations

from helpers import arrived
from quiz_ui import moved_on, page_text, right_keys, saved, wait_for

from aco_tui.quiz.start import QuizStart
from aco_tui.ui.app import AcoApp
from aco_tui.ui.panes.quiz import QuizPane
from aco_tui.ui.panes.quiz_card import QuestionCard
from aco_tui.ui.panes.quiz_pages import StartPage
from aco_tui.ui.widgets.chooser import Chooser

SIZE = (80, 24)


async def quiz_pane(pilot) -> QuizPane:
    await arrived(pilot)
    assert pilot.app.screen.location.pane == "quiz"
    pane = pilot.app.query_one(QuizPane)
    await wait_for(pilot, lambda: pane.query("QuestionCard, QuizPage, #quiz-menu"))
    return pane


async def test_plain_aco_tui_quiz_opens_on_the_quiz_menu(real_knowledge, tmp_path):
    """Regression (ux-walk P2-3): `aco-tui quiz` opened on the last pane read."""
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", quiz=QuizStart())
    async with app.run_test(size=SIZE) as pilot:
        pane = await quiz_pane(pilot)
        assert pane.run is None and app.focused is pane.query_one("#quiz-menu")


async def test_practice_options_start_that_practice_quiz_and_stay_in_the_menu(real_knowledge, tmp_path):
    """Regression (ux-walk P2-3): --topic, --level, --count and --seed were ignored without a word."""
    start = QuizStart(topics=("timeline",), levels=("intro", "core"), count=3, seed=11)
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Opt", quiz=start)
    async with app.run_test(size=SIZE) as pilot:
        pane = await quiz_pane(pilot)
        run = pane.run
        assert run is not None and run.plan.kind == "practice" and run.plan.seed == 11 and run.total == 3
        assert {(p.question.topic, p.question.level in ("intro", "core")) for p in run.plan.questions} == {
            ("timeline", True)
        }
        pane.run.abandon()
        await pane.show_menu()
        assert pane.query_one("#quiz-topics").selected == ["timeline"]
        assert pane.query_one("#quiz-level", Chooser).value == "intro,core"
        assert pane.query_one("#quiz-length", Chooser).value == 3


async def test_review_option_starts_the_review_or_says_nothing_is_due(real_knowledge, tmp_path):
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Rev", quiz=QuizStart(review=True))
    async with app.run_test(size=SIZE) as pilot:
        pane = await quiz_pane(pilot)
        assert pane.run is None and pane.query("#quiz-menu")
        assert any("Nothing is due" in n.message for n in app._notifications)


async def test_a_session_still_opens_on_the_quiz(real_knowledge, tmp_path):
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Ses", quiz=QuizStart(session="induction"))
    async with app.run_test(size=SIZE) as pilot:
        pane = await quiz_pane(pilot)
        assert pane.run is not None and pane.run.plan.session == "induction"


async def _landed(pilot) -> QuizPane:
    """The Quiz pane once it shows the start page trainees land on (``serve --quiz-session``)."""
    pane = await quiz_pane(pilot)
    await wait_for(pilot, lambda: pane.query(StartPage))
    return pane


async def test_landing_on_a_session_shows_its_start_page_and_enter_begins_it(real_knowledge, tmp_path):
    """``serve --quiz-session``: an untimed session opens on its start page, nothing started yet."""
    landing = QuizStart(session="induction", start_page=True)
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Lan", quiz=landing)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _landed(pilot)
        assert pane.run is None and "ready to start" in str(pane.query_one("#quiz-status").render())
        assert app.focused is pane.query_one(StartPage)
        await pilot.press("enter")
        await wait_for(pilot, lambda: pane.query(QuestionCard))
        assert pane.run is not None and pane.run.plan.session == "induction" and not pane.run.answered(1)


async def test_coming_back_to_the_landing_session_offers_the_attempt_in_progress(real_knowledge, tmp_path):
    """A trainee whose connection dropped lands on the start page of their attempt and resumes it."""
    landing = QuizStart(session="induction", start_page=True)
    first = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Back", quiz=landing)
    async with first.run_test(size=SIZE) as pilot:
        pane = await _landed(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: pane.query(QuestionCard))
        card = pane.query_one(QuestionCard)
        question = card.played.question.id
        await pilot.press(*right_keys(card), "enter")
        await saved(pilot, pane)
        await moved_on(pilot, pane, card)
    again = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Back", quiz=landing)
    async with again.run_test(size=SIZE) as pilot:
        pane = await _landed(pilot)
        assert pane.run is None and "attempt in progress" in str(pane.query_one("#quiz-status").render())
        assert "1 of 12 answered" in page_text(pane.query_one(StartPage))
        await pilot.press("enter")
        await wait_for(pilot, lambda: pane.query(QuestionCard))
        assert pane.run is not None and pane.run.resumed and pane.run.answered(1) and not pane.run.answered(2)
        assert pane.query_one(QuestionCard).played.question.id != question
