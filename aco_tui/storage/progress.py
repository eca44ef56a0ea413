"""The operations on user data, as one interface with one implementation per database.

:class:`ProgressStore` is all the quiz, the app and the reports see. SQLite (``sqlite.py``, the
default: one file per data directory) and PostgreSQL (``postgres.py``, when a URL is given)
implement it; :func:`aco_tui.storage.open_progress` picks one. Each method that writes is one
transaction, committed before it returns: a caller may acknowledge the write as soon as it returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol

from aco_tui.navigation import Place
from aco_tui.storage.records import Answer, Attempt, Card, Finish, Regrade


class ProgressStore(Protocol):
    """Attempts and their answers, review cards and their log, saved places."""

    location: str  # where the data is, for messages (a path, or a URL with the password masked)
    notices: list[str]  # what the user should be told (a damaged file moved aside...)
    # Called, from the thread doing the work, with a short status while a write or read waits for
    # the database ("reconnecting to the database..."), and with "" when that wait is over. PostgreSQL
    # uses it while it reconnects (at most about 30 s, then RetryableError); SQLite never waits so.
    status_listener: Callable[[str], None] | None

    def start_attempt(self, attempt: Attempt) -> None:
        """Record a new attempt (``in_progress``, no answers yet)."""

    def record_answer(self, answer: Answer, card: Card | None = None) -> None:
        """Record one answer (replacing one at the same position), move the attempt's
        ``last_activity``, ``answered`` and ``score``, and, with ``card``, save the review card
        and add a review-log row: all in one transaction."""

    def save_card(self, card: Card) -> None:
        """Save a review card and add a review-log row (a regrade after the answer was recorded)."""

    def finish_attempt(self, attempt_id: str, finish: Finish, cards: Iterable[Card] = ()) -> bool:
        """End a running attempt: status, end time, percent and pass or fail, and save ``cards`` (the
        review cards of a closed-book attempt, scheduled only once it ends), in one transaction.
        Whether this call ended it: False when something else ended it first (nothing is changed)."""

    def save_flags(self, attempt_id: str, flags: Sequence[int]) -> None:
        """Record which positions (1-based) of a running attempt are flagged for later."""

    def overdue_attempts(self, now: datetime) -> list[Attempt]:
        """Running attempts whose deadline is at or before ``now``."""

    def regrade_answers(self, keys: Sequence[tuple[str, int]], regrade: Regrade) -> None:
        """Mark the answers at ``keys`` (attempt id, position) right, recount their attempts'
        score, percent and pass or fail, and keep ``regrade`` as the audit row: one transaction."""

    def regrades(self, session: str | None = None) -> list[Regrade]:
        """The regrade audit (of one session), oldest first."""

    def attempt(self, attempt_id: str) -> Attempt | None:
        """One attempt, or None."""

    def attempts(self, session: str | None = None, trainee: str | None = None) -> list[Attempt]:
        """Attempts (of one session and/or trainee), oldest first."""

    def answers(self, attempt_ids: Iterable[str]) -> list[Answer]:
        """The answers of these attempts, by attempt then position."""

    def card(self, trainee: str, question: str) -> Card | None:
        """One review card, or None."""

    def cards(self, trainee: str) -> list[Card]:
        """Every review card of a trainee."""

    def due_cards(self, trainee: str, now: datetime) -> list[Card]:
        """The trainee's cards due at ``now``, most overdue first."""

    def load_place(self, profile: str) -> Place | None:
        """Where ``profile`` was reading, if saved."""

    def save_place(self, profile: str, place: Place) -> None:
        """Remember where ``profile`` is reading."""

    def save_learning(self, trainee: str, pane: str, state: dict[str, Any], when: datetime) -> None:
        """Remember where ``trainee`` is in the learning path of ``pane`` (a JSON-able state)."""

    def load_learning(self, trainee: str, pane: str) -> dict[str, Any] | None:
        """The saved learning-path state of ``trainee`` in ``pane``, if any."""

    def mark_read(self, trainee: str, section: str, when: datetime) -> None:
        """Record that ``trainee`` read ``section`` (``"pane#slug"``)."""

    def sections_read(self, trainee: str) -> dict[str, datetime]:
        """The sections ``trainee`` has read, with when each was first read."""

    def review_log(self, trainee: str) -> list[tuple[str, str, datetime, datetime, bool]]:
        """The trainee's reviews, oldest first: (question, rating, reviewed, next due, regrade)."""

    def close(self) -> None:
        """Release the connection."""
