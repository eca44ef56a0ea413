"""Snapshots of every pane and dialog at 80x24 (review changes with `pytest --snapshot-update`)."""

from __future__ import annotations

import pytest

from aco_tui.ui.app import AcoApp


@pytest.fixture
def app(real_knowledge, tmp_path):
    return AcoApp(real_knowledge, data_dir=tmp_path / "data")


async def settle(pilot):
    """Wait until the start location is settled and no pane switch is under way (not
    wait_for_complete: a dialog's worker waits for the dialog to close)."""
    from aco_tui.ui.screens.main import MainScreen

    for _ in range(100):
        await pilot.pause(0.05)
        main = next(s for s in pilot.app.screen_stack if isinstance(s, MainScreen))
        pane = main.active_pane
        if pane is not None and main.started and not main._navigating.locked():
            break
    await pilot.pause(0.1)


@pytest.mark.parametrize("key, pane", [("1", "concepts"), ("2", "contract-models"), ("3", "legal-challenges"),
                                       ("4", "commentary"), ("5", "timeline"), ("6", "sources")])
def test_pane(snap_compare, app, key, pane):
    async def show(pilot):
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert pilot.app.screen.location.pane == pane

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_contract_models_comparison_table(snap_compare, app):
    async def show(pilot):
        await settle(pilot)
        await pilot.press("2", "n", "n")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_citation_modal(snap_compare, app):
    async def show(pilot):
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("c", "enter")
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
        pilot.app.screen.open_term("capitated-budget")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_help_screen(snap_compare, app):
    async def show(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_quiz_menu(snap_compare, app):
    async def show(pilot):
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_quiz_question(snap_compare, real_knowledge, tmp_path):
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Snap", quiz_session="induction")

    async def show(pilot):
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_search_screen(snap_compare, app):
    async def show(pilot):
        from aco_tui.ui.screens.search import SearchScreen

        await settle(pilot)
        await pilot.app.push_screen(SearchScreen(pilot.app.search_index, initial="who can hold an ACO contract"))
        for _ in range(100):
            await pilot.pause(0.05)
            screen = pilot.app.screen
            if screen.hits and str(screen.query_one("#search-status").render()).strip():
                break
        pilot.app.screen.query_one("#search-input").cursor_blink = False  # a blinking cursor flakes
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_quiz_start_page(snap_compare, real_knowledge, tmp_path):
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Snap", quiz_session="assessment-1")

    async def show(pilot):
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_quiz_end_report_with_retry(snap_compare, real_knowledge, tmp_path):
    from test_app_quiz import play

    from aco_tui.ui.panes.quiz import QuizPane
    from aco_tui.ui.panes.quiz_start import QuizStart

    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Snap", quiz=QuizStart(count=3, seed=21))

    async def show(pilot):
        await settle(pilot)
        await play(pilot, pilot.app.query_one(QuizPane), correctly=False)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)
