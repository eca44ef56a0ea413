"""The end of a live room, for the trainer: everyone's score, the item analysis of this run (the
cohort report of the room's attempts only, as the trainer's dashboard shows it) and the questions
most missed, each with the section that teaches it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aco_tui.quiz.cohort import CohortReport, ItemRow, build_report
from aco_tui.quiz.live import LiveHost
from aco_tui.quiz.model import Question
from aco_tui.storage.live_rooms import SeatScore

MOST_MISSED = 3


@dataclass(frozen=True)
class MissedQuestion:
    """A question few got right, and where it is taught (None: no section found)."""

    position: int
    item: ItemRow
    teaches: str | None


@dataclass(frozen=True)
class LiveFinal:
    scores: tuple[SeatScore, ...]
    report: CohortReport | None  # None: nobody joined
    missed: tuple[MissedQuestion, ...]


def final_report(host: LiveHost, teaches: Callable[[Question], str | None] = lambda q: None) -> LiveFinal:
    """The room's results (best to read once it has ended: its attempts are then finished)."""
    scores = tuple(host.scores())
    progress = host.progress
    attempts = [a for a in (progress.attempt(s.attempt) for s in scores) if a is not None]
    if not attempts:
        return LiveFinal(scores, None, ())
    answers = progress.answers([a.id for a in attempts])
    report = build_report(host.room.session, attempts, answers, host.questions, title=host.room.title)
    items = list(enumerate(report.analysis.items, start=1)) if report.analysis else []
    hardest = sorted(
        (pair for pair in items if pair[1].figures.facility is not None),
        key=lambda pair: (pair[1].figures.facility or 0.0, pair[0]),
    )
    missed = tuple(
        MissedQuestion(
            position, item, teaches(host.questions[item.question]) if item.question in host.questions else None
        )
        for position, item in hardest[:MOST_MISSED]
        if (item.figures.facility or 0.0) < 1.0
    )
    return LiveFinal(scores, report, missed)
