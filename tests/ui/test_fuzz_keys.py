"""Seeded key fuzzing of the app (short run; ``benchmarks/fuzz_keys.py`` runs 2,000+ keys per seed).

Set ``ACO_FUZZ_SEED`` to repeat a run with another seed, e.g. one the benchmark reported.
"""

from __future__ import annotations

import os
import random

import pytest
from fuzzing import FuzzResult, run_fuzz, scenes, send_key
from helpers import SIZE, arrived, make_app, running, settle, wait_until

from aco_tui.knowledge.base import load_knowledge
from aco_tui.ui.screens.main import MainScreen

SEED = int(os.environ.get("ACO_FUZZ_SEED", "7"))
SHORT_RUN = 400  # enough for every scene (the quiz scenes spend keys reaching their states)


@pytest.mark.slow
async def test_four_hundred_random_keys_leave_the_app_working(real_knowledge, tmp_path):
    result = await run_fuzz(real_knowledge, tmp_path / "data", seed=SEED, presses=SHORT_RUN, episode=(6, 14))
    assert result.keys >= SHORT_RUN and result.pastes > 0
    every_scene = set(scenes(random.Random(0)))
    assert set(result.scenes) == every_scene, f"scenes not reached: {every_scene - set(result.scenes)}"
    assert {
        "concepts",
        "contract-models",
        "legal-challenges",
        "commentary",
        "timeline",
        "sources",
        "quiz",
    } <= result.panes
    modals = {"ChoiceScreen", "CitationScreen", "HelpScreen", "CommandPalette", "SearchScreen"}
    assert modals <= set(result.screens), f"never shown: {modals - set(result.screens)}"
    assert result.quiz_cards > 0, "no quiz question was ever on screen"
    quiz_states = {"question", "feedback", "report", "timed-out"}
    assert quiz_states <= set(result.quiz_states), f"quiz states never fuzzed: {quiz_states - set(result.quiz_states)}"
    assert result.opened_urls == []


async def test_ctrl_z_never_suspends_the_process(mini_kb, tmp_path, monkeypatch):
    """ctrl+z (in the fuzzer's keys) must not suspend the app: over SSH that would hang the session.
    Pressed on the main screen, in the search box, in a dialog and in the palette."""
    suspended, seen = [], []
    app = make_app(load_knowledge(mini_kb), tmp_path)
    monkeypatch.setattr(app, "action_suspend_process", lambda: suspended.append(type(app.screen).__name__))
    async with app.run_test(size=SIZE) as pilot:
        await arrived(pilot)
        for opener in ((), ("slash",), ("escape", "c"), ("escape", "ctrl+p")):
            await pilot.press(*opener, "ctrl+z")
            await pilot.pause()
            seen.append(type(app.screen).__name__)
            bound = [b.binding.action for b in app.screen.active_bindings.values()]
            assert not any("suspend" in action for action in bound), f"{seen[-1]}: {bound}"
        assert seen[:3] == ["MainScreen", "SearchScreen", "ChoiceScreen"] and seen[3].endswith("CommandPalette"), seen
        assert suspended == [] and app.is_running


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
            # the scene's last keys may still be at work (a loaded machine)
            await wait_until(
                pilot,
                lambda state=state: observed_quiz_state(app) == state,
                f"scene {name!r} reaches {state!r} (actions: {result.since_last_home()})",
            )


async def test_keys_never_reach_a_hidden_pane(real_knowledge, tmp_path):
    """Regression (found by the fuzzer): switching pane left focus inside the hidden pane; Space then
    opened the hidden timeline Select and PageDown crashed in OptionList._move_page (KeyError: 0)."""
    async with running(real_knowledge, tmp_path) as (app, pilot):
        await pilot.press("5", "tab", "1")
        await pilot.pause()
        hidden = app.screen.query_one("#pane-timeline")
        assert app.focused is None or hidden not in app.focused.ancestors_with_self, (
            f"focus stayed in the hidden timeline pane on {app.focused!r}"
        )
        await pilot.press("space", "pagedown")
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, MainScreen) and app.screen.location.pane == "concepts"


async def test_enter_then_escape_in_the_palette(mini_kb, tmp_path):
    """Regression (found by the fuzzer): Enter on a one-result palette query then Escape at once crashed
    the app with ScreenStackError (the palette's queued selection dismissed it a second time, and
    Screen.dismiss pops whatever screen is on top: the main one)."""
    knowledge = load_knowledge(mini_kb)
    for attempt in range(2):  # a race: before the fix it showed on the first try 4 times out of 4
        app = make_app(knowledge, tmp_path / f"try-{attempt}")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("ctrl+p")
            for key in (*"Money", "enter", "escape", "escape"):  # as fast as a terminal delivers them
                await send_key(pilot, key, FuzzResult(0))
            await wait_until(
                pilot,
                lambda app=app: not app.is_running or isinstance(app.screen, MainScreen),
                f"the main screen is in front again (stack {app.screen_stack})",
            )
            if app.is_running:
                await settle(pilot)  # and whatever the keys queued has run
            assert app.is_running and app.return_code is None
            assert isinstance(app.screen, MainScreen), f"{app.screen!r} in front; stack {app.screen_stack}"


@pytest.mark.parametrize("keys", [("7", "pagedown"), ("ctrl+p", "pagedown"), ("ctrl+p", "pageup")])
async def test_page_keys_before_a_list_is_drawn(real_knowledge, tmp_path, keys):
    """Regression (found by the fuzzer): PageDown on an option list that was not drawn yet (the quiz
    menu just mounted and focused, the palette's list before its first results) raised KeyError in
    Textual's OptionList._move_page and ended the app."""
    async with running(real_knowledge, tmp_path) as (app, pilot):
        for key in keys:
            await send_key(pilot, key, FuzzResult(0))
        if app.is_running:
            await settle(pilot)  # the keys have been handled (a crash ends the app)
        assert app.is_running and app.return_code is None


async def test_page_keys_still_page_the_palette(real_knowledge, tmp_path):
    from textual.command import CommandList

    async with running(real_knowledge, tmp_path) as (app, pilot):
        await pilot.press("ctrl+p", *"contract")
        commands = app.screen.query_one(CommandList)
        await wait_until(
            pilot,
            lambda: commands.option_count > 10 and commands.highlighted is not None,
            "the palette lists more than ten commands with one highlighted",
        )
        before = commands.highlighted
        assert before is not None
        await pilot.press("pagedown")
        assert commands.highlighted is not None and commands.highlighted > before
