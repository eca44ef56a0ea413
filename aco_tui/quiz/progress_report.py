"""One trainee's progress: per topic what was read, checked and mastered, what is still remembered,
the reviews coming due, and the days studied. Shared by ``aco-tui progress`` and the app's view."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from aco_tui.knowledge.content import Content
from aco_tui.knowledge.topics import TOPICS, topic_label
from aco_tui.quiz.coverage import section_link
from aco_tui.quiz.learn import LearnPath, pane_sections
from aco_tui.quiz.model import Bank
from aco_tui.quiz.review import retrievability
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
    retrievability: float | None  # mean FSRS retrievability of the questions seen; None if none seen
    seen: int  # questions of this topic with a review card


@dataclass(frozen=True)
class ProgressReport:
    trainee: str
    topics: tuple[TopicProgress, ...]
    forecast: tuple[tuple[date, int], ...]  # reviews due per day, today first (overdue counted today)
    calendar: tuple[tuple[date, int], ...]  # answers given and sections read per day, oldest first

    def as_json(self) -> str:
        return json.dumps({
            "trainee": self.trainee,
            "topics": [asdict(t) for t in self.topics],
            "forecast": [{"date": d.isoformat(), "due": n} for d, n in self.forecast],
            "calendar": [{"date": d.isoformat(), "activity": n} for d, n in self.calendar],
        }, indent=2, ensure_ascii=False)

    def as_text(self) -> str:
        lines = [f"Progress of {visible(self.trainee)}", ""]  # a name as typed: escapes shown, not obeyed
        rows = [("topic", "read", "checks right", "mastery", "remembered")]
        for t in self.topics:
            rows.append((topic_label(t.topic), f"{t.sections_read}/{t.sections}", f"{t.checks_right}/{t.checks}",
                         f"{t.mastery:.0%}" + (" mastered" if t.mastered else ""),
                         "-" if t.retrievability is None else f"{t.retrievability:.0%} of {t.seen}"))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
        total = sum(n for _, n in self.forecast)
        lines += ["", f"Reviews due in the next {len(self.forecast)} days: {total}"]
        lines += [f"  {d.isoformat()}  {'#' * min(n, 40)} {n}" for d, n in self.forecast if n]
        studied = [d for d, n in self.calendar if n]
        lines += ["", f"Days studied in the last {len(self.calendar)}: {len(studied)}"]
        return "\n".join(lines)


def progress_report(trainee: str, bank: Bank, content: Content, progress: ProgressStore, now: datetime) -> ProgressReport:
    """What ``trainee`` has done, from the progress database, at ``now``."""
    read = progress.sections_read(trainee)
    cards = progress.cards(trainee)
    topics = []
    for topic in TOPICS:
        sections = [section_link(s) for s in pane_sections(content, topic)]
        path = LearnPath.resume(progress.load_learning(trainee, topic), bank)
        latest = path.check_results() if path else {}
        seen = [c for c in cards if c.question in bank.questions and bank.questions[c.question].topic == topic]
        memory = [retrievability(c, now) for c in seen]
        topics.append(TopicProgress(
            topic=topic, sections=len(sections), sections_read=sum(1 for s in sections if s in read),
            checks=len(latest), checks_right=sum(1 for right in latest.values() if right),
            mastery=(path.mastery or 0.0) if path else 0.0, mastered=path.mastered if path else False,
            retrievability=round(sum(memory) / len(memory), 3) if memory else None, seen=len(seen)))
    today = now.date()
    due = Counter(max(c.due.date(), today) for c in cards if c.question in bank.questions)
    forecast = tuple((today + timedelta(days=n), due.get(today + timedelta(days=n), 0)) for n in range(FORECAST_DAYS))
    activity: Counter[date] = Counter(when.date() for when in read.values())
    attempts = progress.attempts(trainee=trainee)
    activity.update(a.at.date() for a in progress.answers(a.id for a in attempts))
    start = today - timedelta(days=CALENDAR_DAYS - 1)
    calendar = tuple((start + timedelta(days=n), activity.get(start + timedelta(days=n), 0))
                     for n in range(CALENDAR_DAYS))
    return ProgressReport(trainee, tuple(topics), forecast, calendar)
