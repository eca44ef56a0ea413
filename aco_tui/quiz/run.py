"""A quiz being played: one question at a time, each answer recorded as it is given.

Drive it like this (the UI and plain mode do exactly this)::

    run = service.start_practice("Sam", topics=["concepts"], count=5)   # or start_session / start_review
    while not run.finished:
        played = run.current            # .type, .text, .options, .left (match); run.position, run.total
        try:
            feedback = run.submit(response)   # 0-based indices or text, see aco_tui.quiz.scoring
        except InvalidAnswer as err:          # malformed: say str(err), ask again
            continue
        except TimeUp:                        # the attempt was finished as "timed_out"
            break
        if feedback.reveal: show(feedback)    # immediate mode; in deferred mode say "answer recorded"
    report = run.report()                     # score, by_topic, passed, missed (each a Feedback)

``run.abandon()`` ends an attempt early (recorded as abandoned).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from aco_tui.quiz.plan import QuizPlan, utc_now
from aco_tui.quiz.review import schedule
from aco_tui.quiz.scoring import Outcome, PlayedQuestion, response_code, response_text, score
from aco_tui.storage.progress import ProgressStore
from aco_tui.storage.records import Answer, Attempt, Card, Finish


class TimeUp(Exception):
    """The time limit passed; the run has been finished (status ``timed_out``) and the answer not taken."""


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


def excerpt_lookup(store) -> Callable[[str], SupportingExcerpt]:
    """Turn excerpt ids into :class:`SupportingExcerpt` using an :class:`ExcerptStore` (or ``None``)."""
    def lookup(excerpt_id: str) -> SupportingExcerpt:
        excerpt = store.excerpts.get(excerpt_id) if store is not None else None
        if excerpt is None:
            return SupportingExcerpt(excerpt_id, f"(excerpt {excerpt_id} is not in the store)", "unknown source")
        source = store.source_of(excerpt)
        return SupportingExcerpt(excerpt_id, excerpt.text, source.title if source else excerpt.source,
                                 excerpt.section, store.citation_text(excerpt_id))
    return lookup


class QuizRun:
    """Plays a :class:`QuizPlan` for one trainee; records to ``progress`` when given (each answer and
    its review card in one transaction, before the answer is acknowledged)."""

    def __init__(self, plan: QuizPlan, trainee: str, *, progress: ProgressStore | None = None, store=None,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self.plan = plan
        self.trainee = trainee
        self.progress = progress
        self.clock = clock
        self.attempt_id = uuid.uuid4().hex
        self.notices: list[str] = []  # problems the UI should show (e.g. a review card not saved)
        self.status = "not_started"
        self.started_at: datetime | None = None
        self.ended_at: datetime | None = None
        self._lookup = excerpt_lookup(store)
        self._outcomes: dict[int, Outcome] = {}
        self._cards: dict[int, Card] = {}  # question index -> its review card after the answer
        self._index = 0
        self._shown_at: datetime | None = None  # when the current question was first asked
        self._report: QuizReport | None = None

    # -- state -----------------------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self.plan.questions)

    @property
    def position(self) -> int:
        """1-based number of the current question."""
        return self._index + 1

    @property
    def current(self) -> PlayedQuestion | None:
        return None if self.finished else self.plan.questions[self._index]

    @property
    def finished(self) -> bool:
        return self._report is not None or self._index >= self.total

    @property
    def deadline(self) -> datetime | None:
        if self.plan.time_limit is None or self.started_at is None:
            return None
        return self.started_at + timedelta(minutes=self.plan.time_limit)

    def time_left(self) -> timedelta | None:
        """Time before the limit (never negative), or ``None`` without a limit."""
        deadline = self.deadline
        return None if deadline is None else max(timedelta(0), deadline - self.clock())

    # -- playing ---------------------------------------------------------------------------
    def begin(self) -> "QuizRun":
        """Record the start of the attempt (called by the service before the first question)."""
        self.started_at = self._shown_at = self.clock()
        self.status = "in_progress"
        if self.progress is not None:
            plan = self.plan
            self.progress.start_attempt(Attempt(
                id=self.attempt_id, trainee=self.trainee, kind=plan.kind, session=plan.session, title=plan.title,
                question_set=plan.version, seed=plan.seed, questions=tuple(p.id for p in plan.questions),
                pass_mark=plan.pass_mark if plan.kind == "session" else None, feedback=plan.feedback,
                time_limit=plan.time_limit, started=self.started_at, last_activity=self.started_at))
        return self

    def submit(self, response) -> Feedback:
        """Score the answer to the current question, record it, and move on.

        Raises:
            InvalidAnswer: malformed response; nothing recorded, same question.
            TimeUp: past the time limit; the attempt is finished as ``timed_out``.
            UserDataError: the answer could not be saved; same question, nothing changed.
            RuntimeError: the run is finished or was never begun.
        """
        if self.started_at is None or self.finished:
            raise RuntimeError("this quiz run is not in progress")
        played = self.plan.questions[self._index]
        outcome = score(played, response)
        now = self.clock()
        deadline = self.deadline
        if deadline is not None and now > deadline:
            self.finish("timed_out")
            raise TimeUp(f"the time limit of {self.plan.time_limit} minute(s) has passed")
        card = None
        if self.progress is not None:
            rating = "good" if outcome.correct else "again"
            card = schedule(self.progress.card(self.trainee, played.id), self.trainee, played.id, rating, now)
            shown = self._shown_at or now
            self.progress.record_answer(Answer(
                attempt=self.attempt_id, position=self._index + 1, question=played.id,
                topic=played.question.topic, type=played.type, given=outcome.given,
                given_text=response_text(played, outcome.response), correct=outcome.correct,
                credit=outcome.credit, at=now, seconds=round((now - shown).total_seconds(), 3)), card)
            self._cards[self._index] = card
        self._outcomes[self._index] = outcome
        number = self._index + 1
        self._index += 1
        self._shown_at = now
        return self._feedback(number - 1, reveal=self.plan.feedback == "immediate")

    def next_review(self) -> datetime | None:
        """When the last answered question is next due for review (None when nothing is recorded)."""
        card = self._cards.get(self._index - 1)
        return card.due if card is not None else None

    def rate_last(self, rating: str) -> datetime | None:
        """After a right answer, let the trainee grade it ``hard``, ``good`` or ``easy`` for review;
        returns when it is next due (None when nothing is recorded).

        Raises:
            ValueError: the last answer was not right, or an unknown rating.
            UserDataError: the card could not be saved (the answer itself is).
        """
        last = self._index - 1
        if last < 0 or last not in self._outcomes or not self._outcomes[last].correct:
            raise ValueError("only a right answer can be regraded")
        if rating not in ("hard", "good", "easy"):
            raise ValueError("rating must be hard, good or easy")
        card = self._cards.get(last)
        if self.progress is None or card is None:
            return None
        card = schedule(card, self.trainee, card.question, rating, self.clock(), regrade=True)
        self.progress.save_card(card)
        self._cards[last] = card
        return card.due

    def _feedback(self, index: int, reveal: bool = True) -> Feedback:
        played = self.plan.questions[index]
        outcome = self._outcomes.get(index)
        key = played.key()
        return Feedback(
            number=index + 1, played=played, answered=outcome is not None,
            correct=bool(outcome and outcome.correct), credit=outcome.credit if outcome else 0.0,
            given_text=response_text(played, outcome.response) if outcome else "(not answered)",
            answer_text=response_text(played, key), answer_code=response_code(played, key),
            explanation=played.question.explanation,
            excerpts=tuple(self._lookup(e) for e in played.question.excerpts), reveal=reveal,
            response=outcome.response if outcome else None)

    # -- the end ---------------------------------------------------------------------------
    def abandon(self) -> QuizReport:
        """End early; recorded as ``abandoned`` (answers given so far are kept)."""
        return self.finish("abandoned")

    def finish(self, status: str = "finished") -> QuizReport:
        """End the attempt (unanswered questions count as wrong) and record the result. Idempotent."""
        if self._report is not None:
            return self._report
        if self.started_at is None:
            raise RuntimeError("this quiz run was never begun")
        from aco_tui.quiz.run_report import make_report

        self.ended_at = self.clock()
        report = make_report(self.attempt_id, self.plan, status, tuple(self._feedback(i) for i in range(self.total)))
        percent, passed = report.percent, report.passed
        if self.progress is not None:
            self.progress.finish_attempt(self.attempt_id, Finish(
                status, self.ended_at, percent, passed))
        self.status = status
        self._report = report
        return report

    def report(self) -> QuizReport:
        """The end report; finishes the run first once every question has been answered.

        Raises:
            RuntimeError: questions remain (call :meth:`abandon` or :meth:`finish` to end early).
        """
        if self._report is None and self._index < self.total:
            raise RuntimeError("questions remain; abandon() or finish() ends a run early")
        return self._report if self._report is not None else self.finish()
