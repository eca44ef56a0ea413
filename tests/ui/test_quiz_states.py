"""The Quiz pane in each of its states, driven by keyboard as a trainee would (issue 17, part A)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from helpers import arrived, notifications, wait_until
from quiz_ui import left_feedback, moved_on, open_quiz, page_text, wait_for

from aco_tui.ui.app import AcoApp
from aco_tui.ui.panes.quiz import QuizPane
from aco_tui.ui.panes.quiz_card import QuestionCard
from aco_tui.ui.panes.quiz_pages import QuizPage, ReportPage

SIZE = (80, 24)


async def test_a_timed_attempt_that_runs_out_shows_the_end_report(real_knowledge, tmp_path):
    """Regression (ux-walk P2-1): when the time ran out the pane went blank and deaf to keys, because
    the clock's own callback stopped the clock and so cancelled itself half-way through the report."""
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Tim", quiz_session="assessment-1")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_quiz(pilot)
        run = pane.run
        assert run is not None and run.started_at is not None and run.plan.time_limit
        late = run.started_at + timedelta(minutes=run.plan.time_limit, seconds=1)
        run.clock = lambda: late
        await wait_for(pilot, lambda: pane.query(ReportPage) and app.focused is pane.query_one(ReportPage))
        page = pane.query_one(ReportPage)
        text = page_text(page)
        assert "Score: 0 of" in text and "timed out" in text and "By topic" in text
        assert run.status == "timed_out"
        await pilot.press("enter")
        await wait_for(pilot, lambda: pane.query("#quiz-menu"))
        assert pane.run is None


async def first_choice_question(pilot, pane: QuizPane) -> QuestionCard:
    """Answer (rightly) until a single-choice or true/false question is on screen."""
    from quiz_ui import right_keys, saved

    for _ in range(30):
        card = pane.query_one(QuestionCard)
        if card.played.type in ("single", "truefalse"):
            return card
        await pilot.press(*right_keys(card), "enter")
        await saved(pilot, pane)
        await moved_on(pilot, pane, card)
        if pane.query(QuizPage):
            feedback = pane.query_one(QuizPage)
            await pilot.press("enter")
            await left_feedback(pilot, pane, feedback)
    raise AssertionError("no single-choice question in the session")


async def test_after_leaving_and_coming_back_the_keys_answer_the_question(real_knowledge, tmp_path):
    """Regression (ux-walk P2-2): after Escape, another pane and 7, the question had lost the focus,
    so 2 switched to Contract models instead of choosing option 2 (and c, g and q did worse)."""
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Pat", quiz_session="induction")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_quiz(pilot)
        card = await first_choice_question(pilot, pane)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.location.pane != "quiz"  # Escape leaves the quiz waiting
        await pilot.press("2", "7")
        await pilot.pause()
        assert app.screen.location.pane == "quiz" and app.focused is card
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.location.pane == "quiz" and card.chosen == 1


async def test_a_short_answer_has_the_focus_when_the_quiz_comes_back(real_knowledge, tmp_path):
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Sy")
    async with app.run_test(size=SIZE) as pilot:
        await arrived(pilot)
        await pilot.press("7")
        pane = app.query_one(QuizPane)
        await wait_for(pilot, lambda: pane.query("#quiz-menu"))
        await pane.runner.start(lambda: pane.service.start_practice("Sy", types=("short",), count=2))
        await pilot.pause()
        await pilot.press("escape", "1", "7")
        await pilot.pause()
        await pilot.press(*"abc")
        assert pane.query_one("QuestionCard Input").value == "abc"


def attempt_statuses(data) -> list[str]:
    from aco_tui.storage.sqlite import SQLiteProgress

    return [a.status for a in SQLiteProgress(data).attempts()]


async def test_quitting_during_an_attempt_asks_first(real_knowledge, tmp_path):
    """Regression (ux-walk P2-4): q (and ctrl+q) during an attempt quit at once, abandoning a timed
    assessment without a word."""
    data = tmp_path / "data"
    app = AcoApp(real_knowledge, data_dir=data, trainee="Qu", quiz_session="induction")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_quiz(pilot)
        card = await first_choice_question(pilot, pane)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and app.screen is not pilot.app.screen_stack[0], "ctrl+q quit without asking"
        await pilot.press("escape")  # keep going
        await pilot.pause()
        assert app.focused is card and pane.run is not None and not pane.run.finished
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running, "q quit without asking"
        await pilot.press("enter")  # "Keep going" is the default
        await pilot.pause()
        assert app.focused is card
        await pilot.press("q", "q")  # q again: quit
        await pilot.pause()
        assert not app.is_running
    assert attempt_statuses(data) == ["in_progress"]  # a session's attempt stays open, to be resumed


async def test_ctrl_q_from_a_dialog_over_the_quiz_still_asks(real_knowledge, tmp_path):
    data = tmp_path / "data"
    app = AcoApp(real_knowledge, data_dir=data, trainee="Qu", quiz_session="induction")
    async with app.run_test(size=SIZE) as pilot:
        await open_quiz(pilot)
        await pilot.press("escape", "question_mark")  # help, over the reading pane
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running
        await pilot.press("down", "enter")  # "Quit"
        await pilot.pause()
        assert not app.is_running
    assert attempt_statuses(data) == ["in_progress"]


async def test_a_timed_session_opens_on_a_start_page(real_knowledge, tmp_path):
    """Regression (ux-walk P2-4): one stray Enter started a timed assessment, clock running, with no
    word of its length, time limit or pass mark."""
    from aco_tui.ui.panes.quiz_pages import StartPage

    data = tmp_path / "data"
    app = AcoApp(real_knowledge, data_dir=data, trainee="Sta", quiz_session="assessment-1")
    async with app.run_test(size=SIZE) as pilot:
        await arrived(pilot)
        pane = app.query_one(QuizPane)
        await wait_for(pilot, lambda: pane.query(StartPage))
        spec = next(s for s in pane.service.sessions() if s.name == "assessment-1")
        text = page_text(pane.query_one(StartPage))
        total = len(spec.questions) + sum(p.count for p in spec.picks)
        for shown in (spec.title, f"{total} questions", "25 minutes", "75%", "Enter"):
            assert shown in text, shown
        assert pane.run is None and pane.service.attempts() == []  # nothing begun, no clock
        await pilot.press("escape")
        await wait_for(pilot, lambda: pane.query("#quiz-menu"))
        menu = pane.query_one("#quiz-menu")
        menu.highlighted = next(
            i for i in range(menu.option_count) if menu.get_option_at_index(i).id == "session:assessment-1"
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: pane.query(StartPage))
        await pilot.press("enter")
        await wait_for(pilot, lambda: pane.query(QuestionCard))
        assert pane.run is not None and pane.run.deadline is not None
        assert attempt_statuses(data) == ["in_progress"]


async def practice_app(real_knowledge, tmp_path, **start):
    from aco_tui.quiz.start import QuizStart

    return AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Pra", quiz=QuizStart(**start))


async def test_restart_and_abandon_from_inside_the_app(real_knowledge, tmp_path):
    """Regression (ux-walk P2-4): there was no way to abandon or restart an attempt but quitting."""
    from quiz_ui import right_keys

    app = await practice_app(real_knowledge, tmp_path, count=3, seed=4)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_quiz(pilot)
        first = pane.run
        await pilot.press(*right_keys(pane.query_one(QuestionCard)), "enter")
        await wait_for(pilot, lambda: pane.query(QuizPage))
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("escape")  # keep going
        await pilot.pause()
        assert pane.run is first and pane.query(QuizPage)
        await pilot.press("ctrl+r", "down", "enter")  # restart
        await wait_for(pilot, lambda: pane.run is not first and pane.query(QuestionCard))
        assert first.status == "abandoned" and pane.run.position == 1
        assert [p.id for p in pane.run.plan.questions] == [p.id for p in first.plan.questions]
        assert app.focused is pane.query_one(QuestionCard)
        await pilot.press("ctrl+r", "down", "down", "enter")  # abandon
        await wait_for(pilot, lambda: pane.query(ReportPage))
        assert "abandoned" in page_text(pane.query_one(ReportPage))
    assert attempt_statuses(tmp_path / "data") == ["abandoned", "abandoned"]


async def test_grading_a_right_answer_says_when_it_comes_back(real_knowledge, tmp_path):
    """Regression (ux-walk P2-7): after h or e the pane said only "It will come back for review
    accordingly", with no interval."""
    from quiz_ui import right_keys

    app = await practice_app(real_knowledge, tmp_path, count=2, seed=8)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_quiz(pilot)
        await pilot.press(*right_keys(pane.query_one(QuestionCard)), "enter")
        await wait_for(pilot, lambda: pane.query(QuizPage))
        assert "for review in " in page_text(pane.query_one(QuizPage))
        await pilot.press("e")
        await pilot.pause()
        said = [n.message for n in notifications(app) if n.message.startswith("Noted: easy")]
        assert said and "next review in " in said[-1], said


async def test_the_due_count_follows_reviews_made_elsewhere_and_time(real_knowledge, tmp_path):
    """Regression (ux-walk P2-7): the menu's "review cards due now" never changed while the menu
    stayed up (the command line said 14 while the pane still said 3)."""
    from aco_tui.quiz.service import QuizService
    from aco_tui.storage.sqlite import SQLiteProgress

    now = [datetime(2026, 3, 2, 9, 0, tzinfo=UTC)]
    data = tmp_path / "data"
    app = AcoApp(real_knowledge, data_dir=data, trainee="Due")
    async with app.run_test(size=SIZE) as pilot:
        await arrived(pilot)
        await pilot.press("7")
        pane = app.query_one(QuizPane)
        await wait_for(pilot, lambda: pane.query("#quiz-menu"))
        pane.service.clock = lambda: now[0]
        assert "due now: 0" in str(pane.query_one("#quiz-status").render())
        # Meanwhile, in another process: three questions answered wrongly (due again a minute later).
        other = QuizService.open(
            real_knowledge.paths.content / "quiz", real_knowledge.store, SQLiteProgress(data), clock=lambda: now[0]
        )
        run = other.start_practice("Due", types=("single",), count=3, seed=2)
        while not run.finished:
            run.submit((run.current.key() + 1) % len(run.current.options))
        now[0] += timedelta(minutes=5)
        await pilot.press("1", "7")  # away and back
        await wait_for(pilot, lambda: "due now: 3" in str(pane.query_one("#quiz-status").render()))
        review = pane.query_one("#quiz-menu").get_option("review:")
        assert not review.disabled and "3 due" in str(review.prompt)


async def test_practice_and_review_reports_have_no_pass_or_fail(real_knowledge, tmp_path):
    """Regression (ux-walk P2-7): practice quizzes ended with "pass mark 70% · NOT PASSED"."""
    app = await practice_app(real_knowledge, tmp_path, count=2, seed=3)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_quiz(pilot)
        await pilot.press("ctrl+r", "down", "down", "enter")  # abandon: straight to the report
        await wait_for(pilot, lambda: pane.query(ReportPage))
        text = page_text(pane.query_one(ReportPage))
        assert "Score: 0 of 2" in text
        assert "PASS" not in text and "pass mark" not in text.lower()


async def test_a_timed_attempt_warns_as_time_runs_low(real_knowledge, tmp_path):
    """ux-walk P2-1 (related): nothing warned as the time ran low."""
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Low", quiz_session="assessment-1")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_quiz(pilot)
        run = pane.run
        assert run is not None and run.deadline is not None
        soon = run.deadline - timedelta(minutes=4)
        ticks: list[float] = []  # when the clock was read: once or more per tick of the one-second timer

        def clock():
            now = time.monotonic()
            if not ticks or now - ticks[-1] > 0.5:
                ticks.append(now)
            return soon

        run.clock = clock
        await wait_for(pilot, lambda: any("5 minutes left" in n.message for n in notifications(app)))
        warned_at = len(ticks)
        await wait_until(pilot, lambda: len(ticks) >= warned_at + 2, "two more ticks of the clock")
        assert sum("5 minutes left" in n.message for n in notifications(app)) == 1  # said once, not every second


async def test_a_time_out_the_store_refuses_is_said_once_and_tried_again_until_recorded(
    real_knowledge, tmp_path, monkeypatch
):
    """The store down at the deadline: one message, then quiet retries (not an error at every clock
    tick), and the report once the store takes the time-out."""
    from aco_tui.errors import UserDataError
    from aco_tui.ui.panes import quiz_runner

    monkeypatch.setattr(quiz_runner, "TIME_UP_RETRY_S", (0.05, 0.1))
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Tam", quiz_session="assessment-1")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_quiz(pilot)
        run = pane.run
        assert run is not None and run.started_at is not None and run.plan.time_limit
        finish, refused = run.finish, []

        def down_three_times(status: str) -> object:
            if len(refused) < 3:
                refused.append(status)
                raise UserDataError("Your attempt could not be recorded: the database went away.")
            return finish(status)

        monkeypatch.setattr(run, "finish", down_three_times)
        run.clock = lambda: run.started_at + timedelta(minutes=run.plan.time_limit, seconds=1)
        await wait_for(pilot, lambda: pane.query(ReportPage))
        assert refused == ["timed_out"] * 3 and run.status == "timed_out"
        said = [n.message for n in notifications(app) if "could not be recorded" in n.message]
        assert said == [
            "Time is up, but the attempt could not be recorded yet (Your attempt could not be recorded: "
            "the database went away); trying again."
        ]
