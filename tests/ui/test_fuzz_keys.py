"""Seeded key fuzzing of the app (short run; ``benchmarks/fuzz_keys.py`` runs 2,000+ keys per seed).

Set ``ACO_FUZZ_SEED`` to repeat a run with another seed, e.g. one the benchmark reported.
"""

from __future__ import annotations

import os
import random

import pytest
from fuzzing import run_fuzz, scenes, search_screen_exists

SEED = int(os.environ.get("ACO_FUZZ_SEED", "7"))
SHORT_RUN = 400  # enough for every scene (the quiz scenes spend keys reaching their states)


@pytest.mark.slow
async def test_four_hundred_random_keys_leave_the_app_working(real_knowledge, tmp_path):
    result = await run_fuzz(real_knowledge, tmp_path / "data", seed=SEED, presses=SHORT_RUN, episode=(6, 14))
    assert result.keys >= SHORT_RUN and result.pastes > 0
    every_scene = set(scenes(random.Random(0)))
    assert set(result.scenes) == every_scene, f"scenes not reached: {every_scene - set(result.scenes)}"
    assert {"concepts", "contract-models", "legal-challenges", "commentary", "timeline", "sources",
            "quiz"} <= result.panes
    modals = {"ChoiceScreen", "CitationScreen", "HelpScreen", "CommandPalette"}
    if search_screen_exists():
        modals.add("SearchScreen")
    assert modals <= set(result.screens), f"never shown: {modals - set(result.screens)}"
    assert result.quiz_cards > 0, "no quiz question was ever on screen"
    quiz_states = {"question", "feedback", "report", "timed-out"}
    assert quiz_states <= set(result.quiz_states), f"quiz states never fuzzed: {quiz_states - set(result.quiz_states)}"
    assert result.opened_urls == []


async def test_the_quiz_scenes_reach_their_states(real_knowledge, tmp_path):
    """Issue 17 A8: each quiz scene reaches its state with the keys a trainee would press, so the
    random keys that follow hit a question, a feedback page, an end report and a timed-out report."""
    from fuzzing import QUIZ_SCENES, FuzzResult, observed_quiz_state, to_main

    from aco_tui.ui.app import AcoApp

    app = AcoApp(real_knowledge, data_dir=tmp_path / "data")
    table = scenes(random.Random(0))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        result = FuzzResult(0)
        for name, state in QUIZ_SCENES.items():
            await to_main(pilot, result)
            await table[name](pilot, result)
            for _ in range(60):  # the scene's last keys may still be at work (a loaded machine)
                if observed_quiz_state(app) == state:
                    break
                await pilot.pause(0.05)
            assert observed_quiz_state(app) == state, (name, result.since_last_home())


def test_key_set_covers_the_issue_and_has_nothing_harmful():
    from fuzzing import CATEGORIES, PASTES

    keys = {k for _, group in CATEGORIES for k in group}
    assert {"a", "z", "0", "9", "up", "down", "left", "right", "tab", "enter", "escape", "slash",
            "question_mark", "ctrl+p", "ctrl+c", "ctrl+z", "q", "ctrl+q"} <= keys
    assert any("[" in p and "[/" in p for p in PASTES) and any("\x1b" in p for p in PASTES)
    # ctrl+z must not suspend the process: nothing in the app binds it to suspend_process.
    from aco_tui.ui.app import AcoApp
    from aco_tui.ui.screens.main import MainScreen

    bindings = [*AcoApp.BINDINGS, *MainScreen.BINDINGS]
    assert not any("suspend" in getattr(b, "action", "") for b in bindings)


async def test_keys_never_reach_a_hidden_pane(real_knowledge, tmp_path):
    """Regression (found by the fuzzer): switching pane left focus inside the hidden pane; Space then
    opened the hidden timeline Select and PageDown crashed in OptionList._move_page (KeyError: 0)."""
    from aco_tui.ui.app import AcoApp

    app = AcoApp(real_knowledge, data_dir=tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5", "tab", "1")
        await pilot.pause()
        hidden = app.screen.query_one("#pane-timeline")
        assert app.focused is None or hidden not in app.focused.ancestors_with_self, \
            f"focus stayed in the hidden timeline pane on {app.focused!r}"
        await pilot.press("space", "pagedown")
        await pilot.pause()


async def test_enter_then_escape_in_the_palette(mini_kb, tmp_path):
    """Regression (found by the fuzzer): Enter on a one-result palette query then Escape at once crashed
    the app with ScreenStackError (the palette's queued selection dismissed it a second time, and
    Screen.dismiss pops whatever screen is on top: the main one)."""
    from fuzzing import FuzzResult, send_key

    from aco_tui.knowledge.base import load_knowledge
    from aco_tui.ui.app import AcoApp

    knowledge = load_knowledge(mini_kb)
    for attempt in range(2):  # a race: before the fix it showed on the first try 4 times out of 4
        app = AcoApp(knowledge, data_dir=tmp_path / f"data-{attempt}")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("ctrl+p")
            for key in (*"Money", "enter", "escape", "escape"):  # as fast as a terminal delivers them
                await send_key(pilot, key, FuzzResult(0))
            await pilot.pause(0.3)


@pytest.mark.parametrize("keys", [("7", "pagedown"), ("ctrl+p", "pagedown"),
                                  ("ctrl+p", "pageup")])
async def test_page_keys_before_a_list_is_drawn(real_knowledge, tmp_path, keys):
    """Regression (found by the fuzzer): PageDown on an option list that was not drawn yet (the quiz
    menu just mounted and focused, the palette's list before its first results) raised KeyError in
    Textual's OptionList._move_page and ended the app."""
    from fuzzing import FuzzResult, send_key
    from test_app_pilot import arrived

    from aco_tui.ui.app import AcoApp

    app = AcoApp(real_knowledge, data_dir=tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await arrived(pilot)
        for key in keys:
            await send_key(pilot, key, FuzzResult(0))
        await pilot.pause(0.3)
        assert app.is_running and app.return_code is None


async def test_page_keys_still_page_the_palette(real_knowledge, tmp_path):
    from textual.command import CommandList

    from aco_tui.ui.app import AcoApp

    app = AcoApp(real_knowledge, data_dir=tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"contract")
        commands = app.screen.query_one(CommandList)
        for _ in range(50):
            await pilot.pause(0.05)
            if commands.option_count > 10 and commands.highlighted is not None:
                break
        before = commands.highlighted
        await pilot.press("pagedown")
        assert commands.highlighted > before
