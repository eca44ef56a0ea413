"""Spaced review with FSRS (``fsrs`` v6): one card per (trainee, question).

A wrong answer is reviewed as ``Again``, a right one as ``Good``; after a right answer the trainee
may regrade it ``Hard`` or ``Easy`` (the card is rescheduled from its state before that answer).
This module only schedules; the quiz run saves the card with the answer, in one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Container, Iterable
from datetime import UTC, datetime, timedelta

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

from aco_tui.storage.records import RATINGS, Card

_SCHEDULER = Scheduler(enable_fuzzing=False)


def utc(when: datetime) -> datetime:
    """FSRS wants datetimes whose tzinfo is exactly UTC.

    Raises:
        ValueError: ``when`` is naive.
    """
    if when.tzinfo is None:
        raise ValueError("review times must be timezone-aware")
    return when.astimezone(UTC)


def _card_id(trainee: str, question_id: str) -> int:
    digest = hashlib.sha256(f"{trainee}\0{question_id}".encode()).digest()
    return int.from_bytes(digest[:6], "big")


def schedule(
    existing: Card | None, trainee: str, question: str, rating: str, when: datetime, regrade: bool = False
) -> Card:
    """The card after reviewing ``question`` with ``rating`` (one of :data:`RATINGS`) at ``when``.

    With ``regrade``, the last review is replaced: the card is rescheduled from its state before it.

    Raises:
        ValueError: unknown rating, or a naive datetime.
    """
    if rating not in RATINGS:
        raise ValueError(f"rating must be one of {', '.join(RATINGS)}")
    when = utc(when)
    if existing is None:
        before, reviews = None, 0
    elif regrade:
        before, reviews = existing.previous, max(existing.reviews - 1, 0)
    else:
        before, reviews = existing.state, existing.reviews
    card = FsrsCard.from_dict(before) if before else FsrsCard(card_id=_card_id(trainee, question), due=when)  # type: ignore[arg-type]
    reviewed, _log = _SCHEDULER.review_card(card, Rating[rating.capitalize()], when)
    state = reviewed.to_dict()
    return Card(
        trainee=trainee,
        question=question,
        state=dict(state),
        previous=before,
        rating=rating,
        reviews=reviews + 1,
        due=datetime.fromisoformat(str(state["due"])),
        updated=when,
    )


def retrievability(card: Card, now: datetime) -> float:
    """The FSRS probability that the trainee still remembers the answer at ``now`` (0..1)."""
    return float(_SCHEDULER.get_card_retrievability(FsrsCard.from_dict(card.state), utc(now)))  # type: ignore[arg-type]


FORECAST_DAYS = 7
RECALL_MEANING = (
    f"Recall in {FORECAST_DAYS} days: the chance, predicted by FSRS from your answers so far, that "
    f"you will still recall these answers {FORECAST_DAYS} days from now, averaged over the questions "
    "you have answered; a question whose last answer was wrong counts as 0 until you answer it right."
)


def recall_forecast(card: Card, now: datetime, days: int = FORECAST_DAYS) -> float:
    """The predicted chance (0..1) of recalling ``card``'s answer ``days`` from ``now``.

    FSRS retrievability is 1 right after any review, whatever the grade, so it is read a week ahead;
    and a card whose last answer was wrong counts as not recalled (0) until it is answered right.
    """
    if card.rating == "again":
        return 0.0
    later = utc(now) + timedelta(days=days)
    return float(_SCHEDULER.get_card_retrievability(FsrsCard.from_dict(card.state), later))  # type: ignore[arg-type]


def due_now(cards: Iterable[Card], questions: Container[str], now: datetime) -> list[Card]:
    """The cards due for review at ``now`` whose questions are still in the bank, most overdue first:
    the one due count that the Quiz pane, ``aco-tui progress`` and ``quiz --due`` all show."""
    moment = utc(now)
    return sorted(
        (c for c in cards if c.question in questions and utc(c.due) <= moment), key=lambda c: (c.due, c.question)
    )
