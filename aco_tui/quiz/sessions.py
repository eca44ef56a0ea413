"""Named onboarding sessions (``content/quiz/sessions.toml``): which questions, seed, pass mark, feedback."""

from __future__ import annotations

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

_SESSION_KEYS = {"name", "title", "seed", "pass_mark", "feedback", "time_limit", "questions", "pick", "shuffle"}
_PICK_KEYS = {"topic", "level", "type", "count"}


def parse_session(table: dict, source: str = "") -> SessionSpec:
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
            picks.append(Pick(count=int(number(raw, "count", 1)),
                              topics=one_or_many(raw.get("topic", []), TOPICS, "topic"),
                              levels=one_or_many(raw.get("level", []), LEVELS, "level"),
                              types=one_or_many(raw.get("type", []), tuple(QuestionType), "type")))
        ids = req_texts(table, "questions", 0, "question id") if "questions" in table else ()
        unique(ids, "'questions'")
        if not ids and not picks:
            raise Invalid("a session needs 'questions' or at least one [[session.pick]]")
        shuffle = table.get("shuffle", True)
        if not isinstance(shuffle, bool):
            raise Invalid("'shuffle' must be true or false")
        return SessionSpec(
            name=name, title=req_text(table, "title"), seed=table["seed"],
            pass_mark=float(number(table, "pass_mark", 0, 100, number_ok=True)),
            feedback=choice({"feedback": table.get("feedback", "immediate")}, "feedback", FEEDBACK),
            time_limit=int(number(table, "time_limit", 1)) if "time_limit" in table else None,
            questions=ids, picks=tuple(picks), shuffle=shuffle, source=source)
    except Invalid as err:
        raise ValueError(str(err)) from None
