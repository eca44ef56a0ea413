"""Writes on attempts that are the same SQL on every backend: a backend runs them inside its own
transaction through an ``execute(sql, params) -> rows`` function (``?`` placeholders, its driver's
style substituted; rows empty for statements that return none).

- :func:`end_attempt`: end a running attempt once, whoever ends it (the trainee, ``results``, the
  dashboard): an attempt already ended is left as it is.
- :func:`apply_regrade`: turn recorded answers right, recount their attempts and re-decide pass or
  fail, and keep the audit row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from aco_tui.errors import UserDataError
from aco_tui.storage.records import Finish, Regrade
from aco_tui.storage.rows import to_json, to_text

Execute = Callable[[str, Sequence[Any]], list[Any]]


def end_attempt(execute: Execute, attempt_id: str, finish: Finish, where: str) -> bool:
    """End ``attempt_id`` if it is still running; whether this call ended it.

    Raises:
        UserDataError: no such attempt.
    """
    rows = execute("SELECT status FROM attempts WHERE id = ?", (attempt_id,))
    if not rows:
        raise UserDataError(f"attempt {attempt_id} is not in {where}")
    if rows[0][0] != "in_progress":
        return False
    execute(
        "UPDATE attempts SET status = ?, ended = ?, percent = ?, passed = ?, last_activity = ?"
        " WHERE id = ? AND status = 'in_progress'",
        (
            finish.status,
            to_text(finish.ended),
            finish.percent,
            None if finish.passed is None else int(finish.passed),
            to_text(finish.ended),
            attempt_id,
        ),
    )
    return True


def save_flags(execute: Execute, attempt_id: str, flags: Sequence[int]) -> None:
    """Record the positions flagged in a running attempt."""
    execute("UPDATE attempts SET flags = ? WHERE id = ?", (to_json(sorted(set(flags))), attempt_id))


def apply_regrade(execute: Execute, keys: Sequence[tuple[str, int]], regrade: Regrade) -> None:
    """Mark the answers at ``keys`` (attempt id, position) right, recount their attempts (an ended
    session attempt's percent and pass or fail too), and add the audit row."""
    touched: list[str] = []
    for attempt_id, position in keys:
        execute(
            "UPDATE answers SET correct = 1, credit = 1.0 WHERE attempt_id = ? AND position = ?", (attempt_id, position)
        )
        if attempt_id not in touched:
            touched.append(attempt_id)
    for attempt_id in touched:
        execute(
            "UPDATE attempts SET score = (SELECT count(*) FROM answers WHERE attempt_id = ? AND correct = 1)"
            " WHERE id = ?",
            (attempt_id, attempt_id),
        )
        rows = execute("SELECT kind, status, questions, score, pass_mark FROM attempts WHERE id = ?", (attempt_id,))
        if not rows or rows[0][1] == "in_progress":
            continue
        kind, status, questions, score, pass_mark = rows[0]
        total = len(json.loads(questions))
        percent = round(100.0 * score / total, 1) if total else 0.0
        graded = kind == "session" and status != "abandoned" and pass_mark is not None
        passed = int(percent >= pass_mark) if graded else None
        execute("UPDATE attempts SET percent = ?, passed = ? WHERE id = ?", (percent, passed, attempt_id))
    execute(
        "INSERT INTO regrades (session, question, accepted, by_name, at, answers) VALUES (?, ?, ?, ?, ?, ?)",
        (regrade.session, regrade.question, regrade.accepted, regrade.by, to_text(regrade.at), len(keys)),
    )
