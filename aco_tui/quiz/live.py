"""A live session the trainer paces (issue 25): the room as the trainer drives it.

The room lives in the progress database only (:mod:`aco_tui.storage.live_rooms`): any process on any
server that shares the database sees the same room. The trainer opens a room on a named session, then
moves it on: ``next`` (the next question opens to everyone), ``close`` (no more answers), ``reveal``
(closes, then everyone sees the answer and its source), ``end`` (every trainee's attempt is finished
with their score). Each change is a compare-and-set on the room's revision, so two trainer consoles
on one room cannot both move it on by one. Trainees: :mod:`aco_tui.quiz.live_seat`.

Example::

    room = open_room(progress, bank, "induction", leaderboard=False)
    host = LiveHost(progress, bank, room.code, store)
    host.next()                 # question 1 open
    host.status().answers       # answers in so far
    host.reveal()
    host.end()
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from aco_tui.errors import DataError, UsageError
from aco_tui.knowledge.store import ExcerptStore
from aco_tui.quiz.model import Bank
from aco_tui.quiz.plan import QuizPlan, plan_session, utc_now
from aco_tui.quiz.run import Feedback, excerpt_lookup
from aco_tui.quiz.scoring import PlayedQuestion, response_code, response_text
from aco_tui.safe_text import echo_quoted
from aco_tui.storage.live_rooms import LiveProgressStore, Room, SeatScore

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
CODE_LENGTH = 6
LEADERBOARD_SIZE = 5
OTHER_ANSWERS = 5  # order, match and short questions: the most given answers charted, the rest as one bar
_ATTEMPTS_TO_MOVE = 5


class RoomError(UsageError):
    """An unknown or ended room, or a move the room's phase does not allow (one line, exit 2)."""


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(code: str) -> str:
    """A code as typed (any case, spaces around) as stored."""
    return code.strip().upper()


def find_room(progress: LiveProgressStore, code: str, ended_ok: bool = False) -> Room:
    """The room with this code.

    Raises:
        RoomError: no such room, or it has ended (unless ``ended_ok``).
    """
    room = progress.room(normal_code(code))
    if room is None:
        raise RoomError(f"no live room has the code {echo_quoted(code, 20)}")
    if room.phase == "ended" and not ended_ok:
        raise RoomError(f"live room {room.code} has ended")
    return room


def room_plan(bank: Bank, room: Room) -> QuizPlan:
    """The session's plan as the room plays it.

    Raises:
        DataError: the session's questions changed since the room was opened.
    """
    plan = plan_session(bank, room.session)
    if plan.version != room.question_set:
        raise DataError(
            f"the questions of session {room.session!r} changed after room {room.code} was opened; open a new room"
        )
    return plan


def open_room(
    progress: LiveProgressStore,
    bank: Bank,
    session: str,
    leaderboard: bool = False,
    clock: Callable[[], datetime] = utc_now,
) -> Room:
    """Create a room on a named session, in the lobby (no question open yet).

    Raises:
        UsageError: no session has this name. DataError: it asks for questions the bank lacks.
    """
    plan = plan_session(bank, session)
    while True:
        room = Room(
            new_code(), session, plan.title, plan.version, len(plan.questions), 0, "lobby", leaderboard, 0, clock()
        )
        if progress.create_room(room):
            return room


def key_feedback(
    played: PlayedQuestion,
    number: int,
    lookup: Callable[[str], Any],
    given: tuple[bool, float, str] | None = None,
    response: object = None,
) -> Feedback:
    """A question's feedback: the right answer, why, the excerpts; with ``given`` (correct, credit,
    the answer in words) a trainee's answer to it."""
    key = played.key()
    correct, credit, given_text = given if given is not None else (False, 0.0, "(not answered)")
    return Feedback(
        number=number,
        played=played,
        answered=given is not None,
        correct=correct,
        credit=credit,
        given_text=given_text,
        answer_text=response_text(played, key),
        answer_code=response_code(played, key),
        explanation=played.question.explanation,
        excerpts=tuple(lookup(e) for e in played.question.excerpts),
        response=response,
    )


@dataclass(frozen=True)
class OptionTally:
    """One bar of the chart: an option as shown (``2) text``) or an answer given, and how many chose it.
    ``correct`` is None until the answer is revealed."""

    label: str
    count: int
    correct: bool | None = None


@dataclass(frozen=True)
class LiveStatus:
    """The room now: phase, question, who is in, answers to the open (or last) question."""

    room: Room
    joined: int
    answers: int
    right: int  # answers fully right (shown only after reveal)
    options: tuple[OptionTally, ...]

    @property
    def revealed(self) -> bool:
        return self.room.phase in ("revealed", "ended")

    def as_json(self) -> dict[str, Any]:
        """The ``live status --json`` document."""
        room = self.room
        return {
            "code": room.code,
            "session": room.session,
            "title": room.title,
            "phase": room.phase,
            "question": room.question,
            "total": room.total,
            "joined": self.joined,
            "answers": self.answers,
            "right": self.right if self.revealed else None,
            "opened": room.opened.isoformat() if room.opened else None,
            "closed": room.closed.isoformat() if room.closed else None,
            "options": [
                {"option": o.label, "count": o.count, "correct": o.correct if self.revealed else None}
                for o in self.options
            ],
        }


def _words(given: Any) -> str:
    """A stored answer (JSON) in words, one line."""
    if isinstance(given, list):
        return "; ".join(" \u2192 ".join(map(str, g)) if isinstance(g, list) else str(g) for g in given)
    return str(given)


def tally(played: PlayedQuestion, rows: list[tuple[str, bool, int]]) -> tuple[tuple[OptionTally, ...], int, int]:
    """The chart of one question from ``(given JSON, correct, count)`` rows: one bar per option as
    shown (single, multiple, true/false) or per answer given (the rest); with the number of answers
    and of right ones."""
    answers = sum(count for _, _, count in rows)
    right = sum(count for _, correct, count in rows if correct)
    key = played.key()
    if played.type in ("single", "multiple", "truefalse"):
        counts = [0] * len(played.options)
        for given, _, count in rows:
            value = json.loads(given)
            chosen = value if isinstance(value, list) else [value]
            for item in chosen:
                if isinstance(item, bool):
                    index = 0 if item else 1
                elif item in played.options:
                    index = played.options.index(item)
                else:
                    continue
                counts[index] += count
        right_ones = key if isinstance(key, frozenset) else {key}
        return (
            tuple(
                OptionTally(f"{i}) {option}", counts[i - 1], (i - 1) in right_ones)
                for i, option in enumerate(played.options, start=1)
            ),
            answers,
            right,
        )
    bars = sorted(
        ((_words(json.loads(given)), bool(correct), count) for given, correct, count in rows),
        key=lambda row: (-row[2], row[0]),
    )
    shown = [OptionTally(label, count, correct) for label, correct, count in bars[:OTHER_ANSWERS]]
    rest = sum(count for _, _, count in bars[OTHER_ANSWERS:])
    if rest:
        shown.append(OptionTally("(other answers)", rest, False))
    return tuple(shown), answers, right


def ranking(scores: list[SeatScore]) -> list[SeatScore]:
    """Most right answers first; of equals, the quicker (less time over the right ones)."""
    return sorted(scores, key=lambda s: (-s.right, s.seconds, s.trainee))


class LiveHost:
    """The trainer's side of one room: move it on, and see how the room is answering."""

    def __init__(
        self,
        progress: LiveProgressStore,
        bank: Bank,
        code: str,
        store: ExcerptStore | None = None,
        clock: Callable[[], datetime] = utc_now,
        ended_ok: bool = False,
    ) -> None:
        self.progress = progress
        self.clock = clock
        self.room = find_room(progress, code, ended_ok)
        self.plan = room_plan(bank, self.room)
        self.questions = bank.questions
        self._lookup = excerpt_lookup(store)

    @property
    def code(self) -> str:
        return self.room.code

    def played(self, number: int | None = None) -> PlayedQuestion | None:
        """Question ``number`` (default: the room's current one) as played; None before the first."""
        number = self.room.question if number is None else number
        return self.plan.questions[number - 1] if 1 <= number <= len(self.plan.questions) else None

    def refresh(self) -> Room:
        """Read the room again (another console or ``live`` command may have moved it)."""
        self.room = find_room(self.progress, self.room.code, ended_ok=True)
        return self.room

    def _move(self, change: Callable[[Room, datetime], Room]) -> Room:
        for _ in range(_ATTEMPTS_TO_MOVE):
            room = self.refresh()
            if room.phase == "ended":
                raise RoomError(f"live room {room.code} has ended")
            after = change(room, self.clock())
            if after == room or self.progress.move_room(room, after):
                self.room = after if after == room else replace(after, revision=room.revision + 1)
                return self.room
        raise RoomError(f"live room {self.room.code} keeps being moved by someone else; try again")

    def next(self) -> Room:
        """Open the next question to everyone (the open one, if any, closes)."""

        def change(room: Room, now: datetime) -> Room:
            if room.question >= room.total:
                raise RoomError(f"that was the last question of room {room.code}: 'live end {room.code}' ends it")
            return replace(room, question=room.question + 1, phase="open", opened=now, closed=None)

        return self._move(change)

    def close(self) -> Room:
        """Stop taking answers for the open question (nothing changes if it is closed already)."""

        def change(room: Room, now: datetime) -> Room:
            if room.phase == "lobby":
                raise RoomError(f"no question of room {room.code} has been opened yet: 'live next {room.code}'")
            return replace(room, phase="closed", closed=now) if room.phase == "open" else room

        return self._move(change)

    def reveal(self) -> Room:
        """Close the question if open, then show everyone its answer and source."""

        def change(room: Room, now: datetime) -> Room:
            if room.phase == "lobby":
                raise RoomError(f"no question of room {room.code} has been opened yet: 'live next {room.code}'")
            if room.phase == "open":
                return replace(room, phase="revealed", closed=now)
            return replace(room, phase="revealed")

        return self._move(change)

    def end(self) -> list[SeatScore]:
        """End the room and, in the same transaction, finish every trainee's attempt with their score
        and pass or fail (unanswered questions count as wrong). Returns everyone, best first."""
        for _ in range(_ATTEMPTS_TO_MOVE):
            room = self.refresh()
            if room.phase == "ended":
                raise RoomError(f"live room {room.code} has ended")
            now = self.clock()
            after = replace(
                room, phase="ended", ended=now, closed=room.closed or (now if room.phase == "open" else None)
            )
            if self.progress.end_room(room, after, self.plan.pass_mark):
                self.room = replace(after, revision=room.revision + 1)
                return self.scores()
        raise RoomError(f"live room {self.room.code} keeps being moved by someone else; try again")

    def status(self) -> LiveStatus:
        """The room as it is now, with the chart of its current question."""
        room = self.refresh()
        joined = self.progress.room_joined(room.code)
        played = self.played()
        if played is None:
            return LiveStatus(room, joined, 0, 0, ())
        options, answers, right = tally(played, self.progress.room_tally(room.code, room.question))
        return LiveStatus(room, joined, answers, right, options)

    def answer(self, number: int | None = None) -> Feedback | None:
        """The right answer of question ``number`` (default: the current one), why, and its excerpts."""
        number = self.room.question if number is None else number
        played = self.played(number)
        return None if played is None else key_feedback(played, number, self._lookup)

    def scores(self) -> list[SeatScore]:
        """Everyone in the room, best first (the leaderboard's order)."""
        return ranking(self.progress.room_scores(self.room.code))
