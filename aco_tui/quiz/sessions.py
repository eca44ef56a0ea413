"""Named sessions (``content/quiz/sessions.toml`` and the trainer's own files): which questions, seed,
pass mark, feedback, time limit, attempts, window, open or closed book. The format: docs/session-format.md."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aco_tui.knowledge.topics import TOPICS
from aco_tui.quiz.fields import (
    FEEDBACK,
    ID_PATTERN,
    LEVELS,
    Invalid,
    choice,
    number,
    one_or_many,
    req_text,
    req_texts,
    unique,
)
from aco_tui.quiz.kinds import QuestionType
from aco_tui.quiz.model import Pick, SessionSpec

_SESSION_KEYS = {
    "name",
    "title",
    "seed",
    "pass_mark",
    "feedback",
    "time_limit",
    "questions",
    "pick",
    "shuffle",
    "attempts",
    "opens",
    "closes",
    "open_book",
}
_PICK_KEYS = {"topic", "level", "type", "count"}


def moment(table: dict[str, Any], key: str) -> datetime | None:
    """An optional ISO 8601 date-time with a time zone: a TOML date-time or a string."""
    value = table.get(key)
    if value is None:
        return None
    example = "e.g. 2027-01-11T09:00:00+00:00"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise Invalid(
                f"{key!r} must be an ISO 8601 date-time with a time zone, {example} (found {value!r})"
            ) from None
    if not isinstance(value, datetime):
        raise Invalid(f"{key!r} must be a date-time with a time zone, {example} (found {value!r})")
    if value.tzinfo is None or value.utcoffset() is None:
        raise Invalid(f"{key!r} needs a time zone, {example} (found {value.isoformat()})")
    return value


def parse_session(table: dict[str, Any], source: str = "") -> SessionSpec:
    """Validate one ``[[session]]`` table (question ids are checked against the bank elsewhere).

    Raises:
        ValueError: the first problem found.
    """
    try:
        if not isinstance(table, dict):
            raise Invalid("a session must be a [[session]] table")
        unknown = sorted(set(table) - _SESSION_KEYS)
        if unknown:
            raise Invalid(f"unknown key(s) {', '.join(unknown)}")
        name = table.get("name")
        if not isinstance(name, str) or not ID_PATTERN.match(name):
            raise Invalid(f"'name' must be lowercase letters, digits and '-' (found {name!r})")
        if isinstance(table.get("seed"), bool) or not isinstance(table.get("seed"), int):
            raise Invalid(f"'seed' must be an integer (found {table.get('seed')!r})")
        picks = []
        raw_picks = table.get("pick", [])
        if not isinstance(raw_picks, list) or not all(isinstance(p, dict) for p in raw_picks):
            raise Invalid("'pick' must be [[session.pick]] tables")
        for raw in raw_picks:
            unknown = sorted(set(raw) - _PICK_KEYS)
            if unknown:
                raise Invalid(f"unknown key(s) {', '.join(unknown)} in [[session.pick]]")
            picks.append(
                Pick(
                    count=int(number(raw, "count", 1)),
                    topics=one_or_many(raw.get("topic", []), TOPICS, "topic"),
                    levels=one_or_many(raw.get("level", []), LEVELS, "level"),
                    types=one_or_many(raw.get("type", []), tuple(QuestionType), "type"),
                )
            )
        ids = req_texts(table, "questions", 0, "question id") if "questions" in table else ()
        unique(ids, "'questions'")
        if not ids and not picks:
            raise Invalid("a session needs 'questions' or at least one [[session.pick]]")
        shuffle = table.get("shuffle", True)
        if not isinstance(shuffle, bool):
            raise Invalid("'shuffle' must be true or false")
        open_book = table.get("open_book")
        if open_book is not None and not isinstance(open_book, bool):
            raise Invalid(f"'open_book' must be true or false (found {open_book!r})")
        opens, closes = moment(table, "opens"), moment(table, "closes")
        if opens is not None and closes is not None and closes <= opens:
            raise Invalid(f"'closes' ({closes.isoformat()}) must be after 'opens' ({opens.isoformat()})")
        return SessionSpec(
            name=name,
            title=req_text(table, "title"),
            seed=table["seed"],
            pass_mark=float(number(table, "pass_mark", 0, 100, number_ok=True)),
            feedback=choice({"feedback": table.get("feedback", "immediate")}, "feedback", FEEDBACK),
            time_limit=int(number(table, "time_limit", 1)) if "time_limit" in table else None,
            questions=ids,
            picks=tuple(picks),
            shuffle=shuffle,
            source=source,
            attempts=int(number(table, "attempts", 0)) if "attempts" in table else None,
            opens=opens,
            closes=closes,
            open_book=open_book,
        )
    except Invalid as err:
        raise ValueError(str(err)) from None


def settings_line(spec: SessionSpec) -> str:
    """A session's rules on one line: ``7 questions, pass mark 70%, feedback deferred, time limit 25 min,
    1 attempt, closed book, shuffled, opens 2027-01-11 09:00+00:00``."""
    count = len(spec.questions) + sum(p.count for p in spec.picks)
    allowed = spec.allowed_attempts
    parts = [
        f"{count} question{'s' if count != 1 else ''}",
        f"pass mark {spec.pass_mark:g}%",
        f"feedback {spec.feedback}",
        f"time limit {spec.time_limit} min" if spec.time_limit else "no time limit",
        f"{allowed} attempt{'s' if allowed != 1 else ''}" if allowed else "unlimited attempts",
        "closed book" if spec.closed_book else "open book",
        "shuffled" if spec.shuffle else "in order",
    ]
    for label, moment in (("opens", spec.opens), ("closes", spec.closes)):
        if moment is not None:
            parts.append(f"{label} {moment.isoformat(sep=' ', timespec='minutes')}")
    return ", ".join(parts)
