"""One layout pass per change (aco_tui.ui.layout_once): a quiz step is drawn in fewer frames, and what
the second pass used to be for - scrollbars that come and go with the content - still happens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from quiz_ui import open_quiz, right_keys, saved, wait_for
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from aco_tui.quiz.start import QuizStart
from aco_tui.ui import layout_once
from aco_tui.ui.app import AcoApp
from aco_tui.ui.panes.quiz_card import QuestionCard
from aco_tui.ui.panes.quiz_pages import FeedbackPage

FRAMES_PER_STEP = 2  # three before layout_once (measured with it left out): a page, then twice more


def count_frames(app: App[Any]) -> list[int]:
    """A one-item list counting the updates the app sends to its terminal from now on."""
    frames = [0]
    display = app._display

    def counted(screen: Any, renderable: Any) -> None:
        if renderable is not None and not app._batch_count:
            frames[0] += 1
        display(screen, renderable)

    app._display = counted  # type: ignore[method-assign]
    return frames


def test_installed_for_the_app() -> None:
    assert layout_once.installed()


async def answered_counting(pilot: Any, count: Callable[[App[Any]], list[int]]) -> tuple[FeedbackPage, list[int]]:
    """Answer the first question right, counting with ``count`` from the Enter that submits it
    until its feedback page is shown; the page and the count."""
    app = pilot.app
    pane = await open_quiz(pilot)
    card = pane.query_one(QuestionCard)
    await wait_for(pilot, lambda: app.focused is not None and card in app.focused.ancestors_with_self)
    await pilot.press(*right_keys(card))
    await pilot.pause(0.1)
    counted = count(app)
    await pilot.press("enter")
    await saved(pilot, pane)
    await wait_for(pilot, lambda: pane.query(FeedbackPage))
    await pilot.pause(0.3)
    return pane.query_one(FeedbackPage), counted


async def test_a_quiz_step_is_drawn_in_few_frames(real_knowledge, tmp_path) -> None:
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Sal", quiz=QuizStart(count=3, seed=7))
    async with app.run_test(size=(80, 24)) as pilot:
        _page, frames = await answered_counting(pilot, count_frames)
        assert 1 <= frames[0] <= FRAMES_PER_STEP, f"{frames[0]} frames for one step"


def count_layouts(app: App[Any]) -> list[int]:
    """A one-item list counting the layouts of the app's current screen from now on."""
    layouts = [0]
    screen = app.screen
    refresh_layout = screen._refresh_layout

    def counted(*args: Any, **kwargs: Any) -> None:
        layouts[0] += 1
        refresh_layout(*args, **kwargs)

    screen._refresh_layout = counted  # type: ignore[method-assign]
    return layouts


async def test_the_feedback_page_and_its_scrollbar_take_one_layout(real_knowledge, tmp_path) -> None:
    """Textual makes a scrollbar hidden at the first layout and shows it after, which takes a second
    layout of the screen; the feedback page's is shown before its first."""
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Sal", quiz=QuizStart(count=3, seed=7))
    async with app.run_test(size=(80, 24)) as pilot:
        page, layouts = await answered_counting(pilot, count_layouts)
        assert page.show_vertical_scrollbar and page.vertical_scrollbar.display
        assert page.max_scroll_y > 0, "the feedback should be longer than the pane here"
        assert layouts[0] == 1, f"{layouts[0]} layouts for the feedback page"


class Growing(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll(id="page"):
            yield Static("one line", id="text")


async def test_scrollbars_still_follow_the_content() -> None:
    app = Growing()
    async with app.run_test(size=(40, 10)) as pilot:
        page = app.query_one("#page", VerticalScroll)
        await pilot.pause()
        assert not page.show_vertical_scrollbar and page.max_scroll_y == 0
        app.query_one("#text", Static).update("\n".join(f"line {n}" for n in range(30)))
        await pilot.pause(0.1)
        assert page.show_vertical_scrollbar and page.max_scroll_y == 30 - 10
        page.scroll_end(animate=False)
        await pilot.pause(0.1)
        assert page.scroll_y == page.max_scroll_y
        app.query_one("#text", Static).update("short again")
        await pilot.pause(0.1)
        assert not page.show_vertical_scrollbar and page.max_scroll_y == 0
