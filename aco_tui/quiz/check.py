"""The question bank's part of ``aco-tui check``: every problem, with the bank's counts."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from aco_tui.errors import DataError
from aco_tui.knowledge.check import CheckReport
from aco_tui.knowledge.content import Content
from aco_tui.knowledge.topics import TEACHING_PANES
from aco_tui.quiz.bank import read_bank
from aco_tui.quiz.coverage import MIN_COVERAGE, coverage, linkable_sections
from aco_tui.quiz.model import Bank
from aco_tui.quiz.plan import plan_session
from aco_tui.quiz.session_files import with_trainer_sessions

MIN_PER_TOPIC = 8
SHOWN_UNCOVERED = 5  # uncovered sections named in the coverage error (all of them are in --json)


def check_bank(
    quiz_dir: Path,
    excerpt_ids: Collection[str] | None,
    content: Content | None = None,
    session_files: Sequence[Path] = (),
) -> CheckReport:
    """Every problem of the bank in ``quiz_dir``, with counts of questions, question types and sessions.

    Args:
        quiz_dir: the bank's directory.
        excerpt_ids: the excerpts questions may cite, or None to skip that rule.
        content: the content whose sections questions name, or None to skip the link and coverage
            rules; given, the counts add ``check_coverage`` and ``uncovered_sections``.
        session_files: the trainer's own session files, checked and merged as the quiz merges them.
    """
    bank = read_bank(quiz_dir)
    prefix = f"{quiz_dir.parent.name}/{quiz_dir.name}/"
    errors = [prefix + p for p in bank.unusable + bank.problems]
    shipped = len(bank.problems)
    bank = with_trainer_sessions(bank, session_files)
    errors += bank.problems[shipped:]  # named by their own path
    for question in bank.questions.values():
        missing = [e for e in question.excerpts if excerpt_ids is not None and e not in excerpt_ids]
        if missing:
            errors.append(
                f"{prefix}{question.source}: question {question.id!r} cites unknown excerpt(s) {', '.join(missing)}"
            )
        if question.topic in TEACHING_PANES and not question.sections:
            errors.append(
                f"{prefix}{question.source}: question {question.id!r} names no section it checks "
                '(add sections = ["pane#slug"])'
            )
    for topic, count in bank.topic_counts().items():
        if count < MIN_PER_TOPIC:
            errors.append(
                f"{prefix.rstrip('/')}: topic {topic!r} has {count} valid question(s), at least {MIN_PER_TOPIC} needed"
            )
    for session in bank.sessions.values():
        try:
            plan_session(bank, session.name)
        except DataError as err:
            own = session.source.startswith(tuple(f"{path}:" for path in session_files))
            where = session.source if own else prefix + session.source
            errors.append(f"{where}: session {session.name!r}: {err}")
    counts: dict[str, object] = {
        "questions": len(bank.questions),
        "question_types": bank.type_counts(),
        "quiz_sessions": len(bank.sessions),
    }
    if content is not None:
        errors += _section_problems(bank, content, prefix)
        coverage_counts, coverage_errors = _coverage(bank, content, prefix)
        counts.update(coverage_counts)
        errors += coverage_errors
    return CheckReport(counts, errors)


def _section_problems(bank: Bank, content: Content, prefix: str) -> list[str]:
    """Each question's links that name no section of a reading pane."""
    known = linkable_sections(content)
    problems = []
    for question in bank.questions.values():
        unknown = [link for link in question.sections if link not in known]
        if unknown:
            problems.append(
                f"{prefix}{question.source}: question {question.id!r} names unknown section(s) {', '.join(unknown)}"
            )
    return problems


def _coverage(bank: Bank, content: Content, prefix: str) -> tuple[dict[str, object], list[str]]:
    """The counts ``check_coverage`` and ``uncovered_sections``, and an error below the minimum."""
    covered = coverage(content, bank.questions.values())
    errors = []
    if covered.fraction < MIN_COVERAGE:
        shown = ", ".join(covered.uncovered[:SHOWN_UNCOVERED])
        more = (
            f" and {len(covered.uncovered) - SHOWN_UNCOVERED} more" if len(covered.uncovered) > SHOWN_UNCOVERED else ""
        )
        errors.append(
            f"{prefix.rstrip('/')}: check coverage {covered.fraction} is below {MIN_COVERAGE}: "
            f"{len(covered.uncovered)} of {len(covered.teaching)} teaching sections have no question "
            f"naming them ({shown}{more})"
        )
    return {"check_coverage": covered.fraction, "uncovered_sections": list(covered.uncovered)}, errors
