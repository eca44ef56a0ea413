"""``aco-tui trainer`` without a screen: which session it opens, its loader, and its usage errors."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from cohort_fixtures import SESSION, MemoryStore, answer, bank, cohort

from aco_tui.cli import trainer as cli_trainer
from aco_tui.cli.main import main
from aco_tui.errors import UsageError


class CountingStore(MemoryStore):
    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.asked_for: list[set[str]] = []
        self.opened = 0

    def answers(self, attempt_ids):
        ids = set(attempt_ids)
        self.asked_for.append(ids)
        return super().answers(ids)


@pytest.fixture
def store(monkeypatch):
    memory = CountingStore(*cohort())

    def open_store(data_dir, database=None):
        memory.opened += 1
        return memory

    monkeypatch.setattr(cli_trainer, "open_store", open_store)
    return memory


def test_the_loader_fetches_only_what_moved_and_reuses_the_item_analysis(store):
    load = cli_trainer.make_loader(store, bank(), timedelta(minutes=10))
    first = load(SESSION)
    assert first.title == "Induction week" and len(first.trainees) == 8
    assert len(store.asked_for[0]) == 9  # every attempt of the session once
    second = load(SESSION)
    assert len(store.asked_for) == 1 and second.analysis is first.analysis  # nothing moved
    index, fay = next((n, a) for n, a in enumerate(store.records) if a.id == "a-fay")
    store.given.append(answer("a-fay", 3, True, first.now))
    store.records[index] = replace(fay, answered=3, score=2, last_activity=first.now)
    third = load(SESSION)
    assert store.asked_for[-1] == {"a-fay"} and len(third.answers_of("a-fay")) == 3
    assert third.analysis is first.analysis  # a running attempt is not counted: same figures
    assert {r.trainee: r.latest.answered for r in third.trainees}["Fay"] == 3
    store.records[index] = replace(
        fay, answered=3, score=2, last_activity=first.now, status="finished", percent=50.0, passed=True
    )
    fourth = load(SESSION)
    assert fourth.analysis is not first.analysis and fourth.analysis.test.n == 6  # Fay now counts


def test_the_default_session_is_the_latest_attempted(store):
    assert cli_trainer.default_session(store, bank(), None) == SESSION
    assert cli_trainer.default_session(MemoryStore(), bank(), None) == SESSION  # none attempted: the bank's first
    with pytest.raises(UsageError, match="no quiz session named 'nope' \\(sessions: induction\\)"):
        cli_trainer.default_session(store, bank(), "nope")
    with pytest.raises(UsageError, match="no quiz session to show"):
        cli_trainer.default_session(MemoryStore(), None, None)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--every", "0.01"], "--every must be at least 0.2 seconds"),
        (["--stale", "-1"], "--stale must be a positive number, not '-1' (see 'aco-tui trainer --help')"),
        (["--every", "nan"], "--every must be a positive number, not 'nan' (see 'aco-tui trainer --help')"),
    ],
)
def test_usage_errors(store, capsys, args, message):
    assert main(["trainer", *args]) != 0
    assert capsys.readouterr().err.strip() == f"aco-tui: {message}"


def test_without_a_terminal_it_points_to_results(store, capsys):
    assert main(["trainer"]) == 2  # pytest's stdin is not a terminal
    err = capsys.readouterr().err
    assert "needs a terminal" in err and "aco-tui results --session NAME" in err
