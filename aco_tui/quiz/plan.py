"""Quiz plans (which questions, in which order, with which option order) and the run the UI drives.

A :class:`QuizPlan` is pure data, built deterministically from a seed: every trainee of a session gets
the same questions, order and option order. A :class:`QuizRun` plays a plan one question at a time,
records each answer with its review card as it is given (:mod:`aco_tui.quiz.run`, :mod:`aco_tui.quiz.review`).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aco_tui.errors import DataError, UsageError
from aco_tui.quiz.kinds import PlayedQuestion, kind_of
from aco_tui.quiz.model import Bank, Pick, Question, SessionSpec
from aco_tui.quiz.session_files import left_out_reason

DEFAULT_PASS_MARK = 70.0


def utc_now() -> datetime:
    return datetime.now(UTC)


def play(question: Question, seed: int) -> PlayedQuestion:
    """The question with its options shuffled by a generator seeded from ``seed`` and the question id.

    An ``order`` question is never shown already in order, nor a ``match`` question already matched.
    """
    return kind_of(question.type).play(question, random.Random(f"{seed}:{question.id}"))


@dataclass(frozen=True)
class QuizPlan:
    """The questions of one quiz, as they will be played, and its rules."""

    kind: str  # "session", "practice", "review" or "learn"
    title: str
    questions: tuple[PlayedQuestion, ...]
    seed: int
    pass_mark: float = DEFAULT_PASS_MARK  # percent of questions fully right
    feedback: str = "immediate"  # or "deferred": nothing shown until the end
    time_limit: int | None = None  # minutes
    session: str | None = None
    closes: datetime | None = None  # a session's closing time: a running attempt ends then at the latest
    closed_book: bool = False  # no reading, search or glossary while it runs; review cards at the end

    def deadline(self, started: datetime) -> datetime | None:
        """When an attempt begun at ``started`` is submitted by itself: the time limit or the
        session's closing time, whichever comes first (None: neither)."""
        ends = [t for t in (self.closes,) if t is not None]
        if self.time_limit is not None:
            ends.append(started + timedelta(minutes=self.time_limit))
        return min(ends) if ends else None

    @property
    def version(self) -> str:
        """The question-set version: a hash of the questions, option orders and keys as played."""
        played = [p.as_played() for p in self.questions]
        digest = hashlib.sha256(json.dumps(played, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        return digest.hexdigest()[:16]

    def __len__(self) -> int:
        return len(self.questions)


def _describe(pick: Pick) -> str:
    parts = [
        f"topic {'/'.join(pick.topics)}" if pick.topics else "",
        f"level {'/'.join(pick.levels)}" if pick.levels else "",
        f"type {'/'.join(pick.types)}" if pick.types else "",
    ]
    return " and ".join(p for p in parts if p) or "any question"


def session_questions(bank: Bank, spec: SessionSpec) -> list[Question]:
    """The session's questions in play order: its ``questions``, then each pick, then shuffled (seeded).

    Raises:
        DataError: an unknown question id, or a pick wanting more questions than match.
    """
    rng = random.Random(spec.seed)
    unknown = [i for i in spec.questions if i not in bank.questions]
    if unknown:
        raise DataError(f"unknown question id(s) {', '.join(unknown)}")
    chosen = [bank.questions[i] for i in spec.questions]
    taken = set(spec.questions)
    ordered = sorted(bank.questions.values(), key=lambda q: q.id)
    for number, pick in enumerate(spec.picks, start=1):
        candidates = [q for q in ordered if q.id not in taken and pick.matches(q)]
        if len(candidates) < pick.count:
            raise DataError(
                f"pick {number} wants {pick.count} question(s) with {_describe(pick)}, only {len(candidates)} available"
            )
        for question in rng.sample(candidates, pick.count):
            chosen.append(question)
            taken.add(question.id)
    if spec.shuffle:
        rng.shuffle(chosen)
    return chosen


def plan_session(bank: Bank, name: str) -> QuizPlan:
    """The plan of a named session from ``sessions.toml``.

    Raises:
        UsageError: no session has this name.
        DataError: the session asks for questions the bank does not have.
    """
    spec = bank.sessions.get(name)
    if spec is None:
        why = left_out_reason(bank, name)
        if why is not None:
            raise UsageError(f"session {name!r} cannot run: {why}")
        known = ", ".join(sorted(bank.sessions)) or "none defined"
        raise UsageError(f"no quiz session named {name!r} (sessions: {known})")
    questions = session_questions(bank, spec)
    return QuizPlan(
        kind="session",
        title=spec.title,
        questions=tuple(play(q, spec.seed) for q in questions),
        seed=spec.seed,
        pass_mark=spec.pass_mark,
        feedback=spec.feedback,
        time_limit=spec.time_limit,
        session=spec.name,
        closes=spec.closes,
        closed_book=spec.closed_book,
    )


def plan_practice(
    bank: Bank,
    topics: Sequence[str] = (),
    levels: Sequence[str] = (),
    types: Sequence[str] = (),
    count: int = 10,
    seed: int | None = None,
    pass_mark: float = DEFAULT_PASS_MARK,
    title: str | None = None,
) -> QuizPlan:
    """A practice quiz of up to ``count`` questions drawn from the matching ones (all of them if fewer).

    Raises:
        UsageError: no question matches, or ``count`` is not positive.
    """
    if count < 1:
        raise UsageError("a quiz needs at least one question")
    if seed is None:
        seed = random.SystemRandom().randrange(2**31)
    candidates = sorted(bank.select(topics, levels, types), key=lambda q: q.id)
    if not candidates:
        wanted = ", ".join(filter(None, ["/".join(topics), "/".join(levels), "/".join(types)]))
        raise UsageError(f"no question matches {wanted or 'the filters'}")
    rng = random.Random(seed)
    chosen = rng.sample(candidates, min(count, len(candidates)))
    title = title or ("Practice: " + (", ".join(topics) if topics else "all topics"))
    return QuizPlan(
        kind="practice", title=title, questions=tuple(play(q, seed) for q in chosen), seed=seed, pass_mark=pass_mark
    )


def plan_review(bank: Bank, question_ids: Iterable[str], seed: int | None = None) -> QuizPlan:
    """A review run asking these questions in this order (most overdue first); unknown ids are skipped."""
    return plan_questions(bank, question_ids, "review", "Review of due questions", seed)


def plan_questions(bank: Bank, question_ids: Iterable[str], kind: str, title: str, seed: int | None = None) -> QuizPlan:
    """A run asking these questions in this order (unknown ids are skipped), e.g. a step of a learning path."""
    if seed is None:
        seed = random.SystemRandom().randrange(2**31)
    questions = tuple(play(bank.questions[i], seed) for i in question_ids if i in bank.questions)
    return QuizPlan(kind=kind, title=title, questions=questions, seed=seed)
