"""What the quiz pane's pages say: start page, feedback, end report, "what I missed" (Rich renderables
of literal text: nothing from the bank is ever parsed as markup)."""

from __future__ import annotations

from datetime import timedelta

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from aco_tui.knowledge.topics import topic_label
from aco_tui.quiz.model import SessionSpec
from aco_tui.quiz.run import Feedback, QuizReport


def session_length(spec: SessionSpec) -> int:
    """How many questions a session asks: its listed ones plus every pick's count."""
    return len(spec.questions) + sum(pick.count for pick in spec.picks)


def start_text(spec: SessionSpec) -> RenderableType:
    """The start page of a session: what it asks, for how long, the pass mark and when answers show."""
    rows = Table.grid(padding=(0, 2))
    rows.add_column(style="bold", no_wrap=True)
    rows.add_column()
    rows.add_row("Questions", f"{session_length(spec)} questions")
    if spec.time_limit:
        rows.add_row("Time limit", f"{spec.time_limit} minutes, from when you press Enter; the clock keeps "
                                   "running if you leave the quiz")
    rows.add_row("Pass mark", f"{spec.pass_mark:g}% of the questions fully right")
    rows.add_row("Feedback", "at the end: answers are recorded without comment until then"
                 if spec.feedback == "deferred" else "after each answer")
    return Group(Text(f"{spec.title}\n", style="bold"), Padding(rows, (0, 0, 0, 2)),
                 Text("\nPress Enter to start. Escape goes back to the menu."))


def excerpts_text(feedback: Feedback) -> Text:
    """The verbatim supporting excerpts with their sources."""
    text = Text()
    for excerpt in feedback.excerpts:
        text.append(f"\u201c{excerpt.text}\u201d\n", style="italic")
        where = excerpt.source_title + (f" \u00b7 {excerpt.section}" if excerpt.section else "")
        text.append(f"  \u2014 {where}\n\n", style="dim")
    return text


def interval_text(interval: timedelta) -> str:
    """``'10 minutes'``, ``'3 hours'``, ``'1 day'``: a review interval, rounded to one unit."""
    seconds = max(0, int(interval.total_seconds()))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size or unit == "minute":
            count = max(1, round(seconds / size))
            return f"{count} {unit}{'' if count == 1 else 's'}"
    raise AssertionError("unreachable")


def review_line(interval: timedelta | None, *, gradable: bool) -> str:
    """When the question comes back for review (and, after a right answer, the keys that move it)."""
    if interval is None:
        return ""
    keys = " (h: it was hard, e: it was easy)" if gradable else ""
    return f"Comes back for review in {interval_text(interval)}{keys}."


def feedback_text(feedback: Feedback, *, total: int, next_review: timedelta | None = None) -> Text:
    """After a submission: right or not, when it comes back for review, the right answer, why, and
    the excerpts."""
    text = Text()
    if feedback.correct:
        text.append("\u2714 Correct\n", style="bold green")
    elif feedback.credit > 0:
        text.append(f"\u2718 Partly right ({feedback.credit:.0%})\n", style="bold yellow")
    else:
        text.append("\u2718 Not right\n", style="bold red")
    review = review_line(next_review, gradable=feedback.correct)
    text.append(f"{review}\n\n" if review else "\n", style="dim")
    text.append(f"Question {feedback.number} of {total}: {feedback.played.text}\n\n")
    text.append("Your answer: ", style="bold")
    text.append(f"{feedback.given_text}\n")
    text.append("Right answer: ", style="bold")
    text.append(f"{feedback.answer_text}\n\n")
    text.append(f"{feedback.explanation}\n\n")
    text.append("What the sources say\n", style="bold")
    text.append_text(excerpts_text(feedback))
    return text


def report_text(report: QuizReport, *, graded: bool = True) -> Text:
    """Score, pass or fail (only when ``graded``: named sessions, not practice or review), and the
    per-topic breakdown."""
    text = Text()
    text.append(f"{report.title}\n\n", style="bold")
    text.append(f"Score: {report.score} of {report.total} ({report.percent:g}%)")
    if graded:
        verdict = "PASSED" if report.passed else "NOT PASSED"
        text.append(f" \u00b7 pass mark {report.pass_mark:g}% \u00b7 ")
        text.append(verdict, style="bold green" if report.passed else "bold red")
    text.append("\n")
    if report.status != "finished":
        text.append(f"This attempt ended as {report.status.replace('_', ' ')}.\n")
    text.append("\nBy topic\n", style="bold")
    for topic in report.by_topic:
        text.append(f"  {topic_label(topic.topic):<18} {topic.correct} of {topic.total}\n")
    missed = len(report.missed)
    text.append(f"\n{missed} question{'' if missed == 1 else 's'} to review." if missed else "\nNothing missed.")
    return text


def missed_text(report: QuizReport) -> Text:
    """Every question answered wrongly or not at all, with the explanation and excerpts."""
    text = Text()
    if not report.missed:
        return Text("Nothing to review: every question was answered correctly.")
    for item in report.missed:
        text.append(f"Q{item.number}. {item.played.text}\n", style="bold")
        text.append(f"Your answer: {item.given_text}\nRight answer: {item.answer_text}\n\n")
        text.append(f"{item.explanation}\n\n")
        text.append_text(excerpts_text(item))
        text.append("\u2500" * 40 + "\n\n", style="dim")
    return text
