"""Spaced review with FSRS: cards per trainee and question, due counts and review runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from quiz_fixtures import write_kb

from aco_tui.knowledge.store import load_store
from aco_tui.quiz.bank import load_bank
from aco_tui.quiz.review import ReviewDeck
from aco_tui.quiz.service import QuizService
from aco_tui.storage.userdata import UserData

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def deck(tmp_path):
    return ReviewDeck(UserData(tmp_path / "data"))


def test_failed_card_falls_due_before_passed_card(deck):
    failed = deck.record("sam", "q-failed", "again", T0)
    passed = deck.record("sam", "q-passed", "good", T0)
    assert T0 < failed < passed
    later = failed + timedelta(seconds=1)
    assert [d.question for d in deck.due("sam", later)] == ["q-failed"]


def test_repeated_success_pushes_the_card_further(deck):
    due = T0
    gaps = []
    for _ in range(4):
        next_due = deck.record("sam", "q", "good", due)
        gaps.append(next_due - due)
        due = next_due
    assert gaps == sorted(gaps) and gaps[-1] >= timedelta(days=1)
    doc = deck.cards("sam")["q"]
    assert doc["reviews"] == 4 and doc["card"]["last_review"].endswith("+00:00")


def test_due_is_most_overdue_first_per_trainee(deck):
    deck.record("sam", "b", "again", T0 + timedelta(minutes=5))
    deck.record("sam", "a", "again", T0)
    deck.record("kim", "c", "again", T0)
    due = deck.due("sam", T0 + timedelta(days=1))
    assert [d.question for d in due] == ["a", "b"] and due[0].overdue_s > due[1].overdue_s
    assert deck.due_count("sam", T0 + timedelta(days=1), known={"b"}) == 1
    assert deck.due_count("nobody", T0) == 0


def test_regrade_replaces_the_last_review(deck):
    good = deck.record("sam", "q", "good", T0)
    easy = deck.record("sam", "q", "easy", T0, regrade=True)
    hard = deck.record("sam", "q", "hard", T0, regrade=True)
    assert hard <= good < easy
    assert deck.cards("sam")["q"]["reviews"] == 1


def test_naive_datetimes_and_bad_ratings_are_refused(deck):
    with pytest.raises(ValueError):
        deck.record("sam", "q", "good", datetime(2025, 1, 1))
    with pytest.raises(ValueError):
        deck.record("sam", "q", "perfect", T0)


def test_quiz_answers_become_cards_and_review_asks_due_questions(tmp_path):
    store, content = write_kb(tmp_path)
    now = [T0]
    service = QuizService(load_bank(content / "quiz"), load_store(store), UserData(tmp_path / "data"),
                          clock=lambda: now[0])
    run = service.start_practice("sam", topics=["concepts"], count=4, seed=5)
    wrong = run.current.id
    run.submit("zzz" if run.current.type == "short" else _wrong(run.current))
    while not run.finished:
        run.submit(run.current.key())
    run.report()
    assert service.due_count("sam") == 0
    now[0] = T0 + timedelta(minutes=5)  # "again" is due after a minute, "good" after ten
    assert service.due_count("sam") == 1
    review = service.start_review("sam")
    assert [p.id for p in review.plan.questions] == [wrong] and review.plan.kind == "review"
    now[0] = T0 + timedelta(days=30)
    assert service.due_count("sam") == 4
    assert service.start_review("nobody") is None


def test_rate_last_after_a_right_answer(tmp_path):
    store, content = write_kb(tmp_path)
    service = QuizService(load_bank(content / "quiz"), load_store(store), UserData(tmp_path / "data"),
                          clock=lambda: T0)
    run = service.start_practice("sam", count=2, seed=5)
    first = run.current.id
    run.submit(run.current.key())
    run.rate_last("easy")
    assert service.deck.cards("sam")[first]["rating"] == "easy"
    run.submit(_wrong(run.current) if run.current.type != "short" else "zzz")
    with pytest.raises(ValueError):
        run.rate_last("easy")


def _wrong(played):
    key = played.key()
    if played.type in ("single", "truefalse"):
        return (key + 1) % len(played.options)
    if played.type == "multiple":
        return [i for i in range(len(played.options)) if i not in key][:1]
    return list(key[1:]) + list(key[:1])
