"""``aco-tui results`` as text, 80 columns wide: the cohort view of a session, or a list of attempts.

The session view: a summary line, one line per trainee, the cohort's percent per topic, the score
distribution, then the item analysis (one block per question, each figure with its reading beside
it) and the whole-session figures. Below 10 counted attempts every figure is marked unreliable.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import UTC, datetime

from aco_tui.knowledge.topics import topic_label
from aco_tui.quiz import bands
from aco_tui.quiz.cohort import COUNTED, CohortReport, ItemRow, attempt_percent, aware, histogram
from aco_tui.quiz.kinds import kind_named
from aco_tui.quiz.statistics import MIN_RELIABLE, SessionFigures
from aco_tui.safe_text import strip_control
from aco_tui.storage.records import Attempt

WIDTH = 80
NAME_WIDTH = 18


def one_line(text: str, width: int | None = None) -> str:
    """Outside text on one line, without control characters, cut to ``width`` with an ellipsis."""
    text = " ".join(strip_control(text.replace("\n", " ").replace("\t", " ")).split())
    if width is not None and len(text) > width:
        return text[: width - 1] + "\u2026"
    return text


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


def fraction(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


TIME_ZONE_NOTE = "Times are UTC, ISO 8601 (year-month-day)."


def clock(moment: datetime | None) -> str:
    """``2026-12-07 17:36`` in UTC (the header says so: :data:`TIME_ZONE_NOTE`)."""
    return "-" if moment is None else aware(moment).astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def table(rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    """Columns padded to their widest cell, two spaces apart (``right``: right-aligned columns)."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=False))
        ).rstrip()
        for row in rows
    ]


def _figure(label: str, shown: str, reading: str) -> str:
    return f"{label} {shown}" + (f" ({reading})" if reading else "")


def _trainees(report: CohortReport) -> list[str]:
    rows = [["trainee", "best", "latest", "done", "result", "last", "state"]]
    for row in report.trainees:
        latest = row.latest
        state = row.state + (f", on {row.position} of {latest.total}" if row.position else "")
        result = "" if row.passed is None else "pass" if row.passed else "fail"
        best = percent(row.best.percent) if row.best else "-"
        rows.append(
            [
                one_line(row.trainee, NAME_WIDTH),
                best,
                percent(attempt_percent(latest)),
                f"{latest.answered}/{latest.total}",
                result,
                clock(latest.last_activity),
                state,
            ]
        )
    return table(rows, right=(1, 2, 3))


def _topics(report: CohortReport) -> list[str]:
    rows = [["topic", "right", "percent", ""]]
    for topic in report.topics:
        share = topic.percent or 0.0
        rows.append(
            [topic_label(topic.topic), f"{topic.right}/{topic.asked}", percent(topic.percent), "#" * round(share / 5)]
        )
    return table(rows, right=(1, 2))


def _distribution(scores: Sequence[float]) -> list[str]:
    counts = histogram(scores)
    top = max(counts) or 1
    lines = []
    for band, count in enumerate(counts):
        label = f"{band * 10}-{band * 10 + 9}%" if band < 9 else "90-100%"
        lines.append(f"  {label:>7}  {'#' * round(30 * count / top):<30}  {count}")
    return lines


def figure_parts(item: ItemRow) -> tuple[list[str], list[str]]:
    """A question's figures, each with its reading: ``n``, facility and SD; discrimination and efficiency."""
    figures = item.figures
    reached = "nobody answered it" if figures.n and not item.answered else f"{item.answered} answered"
    facility = None if figures.facility is None else 100 * figures.facility
    efficiency = None if figures.efficiency is None else 100 * figures.efficiency
    return (
        [
            f"n {figures.n} ({reached})",
            _figure("facility", percent(facility), bands.facility(figures.facility)),
            _figure("SD", fraction(figures.sd), bands.item_sd(figures.sd)),
        ],
        [
            _figure("discrimination", fraction(figures.discrimination), bands.discrimination(figures.discrimination)),
            _figure("efficiency", percent(efficiency), bands.efficiency(figures.efficiency)),
        ],
    )


def session_parts(test: SessionFigures) -> tuple[list[str], list[str]]:
    """The whole session's figures, each with its reading."""
    sem = "a score is uncertain by about this much" if test.sem is not None else ""
    return (
        [
            _figure("mean", percent(test.mean), bands.test_mean(test.mean)),
            _figure("median", percent(test.median), ""),
            _figure("SD", percent(test.sd), bands.test_sd(test.sd)),
        ],
        [
            _figure("alpha (KR-20)", fraction(test.alpha), bands.alpha(test.alpha)),
            _figure("SEM", percent(test.sem), sem),
        ],
    )


def type_words(kind: str) -> str:
    known = kind_named(kind)
    return known.words if known is not None else kind


def _item(position: int, item: ItemRow) -> list[str]:
    heading = (
        f"Q{position}  {one_line(item.question)}  ({topic_label(item.topic) if item.topic else '?'}, "
        f"{type_words(item.type)})"
    )
    lines = [heading + ("  REVIEW" if item.flag else "")]
    indent = " " * 4
    if item.text:
        lines += textwrap.wrap(one_line(item.text), WIDTH, initial_indent=indent, subsequent_indent=indent)
    for parts in figure_parts(item):
        lines += _wrapped(parts, indent)
    answers = "; ".join(f"{one_line(o.answer, 40)}{' (right)' if o.correct else ''}: {o.count}" for o in item.options)
    if answers:
        lines += textwrap.wrap("answers: " + answers, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")
    return lines


def _wrapped(parts: list[str], indent: str) -> list[str]:
    """Figures joined by commas, wrapped to the width (a figure and its reading kept together)."""
    lines = textwrap.wrap(
        ", ".join(p.replace(" ", "\u00a0") for p in parts),
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + "  ",
        break_on_hyphens=False,
    )
    return [line.replace("\u00a0", " ") for line in lines]


def _test(test: SessionFigures) -> list[str]:
    first, second = session_parts(test)
    return _wrapped(first, "  ") + _wrapped(second, "  ")


def summary_line(report: CohortReport) -> str:
    """``Induction week (induction): 8 trainees, 2 live, 3 passed, median 50%``."""
    states = [row.state for row in report.trainees]
    passed = sum(1 for row in report.trainees if row.passed)
    parts = [f"{len(report.trainees)} trainee{'s' if len(report.trainees) != 1 else ''}"]
    if states.count("live"):
        parts.append(f"{states.count('live')} live")
    if states.count("stale"):
        parts.append(f"{states.count('stale')} stale")
    parts.append(f"{passed} passed")
    if report.analysis is not None and report.analysis.test.median is not None:
        parts.append(f"median {percent(report.analysis.test.median)}")
    return f"{one_line(report.title)} ({report.session}): " + ", ".join(parts)


def session_text(report: CohortReport) -> str:
    """The whole cohort view of one session."""
    lines = [summary_line(report), TIME_ZONE_NOTE, ""]
    if not report.trainees:
        return lines[0] + "\nNo attempts at this session yet."
    lines += ["Trainees (best and latest attempt; state of the latest)", *_trainees(report)]
    analysis = report.analysis
    if analysis is None:
        return "\n".join(lines)
    counted = len(analysis.attempts)
    lines += ["", f"Counted: {counted} attempts (each trainee's first that finished or timed out)"]
    if counted < MIN_RELIABLE:
        lines.append(f"Fewer than {MIN_RELIABLE} counted attempts: every figure below is unreliable.")
    if report.topics:
        lines += ["", "By topic (questions fully right, counted attempts)", *_topics(report)]
    if analysis.scores:
        lines += ["", "Scores (counted attempts, percent of the maximum)", *_distribution(analysis.scores)]
    lines += ["", f"Questions (question set {analysis.question_set[:8]}; x = 1 when fully right)"]
    for position, item in enumerate(analysis.items, start=1):
        lines += ["", *_item(position, item)]
    lines += ["", "Whole session", *_test(analysis.test)]
    if report.older:
        versions = ", ".join(f"{a.question_set[:8]} ({len(a.attempts)} counted)" for a in report.older)
        lines += ["", f"Earlier versions of the questions, not included above: {versions}."]
    return "\n".join(lines)


def attempts_text(attempts: Sequence[Attempt]) -> str:
    """Every attempt, one line each (for reports not limited to one session): session attempts,
    then practice, review and learning-path attempts apart."""
    sessions = [a for a in attempts if a.kind == "session"]
    others = [a for a in attempts if a.kind != "session"]
    lines = [TIME_ZONE_NOTE]
    if sessions:
        lines += ["", f"Session attempts ({len(sessions)})", *_attempt_rows(sessions)]
    if others:
        lines += ["", f"Practice, review and learning-path attempts ({len(others)})", *_attempt_rows(others)]
    return "\n".join(lines)


def _attempt_rows(attempts: Sequence[Attempt]) -> list[str]:
    rows = [["started", "trainee", "quiz", "status", "score", "result"]]
    for a in attempts:
        result = "" if a.passed is None or a.status not in COUNTED else ("pass" if a.passed else "fail")
        status = "at deadline" if a.status == "timed_out" else a.status.replace("_", " ")  # submitted then
        rows.append(
            [
                clock(a.started),
                one_line(a.trainee, NAME_WIDTH),
                one_line(a.session or a.kind, 16),
                status,
                f"{a.score}/{a.total} {percent(attempt_percent(a))}",
                result,
            ]
        )
    return table(rows)
