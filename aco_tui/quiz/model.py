"""The quiz's data model: a question with its answer key, a session and its picks, and the bank.

Everything here is plain data; loading and validation (``bank.py``, ``sessions.py``), planning
(``plan.py``) and scoring (``scoring.py``) build on it and never on each other's internals.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from aco_tui.knowledge.topics import TOPICS
from aco_tui.quiz.kinds import QuestionType


@dataclass(frozen=True)
class Pick:
    """A session filter: ``count`` questions drawn (seeded) from those matching every given criterion."""

    count: int
    topics: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    types: tuple[str, ...] = ()

    def matches(self, question: Question) -> bool:
        return (
            (not self.topics or question.topic in self.topics)
            and (not self.levels or question.level in self.levels)
            and (not self.types or question.type in self.types)
        )


@dataclass(frozen=True)
class SessionSpec:
    """A named onboarding session from ``sessions.toml``."""

    name: str
    title: str
    seed: int
    pass_mark: float
    feedback: str = "immediate"
    time_limit: int | None = None  # minutes
    questions: tuple[str, ...] = ()
    picks: tuple[Pick, ...] = ()
    shuffle: bool = True
    source: str = field(default="", compare=False)
    attempts: int | None = None  # as written; see allowed_attempts
    opens: datetime | None = None  # aware; no attempt may start before
    closes: datetime | None = None  # aware; no attempt may start after, and a running one ends then
    open_book: bool | None = None  # as written; see closed_book

    @property
    def allowed_attempts(self) -> int | None:
        """How many attempts a trainee may start (None: unlimited): ``attempts`` (0 is unlimited),
        by default 1 for a timed session and unlimited otherwise."""
        if self.attempts is not None:
            return self.attempts or None
        return 1 if self.time_limit is not None else None

    @property
    def closed_book(self) -> bool:
        """No reading, search or glossary while an attempt is open: ``open_book = false``, by default
        for a deferred-feedback timed session."""
        if self.open_book is not None:
            return not self.open_book
        return self.feedback == "deferred" and self.time_limit is not None


@dataclass(frozen=True)
class Question:
    """One question with its answer key. Which key fields are used depends on ``type``."""

    id: str
    topic: str
    level: str
    type: QuestionType
    question: str
    explanation: str
    excerpts: tuple[str, ...]
    correct: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()
    answer: bool | None = None
    items: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    extra: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()  # "pane#slug" links to the content sections this question checks
    source: str = field(default="", compare=False)  # "file.toml:line", for messages


@dataclass
class Bank:
    """Every valid question (by id, in file order) and session (by name), with the problems found."""

    directory: Path
    questions: dict[str, Question] = field(default_factory=dict)
    sessions: dict[str, SessionSpec] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    left_out: list[tuple[str | None, str]] = field(default_factory=list)  # bad sessions: (name if known, why)
    unusable: list[str] = field(default_factory=list)  # files that could not be read at all

    def select(
        self, topics: Iterable[str] = (), levels: Iterable[str] = (), types: Iterable[str] = ()
    ) -> list[Question]:
        """Questions matching every non-empty filter, in bank order."""
        pick = Pick(0, tuple(topics), tuple(levels), tuple(types))
        return [q for q in self.questions.values() if pick.matches(q)]

    def type_counts(self) -> dict[str, int]:
        counts = Counter(q.type for q in self.questions.values())
        return {t.value: counts.get(t, 0) for t in QuestionType}

    def topic_counts(self) -> dict[str, int]:
        counts = Counter(q.topic for q in self.questions.values())
        return {t: counts.get(t, 0) for t in TOPICS}
