"""What the quiz pane's pages say: start page, feedback, end report, "what I missed" (Rich renderables
of literal text: nothing from the bank is ever parsed as markup).

Verdicts are coloured by *tone* (success, warning, error), never by a fixed colour: the widget that
shows a page passes :func:`theme_tones` of the app's theme (``$success``, ``$warning``, ``$error``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text

from aco_tui.knowledge.topics import topic_label
from aco_tui.quiz.model import SessionSpec
from aco_tui.quiz.run import Feedback, QuizReport, QuizRun
from aco_tui.storage.records import Attempt
from aco_tui.ui.panes.quiz_card import Tones
from aco_tui.ui.panes.quiz_kinds import card_class

TONE_NAMES = ("success", "warning", "error")
PLAIN_TONES: Tones = {name: Style(bold=True) for name in TONE_NAMES}  # no theme at hand: bold only


def theme_tones(variables: Mapping[str, str]) -> dict[str, Style]:
    """The tones in the colours of a theme (``App.theme_variables``), bold."""
    from textual.color import Color

    return {name: Style(color=Color.parse(variables[name]).rich_color, bold=True) for name in TONE_NAMES}


def run_status(run: QuizRun, trainee: str) -> str:
    """The status line while a quiz is played: title, question k of n, trainee, time left."""
    parts = [run.plan.title, f"question {min(run.position, run.total)} of {run.total}", f"trainee {trainee}"]
    left = run.time_left()
    if left is not None:
        minutes, seconds = divmod(int(left.total_seconds()), 60)
        parts.append(f"time left {minutes}:{seconds:02d}")
    return " \u00b7 ".join(parts)


def attempt_label(run: QuizRun) -> str:
    """``"The quiz 'Title' (3 of 20 answered)"``, for questions asked about an attempt under way."""
    return f"The quiz \u2018{run.plan.title}\u2019 ({run.position - 1} of {run.total} answered)"


def question_header(run: QuizRun) -> str:
    """``Q3/12 [single] · concepts · intro``."""
    played = run.plan.questions[min(run.position, run.total) - 1]
    return f"Q{run.position}/{run.total} [{played.type}] \u00b7 {played.question.topic} \u00b7 {played.question.level}"


def session_length(spec: SessionSpec) -> int:
    """How many questions a session asks: its listed ones plus every pick's count."""
    return len(spec.questions) + sum(pick.count for pick in spec.picks)


def start_text(spec: SessionSpec, running: Attempt | None = None) -> RenderableType:
    """The start page of a session: what it asks, for how long, the pass mark and when answers show."""
    rows = Table.grid(padding=(0, 2))
    rows.add_column(style="bold", no_wrap=True)
    rows.add_column()
    rows.add_row("Questions", f"{session_length(spec)} questions")
    if spec.time_limit:
        rows.add_row(
            "Time limit",
            f"{spec.time_limit} minutes, from when you press Enter; the clock keeps running if you leave the quiz",
        )
    rows.add_row("Pass mark", f"{spec.pass_mark:g}% of the questions fully right")
    rows.add_row(
        "Feedback",
        "at the end: answers are recorded without comment until then; skip, flag and "
        "go back to any question before you submit"
        if spec.feedback == "deferred"
        else "after each answer",
    )
    allowed = spec.allowed_attempts
    rows.add_row("Attempts", f"{allowed} allowed" if allowed else "as many as you like")
    if spec.opens or spec.closes:
        window = [
            f"opens {spec.opens.isoformat(sep=' ', timespec='minutes')}" if spec.opens else "",
            f"closes {spec.closes.isoformat(sep=' ', timespec='minutes')}" if spec.closes else "",
        ]
        rows.add_row("Window", ", ".join(w for w in window if w))
    rows.add_row(
        "Book",
        "closed: no search, glossary, citations, other panes or learning path until you submit"
        if spec.closed_book
        else "open: the reading panes, search and glossary stay available",
    )
    action = "start"
    if running is not None:
        left = f", {running.deadline:%Y-%m-%d %H:%M %Z} deadline" if running.deadline else ""
        rows.add_row(
            "In progress",
            f"your attempt begun {running.started:%Y-%m-%d %H:%M %Z}: "
            f"{running.answered} of {running.total} answered{left}",
        )
        action = "resume it"
    return Group(
        Text(f"{spec.title}\n", style="bold"),
        Padding(rows, (0, 0, 0, 2)),
        Text(f"\nPress Enter to {action}. Escape goes back to the menu."),
    )


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


def feedback_text(
    feedback: Feedback, *, total: int, next_review: timedelta | None = None, tones: Tones = PLAIN_TONES
) -> RenderableType:
    """After a submission: right or not, when it comes back for review, the right answer, why, and
    the excerpts."""
    text = Text()
    if feedback.correct:
        text.append("\u2714 Correct\n", style=tones["success"])
    elif feedback.credit > 0:
        text.append(f"\u2718 Partly right ({feedback.credit:.0%})\n", style=tones["warning"])
    else:
        text.append("\u2718 Not right\n", style=tones["error"])
    review = review_line(next_review, gradable=feedback.correct)
    text.append(f"{review}\n\n" if review else "\n", style="dim")
    text.append(f"Question {feedback.number} of {total}: {feedback.played.text}\n")
    return Group(
        text, *answer_parts(feedback, tones), Text("What the sources say", style="bold"), excerpts_text(feedback)
    )


def answer_parts(feedback: Feedback, tones: Tones = PLAIN_TONES) -> list[RenderableType]:
    """The answer given beside the right one (order and match: two aligned lists, marked item by
    item), then the explanation."""
    answers: RenderableType | None = answer_lists(feedback, tones)
    if answers is None:
        answers = Text.assemble(
            ("Your answer: ", "bold"),
            f"{feedback.given_text}\n",
            ("Right answer: ", "bold"),
            f"{feedback.answer_text}\n",
        )
    return [answers, Text(f"\n{feedback.explanation}\n")]


def answer_lists(feedback: Feedback, tones: Tones = PLAIN_TONES) -> Table | None:
    """Order and match answers as two aligned columns with \u2714/\u2718 per position (None otherwise)."""
    return card_class(feedback.played.type).answer_table(feedback, tones)


def report_text(report: QuizReport, *, graded: bool = True, tones: Tones = PLAIN_TONES) -> Text:
    """Score, pass or fail (only when ``graded``: named sessions, not practice or review), and the
    per-topic breakdown."""
    text = Text()
    text.append(f"{report.title}\n\n", style="bold")
    text.append(f"Score: {report.score} of {report.total} ({report.percent:g}%)")
    if graded:
        verdict = "PASSED" if report.passed else "NOT PASSED"
        text.append(f" \u00b7 pass mark {report.pass_mark:g}% \u00b7 ")
        text.append(verdict, style=tones["success" if report.passed else "error"])
    text.append("\n")
    if report.status != "finished":
        text.append(f"This attempt ended as {report.status.replace('_', ' ')}.\n")
    text.append("\nBy topic\n", style="bold")
    for topic in report.by_topic:
        text.append(f"  {topic_label(topic.topic):<18} {topic.correct} of {topic.total}\n")
    missed = len(report.missed)
    if missed:
        text.append(
            f"\n{missed} question{'' if missed == 1 else 's'} missed: r reads {'it' if missed == 1 else 'them'}"
            " again with the section that teaches each, m asks them again now."
        )
    else:
        text.append("\nNothing missed.")
    return text


def missed_item(item: Feedback, tones: Tones = PLAIN_TONES) -> RenderableType:
    """One question answered wrongly or not at all: the answers, why, and the excerpts."""
    return Group(
        Text(f"Q{item.number}. {item.played.text}", style="bold"), *answer_parts(item, tones), excerpts_text(item)
    )
