"""The quiz's progress line, and a quiz pane that does no work while a trainee reads (issue 28).

Over SSH every session's idle work is multiplied by the room: Textual's ProgressBar, hidden on a
session's start page, animated itself fifteen times a second, and updated itself every second on a
question."""

from __future__ import annotations

from quiz_ui import moved_on, right_keys, saved, wait_for
from rich.style import Style

from aco_tui.quiz.start import QuizStart
from aco_tui.ui.app import AcoApp
from aco_tui.ui.panes.quiz import QuizPane
from aco_tui.ui.panes.quiz_card import QuestionCard
from aco_tui.ui.panes.quiz_pages import StartPage
from aco_tui.ui.widgets.quiz_progress import BAR_WIDTH, QuizProgress, progress_line

BAR, BACK, DONE = Style(color="blue"), Style(color="grey0"), Style(color="green")


def cells(done: int, total: int) -> list[tuple[str, Style | None]]:
    line = progress_line(done, total, BAR, BACK, DONE)
    return [(line.plain[span.start : span.end], span.style) for span in line.spans]  # type: ignore[misc]


def test_the_bar_fills_to_the_nearest_half_cell_and_says_the_percentage():
    assert progress_line(0, 12, BAR, BACK, DONE).plain == "\u2501" * BAR_WIDTH + "   0%"
    assert cells(3, 12) == [("\u2501" * 8, BAR), ("\u2501" * 24, BACK)]
    assert cells(1, 12) == [("\u2501" * 2, BAR), ("\u2578", BAR), ("\u2501" * 29, BACK)]  # 2.67 cells
    assert progress_line(1, 3, BAR, BACK, DONE).plain.endswith("  33%")
    assert cells(12, 12) == [("\u2501" * BAR_WIDTH, DONE)]
    assert progress_line(12, 12, BAR, BACK, DONE).plain.endswith(" 100%")


def test_an_empty_or_odd_count_draws_an_empty_or_full_bar_not_an_error():
    assert progress_line(0, 0, BAR, BACK, DONE).plain.endswith("   0%")
    assert progress_line(5, 3, BAR, BACK, DONE).plain.endswith(" 100%")
    assert progress_line(-1, 3, BAR, BACK, DONE).plain.endswith("   0%")
    for done in range(14):
        assert len(progress_line(done, 13, BAR, BACK, DONE).plain) == BAR_WIDTH + 5


def running_timers(app: AcoApp) -> list[str]:
    """The names of the timers ticking in the screen's widgets (not paused: the screen's own update
    timer waits, paused, until something changes)."""
    nodes = [app.screen, *app.screen.walk_children()]
    return sorted(
        f"{type(node).__name__}:{timer.name}"
        for node in nodes
        for timer in list(node._timers)
        if timer._task is not None and not timer._task.done() and timer._active.is_set()
    )


async def test_a_landed_trainee_reading_the_start_page_or_a_question_runs_no_timer(real_knowledge, tmp_path):
    landing = QuizStart(session="induction", start_page=True)  # untimed: no clock to tick
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Idle", quiz=landing)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.query(StartPage))
        pane = app.query_one(QuizPane)
        allowed = {"QuizPane:quiz-due-count"}  # every 30 s, and only while the menu shows
        assert set(running_timers(app)) <= allowed
        await pilot.press("enter")
        await wait_for(pilot, lambda: pane.query(QuestionCard))
        card = pane.query_one(QuestionCard)
        progress = pane.query_one(QuizProgress)
        assert progress.display and progress.progress == (0, 12)
        assert set(running_timers(app)) <= allowed
        await pilot.press(*right_keys(card), "enter")
        await saved(pilot, pane)
        await moved_on(pilot, pane, card)
        assert not progress.display  # the feedback
        assert set(running_timers(app)) <= allowed
        await pilot.press("enter")
        await wait_for(pilot, lambda: pane.query(QuestionCard) and pane.query_one(QuestionCard) is not card)
        assert progress.display and progress.progress == (1, 12) and "   8%" in str(progress.render())
        assert set(running_timers(app)) <= allowed
