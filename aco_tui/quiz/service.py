"""The one object the UI (and plain mode) needs: bank, excerpt store and progress, wired together.

Example::

    service = QuizService.open(kb.paths.content / "quiz", kb.store, open_progress())
    service.sessions()                   # named sessions, for a picker
    run = service.start_session("induction", "Sam Smith")
    ...                                  # see aco_tui.quiz.run for driving a run
    service.due_count("Sam Smith")       # review cards due now
    run = service.start_review("Sam Smith")   # None when nothing is due
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from aco_tui.errors import UsageError
from aco_tui.knowledge.store import ExcerptStore
from aco_tui.quiz.attempts import check_may_start, close_overdue, resume_run, resumed_plan
from aco_tui.quiz.bank_cache import load_bank_cached
from aco_tui.quiz.model import Bank, SessionSpec
from aco_tui.quiz.plan import QuizPlan, plan_practice, plan_questions, plan_review, plan_session, utc_now
from aco_tui.quiz.review import due_now
from aco_tui.quiz.run import QuizRun
from aco_tui.quiz.session_files import with_trainer_sessions
from aco_tui.storage.progress import ProgressStore
from aco_tui.storage.records import Attempt, Card


class QuizService:
    """Starts quiz runs and answers questions about progress. ``progress=None`` records nothing."""

    def __init__(
        self,
        bank: Bank,
        store: ExcerptStore | None = None,
        progress: ProgressStore | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.bank = bank
        self.store = store
        self.progress = progress
        self.clock = clock

    @classmethod
    def open(
        cls,
        quiz_dir: Path,
        store: ExcerptStore | None = None,
        progress: ProgressStore | None = None,
        clock: Callable[[], datetime] = utc_now,
        session_files: Sequence[Path] = (),
    ) -> QuizService:
        """Load the bank (cached, see ``bank_cache``) with the trainer's ``session_files`` merged in
        (:mod:`aco_tui.quiz.session_files`), and record to ``progress``.

        Raises:
            DataError: the bank is unusable.
        """
        return cls(with_trainer_sessions(load_bank_cached(quiz_dir), session_files), store, progress, clock)

    @property
    def notices(self) -> list[str]:
        """Messages to show (a damaged progress database moved aside...)."""
        return list(self.progress.notices) if self.progress is not None else []

    def sessions(self) -> list[SessionSpec]:
        return list(self.bank.sessions.values())

    def topic_counts(self) -> dict[str, int]:
        return self.bank.topic_counts()

    def _run(self, plan: QuizPlan, trainee: str) -> QuizRun:
        run = QuizRun(plan, trainee, progress=self.progress, store=self.store, clock=self.clock)
        run.regraded = self.regraded(plan.session)
        return run.begin()

    def regraded(self, session: str | None) -> dict[str, tuple[str, ...]]:
        """The answers trainers accepted at ``session`` (``results regrade``), by question: later
        attempts are scored with them too."""
        if session is None or self.progress is None:
            return {}
        accepted: dict[str, tuple[str, ...]] = {}
        for regrade in self.progress.regrades(session):
            accepted[regrade.question] = (*accepted.get(regrade.question, ()), regrade.accepted)
        return accepted

    def start_session(self, name: str, trainee: str) -> QuizRun:
        """The trainee's attempt at a named session: the one still running, resumed (``run.resumed``;
        attempts past their deadline are closed first), else a new one, begun and recorded.

        Raises:
            UsageError: unknown session, or a new attempt outside its window or beyond its attempts.
            DataError: the session asks for missing questions.
        """
        running = self.check_session(name, trainee)
        plan = plan_session(self.bank, name)
        return self.resume(plan, running) if running is not None else self._run(plan, trainee)

    def check_session(self, name: str, trainee: str) -> Attempt | None:
        """Whether ``trainee`` may open session ``name`` now, without starting anything: their
        running attempt (to be resumed), or None when a new one may start.

        Raises:
            UsageError: unknown session, or a new attempt outside its window or beyond its attempts.
            DataError: the session asks for missing questions.
        """
        plan_session(self.bank, name)
        now = self.clock()
        earlier: list[Attempt] = []
        if self.progress is not None:
            close_overdue(self.progress, now, self.bank)
            earlier = [a for a in self.progress.attempts(name, trainee) if a.kind == "session"]
            running = [a for a in earlier if a.status == "in_progress"]
            if running:
                return running[-1]
        check_may_start(self.bank.sessions[name], earlier, now)
        return None

    def resume(self, plan: QuizPlan, attempt: Attempt) -> QuizRun:
        """Pick up ``attempt`` (recorded, still running) where it was left."""
        assert self.progress is not None
        run = QuizRun(
            resumed_plan(self.bank, plan, attempt),
            attempt.trainee,
            progress=self.progress,
            store=self.store,
            clock=self.clock,
            attempt_id=attempt.id,
        )
        run.regraded = self.regraded(plan.session)
        return resume_run(run, attempt, self.progress.answers([attempt.id]))

    def close_overdue(self) -> list[str]:
        """Submit every running attempt past its deadline (see :func:`aco_tui.quiz.attempts.close_overdue`)."""
        return close_overdue(self.progress, self.clock(), self.bank) if self.progress is not None else []

    def start_practice(
        self,
        trainee: str,
        topics: Sequence[str] = (),
        levels: Sequence[str] = (),
        types: Sequence[str] = (),
        count: int = 10,
        seed: int | None = None,
    ) -> QuizRun:
        """Begin a practice quiz of up to ``count`` questions matching the filters (empty = any)."""
        return self._run(plan_practice(self.bank, topics, levels, types, count, seed), trainee)

    def start_questions(
        self, trainee: str, question_ids: Sequence[str], kind: str, title: str, record: bool = True
    ) -> QuizRun:
        """Begin a run over these questions in this order (a step of a learning path); with ``record``
        False nothing is saved (a pretest)."""
        plan = plan_questions(self.bank, question_ids, kind, title)
        run = QuizRun(plan, trainee, progress=self.progress if record else None, store=self.store, clock=self.clock)
        return run.begin()

    def due_cards(self, trainee: str) -> list[Card]:
        """The trainee's review cards due now for questions still in the bank, most overdue first."""
        if self.progress is None:
            return []
        now = self.clock()
        return due_now(self.progress.due_cards(trainee, now), self.bank.questions, now)

    def start_again(self, run: QuizRun) -> QuizRun:
        """Begin (and record) a new attempt at the same questions, in the same order, as ``run``.

        Raises:
            UsageError: a session's attempts are used up, or it is closed.
        """
        if run.plan.kind == "session" and run.plan.session in self.bank.sessions:
            return self.start_session(run.plan.session, run.trainee)
        return self._run(run.plan, run.trainee)

    def start_retry(
        self, trainee: str, question_ids: Sequence[str], title: str = "Retry of the questions missed"
    ) -> QuizRun:
        """Begin a practice run over these questions, in this order (say, the ones just missed).

        Raises:
            UsageError: none of the ids is a question of the bank.
        """
        plan = plan_review(self.bank, list(question_ids))
        if not plan.questions:
            raise UsageError("none of those questions is in the question bank now")
        return self._run(replace(plan, kind="practice", title=title), trainee)

    def next_review(self, trainee: str, question_id: str) -> datetime | None:
        """When the trainee's review card of this question is next due (``None``: no card)."""
        if self.progress is None:
            return None
        card = self.progress.card(trainee, question_id)
        return card.due if card else None

    def due_count(self, trainee: str) -> int:
        """How many of the trainee's review cards are due now."""
        return len(self.due_cards(trainee))

    def start_review(self, trainee: str, limit: int | None = None) -> QuizRun | None:
        """A run over the due questions, most overdue first; ``None`` when nothing is due."""
        due = self.due_cards(trainee)[:limit]
        if not due:
            return None
        return self._run(plan_review(self.bank, [d.question for d in due]), trainee)

    def attempts(self, session: str | None = None, trainee: str | None = None) -> list[Attempt]:
        return self.progress.attempts(session, trainee) if self.progress is not None else []
