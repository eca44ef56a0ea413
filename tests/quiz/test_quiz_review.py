"""Spaced review with FSRS: cards per trainee and question, due counts and review runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from quiz_fixtures import write_kb

from aco_tui.knowledge.store import load_store
from aco_tui.quiz.bank import load_bank
from aco_tui.quiz.review import schedule
from aco_tui.quiz.service import QuizService
from aco_tui.storage.sqlite import SQLiteProgress

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def test_failed_card_falls_due_before_passed_card():
    failed = schedule(None, "sam", "q-failed", "again", T0)
    passed = schedule(None, "sam", "q-passed", "good", T0)
    assert T0 < failed.due < passed.due
    assert failed.reviews == passed.reviews == 1 and failed.previous is None


def test_repeated_success_pushes_the_card_further():
    card, gaps = None, []
    when = T0
    for _ in range(4):
        card = schedule(card, "sam", "q", "good", when)
        gaps.append(card.due - when)
        when = card.due
    assert gaps == sorted(gaps) and gaps[-1] >= timedelta(days=1)
    assert card.reviews == 4 and str(card.state["last_review"]).endswith("+00:00")


def test_due_cards_are_most_overdue_first_per_trainee(tmp_path):
    progress = SQLiteProgress(tmp_path / "data")
    for trainee, question, when in (("sam", "b", T0 + timedelta(minutes=5)), ("sam", "a", T0), ("kim", "c", T0)):
        progress.save_card(schedule(None, trainee, question, "again", when))
    due = progress.due_cards("sam", T0 + timedelta(days=1))
    assert [c.question for c in due] == ["a", "b"] and due[0].due < due[1].due
    assert progress.due_cards("nobody", T0) == []
    assert [c.question for c in progress.due_cards("kim", T0)] == []  # "again" is due a minute later


def test_regrade_replaces_the_last_review():
    good = schedule(None, "sam", "q", "good", T0)
    easy = schedule(good, "sam", "q", "easy", T0, regrade=True)
    hard = schedule(easy, "sam", "q", "hard", T0, regrade=True)
    assert hard.due <= good.due < easy.due
    assert hard.reviews == 1 and hard.previous is None


def test_naive_datetimes_and_bad_ratings_are_refused():
    with pytest.raises(ValueError):
        schedule(None, "sam", "q", "good", datetime(2025, 1, 1))
    with pytest.raises(ValueError):
        schedule(None, "sam", "q", "perfect", T0)


def test_quiz_answers_become_cards_and_review_asks_due_questions(tmp_path):
    store, content = write_kb(tmp_path)
    now = [T0]
    service = QuizService(
        load_bank(content / "quiz"), load_store(store), SQLiteProgress(tmp_path / "data"), clock=lambda: now[0]
    )
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
    service = QuizService(
        load_bank(content / "quiz"), load_store(store), SQLiteProgress(tmp_path / "data"), clock=lambda: T0
    )
    run = service.start_practice("sam", count=2, seed=5)
    first = run.current.id
    run.submit(run.current.key())
    due = run.rate_last("easy")
    card = service.progress.card("sam", first)
    assert card.rating == "easy" and card.due == due and card.reviews == 1
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
