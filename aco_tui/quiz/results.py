"""``aco-tui results``: every recorded attempt, per-question rows, and per-question facility.

Facility = the share of recorded answers to a question that were right (unanswered questions of
abandoned attempts are not counted), lowest first, so a trainer sees what the cohort struggled with.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from aco_tui.storage.records import Answer, Attempt

STALE_AFTER = timedelta(minutes=30)  # an attempt in progress with no answer for this long is "stale"

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: nothing here needs typing at run time
if TYPE_CHECKING:
    from typing import Any

ATTEMPT_FIELDS = ("attempt", "trainee", "session", "kind", "title", "question_set", "started", "ended",
                  "status", "answered", "total", "score", "percent", "pass_mark", "passed")
ANSWER_FIELDS = ("attempt", "trainee", "session", "question_set", "status", "n", "question", "topic", "type",
                 "given", "correct", "credit", "at")
FACILITY_FIELDS = ("question", "topic", "type", "answered", "correct", "facility")


def status_of(attempt: Attempt, now: datetime) -> str:
    """The attempt's status, with ``stale`` for one still in progress but silent for :data:`STALE_AFTER`."""
    if attempt.status == "in_progress" and now - attempt.last_activity > STALE_AFTER:
        return "stale"
    return attempt.status


def documents(attempts: Sequence[Attempt], answers: Sequence[Answer], now: datetime | None = None) -> list[dict]:
    """Attempts and their answers as report rows (plain values, times as ISO text)."""
    now = now or datetime.now(UTC)
    by_attempt: dict[str, list[dict]] = {}
    for answer in answers:
        by_attempt.setdefault(answer.attempt, []).append({
            "n": answer.position, "question": answer.question, "topic": answer.topic, "type": answer.type,
            "given": answer.given, "correct": answer.correct, "credit": answer.credit,
            "at": answer.at.isoformat(), "seconds": answer.seconds})
    return [{"attempt": a.id, "trainee": a.trainee, "session": a.session, "kind": a.kind, "title": a.title,
             "question_set": a.question_set, "started": a.started.isoformat(),
             "ended": a.ended.isoformat() if a.ended else None, "last_activity": a.last_activity.isoformat(),
             "status": status_of(a, now), "answered": a.answered, "total": a.total, "score": a.score,
             "percent": a.percent, "pass_mark": a.pass_mark, "passed": a.passed,
             "answers": by_attempt.get(a.id, [])} for a in attempts]


def attempt_rows(attempts: list[dict]) -> list[dict]:
    """One row per attempt. Score and percent of an unfinished attempt are counted from its answers."""
    rows = []
    for doc in attempts:
        row: dict[str, Any] = {key: doc.get(key) for key in ATTEMPT_FIELDS}
        answers = doc.get("answers", [])
        row["answered"] = len(answers)
        if row["score"] is None:
            row["score"] = sum(1 for a in answers if a.get("correct"))
        if row["percent"] is None and row["total"]:
            row["percent"] = round(100.0 * row["score"] / row["total"], 1)
        rows.append(row)
    return rows


def answer_rows(attempts: list[dict]) -> list[dict]:
    """One row per attempt x answered question."""
    rows = []
    for doc in attempts:
        for answer in doc.get("answers", []):
            row = {key: doc.get(key) for key in ("attempt", "trainee", "session", "question_set", "status")}
            row.update({key: answer.get(key) for key in ANSWER_FIELDS[5:]})
            rows.append(row)
    return rows


def facility_rows(attempts: list[dict]) -> list[dict]:
    """Per question: how many answered it, how many got it right, and the share right (lowest first)."""
    tally: dict[str, dict] = {}
    for doc in attempts:
        for answer in doc.get("answers", []):
            row = tally.setdefault(answer.get("question"), {"question": answer.get("question"),
                                                            "topic": answer.get("topic"),
                                                            "type": answer.get("type"),
                                                            "answered": 0, "correct": 0})
            row["answered"] += 1
            row["correct"] += bool(answer.get("correct"))
    rows = list(tally.values())
    for row in rows:
        row["facility"] = round(row["correct"] / row["answered"], 3)
    return sorted(rows, key=lambda r: (r["facility"], str(r["question"])))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return " | ".join(" -> ".join(v) if isinstance(v, list) else str(v) for v in value)
    return str(value)


def to_csv(rows: list[dict], fields: tuple[str, ...]) -> str:
    """CSV with a header row; booleans as yes/no, lists joined with ' | ' (pairs as 'left -> right')."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_cell(row.get(f)) for f in fields])
    return buffer.getvalue()


def to_json(attempts: list[dict]) -> str:
    """``{"attempts": [rows, each with its "answers"], "facility": [rows]}``."""
    rows = attempt_rows(attempts)
    for row, doc in zip(rows, attempts, strict=True):
        row["answers"] = doc.get("answers", [])
    return json.dumps({"attempts": rows, "facility": facility_rows(attempts)}, indent=2, ensure_ascii=False)


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip() for row in rows]


def to_text(attempts: list[dict]) -> str:
    """A readable report: the attempts, then the facility of each question."""
    if not attempts:
        return "No attempts recorded yet."
    lines = [f"Attempts ({len(attempts)})"]
    table = [["started", "trainee", "session", "status", "score", "result", "set"]]
    for row in attempt_rows(attempts):
        result = "" if row["passed"] is None else ("pass" if row["passed"] else "fail")
        table.append([str(row["started"] or "")[:16].replace("T", " "), str(row["trainee"]),
                      str(row["session"] or row["kind"] or ""), str(row["status"]),
                      f"{row['score']}/{row['total']} ({row['percent']:g}%)" if row["percent"] is not None
                      else f"{row['score']}/{row['total']}", result, str(row["question_set"] or "")[:8]])
    lines += _table(table)
    lines += ["", "Question facility (share answered correctly, hardest first)"]
    facility = [["question", "topic", "type", "right", "facility"]]
    for row in facility_rows(attempts):
        facility.append([str(row["question"]), str(row["topic"]), str(row["type"]),
                         f"{row['correct']}/{row['answered']}", f"{row['facility']:.0%}"])
    lines += _table(facility)
    return "\n".join(lines)
