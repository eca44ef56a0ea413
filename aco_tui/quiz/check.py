"""The question bank's part of ``aco-tui check``: every problem, with the bank's counts."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from aco_tui.errors import DataError
from aco_tui.knowledge.check import CheckReport
from aco_tui.quiz.bank import read_bank
from aco_tui.quiz.plan import plan_session

MIN_PER_TOPIC = 8


def check_bank(quiz_dir: Path, excerpt_ids: Collection[str] | None) -> CheckReport:
    """Every problem of the bank in ``quiz_dir`` (``excerpt_ids``: the excerpts questions may cite, or
    None to skip that rule), with counts of questions, question types and sessions."""
    bank = read_bank(quiz_dir)
    prefix = f"{quiz_dir.parent.name}/{quiz_dir.name}/"
    errors = [prefix + p for p in bank.unusable + bank.problems]
    for question in bank.questions.values():
        missing = [e for e in question.excerpts if excerpt_ids is not None and e not in excerpt_ids]
        if missing:
            errors.append(f"{prefix}{question.source}: question {question.id!r} cites unknown excerpt(s) "
                          f"{', '.join(missing)}")
    for topic, count in bank.topic_counts().items():
        if count < MIN_PER_TOPIC:
            errors.append(f"{prefix.rstrip('/')}: topic {topic!r} has {count} valid question(s), "
                          f"at least {MIN_PER_TOPIC} needed")
    for session in bank.sessions.values():
        try:
            plan_session(bank, session.name)
        except DataError as err:
            errors.append(f"{prefix}{session.source}: session {session.name!r}: {err}")
    counts: dict[str, object] = {"questions": len(bank.questions), "question_types": bank.type_counts(),
                                 "quiz_sessions": len(bank.sessions)}
    return CheckReport(counts, errors)
