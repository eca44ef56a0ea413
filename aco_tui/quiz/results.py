"""``aco-tui results`` as data: rows for CSV and the JSON document, from storage records.

Every function takes :class:`~aco_tui.storage.records.Attempt` and ``Answer`` records (and, for a
named session, the :class:`~aco_tui.quiz.cohort.CohortReport` built from them); the text view is in
:mod:`aco_tui.quiz.results_text`. Scales: facility, SD of a question, discrimination, efficiency and
alpha are fractions; the whole session's mean, median, SD and SEM are percent of the maximum.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from aco_tui.quiz.cohort import (
    STALE_AFTER,
    CohortReport,
    ItemRow,
    OptionCount,
    answer_words,
    attempt_percent,
    status_of,
)
from aco_tui.quiz.model import Question
from aco_tui.quiz.statistics import SessionFigures
from aco_tui.storage.records import Answer, Attempt

ATTEMPT_FIELDS = (
    "attempt",
    "trainee",
    "session",
    "kind",
    "title",
    "question_set",
    "started",
    "ended",
    "last_activity",
    "status",
    "answered",
    "total",
    "score",
    "percent",
    "pass_mark",
    "passed",
)
ANSWER_FIELDS = (
    "attempt",
    "trainee",
    "session",
    "question_set",
    "status",
    "counted",
    "n",
    "question",
    "text",
    "topic",
    "type",
    "answered",
    "given",
    "correct",
    "credit",
    "at",
    "seconds",
)
FACILITY_FIELDS = ("question", "topic", "type", "answered", "correct", "facility")
ITEM_FIELDS = (
    "position",
    "question",
    "text",
    "topic",
    "type",
    "n",
    "answered",
    "facility",
    "sd",
    "discrimination",
    "efficiency",
    "guess",
    "flag",
    "options",
)
TRAINEE_FIELDS = (
    "trainee",
    "attempts",
    "state",
    "best_percent",
    "passed",
    "latest_attempt",
    "latest_status",
    "answered",
    "total",
    "latest_percent",
    "on_question",
    "last_activity",
)
TEST_FIELDS = ("n", "questions", "mean", "median", "sd", "alpha", "sem")


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def attempt_rows(
    attempts: Iterable[Attempt], now: datetime | None = None, stale_after: timedelta = STALE_AFTER
) -> list[dict[str, Any]]:
    """One row per attempt (a silent running one is ``stale``); the percent of an attempt still
    running is its score so far."""
    now = now or datetime.now(UTC)
    return [
        {
            "attempt": a.id,
            "trainee": a.trainee,
            "session": a.session,
            "kind": a.kind,
            "title": a.title,
            "question_set": a.question_set,
            "started": _time(a.started),
            "ended": _time(a.ended),
            "last_activity": _time(a.last_activity),
            "status": status_of(a, now, stale_after),
            "answered": a.answered,
            "total": a.total,
            "score": a.score,
            "percent": round(attempt_percent(a), 1),
            "pass_mark": a.pass_mark,
            "passed": a.passed,
        }
        for a in attempts
    ]


def answer_record(answer: Answer) -> dict[str, Any]:
    """One answer as JSON-ready data."""
    return {
        "n": answer.position,
        "question": answer.question,
        "topic": answer.topic,
        "type": answer.type,
        "given": answer.given,
        "given_text": answer.given_text,
        "correct": answer.correct,
        "credit": answer.credit,
        "at": _time(answer.at),
        "seconds": answer.seconds,
    }


def answer_rows(
    attempts: Iterable[Attempt],
    answers: Iterable[Answer],
    questions: Mapping[str, Question],
    counted: Iterable[str] = (),
    now: datetime | None = None,
    stale_after: timedelta = STALE_AFTER,
) -> list[dict[str, Any]]:
    """One row per attempt and question asked, answered or not (``counted``: the attempt ids that
    the item analysis uses; ``status`` as in :func:`attempt_rows`)."""
    now = now or datetime.now(UTC)
    counted_ids = set(counted)
    given: dict[tuple[str, str], Answer] = {(a.attempt, a.question): a for a in answers}
    rows = []
    for attempt in attempts:
        for position, qid in enumerate(attempt.questions, start=1):
            reply = given.get((attempt.id, qid))
            question = questions.get(qid)
            rows.append(
                {
                    "attempt": attempt.id,
                    "trainee": attempt.trainee,
                    "session": attempt.session,
                    "question_set": attempt.question_set,
                    "status": status_of(attempt, now, stale_after),
                    "counted": attempt.id in counted_ids,
                    "n": reply.position if reply else position,
                    "question": qid,
                    "text": question.question if question else "",
                    "topic": reply.topic if reply else (question.topic if question else ""),
                    "type": reply.type if reply else (question.type if question else ""),
                    "answered": reply is not None,
                    "given": answer_words(reply) if reply else None,
                    "correct": reply.correct if reply else None,
                    "credit": reply.credit if reply else None,
                    "at": _time(reply.at) if reply else None,
                    "seconds": reply.seconds if reply else None,
                }
            )
    return rows


def facility_rows(answers: Iterable[Answer]) -> list[dict[str, Any]]:
    """Per question, over every recorded answer: answered, right and the share right (lowest first)."""
    tally: dict[str, dict[str, Any]] = {}
    for answer in answers:
        row = tally.setdefault(
            answer.question,
            {"question": answer.question, "topic": answer.topic, "type": answer.type, "answered": 0, "correct": 0},
        )
        row["answered"] += 1
        row["correct"] += bool(answer.correct)
    rows = list(tally.values())
    for row in rows:
        row["facility"] = round(row["correct"] / row["answered"], 3)
    return sorted(rows, key=lambda r: (r["facility"], str(r["question"])))


def option_record(option: OptionCount) -> dict[str, Any]:
    return {"answer": option.answer, "count": option.count, "correct": option.correct}


def item_record(position: int, item: ItemRow) -> dict[str, Any]:
    """One question of the item analysis as JSON-ready data."""
    figures = item.figures
    return {
        "position": position,
        "question": item.question,
        "text": item.text,
        "topic": item.topic,
        "type": item.type,
        "n": figures.n,
        "answered": item.answered,
        "facility": _round(figures.facility),
        "sd": _round(figures.sd),
        "discrimination": _round(figures.discrimination),
        "efficiency": _round(figures.efficiency),
        "guess": _round(item.guess),
        "flag": item.flag,
        "options": [option_record(o) for o in item.options],
    }


def session_record(test: SessionFigures) -> dict[str, Any]:
    """The whole-session figures as JSON-ready data (percent of the maximum; alpha a fraction)."""
    return {
        "n": test.n,
        "questions": test.questions,
        "mean": _round(test.mean, 2),
        "median": _round(test.median, 2),
        "sd": _round(test.sd, 2),
        "alpha": _round(test.alpha),
        "sem": _round(test.sem, 2),
        "reliable": test.reliable,
    }


def trainee_records(report: CohortReport) -> list[dict[str, Any]]:
    """One row per trainee of the session."""
    return [
        {
            "trainee": row.trainee,
            "attempts": row.attempts,
            "state": row.state,
            "best_percent": round(attempt_percent(row.best), 1) if row.best else None,
            "passed": row.passed,
            "latest_attempt": row.latest.id,
            "latest_status": row.latest.status,
            "answered": row.latest.answered,
            "total": row.latest.total,
            "latest_percent": round(attempt_percent(row.latest), 1),
            "on_question": row.position,
            "last_activity": _time(row.latest.last_activity),
        }
        for row in report.trainees
    ]


def item_csv_rows(report: CohortReport) -> list[dict[str, Any]]:
    """The item analysis as CSV rows; options as ``answer: count`` joined by `` | `` (``*`` = right)."""
    if report.analysis is None:
        return []
    rows = []
    for position, item in enumerate(report.analysis.items, start=1):
        row = item_record(position, item)
        row["options"] = " | ".join(f"{o.answer}{'*' if o.correct else ''}: {o.count}" for o in item.options)
        rows.append(row)
    return rows


def counted_ids(report: CohortReport | None) -> list[str]:
    if report is None or report.analysis is None:
        return []
    return [a.id for a in report.analysis.attempts]


def _cell(value: Any) -> str:
    if type(value) is str:  # the common case first: 10 000 rows x 17 cells for a cohort of 500
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return " | ".join(" -> ".join(map(str, v)) if isinstance(v, list) else str(v) for v in value)
    return str(value)


def to_csv(rows: Sequence[Mapping[str, Any]], fields: Sequence[str]) -> str:
    """CSV with a header row; booleans as yes/no, lists joined with ' | ' (pairs as 'left -> right')."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_cell(row.get(f)) for f in fields])
    return buffer.getvalue()


def to_json(
    attempts: Sequence[Attempt],
    answers: Sequence[Answer],
    report: CohortReport | None = None,
    stale_after: timedelta = STALE_AFTER,
) -> str:
    """``{"attempts", "facility", "session", "question_set", "trainees", "items", "test"}``.

    ``attempts`` (each with its ``answers``) and ``facility`` cover every attempt selected; the rest
    is the named session's cohort report (``items`` empty and ``test`` null without one).
    """
    by_attempt: dict[str, list[dict[str, Any]]] = {}
    for answer in answers:
        by_attempt.setdefault(answer.attempt, []).append(answer_record(answer))
    rows = attempt_rows(attempts, stale_after=stale_after)
    for row in rows:
        row["answers"] = sorted(by_attempt.get(row["attempt"], []), key=lambda a: a["n"])
    analysis = report.analysis if report is not None else None
    document = {
        "attempts": rows,
        "facility": facility_rows(answers),
        "session": report.session if report is not None else None,
        "question_set": analysis.question_set if analysis is not None else None,
        "trainees": trainee_records(report) if report is not None else [],
        "items": [item_record(n, item) for n, item in enumerate(analysis.items, start=1)] if analysis else [],
        "test": session_record(analysis.test) if analysis is not None else None,
    }
    # One line: json's C encoder is used only without indent (ten times faster for a big cohort);
    # pipe it through `python -m json.tool` or jq to read it.
    return json.dumps(document, ensure_ascii=False, default=str)
