"""A trainer's regrade of a short-answer question: every recorded answer at one session that
matches an answer the trainer accepts (with the same forgiveness as when it was scored, see
:mod:`aco_tui.quiz.short_answer`) is turned right; scores, pass or fail and the item analysis
follow, and the audit keeps who did it, when, and what was accepted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aco_tui.errors import UsageError
from aco_tui.quiz.model import Bank
from aco_tui.quiz.short_answer import match_short, short_key
from aco_tui.storage.progress import ProgressStore
from aco_tui.storage.records import Regrade


@dataclass(frozen=True)
class RegradeResult:
    """What a regrade changed."""

    regrade: Regrade
    attempts: int  # attempts whose score changed

    def line(self) -> str:
        r = self.regrade
        return (
            f"Regraded {r.question} at session {r.session!r}: {r.answers} answer(s) matching "
            f"\u201c{r.accepted}\u201d are now right, in {self.attempts} attempt(s); scores, pass or fail "
            f"and the item analysis follow. Audit kept: by {r.by} at {r.at:%Y-%m-%d %H:%M %Z}."
        )


def regrade_short(
    progress: ProgressStore, bank: Bank | None, session: str, question: str, accept: str, by: str, now: datetime
) -> RegradeResult:
    """Accept ``accept`` for ``question`` in every attempt at ``session`` (answers already right are
    left as they are).

    Raises:
        UsageError: no such session or question in the records, the question is not a short
            answer, or ``accept`` has no letters or digits.
    """
    if not short_key(accept):
        raise UsageError("--accept needs an answer with letters or digits")
    known = bank.questions.get(question) if bank is not None else None
    if known is not None and known.type != "short":
        raise UsageError(f"{question} is a {known.type} question; only short answers can be regraded")
    attempts = [a for a in progress.attempts(session) if a.kind == "session"]
    if not attempts:
        raise UsageError(f"no attempts recorded at session {session!r}")
    asked = [a for a in attempts if question in a.questions]
    if not asked:
        raise UsageError(f"no attempt at session {session!r} asked {question}")
    keys = [
        (answer.attempt, answer.position)
        for answer in progress.answers([a.id for a in asked])
        if answer.question == question
        and answer.type == "short"
        and not answer.correct
        and match_short(str(answer.given), [accept]) is not None
    ]
    regrade = Regrade(session, question, accept, by, now, len(keys))
    progress.regrade_answers(keys, regrade)
    return RegradeResult(regrade, len({attempt for attempt, _ in keys}))
