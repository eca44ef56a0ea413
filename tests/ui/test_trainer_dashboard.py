"""The trainer's dashboard (Pilot, 80x24): live trainees, questions, drill-downs, refresh, the SSH menu."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from cohort_fixtures import NOW, SESSION, MemoryStore, answer, cohort
from helpers import notifications, wait_until
from trainer_fixtures import loaded, loader, make_app

from aco_tui.errors import DataError
from aco_tui.ui.trainer.app import TrainerApp
from aco_tui.ui.trainer.dashboard import Dashboard
from aco_tui.ui.trainer.screens import DetailScreen
from aco_tui.ui.trainer.views import QuestionTable, TraineeTable


def cells(table, key: str) -> list[str]:
    return [str(cell) for cell in table.get_row(key)]


async def test_trainees_are_shown_live_with_their_question_and_score():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        table = app.screen.query_one(TraineeTable)
        assert table.row_count == 8
        assert cells(table, "Fay")[1:4] == ["live, Q3/4", "1/2 so far", ""]
        assert cells(table, "Gus")[1] == "stale, Q2/4"
        assert cells(table, "Ann")[1:5] == ["finished", "4/4 100%", "pass", "09:24:00"]
        assert cells(table, "Eve")[3] == "fail"
        summary = str(app.screen.query_one("#summary").render())
        assert "8 trainees, 1 live, 1 stale, 4 passed" in summary and "figures unreliable" in summary


async def test_a_new_answer_shows_up_by_itself():
    attempts, answers = cohort()
    store = MemoryStore(attempts, answers)
    app = make_app(store, interval=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        table = app.screen.query_one(TraineeTable)
        assert cells(table, "Fay")[1] == "live, Q3/4"
        fay = next(a for a in store.records if a.id == "a-fay")
        store.given.append(answer("a-fay", 3, True, NOW))
        store.records[store.records.index(fay)] = replace(fay, answered=3, score=2, last_activity=NOW)
        before = app.loads
        await loaded(pilot, app, before + 2)  # no key pressed: the timer refreshed
        assert cells(table, "Fay")[1:3] == ["live, Q4/4", "2/3 so far"]
        assert cells(table, "Fay")[4] == "10:00:00"


async def test_a_refresh_with_nothing_new_redraws_nothing(monkeypatch):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        calls = []
        monkeypatch.setattr(TraineeTable, "show", lambda self, report: calls.append(report))
        await pilot.press("r")
        await loaded(pilot, app, 2)
        assert calls == []


async def test_stale_follows_the_clock_even_without_new_answers():
    attempts, answers = cohort()
    now = [NOW]
    app = TrainerApp(loader(MemoryStore(attempts, answers), lambda: now[0]), SESSION, interval=60.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        now[0] = NOW + timedelta(minutes=30)
        await pilot.press("r")
        await loaded(pilot, app, 2)
        assert cells(app.screen.query_one(TraineeTable), "Fay")[1] == "stale, Q3/4"


async def test_questions_tab_marks_flagged_rows_and_orders_hardest_first():
    attempts, answers = cohort()
    flipped = [a if a.question != "q3" else replace(a, correct=not a.correct) for a in answers]
    app = make_app(MemoryStore(attempts, flipped))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("2")
        table = app.screen.query_one(QuestionTable)
        assert table.has_focus
        # q3 flipped: the strong trainees now got it wrong; q2's rest is q3, so it is dragged down too.
        assert [cells(table, q)[5] for q in ("q1", "q2", "q3", "q4")] == ["", "review", "review", ""]
        assert "100%" in cells(table, "q1")[3]
        await pilot.press("o")
        assert [str(k.value) for k in table.rows] == ["q4", "q3", "q2", "q1"]  # facility 0, .4, .6, 1
        await pilot.press("o")
        assert [str(k.value) for k in table.rows] == ["q1", "q2", "q3", "q4"]


async def test_drill_down_into_a_question_and_a_trainee():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("2", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        text = str(app.screen.query_one(".detail-text").render())
        assert "Which are parts of an ACO?" in text and "A shareholder" in text
        assert "Explanation" in text and "Excerpt text of ex-1" in text and "facility 60% (about right)" in text
        await pilot.press("escape")
        assert isinstance(app.screen, Dashboard)
        await pilot.press("1", "enter")  # the first trainee: Ann
        await pilot.pause()
        text = str(app.screen.query_one(".detail-text").render())
        assert text.startswith("Ann: 2 attempts") and "(not answered)" in text and "right" in text
        await pilot.press("escape")
        assert isinstance(app.screen, Dashboard)


async def test_topics_and_scores_tabs():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("3")
        topics = str(app.screen.query_one("#topic-chart").render())
        assert "Concepts" in topics and "80%  8/10" in topics
        await pilot.press("4")
        scores = str(app.screen.query_one("#score-chart").render())
        assert "Scores of 5 counted attempts" in scores and "alpha (KR-20) 0.19 (unsatisfactory)" in scores
        assert "50-59%" in scores and "unreliable" in scores


async def test_switching_session_and_an_empty_session():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("s", "down", "enter")
        await loaded(pilot, app, 2)
        assert app.session == "other"
        assert app.screen.query_one(TraineeTable).row_count == 0
        await pilot.press("3")
        assert "No finished attempts yet" in str(app.screen.query_one("#topic-chart").render())


async def test_a_failed_refresh_is_reported_and_the_figures_stay():
    attempts, answers = cohort()
    good = loader(MemoryStore(attempts, answers))
    failing = [False]

    def load(session):
        if failing[0]:
            raise DataError("the progress database is locked")
        return good(session)

    app = TrainerApp(load, SESSION, interval=60.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        failing[0] = True
        await pilot.press("r")
        await wait_until(pilot, lambda: notifications(app), "the failed refresh is reported")
        assert any("locked" in n.message for n in notifications(app))
        assert app.screen.query_one(TraineeTable).row_count == 8 and not app.loading


@pytest.mark.parametrize(("key", "result"), [("e", "explainer"), ("d", None)])
async def test_over_ssh_a_trainer_chooses_the_dashboard_or_the_explainer(key, result):
    app = make_app(choose=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        if result is None:
            assert isinstance(app.screen, Dashboard)
            await pilot.press("q")
    assert app.return_value == result


async def test_an_answer_written_to_the_database_shows_up_by_itself(tmp_path):
    """The real path: the SQLite store, the command's loader, and a second connection writing an answer."""
    from datetime import UTC, datetime

    from aco_tui.cli.trainer import make_loader
    from aco_tui.storage.records import Attempt
    from aco_tui.storage.sqlite import SQLiteProgress

    writer = SQLiteProgress(tmp_path)
    now = datetime.now(UTC)
    record = Attempt(
        "live-1",
        "Ivy",
        "session",
        SESSION,
        "Induction week",
        "v1",
        1,
        ("q1", "q2", "q3", "q4"),
        50.0,
        "immediate",
        None,
        now,
        now,
    )
    writer.start_attempt(record)
    writer.record_answer(answer("live-1", 1, True, now))
    reader = SQLiteProgress(tmp_path)
    app = TrainerApp(make_loader(reader, None, timedelta(minutes=30)), SESSION, interval=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        table = app.screen.query_one(TraineeTable)
        assert cells(table, "Ivy")[1:3] == ["live, Q2/4", "1/1 so far"]
        writer.record_answer(answer("live-1", 2, False, datetime.now(UTC)))
        before = app.loads
        await loaded(pilot, app, before + 2)
        assert cells(table, "Ivy")[1:3] == ["live, Q3/4", "1/2 so far"]
    reader.close()
    writer.close()
