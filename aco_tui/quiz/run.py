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
from dataclasses import replace
from datetime import datetime, timedelta

from aco_tui.knowledge.store import ExcerptStore
from aco_tui.quiz.feedback import Feedback, QuizReport, SupportingExcerpt, TopicScore, excerpt_lookup
from aco_tui.quiz.plan import QuizPlan, utc_now
from aco_tui.quiz.review import schedule
from aco_tui.quiz.scoring import Outcome, PlayedQuestion, response_code, response_text, score
from aco_tui.quiz.short_answer import match_short
from aco_tui.storage.progress import ProgressStore
from aco_tui.storage.records import Answer, Attempt, Card, Finish

__all__ = ["Feedback", "QuizReport", "QuizRun", "SupportingExcerpt", "TimeUp", "TopicScore", "excerpt_lookup"]


class TimeUp(Exception):
    """The time limit passed; the run has been finished (status ``timed_out``) and the answer not taken."""


class QuizRun:
    """Plays a :class:`QuizPlan` for one trainee; records to ``progress`` when given (each answer and
    its review card in one transaction, before the answer is acknowledged)."""

    def __init__(
        self,
        plan: QuizPlan,
        trainee: str,
        *,
        progress: ProgressStore | None = None,
        store: ExcerptStore | None = None,
        clock: Callable[[], datetime] = utc_now,
        attempt_id: str | None = None,
    ) -> None:
        self.plan = plan
        self.trainee = trainee
        self.progress = progress
        self.clock = clock
        self.attempt_id = attempt_id or uuid.uuid4().hex
        self.resumed = False  # True: an attempt begun earlier, picked up again (see aco_tui.quiz.attempts)
        self.flags: set[int] = set()  # positions (1-based) flagged for later (deferred attempts)
        self.regraded: dict[str, tuple[str, ...]] = {}  # short answers a trainer accepted, by question
        self._deadline: datetime | None = None
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
        """When the attempt is submitted by itself (time limit or closing time), kept on the server."""
        return self._deadline

    @property
    def navigable(self) -> bool:
        """Questions can be skipped, flagged and gone back to (deferred feedback: nothing is revealed)."""
        return self.plan.feedback == "deferred"

    def answered(self, position: int) -> bool:
        """Whether question ``position`` (1-based) has an answer."""
        return position - 1 in self._outcomes

    def given(self, position: int) -> Feedback | None:
        """The answer recorded for question ``position`` (not revealing whether it is right), or None."""
        return self._feedback(position - 1, reveal=False) if self.answered(position) else None

    def go_to(self, position: int) -> None:
        """Show question ``position`` (1-based) next; ``total + 1`` is the end (the summary).

        Raises:
            ValueError: not a deferred attempt, or no such question.
        """
        if not self.navigable or self._report is not None:
            raise ValueError("only a running deferred-feedback attempt can move between questions")
        if not 1 <= position <= self.total + 1:
            raise ValueError(f"there is no question {position}; choose 1 to {self.total}")
        self._index = position - 1
        self._shown_at = self.clock()

    def skip(self) -> None:
        """Leave the current question unanswered for now: on to the next unanswered one (or the end)."""
        self.go_to(self._next_unanswered())

    def toggle_flag(self, position: int | None = None) -> bool:
        """Flag (or unflag) question ``position`` (default: the current one); whether it is flagged now."""
        position = position or self.position
        if not self.navigable or not 1 <= position <= self.total:
            raise ValueError("only a question of a running deferred-feedback attempt can be flagged")
        self.flags ^= {position}
        if self.progress is not None:
            self.progress.save_flags(self.attempt_id, sorted(self.flags))
        return position in self.flags

    def _next_unanswered(self) -> int:
        """The next unanswered position after the current one (1-based), else ``total + 1``."""
        later = [i for i in range(self._index + 1, self.total) if i not in self._outcomes]
        return later[0] + 1 if later else self.total + 1

    def restore(
        self, started: datetime, deadline: datetime | None, outcomes: dict[int, Outcome], flags: set[int]
    ) -> QuizRun:
        """Pick up an attempt recorded earlier (see :func:`aco_tui.quiz.attempts.resume_run`): at its
        first unanswered question, or at the end when every question has an answer."""
        self.started_at, self._deadline, self.status, self.resumed = started, deadline, "in_progress", True
        self._outcomes, self.flags = dict(outcomes), set(flags)
        missing = [i for i in range(self.total) if i not in self._outcomes]
        self._index = missing[0] if missing else self.total
        self._shown_at = self.clock()
        return self

    def time_left(self) -> timedelta | None:
        """Time before the limit (never negative), or ``None`` without a limit."""
        deadline = self.deadline
        return None if deadline is None else max(timedelta(0), deadline - self.clock())

    # -- playing ---------------------------------------------------------------------------
    def begin(self) -> "QuizRun":
        """Record the start of the attempt (called by the service before the first question)."""
        self.started_at = self._shown_at = self.clock()
        self._deadline = self.plan.deadline(self.started_at)
        self.status = "in_progress"
        if self.progress is not None:
            plan = self.plan
            self.progress.start_attempt(
                Attempt(
                    id=self.attempt_id,
                    trainee=self.trainee,
                    kind=plan.kind,
                    session=plan.session,
                    title=plan.title,
                    question_set=plan.version,
                    seed=plan.seed,
                    questions=tuple(p.id for p in plan.questions),
                    pass_mark=plan.pass_mark if plan.kind == "session" else None,
                    feedback=plan.feedback,
                    time_limit=plan.time_limit,
                    started=self.started_at,
                    last_activity=self.started_at,
                    deadline=self._deadline,
                )
            )
        return self

    def submit(self, response: object) -> Feedback:
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
        regraded = self.regraded.get(played.id, ())
        if not outcome.correct and regraded and (accepted := match_short(str(outcome.response), regraded)):
            outcome = replace(outcome, correct=True, credit=1.0, accepted=accepted)  # a trainer accepted it
        now = self.clock()
        deadline = self.deadline
        if deadline is not None and now > deadline:
            self.finish("timed_out")
            raise TimeUp("the deadline has passed: the attempt was submitted with the answers given before it")
        card = None
        if self.progress is not None and not self.plan.closed_book:
            rating = "good" if outcome.correct else "again"
            card = schedule(self.progress.card(self.trainee, played.id), self.trainee, played.id, rating, now)
        shown = self._shown_at or now
        if self.progress is not None:
            self.progress.record_answer(
                Answer(
                    attempt=self.attempt_id,
                    position=self._index + 1,
                    question=played.id,
                    topic=played.question.topic,
                    type=played.type,
                    given=outcome.given,
                    given_text=response_text(played, outcome.response),
                    correct=outcome.correct,
                    credit=outcome.credit,
                    at=now,
                    seconds=round((now - shown).total_seconds(), 3),
                ),
                card,
            )
        if card is not None:
            self._cards[self._index] = card
        self._outcomes[self._index] = outcome
        number = self._index + 1
        self._index = self._next_unanswered() - 1 if self.navigable else self._index + 1
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
            number=index + 1,
            played=played,
            answered=outcome is not None,
            correct=bool(outcome and outcome.correct),
            credit=outcome.credit if outcome else 0.0,
            given_text=response_text(played, outcome.response) if outcome else "(not answered)",
            answer_text=response_text(played, key),
            answer_code=response_code(played, key),
            explanation=played.question.explanation,
            excerpts=tuple(self._lookup(e) for e in played.question.excerpts),
            reveal=reveal,
            response=outcome.response if outcome else None,
            accepted=outcome.accepted if outcome else "",
        )

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
            ended = self.progress.finish_attempt(
                self.attempt_id, Finish(status, self.ended_at, percent, passed), self._closed_book_cards()
            )
            stored = None if ended else self.progress.attempt(self.attempt_id)
            if stored is not None and stored.status != status:  # ended first elsewhere (at its deadline)
                status = stored.status
                report = replace(report, status=status, passed=stored.passed)
        self.status = status
        self._report = report
        return report

    def _closed_book_cards(self) -> list[Card]:
        """A closed-book attempt's review cards, scheduled only now that it ends."""
        if not self.plan.closed_book or self.progress is None:
            return []
        now, cards = self.clock(), []
        for index, outcome in sorted(self._outcomes.items()):
            question = self.plan.questions[index].id
            rating = "good" if outcome.correct else "again"
            cards.append(schedule(self.progress.card(self.trainee, question), self.trainee, question, rating, now))
        return cards

    def report(self) -> QuizReport:
        """The end report; finishes the run first once every question has been answered.

        Raises:
            RuntimeError: questions remain (call :meth:`abandon` or :meth:`finish` to end early).
        """
        if self._report is None and self._index < self.total:
            raise RuntimeError("questions remain; abandon() or finish() ends a run early")
        return self._report if self._report is not None else self.finish()
