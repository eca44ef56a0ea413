"""One trainee's progress: per topic what was read, checked and mastered, the predicted recall in a
week, the reviews due now and coming due, and the days studied. Shared by ``aco-tui progress`` and
the app's view."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from aco_tui.knowledge.content import Content
from aco_tui.knowledge.topics import TOPICS, topic_label
from aco_tui.quiz.attempts import close_overdue
from aco_tui.quiz.coverage import section_link
from aco_tui.quiz.learn import LearnPath, pane_sections
from aco_tui.quiz.model import Bank
from aco_tui.quiz.review import FORECAST_DAYS as RECALL_DAYS
from aco_tui.quiz.review import RECALL_MEANING, due_now, recall_forecast
from aco_tui.safe_text import visible
from aco_tui.storage.progress import ProgressStore

FORECAST_DAYS = 14
CALENDAR_DAYS = 28


@dataclass(frozen=True)
class TopicProgress:
    """One topic: sections read of those that teach, learning-path checks, mastery, memory."""

    topic: str
    sections: int
    sections_read: int
    checks: int  # sections checked in the learning path
    checks_right: int
    mastery: float  # 0..1: the share of the path's sections whose latest test question was right
    mastered: bool  # the posttest or a retest reached the standard (80%)
    recall: float | None  # mean predicted recall in a week (review.recall_forecast); None if none seen
    seen: int  # questions of this topic with a review card
    last_wrong: int  # of those, the ones whose last answer was wrong


@dataclass(frozen=True)
class ProgressReport:
    trainee: str
    topics: tuple[TopicProgress, ...]
    due_now: int  # review cards due now: the count the Quiz pane and ``quiz --due`` show
    forecast: tuple[tuple[date, int], ...]  # reviews falling due later, per day, today first
    calendar: tuple[tuple[date, int], ...]  # answers given and sections read per day, oldest first

    def as_json(self) -> str:
        return json.dumps(
            {
                "trainee": self.trainee,
                "topics": [asdict(t) for t in self.topics],
                "recall_meaning": RECALL_MEANING,
                "due_now": self.due_now,
                "forecast": [{"date": d.isoformat(), "due": n} for d, n in self.forecast],
                "calendar": [{"date": d.isoformat(), "activity": n} for d, n in self.calendar],
            },
            indent=2,
            ensure_ascii=False,
        )

    def as_text(self) -> str:
        lines = [f"Progress of {visible(self.trainee)}", ""]  # a name as typed: escapes shown, not obeyed
        rows = [("topic", "read", "checks right", "mastery", f"recall in {RECALL_DAYS} days")]
        for t in self.topics:
            rows.append(
                (
                    topic_label(t.topic),
                    f"{t.sections_read}/{t.sections}",
                    f"{t.checks_right}/{t.checks}",
                    f"{t.mastery:.0%}" + (" mastered" if t.mastered else ""),
                    recall_cell(t),
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
        lines += ["", RECALL_MEANING, "", due_sentence(self.due_now)]
        total = sum(n for _, n in self.forecast)
        lines += [f"Falling due later, in the next {len(self.forecast)} days: {total}"]
        lines += [f"  {d.isoformat()}  {'#' * min(n, 40)} {n}" for d, n in self.forecast if n]
        studied = [d for d, n in self.calendar if n]
        lines += ["", f"Days studied in the last {len(self.calendar)}: {len(studied)}"]
        return "\n".join(lines)


def progress_report(
    trainee: str, bank: Bank, content: Content, progress: ProgressStore, now: datetime
) -> ProgressReport:
    """What ``trainee`` has done, from the progress database, at ``now``.

    Attempts past their deadline are closed first (:func:`~aco_tui.quiz.attempts.close_overdue`, as
    ``results``, the dashboard and the quiz do), so a timed closed-book session's answers count here
    as soon as its time is up, not when someone else next touches the records."""
    close_overdue(progress, now, bank)
    read = progress.sections_read(trainee)
    cards = progress.cards(trainee)
    topics = []
    for topic in TOPICS:
        sections = [section_link(s) for s in pane_sections(content, topic)]
        path = LearnPath.resume(progress.load_learning(trainee, topic), bank)
        latest = path.check_results() if path else {}
        seen = [c for c in cards if c.question in bank.questions and bank.questions[c.question].topic == topic]
        memory = [recall_forecast(c, now) for c in seen]
        topics.append(
            TopicProgress(
                topic=topic,
                sections=len(sections),
                sections_read=sum(1 for s in sections if s in read),
                checks=len(latest),
                checks_right=sum(1 for right in latest.values() if right),
                mastery=(path.mastery or 0.0) if path else 0.0,
                mastered=path.mastered if path else False,
                recall=round(sum(memory) / len(memory), 3) if memory else None,
                seen=len(seen),
                last_wrong=sum(1 for c in seen if c.rating == "again"),
            )
        )
    today = now.date()
    due_cards = due_now(cards, bank.questions, now)
    waiting = {id(c) for c in due_cards}
    due = Counter(c.due.date() for c in cards if c.question in bank.questions and id(c) not in waiting)
    forecast = tuple((today + timedelta(days=n), due.get(today + timedelta(days=n), 0)) for n in range(FORECAST_DAYS))
    activity: Counter[date] = Counter(when.date() for when in read.values())
    attempts = progress.attempts(trainee=trainee)
    activity.update(a.at.date() for a in progress.answers(a.id for a in attempts))
    start = today - timedelta(days=CALENDAR_DAYS - 1)
    calendar = tuple(
        (start + timedelta(days=n), activity.get(start + timedelta(days=n), 0)) for n in range(CALENDAR_DAYS)
    )
    return ProgressReport(trainee, tuple(topics), len(due_cards), forecast, calendar)


def recall_cell(topic: TopicProgress) -> str:
    """The recall column of a topic: "58% of 4 (2 wrong last time)", or "-" with nothing answered."""
    if topic.recall is None:
        return "-"
    wrong = f", {topic.last_wrong} wrong last time" if topic.last_wrong else ""
    return f"{topic.recall:.0%} of {topic.seen}{wrong}"


def due_sentence(due: int) -> str:
    """How many review questions are due now, as a sentence (the one count shown everywhere)."""
    if not due:
        return "Nothing is due for review now."
    return f"{due} question{'s are' if due != 1 else ' is'} due for review now."
