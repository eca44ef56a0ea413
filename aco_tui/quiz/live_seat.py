"""A trainee's seat in a live room (issue 25): join, follow the room, answer the open question.

Joining gives the trainee an attempt of kind ``live`` at the room's session (their earlier one if
they have sat in this room before: a trainee who dropped out comes back to their answers). The
room is followed by polling its one row (:meth:`LiveSeat.poll`, a few times a second); an answer is
taken only while its question is open, and may be changed until then (the last one counts).

Example::

    seat = LiveSeat.join(progress, bank, "K7QF2M", "Sam", store)
    while seat.room.phase != "ended":
        if seat.poll() is not None:          # the room moved on: show seat.room
            ...
        seat.answer(response)                # while seat.current is not None
    report = seat.report()
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from aco_tui.knowledge.store import ExcerptStore
from aco_tui.quiz.live import RoomError, find_room, key_feedback, normal_code, room_plan
from aco_tui.quiz.model import Bank
from aco_tui.quiz.plan import utc_now
from aco_tui.quiz.run import Feedback, QuizReport, excerpt_lookup
from aco_tui.quiz.run_report import make_report
from aco_tui.quiz.scoring import PlayedQuestion, response_text, score
from aco_tui.storage.live_rooms import LiveProgressStore, Room
from aco_tui.storage.records import Answer, Attempt


class QuestionClosed(Exception):
    """The answer came after its question closed; it was not recorded."""


def response_of(played: PlayedQuestion, given: Any) -> object:
    """A stored answer (``Answer.given``) back to the response as shown (indices into the options),
    so a trainee who comes back sees their earlier choice; None if it no longer fits."""
    options = played.options
    try:
        if played.type == "truefalse":
            return 0 if given else 1
        if played.type == "single":
            return options.index(given)
        if played.type == "multiple":
            return frozenset(options.index(g) for g in given)
        if played.type == "order":
            return tuple(options.index(g) for g in given)
        if played.type == "match":
            rights = dict((left, right) for left, right in given)
            return tuple(options.index(rights[left]) for left in played.left)
    except (ValueError, KeyError, TypeError):
        return None
    return given if isinstance(given, str) else None


class LiveSeat:
    """One trainee in one room."""

    def __init__(
        self,
        progress: LiveProgressStore,
        room: Room,
        attempt_id: str,
        plan_bank: Bank,
        trainee: str,
        store: ExcerptStore | None,
        clock: Callable[[], datetime],
        rejoined: bool,
    ) -> None:
        self.progress = progress
        self.room = room
        self.attempt_id = attempt_id
        self.plan = room_plan(plan_bank, room)
        self.trainee = trainee
        self.clock = clock
        self.rejoined = rejoined
        self._lookup = excerpt_lookup(store)
        self.answers: dict[int, Answer] = {a.position: a for a in progress.answers([attempt_id])}

    @classmethod
    def join(
        cls,
        progress: LiveProgressStore,
        bank: Bank,
        code: str,
        trainee: str,
        store: ExcerptStore | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> LiveSeat:
        """Take a seat in the room (the same one again after a drop).

        Raises:
            RoomError: no such room, or it has ended. DataError: its questions changed since it opened.
        """
        room = find_room(progress, code)
        plan = room_plan(bank, room)
        now = clock()
        attempt = Attempt(
            id=uuid.uuid4().hex,
            trainee=trainee,
            kind="live",
            session=room.session,
            title=plan.title,
            question_set=plan.version,
            seed=plan.seed,
            questions=tuple(p.id for p in plan.questions),
            pass_mark=plan.pass_mark,
            feedback="immediate",
            time_limit=None,
            started=now,
            last_activity=now,
        )
        attempt_id = progress.join_room(room.code, attempt)
        if attempt_id is None:
            raise RoomError(f"live room {room.code} has ended")
        return cls(progress, room, attempt_id, bank, trainee, store, clock, rejoined=attempt_id != attempt.id)

    @property
    def total(self) -> int:
        return len(self.plan.questions)

    def poll(self) -> Room | None:
        """Read the room's row again: the room when it has moved since last seen, else None."""
        room = self.progress.room(normal_code(self.room.code))
        if room is None or room.revision == self.room.revision:
            return None
        self.room = room
        return room

    def played(self, number: int) -> PlayedQuestion:
        return self.plan.questions[number - 1]

    @property
    def current(self) -> PlayedQuestion | None:
        """The question open now, or None."""
        room = self.room
        return self.played(room.question) if room.phase == "open" and room.question else None

    def given(self, number: int) -> Answer | None:
        """This trainee's answer to question ``number``, if any."""
        return self.answers.get(number)

    def response(self, number: int) -> object:
        """The answer to question ``number`` as shown (indices), for a card to pre-select; None if none."""
        answer = self.answers.get(number)
        return None if answer is None else response_of(self.played(number), answer.given)

    def answer(self, response: object) -> Answer:
        """Answer the open question (again: the new answer replaces the old).

        Raises:
            InvalidAnswer: malformed; nothing recorded.
            QuestionClosed: no question is open, or it closed before the answer arrived.
            UserDataError: it could not be saved.
        """
        room = self.room
        played = self.current
        if played is None:
            raise QuestionClosed("no question is open")
        outcome = score(played, response)
        now = self.clock()
        seconds = round((now - room.opened).total_seconds(), 3) if room.opened else None
        answer = Answer(
            attempt=self.attempt_id,
            position=room.question,
            question=played.id,
            topic=played.question.topic,
            type=played.type,
            given=outcome.given,
            given_text=response_text(played, outcome.response),
            correct=outcome.correct,
            credit=outcome.credit,
            at=now,
            seconds=seconds,
        )
        if not self.progress.live_answer(room.code, answer):
            self.poll()
            raise QuestionClosed(f"question {room.question} closed before your answer arrived")
        self.answers[room.question] = answer
        return answer

    def feedback(self, number: int) -> Feedback:
        """Question ``number``: right or wrong, the right answer, why, and the verbatim source."""
        played = self.played(number)
        answer = self.answers.get(number)
        given = None if answer is None else (answer.correct, answer.credit, answer.given_text)
        return key_feedback(played, number, self._lookup, given, self.response(number))

    def report(self) -> QuizReport:
        """The trainee's result: every question, answered or not (unanswered ones count as wrong)."""
        items = tuple(self.feedback(n) for n in range(1, self.total + 1))
        status = "finished" if self.room.phase == "ended" else "in_progress"
        return make_report(self.attempt_id, self.plan, status, items)
