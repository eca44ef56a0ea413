"""A fixed cohort at one session, as the storage records: the item analysis tests' 5 x 4 matrix, plus
attempts that must not count (a second try, a live one, a stale one, an abandoned one, a practice).

Counted attempts (each trainee's first that ended), x = 1 when fully right::

           q1 q2 q3 q4 (q4: nobody reached it; time ran out)
    Ann     1  1  1  0
    Bo      1  1  0  0
    Cy      1  0  1  0
    Dee     1  1  1  0
    Eve     1  0  0  0
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from aco_tui.quiz.model import Question
from aco_tui.storage.records import Answer, Attempt

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
NOW = START + timedelta(hours=1)
SESSION = "induction"
VERSION = "v1v1v1v1v1v1v1v1"
QUESTION_IDS = ("q1", "q2", "q3", "q4")

QUESTIONS = {
    "q1": Question(
        "q1",
        "concepts",
        "intro",
        "single",
        "What does an ACO hold?",
        "A single budget.",
        ("ex-1",),
        correct=("A single budget",),
        wrong=("Two budgets", "No budget"),
    ),
    "q2": Question(
        "q2",
        "concepts",
        "core",
        "multiple",
        "Which are parts of an ACO?",
        "A and B.",
        ("ex-1",),
        correct=("Providers", "A budget"),
        wrong=("A shareholder",),
    ),
    "q3": Question(
        "q3", "timeline", "intro", "truefalse", "The plan was published in 2014.", "It was.", ("ex-2",), answer=True
    ),
    "q4": Question(
        "q4",
        "legal-challenges",
        "intro",
        "short",
        "Who regulates? (one word)",
        "Monitor.",
        ("ex-3",),
        answers=("Monitor",),
    ),
}

MATRIX = {"Ann": (1, 1, 1), "Bo": (1, 1, 0), "Cy": (1, 0, 1), "Dee": (1, 1, 1), "Eve": (1, 0, 0)}

_RIGHT = {
    "q1": ("A single budget", "A single budget"),
    "q2": (["Providers", "A budget"], "Providers; A budget"),
    "q3": (True, "True"),
    "q4": ("Monitor", "Monitor"),
}
_WRONG = {
    "q1": ("Two budgets", "Two budgets"),
    "q2": (["Providers", "A shareholder"], "Providers; A shareholder"),
    "q3": (False, "False"),
    "q4": ("CQC", "CQC"),
}
_TOPIC = {q.id: q.topic for q in QUESTIONS.values()}
_TYPE = {q.id: q.type for q in QUESTIONS.values()}


def answer(attempt: str, position: int, right: bool, at: datetime, question: str | None = None) -> Answer:
    qid = question or QUESTION_IDS[position - 1]
    given, text = (_RIGHT if right else _WRONG)[qid]
    return Answer(attempt, position, qid, _TOPIC[qid], _TYPE[qid], given, text, right, 1.0 if right else 0.0, at, 20.0)


def attempt(
    ident: str,
    trainee: str,
    started: datetime,
    marks: tuple[int, ...],
    status: str,
    last: datetime | None = None,
    kind: str = "session",
    version: str = VERSION,
) -> tuple[Attempt, list[Answer]]:
    """An attempt that answered ``len(marks)`` questions (1 right, 0 wrong), and its answers."""
    answers = [answer(ident, n, bool(mark), started + timedelta(minutes=n)) for n, mark in enumerate(marks, start=1)]
    score = sum(marks)
    ended = status != "in_progress"
    percent = round(100.0 * score / len(QUESTION_IDS), 1) if ended and status != "abandoned" else None
    record = Attempt(
        id=ident,
        trainee=trainee,
        kind=kind,
        session=SESSION if kind == "session" else None,
        title="Induction week",
        question_set=version,
        seed=1,
        questions=QUESTION_IDS,
        pass_mark=50.0,
        feedback="immediate",
        time_limit=5,
        started=started,
        last_activity=last or (answers[-1].at if answers else started),
        ended=(answers[-1].at if answers else started) + timedelta(seconds=30) if ended else None,
        status=status,
        answered=len(marks),
        score=score,
        percent=percent,
        passed=(percent >= 50.0) if percent is not None and kind == "session" else None,
    )
    return record, answers


def cohort() -> tuple[list[Attempt], list[Answer]]:
    """Every attempt of the fixture (the counted five, Ann's second try, Fay live, Gus stale,
    Hal abandoned, and a practice by Ann), with their answers."""
    attempts: list[Attempt] = []
    answers: list[Answer] = []

    def add(pair: tuple[Attempt, list[Answer]]) -> None:
        attempts.append(pair[0])
        answers.extend(pair[1])

    for n, (trainee, marks) in enumerate(MATRIX.items()):
        add(attempt(f"a-{trainee.lower()}", trainee, START + timedelta(minutes=n), marks, "timed_out"))
    second = attempt("a-ann-2", "Ann", START + timedelta(minutes=20), (1, 1, 1, 1), "finished")
    add(second)
    add(attempt("a-fay", "Fay", NOW - timedelta(minutes=3), (1, 0), "in_progress", last=NOW - timedelta(minutes=1)))
    add(attempt("a-gus", "Gus", START + timedelta(minutes=10), (0,), "in_progress"))
    add(attempt("a-hal", "Hal", START + timedelta(minutes=12), (1,), "abandoned"))
    add(attempt("a-ann-practice", "Ann", START + timedelta(minutes=40), (1,), "finished", kind="practice"))
    return attempts, answers


class MemoryStore:
    """The read side of a :class:`~aco_tui.storage.progress.ProgressStore`, in memory (for the
    report and dashboard tests; the real databases have their own tests)."""

    def __init__(self, attempts: list[Attempt] | None = None, answers: list[Answer] | None = None) -> None:
        self.location = "memory"
        self.notices: list[str] = []
        self.records = list(attempts or [])
        self.given = list(answers or [])
        self.closed = False

    def attempts(self, session: str | None = None, trainee: str | None = None) -> list[Attempt]:
        return sorted(
            (
                a
                for a in self.records
                if (session is None or a.session == session) and (trainee is None or a.trainee == trainee)
            ),
            key=lambda a: a.started,
        )

    def answers(self, attempt_ids) -> list[Answer]:
        wanted = set(attempt_ids)
        return sorted((a for a in self.given if a.attempt in wanted), key=lambda a: (a.attempt, a.position))

    def overdue_attempts(self, now) -> list[Attempt]:
        return [a for a in self.records if a.status == "in_progress" and a.deadline is not None and a.deadline <= now]

    def finish_attempt(self, attempt_id, finish, cards=()) -> bool:
        for n, attempt in enumerate(self.records):
            if attempt.id == attempt_id and attempt.status == "in_progress":
                self.records[n] = replace(
                    attempt, status=finish.status, ended=finish.ended, percent=finish.percent, passed=finish.passed
                )
                return True
        return False

    def close(self) -> None:
        self.closed = True


def bank():
    """A bank holding the fixture's questions and an 'induction' session."""
    from pathlib import Path

    from aco_tui.quiz.model import Bank, SessionSpec

    spec = SessionSpec(SESSION, "Induction week", seed=1, pass_mark=50.0, questions=QUESTION_IDS)
    return Bank(Path("."), questions=dict(QUESTIONS), sessions={SESSION: spec})
