"""The attempt on the server: closing attempts at their deadline, picking one up again, and the
rules of a session (its window and how many attempts a trainee may start).

- :func:`close_overdue`: every running attempt whose deadline has passed is submitted at its
  deadline with the answers given ("timed out", as Moodle's default "submitted at the deadline"),
  by whichever process touches the records first: the trainee's, ``results``, the dashboard.
- :func:`resume_run`: the same questions, in the same order with the same options, the answers
  kept, the flags kept, the clock at the stored deadline.
- :func:`check_may_start`: a new attempt outside the session's window, or beyond its attempts, is
  refused with one line (:class:`~aco_tui.errors.UsageError`, exit 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from aco_tui.errors import DataError, UsageError
from aco_tui.quiz.model import Bank, SessionSpec
from aco_tui.quiz.plan import QuizPlan, play
from aco_tui.quiz.review import schedule
from aco_tui.quiz.run import QuizRun
from aco_tui.quiz.scoring import Outcome, PlayedQuestion
from aco_tui.storage.progress import ProgressStore
from aco_tui.storage.records import Answer, Attempt, Card, Finish

SUBMITTED_AT_DEADLINE = "timed_out"


def when(moment: datetime) -> str:
    """A moment as a trainer or trainee reads it: ``2026-12-07 17:36 UTC`` (ISO 8601 order)."""
    return moment.strftime("%Y-%m-%d %H:%M ") + (moment.tzname() or "")


def close_overdue(progress: ProgressStore, now: datetime, bank: Bank | None = None) -> list[str]:
    """Submit every running attempt whose deadline is at or before ``now``, at its deadline, with
    the answers given; the ids of those this call closed (another process may close some first).
    With ``bank``, a closed-book session's review cards are scheduled then, as when it ends in the app."""
    closed = []
    for attempt in progress.overdue_attempts(now):
        percent = round(100.0 * attempt.score / attempt.total, 1) if attempt.total else 0.0
        passed = percent >= attempt.pass_mark if attempt.kind == "session" and attempt.pass_mark is not None else None
        ended = attempt.deadline or now
        spec = bank.sessions.get(attempt.session) if bank is not None and attempt.session else None
        cards = _closed_book_cards(progress, attempt, ended) if spec is not None and spec.closed_book else []
        if progress.finish_attempt(attempt.id, Finish(SUBMITTED_AT_DEADLINE, ended, percent, passed), cards):
            closed.append(attempt.id)
    return closed


def _closed_book_cards(progress: ProgressStore, attempt: Attempt, when: datetime) -> list[Card]:
    """The review cards of a closed-book attempt's answers, scheduled at its end."""
    return [
        schedule(
            progress.card(attempt.trainee, answer.question),
            attempt.trainee,
            answer.question,
            "good" if answer.correct else "again",
            when,
        )
        for answer in progress.answers([attempt.id])
    ]


def check_may_start(spec: SessionSpec, earlier: Sequence[Attempt], now: datetime) -> None:
    """Refuse a new attempt at ``spec`` outside its window or beyond its attempts.

    Raises:
        UsageError: one line saying why.
    """
    if spec.opens is not None and now < spec.opens:
        raise UsageError(f"session {spec.name!r} opens at {when(spec.opens)}; it cannot be started before")
    if spec.closes is not None and now >= spec.closes:
        raise UsageError(f"session {spec.name!r} closed at {when(spec.closes)}; no new attempt can be started")
    allowed = spec.allowed_attempts
    if allowed is not None and len(earlier) >= allowed:
        raise UsageError(
            f"you have used {len(earlier)} of the {allowed} attempt(s) allowed at session "
            f"{spec.name!r}; ask your trainer for another"
        )


def response_from_given(played: PlayedQuestion, given: object) -> object:
    """The canonical response (see :mod:`aco_tui.quiz.scoring`) of a stored answer ``given`` (in
    words, as :func:`~aco_tui.quiz.scoring.given_record` stored it), for the options as played.

    Raises:
        ValueError: it does not fit the question as played now.
    """
    options, kind = played.options, played.type
    if kind == "truefalse":
        return 0 if given else 1
    if kind == "single":
        return options.index(str(given))
    if kind == "multiple" and isinstance(given, list):
        return frozenset(options.index(str(g)) for g in given)
    if kind == "order" and isinstance(given, list):
        return tuple(options.index(str(g)) for g in given)
    if kind == "match" and isinstance(given, list):
        right_of = {str(pair[0]): str(pair[1]) for pair in given}
        return tuple(options.index(right_of[left]) for left in played.left)
    if kind == "short":
        return str(given)
    raise ValueError(f"a stored {kind} answer that does not fit the question: {given!r}")


def resumed_plan(bank: Bank, plan: QuizPlan, attempt: Attempt) -> QuizPlan:
    """``plan`` with the attempt's own questions, in its order and with its options (the bank's
    questions, played again with the attempt's seed).

    Raises:
        DataError: a question of the attempt is no longer in the bank.
    """
    if attempt.question_set == plan.version:
        return plan
    missing = [q for q in attempt.questions if q not in bank.questions]
    if missing:
        raise DataError(
            f"your attempt at {plan.title!r} asks question(s) no longer in the bank "
            f"({', '.join(missing)}); ask your trainer"
        )
    seed = attempt.seed if attempt.seed is not None else plan.seed
    return replace(plan, questions=tuple(play(bank.questions[q], seed) for q in attempt.questions))


def resume_run(run: QuizRun, attempt: Attempt, answers: Sequence[Answer]) -> QuizRun:
    """``run`` (built on :func:`resumed_plan`, not begun) restored to the state of ``attempt``."""
    outcomes: dict[int, Outcome] = {}
    for answer in answers:
        index = answer.position - 1
        if not 0 <= index < run.total or run.plan.questions[index].id != answer.question:
            continue
        played = run.plan.questions[index]
        try:
            response = response_from_given(played, answer.given)
        except (ValueError, KeyError):
            continue  # the question changed since: it is asked again
        outcomes[index] = Outcome(answer.correct, answer.credit, response, answer.given)
    return run.restore(attempt.started, attempt.deadline, outcomes, set(attempt.flags))


def resume_line(run: QuizRun, now: datetime) -> str:
    """``Resumed your attempt begun 2026-12-07 17:36 UTC: 2 of 6 answered, 12:30 left.``"""
    answered = sum(1 for n in range(1, run.total + 1) if run.answered(n))
    begun = when(run.started_at) if run.started_at else "earlier"
    line = f"Resumed your attempt begun {begun}: {answered} of {run.total} answered"
    if run.deadline is not None:
        line += f", {clock_left(run.deadline - now)} left"
    return line + "."


def clock_left(left: timedelta) -> str:
    """``12:30`` (minutes and seconds) or ``1:02:05`` (with hours); never negative."""
    seconds = max(0, int(left.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
