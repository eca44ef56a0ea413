"""Records to and from the plain values a database row holds (text, numbers, JSON), for every backend.

Times are stored as ISO 8601 text in UTC (they sort as they read); lists and responses as compact
JSON. No SQL here: each backend writes its own statements and calls these to convert.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from aco_tui.storage.records import Answer, Attempt, Card


def to_text(when: datetime) -> str:
    """An aware datetime as UTC ISO text."""
    if when.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return when.astimezone(UTC).isoformat()


def from_text(text: str) -> datetime:
    """ISO text back to an aware datetime (a naive one is taken as UTC)."""
    when = datetime.fromisoformat(text)
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def optional_time(text: str | None) -> datetime | None:
    return from_text(text) if text else None


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def attempt_values(attempt: Attempt, trainee_id: int) -> tuple[Any, ...]:
    """The values of an ``attempts`` row, in :data:`ATTEMPT_COLUMNS` order."""
    return (
        attempt.id,
        trainee_id,
        attempt.kind,
        attempt.session,
        attempt.title,
        attempt.question_set,
        attempt.seed,
        to_json(list(attempt.questions)),
        attempt.pass_mark,
        attempt.feedback,
        attempt.time_limit,
        to_text(attempt.started),
        to_text(attempt.last_activity),
        to_text(attempt.ended) if attempt.ended else None,
        attempt.status,
        attempt.answered,
        attempt.score,
        attempt.percent,
        None if attempt.passed is None else int(attempt.passed),
        to_text(attempt.deadline) if attempt.deadline else None,
        to_json(list(attempt.flags)),
    )


ATTEMPT_COLUMNS = (
    "id",
    "trainee_id",
    "kind",
    "session",
    "title",
    "question_set",
    "seed",
    "questions",
    "pass_mark",
    "feedback",
    "time_limit",
    "started",
    "last_activity",
    "ended",
    "status",
    "answered",
    "score",
    "percent",
    "passed",
    "deadline",
    "flags",
)


def attempt_from_row(row: Sequence[Any]) -> Attempt:
    """An :class:`Attempt` from ``(trainee name, *ATTEMPT_COLUMNS without trainee_id)``."""
    (
        trainee,
        ident,
        kind,
        session,
        title,
        question_set,
        seed,
        questions,
        pass_mark,
        feedback,
        time_limit,
        started,
        last_activity,
        ended,
        status,
        answered,
        score,
        percent,
        passed,
        deadline,
        flags,
    ) = row
    return Attempt(
        id=ident,
        trainee=trainee,
        kind=kind,
        session=session,
        title=title,
        question_set=question_set,
        seed=seed,
        questions=tuple(json.loads(questions)),
        pass_mark=pass_mark,
        feedback=feedback,
        time_limit=time_limit,
        started=stored_time(started),
        last_activity=stored_time(last_activity),
        ended=None if ended is None else stored_time(ended),
        status=status,
        answered=answered,
        score=score,
        percent=percent,
        passed=None if passed is None else bool(passed),
        deadline=None if deadline is None else stored_time(deadline),
        flags=tuple(json.loads(flags)),
    )


def stored_time(value: str | datetime) -> datetime:
    """A stored time, in UTC: text (SQLite) or a datetime (PostgreSQL's timestamptz)."""
    return value.astimezone(UTC) if isinstance(value, datetime) else from_text(value)


ANSWER_COLUMNS = (
    "attempt_id",
    "position",
    "question",
    "topic",
    "type",
    "given",
    "given_text",
    "correct",
    "credit",
    "at",
    "seconds",
)


def answer_values(answer: Answer) -> tuple[Any, ...]:
    """The values of an ``answers`` row, in :data:`ANSWER_COLUMNS` order."""
    return (
        answer.attempt,
        answer.position,
        answer.question,
        answer.topic,
        answer.type,
        to_json(answer.given),
        answer.given_text,
        int(answer.correct),
        answer.credit,
        to_text(answer.at),
        answer.seconds,
    )


def answer_from_row(row: Sequence[Any]) -> Answer:
    """An :class:`Answer` from a row in :data:`ANSWER_COLUMNS` order."""
    attempt, position, question, topic, kind, given, given_text, correct, credit, at, seconds = row
    return Answer(
        attempt=attempt,
        position=position,
        question=question,
        topic=topic,
        type=kind,
        given=json.loads(given),
        given_text=given_text,
        correct=bool(correct),
        credit=credit,
        at=stored_time(at),
        seconds=seconds,
    )


CARD_COLUMNS = ("trainee_id", "question", "state", "previous", "rating", "reviews", "due", "updated")


def card_values(card: Card, trainee_id: int) -> tuple[Any, ...]:
    """The values of a ``cards`` row, in :data:`CARD_COLUMNS` order."""
    return (
        trainee_id,
        card.question,
        to_json(card.state),
        None if card.previous is None else to_json(card.previous),
        card.rating,
        card.reviews,
        to_text(card.due),
        to_text(card.updated),
    )


def card_from_row(row: Sequence[Any]) -> Card:
    """A :class:`Card` from ``(trainee name, *CARD_COLUMNS without trainee_id)``."""
    trainee, question, state, previous, rating, reviews, due, updated = row
    return Card(
        trainee=trainee,
        question=question,
        state=json.loads(state),
        previous=None if previous is None else json.loads(previous),
        rating=rating,
        reviews=reviews,
        due=stored_time(due),
        updated=stored_time(updated),
    )
