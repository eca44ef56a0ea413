"""Snapshots of the trainer's dashboard at 80x24 (review changes with `pytest --snapshot-update`)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from cohort_fixtures import MemoryStore, cohort
from trainer_fixtures import loaded, make_app


@pytest.fixture
def app():
    attempts, answers = cohort()
    # q3 flipped (the strong trainees got it wrong), so that flagged rows show.
    flipped = [a if a.question != "q3" else replace(a, correct=not a.correct) for a in answers]
    return make_app(MemoryStore(attempts, flipped))


@pytest.mark.parametrize(
    "keys",
    [(), ("2",), ("3",), ("4",), ("2", "down", "down", "enter"), ("enter",)],
    ids=["trainees", "questions", "topics", "scores", "question", "trainee"],
)
def test_dashboard(snap_compare, app, keys):
    async def show(pilot):
        await loaded(pilot, pilot.app)
        await pilot.press(*keys)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_start_choice_over_ssh(snap_compare):
    async def show(pilot):
        await loaded(pilot, pilot.app)
        await pilot.pause()

    assert snap_compare(make_app(choose=True), terminal_size=(80, 24), run_before=show)
