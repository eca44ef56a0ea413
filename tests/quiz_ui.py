"""Driving the Quiz pane in Pilot tests: the keys of a right answer, playing a whole run, reading a
page, waiting for the pane (shared by the quiz UI tests)."""

from __future__ import annotations

from helpers import arrived, wait_until

from aco_tui.ui.panes.quiz import QuizPane
from aco_tui.ui.panes.quiz_card import QuestionCard
from aco_tui.ui.panes.quiz_pages import QuizPage


def right_keys(card: QuestionCard) -> list[str]:
    """The keys that answer ``card`` correctly, worked out from the answer key."""
    played = card.played
    key = played.key()
    kind = played.type
    if kind in ("single", "truefalse"):
        return [str(key + 1)]
    if kind == "multiple":
        return [str(i + 1) for i in sorted(key)]
    if kind == "order":
        keys, order = [], list(range(len(played.options)))
        for target, wanted in enumerate(key):  # selection sort by moving items up with "u"
            at = order.index(wanted)
            keys += ["up"] * len(order) + ["down"] * at + ["u"] * (at - target)
            order.insert(target, order.pop(at))
        return keys
    if kind == "match":
        return ["up"] * len(played.left) + [chr(ord("a") + k) for k in key]
    return list(played.question.answers[0])


async def play(pilot, pane: QuizPane, *, correctly: bool) -> None:
    for _ in range(200):
        if pane.report is not None:
            return
        card = pane.query_one(QuestionCard)
        if correctly:
            await pilot.press(*right_keys(card))
        elif card.played.type in ("single", "truefalse"):
            await pilot.press(str((card.played.key() + 1) % len(card.played.options) + 1))
        elif card.played.type == "short":
            await pilot.press(*"wrong answer")
        elif card.played.type == "multiple":
            await pilot.press(*[str(i + 1) for i in range(len(card.played.options))])
        elif card.played.type == "match":
            key = card.played.key()
            wrong = [key[(i + 1) % len(key)] for i in range(len(key))]
            await pilot.press(*["up"] * len(key), *[chr(ord("a") + k) for k in wrong])
        await pilot.press("enter")
        await saved(pilot, pane)
        await moved_on(pilot, pane, card)
        page = pane.query(QuizPage)
        if page and page.first().page == "feedback":
            await pilot.press("enter")
            await left_feedback(pilot, pane, page.first())
    raise AssertionError("the quiz did not end")


async def saved(pilot, pane: QuizPane) -> None:
    """Wait until the answer submitted is saved and its page shown (the save runs in a worker)."""
    from textual.worker import WorkerState

    def done() -> bool:
        busy = any(
            w.group == "quiz-save" and w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers
        )
        return pane.runner is None or not (pane.runner.saving or busy)

    await wait_for(pilot, done)


def page_text(page: QuizPage) -> str:
    """The text of a quiz page (every block of it, links included), at the page's width."""
    import io

    from rich.console import Console
    from textual.widgets import Static

    console = Console(width=max(page.size.width, 40), record=True, file=io.StringIO())
    for static in page.query(Static):
        console.print(static.content)
    return console.export_text()


async def wait_for(pilot, condition, what: str = "the quiz") -> None:
    await wait_until(pilot, condition, what)


async def moved_on(pilot, pane: QuizPane, card: QuestionCard) -> None:
    """After Enter on ``card``: wait until the pane shows feedback, the next question or its report."""

    def gone() -> bool:
        cards = pane.query(QuestionCard)
        return pane.report is not None or bool(pane.query(QuizPage)) or bool(cards and cards.first() is not card)

    await wait_until(pilot, gone, "the quiz moved on from the question")


async def left_feedback(pilot, pane: QuizPane, page: QuizPage) -> None:
    """After Enter on the feedback ``page``: wait until the next question or the report is shown."""
    await wait_until(
        pilot,
        lambda: pane.report is not None or page not in pane.query(QuizPage),
        "the quiz moved on from the feedback",
    )


async def open_quiz(pilot) -> QuizPane:
    """Wait for the app to settle on the Quiz pane; press Enter on a start page if one is shown."""
    await arrived(pilot)
    pane = pilot.app.query_one(QuizPane)
    await wait_for(pilot, lambda: pane.query("QuestionCard, QuizPage, #quiz-menu"))
    if pane.query(".quiz-start"):
        await pilot.press("enter")
        await wait_for(pilot, lambda: pane.query(QuestionCard))
    return pane
