"""The QuizService methods the Quiz pane needs: start again, retry what was missed, next review."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from quiz_fixtures import write_kb

from aco_tui.errors import UsageError
from aco_tui.knowledge.store import load_store
from aco_tui.quiz.bank import load_bank
from aco_tui.quiz.service import QuizService
from aco_tui.storage.sqlite import SQLiteProgress

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def service(tmp_path):
    store, content = write_kb(tmp_path)
    return QuizService(
        load_bank(content / "quiz"), load_store(store), SQLiteProgress(tmp_path / "data"), clock=lambda: T0
    )


def test_start_again_is_a_new_attempt_at_the_same_questions(service):
    first = service.start_practice("sam", count=4, seed=3)
    first.submit(first.current.key())
    first.abandon()
    again = service.start_again(first)
    assert again.attempt_id != first.attempt_id and again.position == 1
    assert [p.as_played() for p in again.plan.questions] == [p.as_played() for p in first.plan.questions]
    statuses = {a.id: a.status for a in service.attempts()}  # both began at the same (fixed) time
    assert statuses == {first.attempt_id: "abandoned", again.attempt_id: "in_progress"}


def test_retry_asks_the_given_questions_in_order_as_practice(service):
    ids = ["tl-order", "con-single"]
    run = service.start_retry("sam", ids + ["no-such-question"])
    assert [p.id for p in run.plan.questions] == ids and run.plan.kind == "practice"
    assert service.attempts()[0].kind == "practice"
    with pytest.raises(UsageError):
        service.start_retry("sam", ["no-such-question"])


def test_next_review_after_an_answer_and_a_regrade(service):
    run = service.start_practice("sam", count=2, seed=5)
    question = run.current.id
    assert service.next_review("sam", question) is None
    run.submit(run.current.key())
    good = service.next_review("sam", question)
    assert good is not None and good > T0
    run.rate_last("easy")
    easy = service.next_review("sam", question)
    assert easy is not None and easy - T0 > good - T0 > timedelta(0)


def test_feedback_carries_the_answer_given_in_canonical_form(service):
    """The pane lays order and match answers out beside the right ones, position by position."""
    run = service.start_practice("sam", types=("order",), count=2, seed=1)
    shown = tuple(range(len(run.current.options)))
    feedback = run.submit(list(shown))
    assert feedback.response == shown and feedback.played.key() != shown
    run.abandon()
    assert run.report().items[1].response is None  # not answered
