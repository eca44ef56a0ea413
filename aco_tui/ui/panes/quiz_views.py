"""Text for the quiz pane's feedback, end report and "what I missed" views (plain Rich text only).

Verdicts carry a *tone* (``success``, ``warning``, ``error``), not a colour: the widget that shows
the text turns each tone into its own style with :func:`toned` (the quiz page maps them to the
theme's ``$success``, ``$warning`` and ``$error`` through component classes).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Span, Text

from aco_tui.quiz.run import Feedback, QuizReport

TONES = ("success", "warning", "error")


def tone(name: str) -> Style:
    """The style of a span whose colour the showing widget decides (see :func:`toned`)."""
    return Style(bold=True, meta={"tone": name})


def toned(text: Text, style_of: Callable[[str], Style]) -> Text:
    """``text`` with each toned span's style replaced by ``style_of(tone)``."""
    result = text.copy()
    result.spans = [Span(span.start, span.end, style_of(span.style.meta["tone"]))
                    if isinstance(span.style, Style) and "tone" in span.style.meta else span
                    for span in text.spans]
    return result


def excerpts_text(feedback: Feedback) -> Text:
    """The verbatim supporting excerpts with their sources."""
    text = Text()
    for excerpt in feedback.excerpts:
        text.append(f"\u201c{excerpt.text}\u201d\n", style="italic")
        where = excerpt.source_title + (f" \u00b7 {excerpt.section}" if excerpt.section else "")
        text.append(f"  \u2014 {where}\n\n", style="dim")
    return text


def feedback_text(feedback: Feedback, *, total: int) -> Text:
    """After a submission: right or not, the right answer, why, and the excerpts."""
    text = Text()
    if feedback.correct:
        text.append("\u2714 Correct\n\n", style=tone("success"))
    elif feedback.credit > 0:
        text.append(f"\u2718 Partly right ({feedback.credit:.0%})\n\n", style=tone("warning"))
    else:
        text.append("\u2718 Not right\n\n", style=tone("error"))
    text.append(f"Question {feedback.number} of {total}: {feedback.played.text}\n\n")
    text.append("Your answer: ", style="bold")
    text.append(f"{feedback.given_text}\n")
    text.append("Right answer: ", style="bold")
    text.append(f"{feedback.answer_text}\n\n")
    text.append(f"{feedback.explanation}\n\n")
    text.append("What the sources say\n", style="bold")
    text.append_text(excerpts_text(feedback))
    return text


def report_text(report: QuizReport) -> Text:
    """Score, pass or fail, and the per-topic breakdown."""
    text = Text()
    verdict = "PASSED" if report.passed else "NOT PASSED"
    text.append(f"{report.title}\n\n", style="bold")
    text.append(f"Score: {report.score} of {report.total} ({report.percent:g}%) \u00b7 pass mark {report.pass_mark:g}%"
                f" \u00b7 ")
    text.append(f"{verdict}\n", style=tone("success" if report.passed else "error"))
    if report.status != "finished":
        text.append(f"This attempt ended as {report.status.replace('_', ' ')}.\n")
    text.append("\nBy topic\n", style="bold")
    for topic in report.by_topic:
        name = topic.topic.replace("-", " ").capitalize()
        text.append(f"  {name:<18} {topic.correct} of {topic.total}\n")
    missed = len(report.missed)
    text.append(f"\n{missed} question(s) to review." if missed else "\nNothing missed.")
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
