"""Snapshots of every pane and dialog at 80x24 (review changes with `pytest --snapshot-update`).

They draw the small fixed test knowledge base (tests/kbfixtures.py with the question bank of
tests/quiz_fixtures.py), so an edit of content/ or store.json never changes them; the ``real_``
snapshots keep a few screens of the real content (a pane, its widest table, a quiz question).
"""

from __future__ import annotations

import pytest
from helpers import settle, wait_for_screen, wait_until

from aco_tui.knowledge.base import KnowledgeBase, load_knowledge
from aco_tui.ui.app import AcoApp


@pytest.fixture
def fixed_kb(tmp_path) -> KnowledgeBase:
    """The small fixed test knowledge base, with a question bank."""
    from quiz_fixtures import write_mini_kb_with_quiz

    return load_knowledge(write_mini_kb_with_quiz(tmp_path / "kb"))


@pytest.fixture
def app(fixed_kb, tmp_path):
    """The app as a snapshot sees it: a fixed trainee name, never the login name of the machine."""
    return AcoApp(fixed_kb, data_dir=tmp_path / "data", trainee="Snap")


@pytest.fixture
def real_app(real_knowledge, tmp_path):
    """The app on the real content (for the few snapshots that keep it)."""
    return AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Snap")


@pytest.mark.parametrize(
    "key, pane",
    [
        ("1", "concepts"),
        ("2", "contract-models"),
        ("3", "legal-challenges"),
        ("4", "commentary"),
        ("5", "timeline"),
        ("6", "sources"),
    ],
)
def test_pane(snap_compare, app, key, pane):
    async def show(pilot):
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert pilot.app.screen.location.pane == pane

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_real_pane_concepts(snap_compare, real_app):
    async def show(pilot):
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert pilot.app.screen.location.pane == "concepts"

    assert snap_compare(real_app, terminal_size=(80, 24), run_before=show)


def test_real_contract_models_comparison_table(snap_compare, real_app):
    async def show(pilot):
        await settle(pilot)
        await pilot.press("2", "n", "n")
        await settle(pilot)

    assert snap_compare(real_app, terminal_size=(80, 24), run_before=show)


def test_citation_modal(snap_compare, app):
    async def show(pilot):
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("c")
        await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "ChoiceScreen", "the citation list")
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "CitationScreen", "the citation")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_citation_list(snap_compare, app):
    async def show(pilot):
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_term_modal(snap_compare, app):
    async def show(pilot):
        await settle(pilot)
        pilot.app.screen.open_term("aco")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_help_screen(snap_compare, app):
    async def show(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        from aco_tui.ui.screens.help import HelpScreen

        await wait_for_screen(pilot, HelpScreen)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_quiz_menu(snap_compare, app):
    async def show(pilot):
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_quiz_question(snap_compare, fixed_kb, tmp_path):
    app = AcoApp(fixed_kb, data_dir=tmp_path / "data", trainee="Snap", quiz_session="induction")

    async def show(pilot):
        await settle(pilot)
        await wait_until(pilot, lambda: pilot.app.query("QuestionCard"), "the first question")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_real_quiz_question(snap_compare, real_knowledge, tmp_path):
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Snap", quiz_session="induction")

    async def show(pilot):
        await settle(pilot)
        await wait_until(pilot, lambda: pilot.app.query("QuestionCard"), "the first question")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_search_screen(snap_compare, app):
    async def show(pilot):
        from aco_tui.ui.screens.search import SearchScreen

        await settle(pilot)
        await pilot.app.push_screen(SearchScreen(pilot.app.search_index, initial="ACO budget"))
        await wait_until(
            pilot,
            lambda: pilot.app.screen.hits and str(pilot.app.screen.query_one("#search-status").render()).strip(),
            "the search screen shows its hits and status",
        )
        pilot.app.screen.query_one("#search-input").cursor_blink = False  # a blinking cursor flakes
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_learn_path_first_question(snap_compare, app, monkeypatch):
    import random

    import aco_tui.quiz.learn as learn

    monkeypatch.setattr(learn.random, "SystemRandom", lambda: random.Random(7))  # a fixed path

    async def show(pilot):
        await settle(pilot)
        await pilot.press("l")
        await wait_until(
            pilot,
            lambda: type(pilot.app.screen).__name__ == "LearnScreen" and pilot.app.screen.path is not None,
            "the learning path",
        )
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_quiz_start_page(snap_compare, fixed_kb, tmp_path):
    app = AcoApp(fixed_kb, data_dir=tmp_path / "data", trainee="Snap", quiz_session="assessment")

    async def show(pilot):
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_progress_view(snap_compare, app, monkeypatch):
    from datetime import UTC, datetime

    import aco_tui.quiz.plan as plan

    monkeypatch.setattr(plan, "utc_now", lambda: datetime(2026, 11, 25, 12, tzinfo=UTC))  # a fixed calendar

    async def show(pilot):
        await settle(pilot)
        await pilot.press("P")
        await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "ProgressScreen", "the progress view")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_quiz_end_report_with_retry(snap_compare, fixed_kb, tmp_path):
    from quiz_ui import play

    from aco_tui.quiz.start import QuizStart
    from aco_tui.ui.panes.quiz import QuizPane

    app = AcoApp(fixed_kb, data_dir=tmp_path / "data", trainee="Snap", quiz=QuizStart(count=3, seed=21))

    async def show(pilot):
        await settle(pilot)
        await play(pilot, pilot.app.query_one(QuizPane), correctly=False)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)
