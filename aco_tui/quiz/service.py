"""The one object the UI (and plain mode) needs: bank, excerpt store and user data, wired together.

Example::

    service = QuizService.open(kb.paths.content / "quiz", kb.store, data_dir=None)
    service.sessions()                   # named sessions, for a picker
    run = service.start_session("induction", "Sam Smith")
    ...                                  # see aco_tui.quiz.run for driving a run
    service.due_count("Sam Smith")       # review cards due now
    run = service.start_review("Sam Smith")   # None when nothing is due
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from aco_tui.errors import UsageError
from aco_tui.quiz.bank_cache import load_bank_cached
from aco_tui.quiz.model import Bank, SessionSpec
from aco_tui.quiz.plan import plan_practice, plan_review, plan_session, utc_now
from aco_tui.quiz.run import QuizRun


class QuizService:
    """Starts quiz runs and answers questions about progress. ``data=None`` records nothing."""

    def __init__(self, bank: Bank, store=None, data=None, clock: Callable[[], datetime] = utc_now) -> None:
        from aco_tui.quiz.records import AttemptLog
        from aco_tui.quiz.review import ReviewDeck

        self.bank = bank
        self.store = store
        self.data = data
        self.clock = clock
        self.log = AttemptLog(data) if data is not None else None
        self.deck = ReviewDeck(data) if data is not None else None

    @classmethod
    def open(cls, quiz_dir: Path, store=None, data_dir=None, clock: Callable[[], datetime] = utc_now) -> "QuizService":
        """Load the bank (cached, see ``bank_cache``) and open the user data directory (``--data-dir``, ``ACO_TUI_DATA``, platform default).

        Raises:
            DataError: the bank is unusable.
        """
        from aco_tui.storage.userdata import UserData, resolve_data_dir

        return cls(load_bank_cached(quiz_dir), store, UserData(resolve_data_dir(data_dir)), clock)

    @property
    def notices(self) -> list[str]:
        """Messages to show (a damaged progress file moved aside...)."""
        return list(self.data.notices) if self.data is not None else []

    def sessions(self) -> list[SessionSpec]:
        return list(self.bank.sessions.values())

    def topic_counts(self) -> dict[str, int]:
        return self.bank.topic_counts()

    def _run(self, plan, trainee: str) -> QuizRun:
        run = QuizRun(plan, trainee, log=self.log, deck=self.deck, store=self.store, clock=self.clock)
        return run.begin()

    def start_session(self, name: str, trainee: str) -> QuizRun:
        """Begin (and record) an attempt at a named session.

        Raises:
            UsageError: unknown session. DataError: the session asks for missing questions.
        """
        return self._run(plan_session(self.bank, name), trainee)

    def start_practice(self, trainee: str, topics=(), levels=(), types=(), count: int = 10,
                       seed: int | None = None) -> QuizRun:
        """Begin a practice quiz of up to ``count`` questions matching the filters (empty = any)."""
        return self._run(plan_practice(self.bank, topics, levels, types, count, seed), trainee)

    def start_again(self, run: QuizRun) -> QuizRun:
        """Begin (and record) a new attempt at the same questions, in the same order, as ``run``."""
        return self._run(run.plan, run.trainee)

    def start_retry(self, trainee: str, question_ids, title: str = "Retry of the questions missed") -> QuizRun:
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
        if self.deck is None:
            return None
        card = self.deck.cards(trainee).get(question_id)
        return datetime.fromisoformat(card["card"]["due"]) if card else None

    def due_count(self, trainee: str) -> int:
        """How many of the trainee's review cards are due now."""
        if self.deck is None:
            return 0
        return self.deck.due_count(trainee, self.clock(), set(self.bank.questions))

    def start_review(self, trainee: str, limit: int | None = None) -> QuizRun | None:
        """A run over the due questions, most overdue first; ``None`` when nothing is due."""
        if self.deck is None:
            return None
        due = self.deck.due(trainee, self.clock(), set(self.bank.questions))
        if limit is not None:
            due = due[:limit]
        if not due:
            return None
        return self._run(plan_review(self.bank, [d.question for d in due]), trainee)

    def attempts(self, session: str | None = None, trainee: str | None = None) -> list[dict]:
        return self.log.attempts(session, trainee) if self.log is not None else []
