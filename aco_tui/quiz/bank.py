"""The question bank: ``content/quiz/*.toml`` (questions) and ``sessions.toml`` (onboarding sessions).

The format is documented in the README ("Question bank"). Loading collects every problem as a
``file:line: message`` string; :func:`load_bank` raises :class:`DataError` only when the bank cannot be
used at all, and :func:`check_bank` adds the problems to ``aco-tui check``.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from aco_tui.errors import DataError

TOPICS = ("concepts", "contract-models", "legal-challenges", "commentary", "timeline")
LEVELS = ("intro", "core", "advanced")
TYPES = ("single", "multiple", "truefalse", "order", "match", "short")
FEEDBACK = ("immediate", "deferred")
MIN_PER_TOPIC = 8
SESSIONS_FILE = "sessions.toml"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_COMMON_KEYS = ("id", "topic", "level", "type", "question", "explanation", "excerpts")
_TYPE_KEYS = {"single": ("correct", "wrong"), "multiple": ("correct", "wrong"), "truefalse": ("answer",),
              "order": ("items",), "match": ("pairs",), "short": ("answers",)}
_OPTIONAL_KEYS = {"match": ("extra",)}
_SESSION_KEYS = {"name", "title", "seed", "pass_mark", "feedback", "time_limit", "questions", "pick", "shuffle"}
_PICK_KEYS = {"topic", "level", "type", "count"}


@dataclass(frozen=True)
class Question:
    """One question with its answer key. Which key fields are used depends on ``type``."""

    id: str
    topic: str
    level: str
    type: str
    question: str
    explanation: str
    excerpts: tuple[str, ...]
    correct: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()
    answer: bool | None = None
    items: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    extra: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    source: str = field(default="", compare=False)  # "file.toml:line", for messages


@dataclass(frozen=True)
class Pick:
    """A session filter: ``count`` questions drawn (seeded) from those matching every given criterion."""

    count: int
    topics: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    types: tuple[str, ...] = ()

    def matches(self, question: Question) -> bool:
        return ((not self.topics or question.topic in self.topics)
                and (not self.levels or question.level in self.levels)
                and (not self.types or question.type in self.types))


@dataclass(frozen=True)
class SessionSpec:
    """A named onboarding session from ``sessions.toml``."""

    name: str
    title: str
    seed: int
    pass_mark: float
    feedback: str = "immediate"
    time_limit: int | None = None  # minutes
    questions: tuple[str, ...] = ()
    picks: tuple[Pick, ...] = ()
    shuffle: bool = True
    source: str = field(default="", compare=False)


@dataclass
class Bank:
    """Every valid question (by id, in file order) and session (by name), with the problems found."""

    directory: Path
    questions: dict[str, Question] = field(default_factory=dict)
    sessions: dict[str, SessionSpec] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    unusable: list[str] = field(default_factory=list)  # files that could not be read at all

    def select(self, topics=(), levels=(), types=()) -> list[Question]:
        """Questions matching every non-empty filter, in bank order."""
        pick = Pick(0, tuple(topics), tuple(levels), tuple(types))
        return [q for q in self.questions.values() if pick.matches(q)]

    def type_counts(self) -> dict[str, int]:
        counts = Counter(q.type for q in self.questions.values())
        return {t: counts.get(t, 0) for t in TYPES}

    def topic_counts(self) -> dict[str, int]:
        counts = Counter(q.topic for q in self.questions.values())
        return {t: counts.get(t, 0) for t in TOPICS}


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace (TOML multi-line strings keep their newlines)."""
    return " ".join(text.split())


def _header_lines(text: str, table: str) -> list[int]:
    pattern = re.compile(r"^\s*\[\[\s*" + re.escape(table) + r"\s*\]\]\s*(#.*)?$")
    return [n for n, line in enumerate(text.splitlines(), start=1) if pattern.match(line)]


def _read_toml(path: Path, bank: Bank) -> tuple[dict, str] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        bank.unusable.append(f"{path.name}: not UTF-8 text")
        return None
    except OSError as err:
        bank.unusable.append(f"{path.name}: cannot read ({err.strerror})")
        return None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as err:
        bank.unusable.append(f"{path.name}: not valid TOML: {err}")
        return None


class _Invalid(Exception):
    """One problem with one table (collected, never raised out of this module)."""


def _text(table: dict, key: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"{key!r} must be a non-empty string")
    return normalise_space(value)


def _texts(table: dict, key: str, minimum: int, what: str = "item") -> tuple[str, ...]:
    value = table.get(key)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _Invalid(f"{key!r} must be a list of non-empty strings")
    if len(value) < minimum:
        raise _Invalid(f"{key!r} needs at least {minimum} {what}(s), found {len(value)}")
    return tuple(normalise_space(v) for v in value)


def _unique(values, what: str) -> None:
    seen = Counter(v.casefold() for v in values)
    repeated = sorted(v for v, n in seen.items() if n > 1)
    if repeated:
        raise _Invalid(f"{what} must be unique; repeated: {', '.join(repr(r) for r in repeated)}")


def _choice(table: dict, key: str, allowed: tuple[str, ...]) -> str:
    value = table.get(key)
    if value not in allowed:
        raise _Invalid(f"{key!r} must be one of {', '.join(allowed)} (found {value!r})")
    return value


def parse_question(table: dict, source: str = "") -> Question:
    """Validate one ``[[question]]`` table.

    Raises:
        ValueError: the first problem found, as a readable sentence.
    """
    try:
        return _parse_question(table, source)
    except _Invalid as err:
        raise ValueError(str(err)) from None


def _parse_question(table: dict, source: str) -> Question:
    if not isinstance(table, dict):
        raise _Invalid("a question must be a [[question]] table")
    ident = table.get("id")
    if not isinstance(ident, str) or not _ID.match(ident):
        raise _Invalid(f"'id' must be lowercase letters, digits and '-' (found {ident!r})")
    kind = _choice(table, "type", TYPES)
    allowed = set(_COMMON_KEYS) | set(_TYPE_KEYS[kind]) | set(_OPTIONAL_KEYS.get(kind, ()))
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise _Invalid(f"unknown key(s) {', '.join(unknown)} for a {kind} question")
    missing = [k for k in _COMMON_KEYS + _TYPE_KEYS[kind] if k not in table]
    if missing:
        raise _Invalid(f"missing key(s) {', '.join(missing)}")
    fields: dict = dict(
        id=ident, topic=_choice(table, "topic", TOPICS), level=_choice(table, "level", LEVELS), type=kind,
        question=_text(table, "question"), explanation=_text(table, "explanation"),
        excerpts=_texts(table, "excerpts", 1, "excerpt id"), source=source)
    if kind in ("single", "multiple"):
        correct = _texts(table, "correct", 1, "correct option")
        if kind == "single" and len(correct) != 1:
            raise _Invalid(f"a single choice question needs exactly one correct option, found {len(correct)}")
        wrong = _texts(table, "wrong", 1, "wrong option")
        _unique(correct + wrong, "options")
        fields.update(correct=correct, wrong=wrong)
    elif kind == "truefalse":
        if not isinstance(table["answer"], bool):
            raise _Invalid("'answer' must be true or false (without quotes)")
        fields["answer"] = table["answer"]
    elif kind == "order":
        items = _texts(table, "items", 2)
        _unique(items, "items")
        fields["items"] = items
    elif kind == "match":
        fields.update(_parse_pairs(table))
    else:
        answers = _texts(table, "answers", 1, "accepted answer")
        from aco_tui.quiz.scoring import normalise_short

        if not all(normalise_short(a) for a in answers):
            raise _Invalid("an accepted answer has no letters or digits")
        fields["answers"] = answers
    return Question(**fields)


def _parse_pairs(table: dict) -> dict:
    pairs = table["pairs"]
    if (not isinstance(pairs, list) or not all(isinstance(p, list) and len(p) == 2 and
                                               all(isinstance(s, str) and s.strip() for s in p) for p in pairs)):
        raise _Invalid("'pairs' must be a list of [\"left\", \"right\"] pairs of non-empty strings")
    if len(pairs) < 2:
        raise _Invalid(f"'pairs' needs at least 2 pairs, found {len(pairs)}")
    extra = _texts(table, "extra", 0) if "extra" in table else ()
    clean = tuple((normalise_space(a), normalise_space(b)) for a, b in pairs)
    _unique([a for a, _ in clean], "left items of 'pairs'")
    _unique([b for _, b in clean] + list(extra), "right items of 'pairs' and 'extra'")
    if len(clean) + len(extra) > 26:
        raise _Invalid("a match question has at most 26 right-hand items (they are lettered a to z)")
    return {"pairs": clean, "extra": extra}


def _as_tuple(value, allowed: tuple[str, ...], key: str) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(v in allowed for v in values):
        raise _Invalid(f"{key!r} must be one of {', '.join(allowed)}, or a list of them (found {value!r})")
    return tuple(values)


def _int(table: dict, key: str, low: float, high: float | None = None, number_ok: bool = False) -> float:
    value = table.get(key)
    kinds = (int, float) if number_ok else (int,)
    if isinstance(value, bool) or not isinstance(value, kinds) or value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise _Invalid(f"{key!r} must be {'a number' if number_ok else 'an integer'} {bound} (found {value!r})")
    return value


def parse_session(table: dict, source: str = "") -> SessionSpec:
    """Validate one ``[[session]]`` table (question ids are checked against the bank elsewhere).

    Raises:
        ValueError: the first problem found.
    """
    try:
        if not isinstance(table, dict):
            raise _Invalid("a session must be a [[session]] table")
        unknown = sorted(set(table) - _SESSION_KEYS)
        if unknown:
            raise _Invalid(f"unknown key(s) {', '.join(unknown)}")
        name = table.get("name")
        if not isinstance(name, str) or not _ID.match(name):
            raise _Invalid(f"'name' must be lowercase letters, digits and '-' (found {name!r})")
        if isinstance(table.get("seed"), bool) or not isinstance(table.get("seed"), int):
            raise _Invalid(f"'seed' must be an integer (found {table.get('seed')!r})")
        picks = []
        raw_picks = table.get("pick", [])
        if not isinstance(raw_picks, list) or not all(isinstance(p, dict) for p in raw_picks):
            raise _Invalid("'pick' must be [[session.pick]] tables")
        for raw in raw_picks:
            unknown = sorted(set(raw) - _PICK_KEYS)
            if unknown:
                raise _Invalid(f"unknown key(s) {', '.join(unknown)} in [[session.pick]]")
            picks.append(Pick(count=int(_int(raw, "count", 1)),
                              topics=_as_tuple(raw.get("topic", []), TOPICS, "topic"),
                              levels=_as_tuple(raw.get("level", []), LEVELS, "level"),
                              types=_as_tuple(raw.get("type", []), TYPES, "type")))
        ids = _texts(table, "questions", 0, "question id") if "questions" in table else ()
        _unique(ids, "'questions'")
        if not ids and not picks:
            raise _Invalid("a session needs 'questions' or at least one [[session.pick]]")
        shuffle = table.get("shuffle", True)
        if not isinstance(shuffle, bool):
            raise _Invalid("'shuffle' must be true or false")
        return SessionSpec(
            name=name, title=_text(table, "title"), seed=table["seed"],
            pass_mark=float(_int(table, "pass_mark", 0, 100, number_ok=True)),
            feedback=_choice({"feedback": table.get("feedback", "immediate")}, "feedback", FEEDBACK),
            time_limit=int(_int(table, "time_limit", 1)) if "time_limit" in table else None,
            questions=ids, picks=tuple(picks), shuffle=shuffle, source=source)
    except _Invalid as err:
        raise ValueError(str(err)) from None


def _load_tables(path: Path, bank: Bank, table: str) -> list[tuple[dict, str]]:
    """The ``[[table]]`` entries of one file, each with its ``file:line`` (or ``file: table N``)."""
    parsed = _read_toml(path, bank)
    if parsed is None:
        return []
    data, text = parsed
    unknown = sorted(set(data) - {table})
    if unknown:
        bank.problems.append(f"{path.name}: unknown top-level key(s) {', '.join(unknown)} "
                             f"(each entry must start with [[{table}]])")
    entries = data.get(table, [])
    if not isinstance(entries, list):
        bank.problems.append(f"{path.name}: '{table}' must be [[{table}]] tables")
        return []
    lines = _header_lines(text, table)
    if len(lines) != len(entries):
        lines = []
    return [(entry, f"{path.name}:{lines[i]}" if lines else f"{path.name}: {table} {i + 1}")
            for i, entry in enumerate(entries)]


def read_bank(quiz_dir: Path) -> Bank:
    """Read every question file and ``sessions.toml``, collecting problems instead of raising."""
    bank = Bank(directory=quiz_dir)
    for path in sorted(quiz_dir.glob("*.toml")):
        if path.name == SESSIONS_FILE:
            continue
        for table, where in _load_tables(path, bank, "question"):
            try:
                question = parse_question(table, where)
            except ValueError as err:
                ident = table.get("id") if isinstance(table, dict) else None
                bank.problems.append(f"{where}: " + (f"question {ident!r}: " if isinstance(ident, str) else "") + str(err))
                continue
            if question.id in bank.questions:
                bank.problems.append(f"{where}: duplicate question id {question.id!r} "
                                     f"(first at {bank.questions[question.id].source})")
                continue
            bank.questions[question.id] = question
    sessions_path = quiz_dir / SESSIONS_FILE
    if sessions_path.exists():
        for table, where in _load_tables(sessions_path, bank, "session"):
            try:
                session = parse_session(table, where)
            except ValueError as err:
                bank.problems.append(f"{where}: session: {err}")
                continue
            if session.name in bank.sessions:
                bank.problems.append(f"{where}: duplicate session name {session.name!r}")
                continue
            bank.sessions[session.name] = session
    return bank


def load_bank(quiz_dir: Path) -> Bank:
    """The bank the quiz plays. Questions with problems are left out (``bank.problems`` says why).

    Raises:
        DataError: the directory is missing, a file is unreadable or not TOML, or there is no question.
    """
    if not quiz_dir.is_dir():
        raise DataError(f"{quiz_dir}: question bank directory not found")
    bank = read_bank(quiz_dir)
    if bank.unusable:
        more = f" (and {len(bank.unusable) - 1} more; run 'aco-tui check')" if len(bank.unusable) > 1 else ""
        raise DataError(f"{quiz_dir.name}/{bank.unusable[0]}{more}")
    if not bank.questions:
        raise DataError(f"{quiz_dir}: the question bank has no usable questions")
    return bank


def check_bank(quiz_dir: Path, store, report) -> None:
    """Add the bank's problems to ``report.errors`` and its counts to ``report.counts``."""
    from aco_tui.quiz.engine import plan_session

    bank = read_bank(quiz_dir)
    prefix = f"{quiz_dir.parent.name}/{quiz_dir.name}/"
    errors = [prefix + p for p in bank.unusable + bank.problems]
    known = set(store.excerpts) if store is not None else None
    for question in bank.questions.values():
        missing = [e for e in question.excerpts if known is not None and e not in known]
        if missing:
            errors.append(f"{prefix}{question.source}: question {question.id!r} cites unknown excerpt(s) "
                          f"{', '.join(missing)}")
    for topic, count in bank.topic_counts().items():
        if count < MIN_PER_TOPIC:
            errors.append(f"{prefix.rstrip('/')}: topic {topic!r} has {count} valid question(s), at least {MIN_PER_TOPIC} needed")
    for session in bank.sessions.values():
        try:
            plan_session(bank, session.name)
        except DataError as err:
            errors.append(f"{prefix}{session.source}: session {session.name!r}: {err}")
    report.errors.extend(errors)
    report.counts["questions"] = len(bank.questions)
    report.counts["question_types"] = bank.type_counts()
    report.counts["quiz_sessions"] = len(bank.sessions)
