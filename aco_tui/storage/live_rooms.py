"""Live rooms in the progress database: the only place that knows their SQL (issue 25).

A room is one row of ``live_rooms`` (which session, which question, which phase, since when); each
trainee in it is one row of ``live_seats`` naming their attempt (kind ``live``), whose answers are
ordinary rows of ``answers`` (position = the question's number). Every process, on any server, sees
the room only through these rows: a trainee polls its row by its key, a change of the room is a
compare-and-set on its ``revision``.

:class:`LiveRoomStore` is mixed into each backend, which provides ``_fetch`` (reads, ``?``
placeholders) and ``_transact`` (one transaction whose statements use ``?`` placeholders).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

from aco_tui.storage.progress import ProgressStore
from aco_tui.storage.records import Answer, Attempt
from aco_tui.storage.rows import ATTEMPT_COLUMNS, answer_values, attempt_values, stored_time, to_text

PHASES = ("lobby", "open", "closed", "revealed", "ended")
T = TypeVar("T")
Execute = Callable[[str, Sequence[Any]], list[Any]]
"""Runs one statement (``?`` placeholders) in the transaction and returns its rows (none for a write
without RETURNING)."""

_ROOM_COLUMNS = (
    "code",
    "session",
    "title",
    "question_set",
    "total",
    "question",
    "phase",
    "leaderboard",
    "revision",
    "created",
    "opened",
    "closed",
    "ended",
)
_ROOM_SELECT = f"SELECT {', '.join(_ROOM_COLUMNS)} FROM live_rooms WHERE code = ?"
_ANSWER_UPSERT = (
    "INSERT INTO answers (attempt_id, position, question, topic, type, given, given_text, correct,"
    " credit, at, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (attempt_id, position) DO UPDATE SET question = excluded.question,"
    " topic = excluded.topic, type = excluded.type, given = excluded.given,"
    " given_text = excluded.given_text, correct = excluded.correct, credit = excluded.credit,"
    " at = excluded.at, seconds = excluded.seconds"
)


@dataclass(frozen=True)
class Room:
    """One live room. ``question`` is 1-based (0: none opened yet); ``opened``/``closed`` are those
    of the current question."""

    code: str
    session: str
    title: str
    question_set: str
    total: int
    question: int
    phase: str
    leaderboard: bool
    revision: int
    created: datetime
    opened: datetime | None = None
    closed: datetime | None = None
    ended: datetime | None = None


@dataclass(frozen=True)
class SeatScore:
    """One trainee of a room: right answers, answers given, seconds taken over the right ones."""

    trainee: str
    attempt: str
    right: int
    answered: int
    seconds: float


def _time(value: Any) -> datetime | None:
    return None if value is None else stored_time(value)


def room_from_row(row: Sequence[Any]) -> Room:
    """A :class:`Room` from a row in ``_ROOM_COLUMNS`` order."""
    code, session, title, version, total, question, phase, leaderboard, revision, created, opened, closed, ended = row
    return Room(
        code,
        session,
        title,
        version,
        int(total),
        int(question),
        phase,
        bool(leaderboard),
        int(revision),
        stored_time(created),
        _time(opened),
        _time(closed),
        _time(ended),
    )


class LiveRoomStore:
    """The live-room operations of a progress store."""

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        raise NotImplementedError

    def _transact(self, work: Callable[[Execute], T]) -> T:
        """``work`` in one write transaction, committed before this returns."""
        raise NotImplementedError

    def create_room(self, room: Room) -> bool:
        """Add a room; False (nothing written) when its code is taken."""

        def work(execute: Execute) -> bool:
            rows = execute(
                f"INSERT INTO live_rooms ({', '.join(_ROOM_COLUMNS)}) VALUES"
                f" ({', '.join('?' * len(_ROOM_COLUMNS))}) ON CONFLICT (code) DO NOTHING RETURNING code",
                (
                    room.code,
                    room.session,
                    room.title,
                    room.question_set,
                    room.total,
                    room.question,
                    room.phase,
                    int(room.leaderboard),
                    room.revision,
                    to_text(room.created),
                    None,
                    None,
                    None,
                ),
            )
            return bool(rows)

        return self._transact(work)

    def room(self, code: str) -> Room | None:
        """The room with this code (one indexed row: what trainees poll), or None."""
        rows = self._fetch(_ROOM_SELECT, (code,))
        return room_from_row(rows[0]) if rows else None

    def move_room(self, before: Room, after: Room) -> bool:
        """Set the room's question, phase and times to ``after``'s if it is still at ``before``'s
        revision (the revision then goes up by one); False if somebody moved it first."""
        return self._transact(lambda execute: self._move(execute, before, after))

    @staticmethod
    def _move(execute: Execute, before: Room, after: Room) -> bool:
        rows = execute(
            "UPDATE live_rooms SET question = ?, phase = ?, opened = ?, closed = ?, ended = ?,"
            " revision = revision + 1 WHERE code = ? AND revision = ? RETURNING code",
            (
                after.question,
                after.phase,
                _text(after.opened),
                _text(after.closed),
                _text(after.ended),
                before.code,
                before.revision,
            ),
        )
        return bool(rows)

    def end_room(self, before: Room, after: Room, pass_mark: float) -> bool:
        """:meth:`move_room` to ``after`` (ended) and, in the same transaction, finish every seat's
        attempt still running: percent of the room's questions fully right, passed at ``pass_mark``."""

        def work(execute: Execute) -> bool:
            if not self._move(execute, before, after):
                return False
            ended = to_text(after.ended or after.created)
            rows = execute(
                "SELECT a.id, a.score FROM live_seats s JOIN attempts a ON a.id = s.attempt_id"
                " WHERE s.code = ? AND a.status = 'in_progress'",
                (before.code,),
            )
            for attempt_id, score in rows:
                percent = round(100.0 * int(score) / before.total, 1)
                execute(
                    "UPDATE attempts SET status = 'finished', ended = ?, percent = ?, passed = ?,"
                    " last_activity = CASE WHEN last_activity > ? THEN last_activity ELSE ? END WHERE id = ?",
                    (ended, percent, int(percent >= pass_mark), ended, ended, attempt_id),
                )
            return True

        return self._transact(work)

    def join_room(self, code: str, attempt: Attempt) -> str | None:
        """The attempt id of ``attempt.trainee``'s seat in the room: their earlier one if they have
        sat in it, else ``attempt``, recorded with a new seat. None when the room is unknown or ended."""

        def work(execute: Execute) -> str | None:
            rows = execute("SELECT phase FROM live_rooms WHERE code = ?", (code,))
            if not rows or rows[0][0] == "ended":
                return None
            trainee = _trainee_id(execute, attempt.trainee)
            rows = execute("SELECT attempt_id FROM live_seats WHERE code = ? AND trainee_id = ?", (code, trainee))
            if rows:
                return str(rows[0][0])
            execute(
                f"INSERT INTO attempts ({', '.join(ATTEMPT_COLUMNS)}) VALUES ({', '.join('?' * len(ATTEMPT_COLUMNS))})",
                attempt_values(attempt, trainee),
            )
            if execute(
                "INSERT INTO live_seats (code, trainee_id, attempt_id, joined) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (code, trainee_id) DO NOTHING RETURNING attempt_id",
                (code, trainee, attempt.id, to_text(attempt.started)),
            ):
                return attempt.id
            # The same trainee joined at the same moment from another session (PostgreSQL): theirs wins.
            execute("DELETE FROM attempts WHERE id = ?", (attempt.id,))
            rows = execute("SELECT attempt_id FROM live_seats WHERE code = ? AND trainee_id = ?", (code, trainee))
            return str(rows[0][0])

        return self._transact(work)

    def live_answer(self, code: str, answer: Answer) -> bool:
        """Record (or replace) an answer to the room's open question; False, nothing written, when
        that question is no longer open. Moves the attempt's counts as ``record_answer`` does."""

        def work(execute: Execute) -> bool:
            rows = execute(
                "SELECT 1 FROM live_rooms WHERE code = ? AND phase = 'open' AND question = ?", (code, answer.position)
            )
            if not rows:
                return False
            execute(_ANSWER_UPSERT, answer_values(answer))
            execute(
                "UPDATE attempts SET last_activity = ?,"
                " answered = (SELECT count(*) FROM answers WHERE attempt_id = ?),"
                " score = (SELECT count(*) FROM answers WHERE attempt_id = ? AND correct = 1)"
                " WHERE id = ?",
                (to_text(answer.at), answer.attempt, answer.attempt, answer.attempt),
            )
            return True

        return self._transact(work)

    def seated_in_open_room(self, trainee: str) -> bool:
        """Whether ``trainee`` has a seat in a room that has not ended: the trainer sets the pace
        there, so the SSH server does not close their session for want of input."""
        rows = self._fetch(
            "SELECT 1 FROM live_seats s JOIN live_rooms r ON r.code = s.code"
            " JOIN trainees t ON t.id = s.trainee_id WHERE t.name = ? AND r.phase <> 'ended' LIMIT 1",
            (trainee,),
        )
        return bool(rows)

    def room_joined(self, code: str) -> int:
        """How many trainees have a seat in the room."""
        return int(self._fetch("SELECT count(*) FROM live_seats WHERE code = ?", (code,))[0][0])

    def room_tally(self, code: str, position: int) -> list[tuple[str, bool, int]]:
        """The answers given to question ``position`` of the room: (the ``given`` JSON, whether it is
        fully right, how many gave it)."""
        rows = self._fetch(
            "SELECT a.given, a.correct, count(*) FROM live_seats s"
            " JOIN answers a ON a.attempt_id = s.attempt_id"
            " WHERE s.code = ? AND a.position = ? GROUP BY a.given, a.correct",
            (code, position),
        )
        return [(str(given), bool(correct), int(count)) for given, correct, count in rows]

    def room_scores(self, code: str) -> list[SeatScore]:
        """Every trainee of the room with their right answers so far, in the order they joined."""
        rows = self._fetch(
            "SELECT t.name, s.attempt_id, coalesce(sum(CASE WHEN a.correct = 1 THEN 1 ELSE 0 END), 0),"
            " count(a.position), coalesce(sum(CASE WHEN a.correct = 1 THEN a.seconds ELSE 0 END), 0)"
            " FROM live_seats s JOIN trainees t ON t.id = s.trainee_id"
            " LEFT JOIN answers a ON a.attempt_id = s.attempt_id"
            " WHERE s.code = ? GROUP BY t.name, s.attempt_id, s.joined ORDER BY s.joined, t.name",
            (code,),
        )
        return [
            SeatScore(name, attempt, int(right), int(answered), float(seconds or 0.0))
            for name, attempt, right, answered, seconds in rows
        ]


def _text(when: datetime | None) -> str | None:
    return None if when is None else to_text(when)


def _trainee_id(execute: Execute, name: str) -> int:
    for statement in (
        "SELECT id FROM trainees WHERE name = ?",
        "INSERT INTO trainees (name) VALUES (?) ON CONFLICT (name) DO NOTHING RETURNING id",
        "SELECT id FROM trainees WHERE name = ?",
    ):  # another writer added it meanwhile
        rows = execute(statement, (name,))
        if rows:
            return int(rows[0][0])
    raise AssertionError(f"trainee {name!r} neither found nor added")


class LiveProgressStore(ProgressStore, Protocol):
    """A progress store with live rooms (both backends are)."""

    def create_room(self, room: Room) -> bool: ...
    def room(self, code: str) -> Room | None: ...
    def move_room(self, before: Room, after: Room) -> bool: ...
    def end_room(self, before: Room, after: Room, pass_mark: float) -> bool: ...
    def join_room(self, code: str, attempt: Attempt) -> str | None: ...
    def live_answer(self, code: str, answer: Answer) -> bool: ...
    def seated_in_open_room(self, trainee: str) -> bool: ...
    def room_joined(self, code: str) -> int: ...
    def room_tally(self, code: str, position: int) -> list[tuple[str, bool, int]]: ...
    def room_scores(self, code: str) -> list[SeatScore]: ...
