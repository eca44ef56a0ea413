"""The end report of an attempt from the feedback on each of its questions: one implementation for
a run played alone (:class:`~aco_tui.quiz.run.QuizRun`) and a seat in a live room."""

from __future__ import annotations

from aco_tui.quiz.feedback import Feedback, QuizReport, TopicScore
from aco_tui.quiz.plan import QuizPlan


def make_report(attempt_id: str, plan: QuizPlan, status: str, items: tuple[Feedback, ...]) -> QuizReport:
    """Score, percent, pass or fail (a named session's, unless abandoned) and the per-topic breakdown."""
    total = len(items)
    correct = sum(1 for item in items if item.correct)
    percent = round(100.0 * correct / total, 1) if total else 0.0
    graded = plan.kind == "session" and status != "abandoned"  # an abandoned run is not a fail
    passed = percent >= plan.pass_mark if graded else None
    topics: dict[str, list[int]] = {}
    for item in items:
        tally = topics.setdefault(item.played.question.topic, [0, 0])
        tally[0] += item.correct
        tally[1] += 1
    return QuizReport(
        attempt_id,
        plan.title,
        status,
        correct,
        total,
        sum(1 for item in items if item.answered),
        percent,
        plan.pass_mark,
        passed,
        tuple(TopicScore(t, c, n) for t, (c, n) in topics.items()),
        items,
    )
