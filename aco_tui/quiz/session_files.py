"""Session files: the shipped ``content/quiz/sessions.toml`` and a trainer's own, merged.

A trainer's sessions live in ``DATA/sessions.toml`` (the data directory) and in a file named with
``--sessions FILE``; they have the same format as the shipped file (docs/session-format.md). A
session with a bad value is never dropped silently: it is left out with its reason, ``file:line``
and the field (:attr:`Bank.left_out`, :attr:`Bank.problems`), and ``aco-tui check`` fails. A name
defined twice, in one file or across files, is an error too (the first definition is kept).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from aco_tui.quiz.model import Bank
from aco_tui.quiz.sessions import parse_session
from aco_tui.safe_text import strip_control_in

TRAINER_FILE = "sessions.toml"
_HEADER = re.compile(r"^\s*\[\[\s*session\s*\]\]\s*(#.*)?$")
_FIELD = re.compile(r"'([a-z_]+)'|unknown key\(s\) ([a-z_]+)")


def trainer_session_files(data_dir: Path | None, extra: str | None = None) -> list[Path]:
    """The trainer's session files: ``DATA/sessions.toml`` when it exists, then ``extra`` (``--sessions``)."""
    files = []
    if data_dir is not None and (data_dir / TRAINER_FILE).is_file():
        files.append(data_dir / TRAINER_FILE)
    if extra:
        files.append(Path(extra).expanduser())
    return files


def field_line(lines: Sequence[str], header: int, message: str) -> int:
    """The line (1-based) of the field ``message`` names in the session whose ``[[session]]`` is on
    line ``header``; the header's line when the field is not written there (a missing key)."""
    found = _FIELD.search(message)
    name = next((g for g in found.groups() if g), None) if found else None
    if name is None:
        return header
    assignment = re.compile(r"^\s*" + re.escape(name) + r"\s*=")
    for number in range(header + 1, len(lines) + 1):
        line = lines[number - 1]
        if _HEADER.match(line):
            break
        if assignment.match(line):
            return number
    return header


def add_sessions(bank: Bank, path: Path, label: str, shipped: bool = False) -> None:
    """Parse the sessions of ``path`` into ``bank`` (problems named ``label:line``). A ``shipped``
    file that cannot be read makes the bank unusable, as a broken question file does; a trainer's
    file only leaves its sessions out (with the reason)."""
    try:
        text = path.read_text(encoding="utf-8")
        data = strip_control_in(tomllib.loads(text))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        why = getattr(err, "strerror", None) or str(err) or type(err).__name__
        if shipped:
            kind = "not valid TOML" if isinstance(err, tomllib.TOMLDecodeError) else "cannot read"
            bank.unusable.append(f"{label}: {kind}: {why}")
            return
        _leave_out(bank, None, f"{label}: cannot be read as TOML ({why}); none of its sessions were loaded")
        return
    unknown = sorted(set(data) - {"session"})
    if unknown:
        bank.problems.append(
            f"{label}: unknown top-level key(s) {', '.join(unknown)} (each entry must start with [[session]])"
        )
    entries = data.get("session", [])
    if not isinstance(entries, list):
        _leave_out(bank, None, f"{label}: 'session' must be [[session]] tables")
        return
    lines = text.splitlines()
    headers = [n for n, line in enumerate(lines, start=1) if _HEADER.match(line)]
    if len(headers) != len(entries):
        headers = [0] * len(entries)
    for table, header in zip(entries, headers, strict=True):
        where = f"{label}:{header}" if header else label
        name = table.get("name") if isinstance(table, dict) and isinstance(table.get("name"), str) else None
        try:
            session = parse_session(table, where)
        except ValueError as err:
            line = field_line(lines, header, str(err)) if header else 0
            at = f"{label}:{line}" if line else label
            _leave_out(bank, name, f"{at}: session{f' {name!r}' if name else ''}: {err}")
            continue
        first = bank.sessions.get(session.name)
        if first is not None:
            _leave_out(
                bank,
                None,
                f"{where}: session {session.name!r} is defined twice (first at {first.source}); this one is left out",
            )
            continue
        bank.sessions[session.name] = session


def _leave_out(bank: Bank, name: str | None, why: str) -> None:
    bank.left_out.append((name, why))
    bank.problems.append(why)


def with_trainer_sessions(bank: Bank, files: Sequence[Path]) -> Bank:
    """A copy of ``bank`` with the sessions of ``files`` added (the bank itself is not changed)."""
    if not files:
        return bank
    merged = replace(bank, sessions=dict(bank.sessions), problems=list(bank.problems), left_out=list(bank.left_out))
    for path in files:
        add_sessions(merged, path, str(path))
    return merged


def left_out_reason(bank: Bank, name: str) -> str | None:
    """Why a session of this name was left out, if it was."""
    return next((why for named, why in bank.left_out if named == name), None)
