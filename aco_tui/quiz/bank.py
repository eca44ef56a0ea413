"""The question bank: ``content/quiz/*.toml`` (questions) and ``sessions.toml`` (onboarding sessions).

The format is documented in docs/trainer.md ("Question bank"). Loading collects every problem as a
``file:line: message`` string; :func:`load_bank` raises :class:`DataError` only when the bank cannot be
used at all, and :func:`aco_tui.quiz.check.check_bank` reports them for ``aco-tui check``.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from aco_tui.errors import DataError
from aco_tui.knowledge.topics import TOPICS
from aco_tui.quiz.fields import (
    ID_PATTERN,
    LEVELS,
    Invalid,
    choice,
    req_text,
    req_texts,
    section_links,
)
from aco_tui.quiz.kinds import QuestionType, kind_of
from aco_tui.quiz.model import Bank, Question
from aco_tui.quiz.session_files import add_sessions
from aco_tui.safe_text import strip_control_in

SESSIONS_FILE = "sessions.toml"
_COMMON_KEYS = ("id", "topic", "level", "type", "question", "explanation", "excerpts")
_OPTIONAL_COMMON_KEYS = ("sections",)


def _header_lines(text: str, table: str) -> list[int]:
    pattern = re.compile(r"^\s*\[\[\s*" + re.escape(table) + r"\s*\]\]\s*(#.*)?$")
    return [n for n, line in enumerate(text.splitlines(), start=1) if pattern.match(line)]


def _read_toml(path: Path, bank: Bank) -> tuple[dict[str, Any], str] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        bank.unusable.append(f"{path.name}: not UTF-8 text")
        return None
    except OSError as err:
        bank.unusable.append(f"{path.name}: cannot read ({err.strerror})")
        return None
    try:
        # TOML escapes (\u001b) could smuggle control characters past the file: drop them from values.
        return strip_control_in(tomllib.loads(text)), text
    except tomllib.TOMLDecodeError as err:
        bank.unusable.append(f"{path.name}: not valid TOML: {err}")
        return None


def parse_question(table: dict[str, Any], source: str = "") -> Question:
    """Validate one ``[[question]]`` table.

    Raises:
        ValueError: the first problem found, as a readable sentence.
    """
    try:
        return _parse_question(table, source)
    except Invalid as err:
        raise ValueError(str(err)) from None


def _parse_question(table: dict[str, Any], source: str) -> Question:
    if not isinstance(table, dict):
        raise Invalid("a question must be a [[question]] table")
    ident = table.get("id")
    if not isinstance(ident, str) or not ID_PATTERN.match(ident):
        raise Invalid(f"'id' must be lowercase letters, digits and '-' (found {ident!r})")
    question_type = QuestionType(choice(table, "type", tuple(QuestionType)))
    kind = kind_of(question_type)
    allowed = set(_COMMON_KEYS) | set(_OPTIONAL_COMMON_KEYS) | set(kind.keys) | set(kind.optional_keys)
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise Invalid(f"unknown key(s) {', '.join(unknown)} for a {question_type} question")
    missing = [k for k in _COMMON_KEYS + kind.keys if k not in table]
    if missing:
        raise Invalid(f"missing key(s) {', '.join(missing)}")
    return Question(
        id=ident,
        topic=choice(table, "topic", TOPICS),
        level=choice(table, "level", LEVELS),
        type=question_type,
        question=req_text(table, "question"),
        explanation=req_text(table, "explanation"),
        excerpts=req_texts(table, "excerpts", 1, "excerpt id"),
        sections=section_links(table, "sections", TOPICS),
        source=source,
        **kind.fields(table),
    )


def _load_tables(path: Path, bank: Bank, table: str) -> list[tuple[dict[str, Any], str]]:
    """The ``[[table]]`` entries of one file, each with its ``file:line`` (or ``file: table N``)."""
    parsed = _read_toml(path, bank)
    if parsed is None:
        return []
    data, text = parsed
    unknown = sorted(set(data) - {table})
    if unknown:
        bank.problems.append(
            f"{path.name}: unknown top-level key(s) {', '.join(unknown)} (each entry must start with [[{table}]])"
        )
    entries = data.get(table, [])
    if not isinstance(entries, list):
        bank.problems.append(f"{path.name}: '{table}' must be [[{table}]] tables")
        return []
    lines = _header_lines(text, table)
    if len(lines) != len(entries):
        lines = []
    return [
        (entry, f"{path.name}:{lines[i]}" if lines else f"{path.name}: {table} {i + 1}")
        for i, entry in enumerate(entries)
    ]


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
                bank.problems.append(
                    f"{where}: " + (f"question {ident!r}: " if isinstance(ident, str) else "") + str(err)
                )
                continue
            if question.id in bank.questions:
                bank.problems.append(
                    f"{where}: duplicate question id {question.id!r} (first at {bank.questions[question.id].source})"
                )
                continue
            bank.questions[question.id] = question
    sessions_path = quiz_dir / SESSIONS_FILE
    if sessions_path.exists():
        add_sessions(bank, sessions_path, SESSIONS_FILE, shipped=True)
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
