"""What the progress database holds, as plain dataclasses: the rest of aco-tui never sees SQL rows.

An attempt is one run of a quiz (a named session, practice, review or a learning path) by one
trainee; its answers are recorded one by one as they are given. A review card is the FSRS state of
one (trainee, question) pair; every review also leaves a row in the review log. The place where a
reader was (:class:`aco_tui.navigation.Place`) is saved per profile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

ATTEMPT_STATUSES = ("in_progress", "finished", "abandoned", "timed_out")
ATTEMPT_KINDS = ("session", "practice", "review", "learn")
RATINGS = ("again", "hard", "good", "easy")


@dataclass(frozen=True)
class Attempt:
    """One run of a quiz by one trainee, with its running totals.

    ``last_activity`` moves with every answer, so a report can tell a live run from a dead one.
    ``score`` counts fully right answers; ``percent`` and ``passed`` are set when the run ends
    (``passed`` only for named sessions: practice and review are not passed or failed).
    """

    id: str
    trainee: str
    kind: str
    session: str | None
    title: str
    question_set: str
    seed: int | None
    questions: tuple[str, ...]
    pass_mark: float | None
    feedback: str
    time_limit: int | None  # minutes
    started: datetime
    last_activity: datetime
    ended: datetime | None = None
    status: str = "in_progress"
    answered: int = 0
    score: int = 0
    percent: float | None = None
    passed: bool | None = None
    deadline: datetime | None = None  # when it is submitted by itself (a time limit or a closing time)
    flags: tuple[int, ...] = ()  # positions (1-based) the trainee flagged for later

    @property
    def total(self) -> int:
        return len(self.questions)


@dataclass(frozen=True)
class Answer:
    """One answer in an attempt (``position`` is 1-based, in the order the questions were asked).

    ``given`` is the response mapped to the bank's order, whatever the shuffle: option texts for
    single and multiple choice, ``True``/``False``, the items in the order given, ``[left, right]``
    pairs, or the text typed; ``given_text`` is the same in words, for reports.
    """

    attempt: str
    position: int
    question: str
    topic: str
    type: str
    given: Any
    given_text: str
    correct: bool
    credit: float
    at: datetime
    seconds: float | None = None  # time taken, from the question shown to the answer


@dataclass(frozen=True)
class Card:
    """The FSRS review state of one question for one trainee."""

    trainee: str
    question: str
    state: dict[str, Any]  # fsrs.Card.to_dict()
    previous: dict[str, Any] | None  # the state before the last review (for a regrade)
    rating: str
    reviews: int
    due: datetime
    updated: datetime


@dataclass(frozen=True)
class Review:
    """One row of the review log: a card reviewed (or regraded) and when it is due next."""

    trainee: str
    question: str
    rating: str
    reviewed: datetime
    due: datetime
    regrade: bool


@dataclass(frozen=True)
class Regrade:
    """A trainer's regrade of one short-answer question of a session: who, when, what was accepted,
    and how many recorded answers it turned right."""

    session: str
    question: str
    accepted: str
    by: str
    at: datetime
    answers: int


@dataclass(frozen=True)
class Finish:
    """How an attempt ended (see :class:`Attempt`)."""

    status: str
    ended: datetime
    percent: float | None = None
    passed: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)
