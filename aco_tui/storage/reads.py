"""The reading side of a progress store: the same queries on every backend.

A backend subclasses :class:`StoreReads` and provides :meth:`~StoreReads._fetch`, which runs one
SELECT written with ``?`` placeholders (its driver's style substituted) and returns the rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from aco_tui.navigation import Place
from aco_tui.storage.records import Answer, Attempt, Card, Regrade
from aco_tui.storage.rows import (
    ANSWER_COLUMNS,
    ATTEMPT_COLUMNS,
    CARD_COLUMNS,
    answer_from_row,
    attempt_from_row,
    card_from_row,
    stored_time,
    to_text,
)

ATTEMPT_SELECT = (
    "SELECT t.name, "
    + ", ".join(f"a.{c}" for c in ATTEMPT_COLUMNS if c != "trainee_id")
    + " FROM attempts a JOIN trainees t ON t.id = a.trainee_id"
)
CARD_SELECT = (
    "SELECT t.name, "
    + ", ".join(f"c.{c}" for c in CARD_COLUMNS if c != "trainee_id")
    + " FROM cards c JOIN trainees t ON t.id = c.trainee_id"
)
BATCH = 500  # ids per query (SQLite limits the number of parameters)


class StoreReads:
    """Every read of :class:`~aco_tui.storage.progress.ProgressStore`, plus those ``aco-tui db`` needs."""

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """The rows of one SELECT (``?`` placeholders)."""
        raise NotImplementedError

    def attempt(self, attempt_id: str) -> Attempt | None:
        rows = self._fetch(ATTEMPT_SELECT + " WHERE a.id = ?", (attempt_id,))
        return attempt_from_row(rows[0]) if rows else None

    def attempts(self, session: str | None = None, trainee: str | None = None) -> list[Attempt]:
        clauses, values = [], []
        if session is not None:
            clauses.append("a.session = ?")
            values.append(session)
        if trainee is not None:
            clauses.append("t.name = ?")
            values.append(trainee)
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        return [attempt_from_row(r) for r in self._fetch(ATTEMPT_SELECT + where + " ORDER BY a.started, a.id", values)]

    def overdue_attempts(self, now: datetime) -> list[Attempt]:
        """Running attempts whose deadline has passed (to be submitted at their deadline)."""
        rows = self._fetch(
            ATTEMPT_SELECT + " WHERE a.status = 'in_progress' AND a.deadline IS NOT NULL"
            " AND a.deadline <= ? ORDER BY a.deadline, a.id",
            (to_text(now),),
        )
        return [attempt_from_row(r) for r in rows]

    def regrades(self, session: str | None = None) -> list[Regrade]:
        """The trainers' regrades (of one session), oldest first."""
        where, values = (" WHERE session = ?", (session,)) if session is not None else ("", ())
        rows = self._fetch(
            "SELECT session, question, accepted, by_name, at, answers FROM regrades" + where + " ORDER BY id", values
        )
        return [Regrade(s, q, accepted, by, stored_time(at), n) for s, q, accepted, by, at, n in rows]

    def answers(self, attempt_ids: Iterable[str]) -> list[Answer]:
        ids = list(dict.fromkeys(attempt_ids))
        rows: list[Any] = []
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            rows += self._fetch(
                f"SELECT {', '.join(ANSWER_COLUMNS)} FROM answers WHERE attempt_id IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
        order = {ident: n for n, ident in enumerate(ids)}
        return sorted((answer_from_row(r) for r in rows), key=lambda a: (order[a.attempt], a.position))

    def card(self, trainee: str, question: str) -> Card | None:
        rows = self._fetch(CARD_SELECT + " WHERE t.name = ? AND c.question = ?", (trainee, question))
        return card_from_row(rows[0]) if rows else None

    def cards(self, trainee: str) -> list[Card]:
        return [
            card_from_row(r) for r in self._fetch(CARD_SELECT + " WHERE t.name = ? ORDER BY c.question", (trainee,))
        ]

    def due_cards(self, trainee: str, now: datetime) -> list[Card]:
        return [
            card_from_row(r)
            for r in self._fetch(
                CARD_SELECT + " WHERE t.name = ? AND c.due <= ? ORDER BY c.due, c.question", (trainee, to_text(now))
            )
        ]

    def review_log(self, trainee: str) -> list[tuple[str, str, datetime, datetime, bool]]:
        """The trainee's reviews, oldest first: (question, rating, reviewed, next due, regrade)."""
        rows = self._fetch(
            "SELECT l.question, l.rating, l.reviewed, l.due, l.regrade FROM review_log l"
            " JOIN trainees t ON t.id = l.trainee_id WHERE t.name = ? ORDER BY l.id",
            (trainee,),
        )
        return [(q, r, stored_time(at), stored_time(due), bool(g)) for q, r, at, due, g in rows]

    def trainees(self) -> list[str]:
        """Every trainee named in the database, in name order."""
        return [name for (name,) in self._fetch("SELECT name FROM trainees ORDER BY name")]

    def load_place(self, profile: str) -> Place | None:
        rows = self._fetch("SELECT pane, section FROM places WHERE profile = ?", (profile,))
        return Place(rows[0][0], rows[0][1]) if rows else None

    def places(self) -> dict[str, Place]:
        rows = self._fetch("SELECT profile, pane, section FROM places ORDER BY profile")
        return {profile: Place(pane, section) for profile, pane, section in rows}

    def load_learning(self, trainee: str, pane: str) -> dict[str, Any] | None:
        rows = self._fetch(
            "SELECT l.state FROM learn_paths l JOIN trainees t ON t.id = l.trainee_id WHERE t.name = ? AND l.pane = ?",
            (trainee, pane),
        )
        return dict(json.loads(rows[0][0])) if rows else None

    def sections_read(self, trainee: str) -> dict[str, datetime]:
        rows = self._fetch(
            "SELECT r.section, r.first_read FROM sections_read r"
            " JOIN trainees t ON t.id = r.trainee_id WHERE t.name = ?",
            (trainee,),
        )
        return {section: stored_time(first) for section, first in rows}
