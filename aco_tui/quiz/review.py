"""Spaced review with FSRS (``fsrs`` v6): one card per (trainee, question), table ``cards``.

A wrong answer is reviewed as ``Again``, a right one as ``Good``; after a right answer the trainee
may regrade it ``Hard`` or ``Easy`` (the card is rescheduled from its state before that answer).
A card document::

    {"v": 1, "trainee": str, "question": id, "card": Card.to_dict(), "previous": Card.to_dict()|None,
     "rating": "again|hard|good|easy", "reviews": int, "updated": ISO UTC}
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from aco_tui.quiz.records import RECORD_VERSION, check_schema
from aco_tui.storage.userdata import UserData

CARDS = "cards"
RATINGS = ("again", "hard", "good", "easy")


def _utc(when: datetime | None) -> datetime:
    """FSRS wants datetimes whose tzinfo is exactly UTC."""
    when = when or datetime.now(UTC)
    if when.tzinfo is None:
        raise ValueError("review times must be timezone-aware")
    return when.astimezone(UTC)


def _card_id(trainee: str, question_id: str) -> int:
    digest = hashlib.sha256(f"{trainee}\0{question_id}".encode()).digest()
    return int.from_bytes(digest[:6], "big")


@dataclass(frozen=True)
class DueCard:
    """A question due for review: when it fell due and how overdue it is (at the time asked)."""

    question: str
    due: datetime
    overdue_s: float


class ReviewDeck:
    """The review cards of every trainee in one data file."""

    def __init__(self, data: UserData, scheduler=None) -> None:
        from fsrs import Scheduler

        self.data = data
        self.scheduler = scheduler or Scheduler(enable_fuzzing=False)

    def _review(self, card_dict: dict | None, trainee: str, question_id: str, rating: str, when: datetime) -> dict:
        from fsrs import Card, Rating

        card = Card.from_dict(card_dict) if card_dict else Card(card_id=_card_id(trainee, question_id), due=when)
        reviewed, _log = self.scheduler.review_card(card, Rating[rating.capitalize()], when)
        return reviewed.to_dict()

    def record(self, trainee: str, question_id: str, rating: str, when: datetime | None = None,
               regrade: bool = False) -> datetime:
        """Review the card with ``rating`` (one of :data:`RATINGS`) and return when it is next due.

        With ``regrade``, replace the last review instead (rescheduling from the card as it was before it).

        Raises:
            ValueError: unknown rating, or a naive datetime.
            UserDataError: the data file cannot be written.
        """
        from tinydb import Query

        if rating not in RATINGS:
            raise ValueError(f"rating must be one of {', '.join(RATINGS)}")
        when = _utc(when)
        with self.data.transaction() as db:
            check_schema(db)
            table = db.table(CARDS)
            condition = (Query().trainee == trainee) & (Query().question == question_id)
            existing = table.get(condition)
            if existing is None:
                before, reviews = None, 0
            elif regrade:
                before, reviews = existing.get("previous"), existing.get("reviews", 1) - 1
            else:
                before, reviews = existing.get("card"), existing.get("reviews", 0)
            card = self._review(before, trainee, question_id, rating, when)
            document = {"v": RECORD_VERSION, "trainee": trainee, "question": question_id, "card": card,
                        "previous": before, "rating": rating, "reviews": reviews + 1, "updated": when.isoformat()}
            if existing is None:
                table.insert(document)
            else:
                table.update(document, doc_ids=[existing.doc_id])
        return datetime.fromisoformat(card["due"])

    def cards(self, trainee: str) -> dict[str, dict]:
        """The trainee's card documents by question id."""
        return {d["question"]: d for d in self.data.table(CARDS) if d.get("trainee") == trainee}

    def due(self, trainee: str, now: datetime | None = None, known: set[str] | None = None) -> list[DueCard]:
        """Cards due at ``now``, most overdue first (only questions in ``known`` if given)."""
        now = _utc(now)
        due = []
        for question_id, doc in self.cards(trainee).items():
            if known is not None and question_id not in known:
                continue
            when = datetime.fromisoformat(doc["card"]["due"])
            if when <= now:
                due.append(DueCard(question_id, when, (now - when).total_seconds()))
        return sorted(due, key=lambda d: (d.due, d.question))

    def due_count(self, trainee: str, now: datetime | None = None, known: set[str] | None = None) -> int:
        return len(self.due(trainee, now, known))
