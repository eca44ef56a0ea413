"""The trainer's live console under Pilot (issue 25): keys move the room that trainees (on the same
database) follow; the chart counts their answers; reveal shows the answer and its verbatim source;
the end shows scores, the item analysis of the run and the most-missed questions."""

from __future__ import annotations

import pytest
from helpers import notifications, wait_until

from aco_tui.quiz.bank import load_bank
from aco_tui.quiz.live import LiveHost, open_room
from aco_tui.quiz.live_report import final_report
from aco_tui.quiz.live_seat import LiveSeat
from aco_tui.storage.sqlite import SQLiteProgress
from aco_tui.ui.trainer.live_console import LiveConsoleApp, LiveEnd
from aco_tui.ui.trainer.views import QuestionTable


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


@pytest.fixture
def room(quiz_kb, tmp_path):
    progress = SQLiteProgress(tmp_path / "data")
    bank = load_bank(quiz_kb.content / "quiz")
    from aco_tui.knowledge.store import load_store

    store = load_store(quiz_kb.store)
    code = open_room(progress, bank, "induction").code
    yield progress, bank, store, code
    progress.close()


async def test_the_console_runs_a_room_on_keys(room):
    progress, bank, store, code = room
    seats = [LiveSeat.join(progress, bank, code, name) for name in ("Ann", "Bob", "Cat")]
    app = LiveConsoleApp(
        LiveHost(progress, bank, code, store), lambda host: final_report(host, lambda q: "Concepts"), interval=0.2
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_until(pilot, lambda: app.status is not None, "the first load")
        assert "press n" in text_of(app, "#live-head")
        await pilot.press("c")  # nothing to close yet: said in a notification, nothing moves
        await wait_until(pilot, lambda: any("opened yet" in str(n.message) for n in notifications(app)), "the refusal")
        assert app.status.room.phase == "lobby"
        await pilot.press("n")
        await wait_until(pilot, lambda: app.status and app.status.room.phase == "open", "question 1 open")
        for seat in seats:
            seat.poll()
        played = seats[0].current
        seats[0].answer(played.key())
        seats[1].answer(played.key())
        await wait_until(pilot, lambda: app.status.answers == 2, "two answers charted")
        assert app.status.joined == 3
        assert played.text in text_of(app, "#live-question")
        chart = text_of(app, "#live-chart")
        assert "\u2588 2\n" in chart and "right" not in chart  # counts, no names, no answer yet
        assert "Ann" not in chart

        await pilot.press("r")
        await wait_until(
            pilot,
            lambda: app.status.room.phase == "revealed" and "Right answer" in text_of(app, "#live-reveal"),
            "the reveal",
        )
        reveal = text_of(app, "#live-reveal")
        excerpt = store.excerpts[played.question.excerpts[0]].text
        assert "2 of 2 answer(s) right" in reveal and excerpt[:40] in reveal.replace("\n", " ")
        assert "right" in text_of(app, "#live-chart")

        await pilot.press("n")
        await wait_until(pilot, lambda: app.status.room.question == 2, "question 2")
        await pilot.press("c")
        await wait_until(pilot, lambda: app.status.room.phase == "closed", "closed")
        await pilot.press("e")
        assert app.status.room.phase == "closed"  # one press only asks
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveEnd), "the end screen")
        scores = text_of(app, "#live-scores")
        assert "Ann: 1/" in scores and "Cat: 0/" in scores
        assert app.screen.query_one(QuestionTable).row_count == len(seats[0].plan.questions)
        missed = text_of(app, "#live-missed")
        assert "Most missed" in missed and "read: Concepts" in missed
    attempts = progress.attempts("induction")
    assert len(attempts) == 3 and all(a.status == "finished" and a.kind == "live" for a in attempts)


async def test_with_the_leaderboard_the_console_shows_the_top_five_after_a_reveal(quiz_kb, tmp_path):
    from aco_tui.knowledge.store import load_store

    progress = SQLiteProgress(tmp_path / "data")
    bank = load_bank(quiz_kb.content / "quiz")
    code = open_room(progress, bank, "induction", leaderboard=True).code
    seat = LiveSeat.join(progress, bank, code, "Ann")
    host = LiveHost(progress, bank, code, load_store(quiz_kb.store))
    host.next()
    seat.poll()
    seat.answer(seat.current.key())
    app = LiveConsoleApp(host, final_report, interval=0.2)
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            await wait_until(pilot, lambda: app.status is not None and app.status.answers == 1, "the answer")
            assert "Leaderboard" not in text_of(app, "#live-reveal")
            await pilot.press("r")
            await wait_until(pilot, lambda: "Leaderboard" in text_of(app, "#live-reveal"), "the leaderboard")
            assert "1. Ann: 1/1 right" in text_of(app, "#live-reveal")
    finally:
        progress.close()
