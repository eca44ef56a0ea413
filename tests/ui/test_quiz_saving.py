"""The answer is saved off the UI thread (issue 28 item 6): while the store is stalled the quiz pane
stays live and says "saving...", a store's retry note reaches the status line, and the feedback
appears only once the answer is committed (acknowledged means committed). No wall-time assertion:
the stalled store waits on events the test sets."""

from __future__ import annotations

import threading
from typing import Any

from quiz_ui import wait_for

from aco_tui.errors import UserDataError
from aco_tui.ui.app import AcoApp
from aco_tui.ui.panes.quiz import QuizPane
from aco_tui.ui.panes.quiz_card import QuestionCard
from aco_tui.ui.panes.quiz_pages import FeedbackPage

SIZE = (80, 24)
RECONNECTING = "reconnecting to the database..."


class StalledStore:
    """A progress store whose answer transaction waits for the test: ``entered`` when it starts, then
    (``retry``) a retry note to the status listener once ``note`` is set, then the commit on ``release``
    (or, ``fail``, a refusal)."""

    def __init__(self, inner: Any, *, fail: bool = False, retry: bool = False) -> None:
        self._inner = inner
        self.fail = fail
        self.retry = retry
        self.status_listener = None
        self.entered = threading.Event()
        self.note = threading.Event()
        self.noted = threading.Event()
        self.release = threading.Event()
        self.saved = 0

    def record_answer(self, answer, card) -> None:
        self.entered.set()
        if self.retry and self.note.wait(60) and self.status_listener is not None:
            self.status_listener(RECONNECTING)
            self.noted.set()
        if not self.release.wait(60):
            raise UserDataError("the test never released the store")
        if self.status_listener is not None:
            self.status_listener("")
        if self.fail:
            raise UserDataError("Your answer could not be saved: the database went away.")
        self._inner.record_answer(answer, card)
        self.saved += 1

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def status(pane: QuizPane) -> str:
    return str(pane.query_one("#quiz-status").render())


async def stalled_question(
    pilot, *, fail: bool = False, retry: bool = False
) -> tuple[QuizPane, QuestionCard, StalledStore]:
    """The Quiz pane on a single-choice practice question whose answer the store will stall."""
    from helpers import arrived

    app = pilot.app
    await arrived(pilot)
    await pilot.press("7")
    pane = app.query_one(QuizPane)
    await wait_for(pilot, lambda: pane.query("#quiz-menu"))
    store = StalledStore(pane.service.progress, fail=fail, retry=retry)
    pane.service.progress = store
    await pane.runner.start(lambda: pane.service.start_practice("Sal", types=("single",), count=2, seed=3))
    await wait_for(pilot, lambda: pane.query(QuestionCard) and app.focused is pane.query_one(QuestionCard))
    return pane, pane.query_one(QuestionCard), store


async def test_a_stalled_store_keeps_the_quiz_live_and_the_feedback_waits_for_the_commit(real_knowledge, tmp_path):
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Sal")
    async with app.run_test(size=SIZE) as pilot:
        pane, card, store = await stalled_question(pilot, retry=True)
        await pilot.press("1", "enter")
        await wait_for(pilot, store.entered.is_set)
        await wait_for(pilot, lambda: "saving\u2026" in status(pane))
        # The UI thread is free: keys are handled, a second Enter saves nothing twice.
        await pilot.press("down", "down")
        assert card.cursor == 2 and card.response() == 2
        await pilot.press("enter")
        assert not pane.query(FeedbackPage) and pane.query_one(QuestionCard) is card
        # A store that retries says so on the status line, from its own thread.
        store.note.set()
        await wait_for(pilot, lambda: RECONNECTING in status(pane))
        assert store.noted.is_set() and not pane.query(FeedbackPage) and store.saved == 0
        store.release.set()
        await wait_for(pilot, lambda: pane.query(FeedbackPage))
        assert store.saved == 1 and "saving" not in status(pane) and RECONNECTING not in status(pane)
        assert pane.run is not None and pane.run.position == 2  # the first answer, and only it, counted
        await wait_for(pilot, lambda: app.focused is pane.query_one(FeedbackPage))  # Enter moves on from here
        # A late Enter from the replaced card (keys typed ahead) must not answer the next question.
        pane.post_message(QuestionCard.Answered(2, card.played))
        await pilot.pause(0.2)
        assert store.saved == 1 and pane.run.position == 2 and pane.query(FeedbackPage)


async def test_an_answer_the_store_refuses_shows_no_feedback(real_knowledge, tmp_path):
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Sal")
    async with app.run_test(size=SIZE) as pilot:
        pane, card, store = await stalled_question(pilot, fail=True)
        await pilot.press("1", "enter")
        await wait_for(pilot, lambda: "saving\u2026" in status(pane))
        store.release.set()
        await wait_for(pilot, lambda: "saving" not in status(pane))
        assert not pane.query(FeedbackPage) and pane.query_one(QuestionCard) is card
        assert pane.run is not None and pane.run.position == 1  # same question, nothing counted
        assert any("could not be saved" in n.message for n in app._notifications)


class GatedStore:
    """A progress store whose ``method`` waits for the test (``entered``, then ``release``); every
    other call goes straight through. Records the thread each gated call ran in."""

    def __init__(self, inner: Any, method: str) -> None:
        self._inner = inner
        self._method = method
        self.status_listener = None
        self.entered = threading.Event()
        self.release = threading.Event()
        self.threads: list[threading.Thread] = []

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._inner, name)
        if name != self._method:
            return found

        def gated(*args: Any, **kwargs: Any) -> Any:
            self.threads.append(threading.current_thread())
            self.entered.set()
            if not self.release.wait(60):
                raise UserDataError("the test never released the store")
            return found(*args, **kwargs)

        return gated


async def _quiz_menu(pilot) -> QuizPane:
    from helpers import arrived

    await arrived(pilot)
    await pilot.press("7")
    pane = pilot.app.query_one(QuizPane)
    await wait_for(pilot, lambda: pane.query("#quiz-menu"))
    return pane


async def test_starting_and_finishing_a_run_never_wait_on_the_ui_thread(real_knowledge, tmp_path):
    """Starting an attempt and ending it are transactions too: while the store stalls on them the
    screen stays live (keys switch panes) and "saving..." shows; the run goes on once they commit."""
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Sal")
    async with app.run_test(size=SIZE) as pilot:
        pane = await _quiz_menu(pilot)
        store = GatedStore(pane.service.progress, "start_attempt")
        pane.service.progress = store
        pane.step(pane.runner.start(lambda: pane.service.start_practice("Sal", types=("single",), count=1, seed=3)))
        await wait_for(pilot, store.entered.is_set)
        assert store.threads[0] is not threading.main_thread()
        await wait_for(pilot, lambda: "saving\u2026" in status(pane))
        await pilot.press("1")  # the UI thread (and the pane) are free: the key switches to the Concepts pane
        await wait_for(pilot, lambda: app.screen.active_pane is not pane)
        await pilot.press("7")
        await wait_for(pilot, lambda: app.screen.active_pane is pane)
        assert not pane.query(QuestionCard)
        store.release.set()
        await wait_for(pilot, lambda: pane.query(QuestionCard))
        assert "saving" not in status(pane)

        finishing = GatedStore(store._inner, "finish_attempt")
        pane.service.progress = finishing
        assert pane.run is not None
        pane.run.progress = finishing
        await wait_for(pilot, lambda: app.focused is pane.query_one(QuestionCard))
        await pilot.press("1", "enter")
        await wait_for(pilot, lambda: pane.query(FeedbackPage))
        await wait_for(pilot, lambda: app.focused is pane.query_one(FeedbackPage))
        await pilot.press("enter")  # the last question: on to the report, which ends the attempt
        await pilot.press("enter")  # a second Enter while the store works: dropped, not a second step
        await wait_for(pilot, finishing.entered.is_set)
        assert finishing.threads[0] is not threading.main_thread()
        await wait_for(pilot, lambda: "saving\u2026" in status(pane))
        await pilot.press("1")  # the store works in its thread; the keys are handled meanwhile
        await wait_for(pilot, lambda: app.screen.active_pane is not pane)
        assert pane.report is None
        finishing.release.set()
        await pilot.press("7")
        await wait_for(pilot, lambda: pane.report is not None and pane.query(".quiz-report"))
        assert len(finishing.threads) == 1  # the second Enter ended nothing twice


async def test_a_failed_start_says_why_and_keeps_the_menu(real_knowledge, tmp_path):
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Sal")
    async with app.run_test(size=SIZE) as pilot:
        pane = await _quiz_menu(pilot)

        def refuse() -> None:
            raise UserDataError("Your attempt could not be started: the database went away.")

        await pane.runner.start(refuse)
        await wait_for(pilot, lambda: pane.query("#quiz-menu"))
        assert pane.run is None and not pane.query(QuestionCard)
        assert any("could not be started" in n.message for n in app._notifications)


async def test_the_menu_opens_when_the_due_count_cannot_be_read(real_knowledge, tmp_path):
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Sal")
    async with app.run_test(size=SIZE) as pilot:
        pane = await _quiz_menu(pilot)

        def unreadable(trainee: str) -> list[Any]:
            raise UserDataError("Your progress could not be read: the database went away.")

        pane.service.due_cards = unreadable  # type: ignore[method-assign]
        pane.step(pane.show_menu())
        await wait_for(pilot, lambda: any("could not be counted" in n.message for n in app._notifications))
        assert pane.query("#quiz-menu") and app.is_running
