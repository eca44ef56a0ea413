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
        self.answer_queries = 0
        self.opened = 0

    def answers(self, attempt_ids):
        self.answer_queries += 1
        return super().answers(attempt_ids)


@pytest.fixture
def store(monkeypatch):
    memory = CountingStore(*cohort())

    def open_store(data_dir):
        memory.opened += 1
        return memory

    monkeypatch.setattr(cli_trainer, "open_store", open_store)
    return memory


def test_the_loader_refetches_answers_only_when_an_attempt_moved(store):
    load = cli_trainer.make_loader(store, bank(), timedelta(minutes=10))
    first = load(SESSION)
    assert first.title == "Induction week" and len(first.trainees) == 8
    load(SESSION)
    assert store.answer_queries == 1  # nothing moved: the answers were reused
    store.given.append(answer("a-fay", 3, True, first.now))
    fay = next(a for a in store.records if a.id == "a-fay")
    store.records[store.records.index(fay)] = replace(fay, answered=3, score=2, last_activity=first.now)
    third = load(SESSION)
    assert store.answer_queries == 2 and len(third.answers_of("a-fay")) == 3


def test_the_default_session_is_the_latest_attempted(store):
    assert cli_trainer.default_session(store, bank(), None) == SESSION
    assert cli_trainer.default_session(MemoryStore(), bank(), None) == SESSION  # none attempted: the bank's first
    with pytest.raises(UsageError, match="no quiz session named 'nope' \\(sessions: induction\\)"):
        cli_trainer.default_session(store, bank(), "nope")
    with pytest.raises(UsageError, match="no quiz session to show"):
        cli_trainer.default_session(MemoryStore(), None, None)


@pytest.mark.parametrize(("args", "message"), [
    (["--every", "0.01"], "--every must be at least 0.2 seconds"),
    (["--stale", "-1"], "--stale must be a positive number of minutes"),
])
def test_usage_errors(store, capsys, args, message):
    assert main(["trainer", *args]) != 0
    assert capsys.readouterr().err.strip() == f"aco-tui: {message}"


def test_without_a_terminal_it_points_to_results(store, capsys):
    assert main(["trainer"]) == 2  # pytest's stdin is not a terminal
    err = capsys.readouterr().err
    assert "needs a terminal" in err and "aco-tui results --session NAME" in err
