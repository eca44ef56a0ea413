"""What a quiz run reports: each question's feedback (with its verbatim supporting excerpts) and the
end report (score, per-topic breakdown, pass or fail). Plain data; :mod:`aco_tui.quiz.run` builds it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aco_tui.quiz.scoring import PlayedQuestion

if TYPE_CHECKING:
    from aco_tui.knowledge.store import ExcerptStore


@dataclass(frozen=True)
class SupportingExcerpt:
    """A verbatim excerpt cited by a question, with its source."""

    id: str
    text: str
    source_title: str
    section: str = ""
    citation: str = ""  # store.citation_text(): quote, title, byline, section


@dataclass(frozen=True)
class Feedback:
    """The outcome of one question: what was given, the right answer, why, and the supporting excerpts."""

    number: int  # 1-based position in the quiz
    played: PlayedQuestion
    answered: bool
    correct: bool
    credit: float
    given_text: str
    answer_text: str  # the right answer in words, options numbered as shown
    answer_code: str  # the right answer as typed in plain mode ("2", "1 3", "1b 2a", text)
    explanation: str
    excerpts: tuple[SupportingExcerpt, ...]
    reveal: bool = True  # False while a deferred-feedback session is running
    response: object = None  # the answer in canonical form (see scoring.check_response); None if not answered
    accepted: str = ""  # a short answer taken as right: the accepted answer it matched


@dataclass(frozen=True)
class TopicScore:
    topic: str
    correct: int
    total: int


@dataclass(frozen=True)
class QuizReport:
    """The end of a run: score, per-topic breakdown, pass or fail, and every question with its feedback."""

    attempt_id: str
    title: str
    status: str  # finished, abandoned or timed_out
    score: int
    total: int
    answered: int
    percent: float
    pass_mark: float
    passed: bool | None  # None: practice and review runs are not passed or failed
    by_topic: tuple[TopicScore, ...]
    items: tuple[Feedback, ...] = field(repr=False)

    @property
    def missed(self) -> tuple[Feedback, ...]:
        """Questions answered wrongly or not at all, for "review what I missed"."""
        return tuple(item for item in self.items if not item.correct)


def excerpt_lookup(store: ExcerptStore | None) -> Callable[[str], SupportingExcerpt]:
    """Turn excerpt ids into :class:`SupportingExcerpt` using an :class:`ExcerptStore` (or ``None``)."""

    def lookup(excerpt_id: str) -> SupportingExcerpt:
        excerpt = store.excerpts.get(excerpt_id) if store is not None else None
        if excerpt is None or store is None:  # (no store means no excerpt; said for the type checker)
            return SupportingExcerpt(excerpt_id, f"(excerpt {excerpt_id} is not in the store)", "unknown source")
        source = store.source_of(excerpt)
        return SupportingExcerpt(
            excerpt_id,
            excerpt.text,
            source.title if source else excerpt.source,
            excerpt.section,
            store.citation_text(excerpt_id),
        )

    return lookup
