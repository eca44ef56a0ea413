"""A trainee in a live room in the app, under Pilot (issue 25): waiting, the question card, an answer
changed before the close, the reveal with its source, the score at the end; coming back after a drop."""

from __future__ import annotations

from contextlib import asynccontextmanager

from helpers import make_app, wait_until

from aco_tui.quiz.bank_cache import load_bank_cached
from aco_tui.quiz.live import LiveHost, open_room
from aco_tui.quiz.live_seat import LiveSeat
from aco_tui.storage.sqlite import SQLiteProgress
from aco_tui.ui.panes.quiz_card import QuestionCard
from aco_tui.ui.screens.live import LiveScreen


@asynccontextmanager
async def running(knowledge, tmp_path, size=(100, 30), **options):
    """The app under Pilot, not waiting for the main screen (the live screen opens over it)."""
    app = make_app(knowledge, tmp_path, **options)
    async with app.run_test(size=size) as pilot:
        yield app, pilot


def stage_text(app) -> str:
    screen = app.screen
    if not isinstance(screen, LiveScreen):
        return ""
    texts = [str(w.render()) for w in screen.query(".live-text")]
    texts += [str(w.render()) for w in screen.query("#live-note")]
    return "\n".join(texts)


async def test_a_trainee_follows_the_room_in_the_app(real_knowledge, tmp_path):
    progress = SQLiteProgress(tmp_path / "data")
    bank = load_bank_cached(real_knowledge.paths.content / "quiz")
    room = open_room(progress, bank, "induction")
    host = LiveHost(progress, bank, room.code, real_knowledge.store)
    others = [LiveSeat.join(progress, bank, room.code, name) for name in ("Bob", "Cat")]
    try:
        async with running(real_knowledge, tmp_path, size=(100, 30), live=room.code.lower(), trainee="Ann") as (
            app,
            pilot,
        ):
            await wait_until(pilot, lambda: "Waiting for the trainer" in stage_text(app), "the waiting room")
            assert host.status().joined == 3
            host.next()
            await wait_until(
                pilot,
                lambda: any(c.has_focus for c in app.screen.query(QuestionCard)),
                "the question card, ready for keys",
            )
            card = app.screen.query_one(QuestionCard)
            played = card.played
            wrong = (played.key() + 1) % len(played.options) if played.type in ("single", "truefalse") else None
            assert wrong is not None, "the induction session starts with a single-choice question"
            await pilot.press(str(wrong + 1), "enter")
            await wait_until(pilot, lambda: "Answer recorded" in stage_text(app), "the first answer")
            await pilot.press(str(played.key() + 1), "enter")  # changed before the close
            await wait_until(pilot, lambda: played.options[played.key()] in stage_text(app), "the changed answer")
            status = host.status()
            assert status.answers == 1 and status.options[played.key()].count == 1
            host.reveal()
            await wait_until(pilot, lambda: "Right answer:" in stage_text(app), "the reveal")
            text = stage_text(app)
            assert "Correct." in text and "Source: \u201c" in text
            host.end()
            await wait_until(pilot, lambda: "Score: 1/" in stage_text(app), "the score")
        attempt = progress.attempts("induction", "Ann")[0]
        assert attempt.kind == "live" and attempt.status == "finished" and attempt.score == 1
    finally:
        progress.close()
    assert others


async def test_a_trainee_who_comes_back_sees_the_open_question_with_their_answer(real_knowledge, tmp_path):
    progress = SQLiteProgress(tmp_path / "data")
    bank = load_bank_cached(real_knowledge.paths.content / "quiz")
    room = open_room(progress, bank, "induction")
    host = LiveHost(progress, bank, room.code, real_knowledge.store)
    seat = LiveSeat.join(progress, bank, room.code, "Ann")
    host.next()
    seat.poll()
    seat.answer(seat.current.key())
    try:
        async with running(real_knowledge, tmp_path, size=(100, 30), live=room.code, trainee="Ann") as (app, pilot):
            await wait_until(pilot, lambda: bool(app.screen.query(QuestionCard)), "the open question")
            assert "Welcome back" in stage_text(app) or "Your answer so far" in stage_text(app)
            assert app.screen.query_one(QuestionCard).chosen == seat.current.key()  # their choice, shown
        assert len(progress.attempts("induction", "Ann")) == 1
    finally:
        progress.close()


async def test_an_unknown_code_in_the_app_is_said_and_the_app_stays(real_knowledge, tmp_path):
    async with running(real_knowledge, tmp_path, live="NOPE42", trainee="Ann") as (app, pilot):
        await wait_until(
            pilot,
            lambda: (
                not isinstance(app.screen, LiveScreen)
                and any("no live room" in str(n.message) for n in app._notifications)
            ),
            "the refusal",
        )


async def test_join_a_live_session_from_the_quiz_pane_menu(real_knowledge, tmp_path):
    from helpers import arrived

    progress = SQLiteProgress(tmp_path / "data")
    bank = load_bank_cached(real_knowledge.paths.content / "quiz")
    room = open_room(progress, bank, "induction")
    try:
        app = make_app(real_knowledge, tmp_path, trainee="Ann")
        async with app.run_test(size=(100, 30)) as pilot:
            await arrived(pilot)
            await pilot.press("7")  # the Quiz pane
            await wait_until(pilot, lambda: bool(app.screen.query("#quiz-menu")), "the quiz menu")
            menu = app.screen.query_one("#quiz-menu")
            menu.focus()
            index = next(n for n, option in enumerate(menu.options) if option.id == "live:")
            menu.highlighted = index
            await pilot.press("enter")
            await wait_until(pilot, lambda: bool(app.screen.query("#live-code")), "the code dialog")
            await pilot.press(*room.code.lower(), "enter")
            await wait_until(pilot, lambda: "Waiting for the trainer" in stage_text(app), "the room")
        assert [a.kind for a in progress.attempts("induction", "Ann")] == ["live"]
    finally:
        progress.close()
