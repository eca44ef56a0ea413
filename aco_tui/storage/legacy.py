"""The ``progress.json`` of aco-tui before the progress database: read once, imported, kept aside.

That file held TinyDB tables: ``attempts`` (each with its answers), ``cards`` (FSRS review cards),
``ui_state`` (saved places) and ``meta`` (its schema). :func:`read_legacy` turns it into records;
the database imports them in one transaction and then renames the file
``progress.json.migrated-<time>``. A file that cannot be parsed is moved aside as
``progress.json.corrupt-<time>`` and reported, exactly as the old storage did.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aco_tui.errors import UserDataError
from aco_tui.navigation import Place
from aco_tui.storage.records import ATTEMPT_KINDS, ATTEMPT_STATUSES, RATINGS, Answer, Attempt, Card
from aco_tui.storage.rows import from_text

LEGACY_FILE = "progress.json"
LEGACY_SCHEMA = 1


@dataclass
class LegacyData:
    """Everything a legacy file held, as records."""

    attempts: list[Attempt] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    places: dict[str, Place] = field(default_factory=dict)
    skipped: int = 0  # documents that could not be understood (counted, reported)


def stamp() -> str:
    """A UTC timestamp for file names: sortable, no colons."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def move_aside(path: Path, why: str) -> Path:
    """Rename ``path`` to ``NAME.<why>-<UTC time>`` and return the new path."""
    target = path.with_name(f"{path.name}.{why}-{stamp()}")
    os.replace(path, target)
    return target


def is_tables(data: object) -> bool:
    """Whether ``data`` has TinyDB's layout: tables of documents (objects) under decimal ids."""
    return isinstance(data, dict) and all(
        isinstance(table, dict)
        and all(isinstance(k, str) and k.isdecimal() and isinstance(doc, dict) for k, doc in table.items())
        for table in data.values()
    )


def load_tables(path: Path, notices: list[str]) -> dict[str, Any] | None:
    """The tables of the legacy file, None if there is none; a damaged one is moved aside (noticed).

    Raises:
        UserDataError: the file cannot be read, or was written by a newer aco-tui.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise UserDataError(f"cannot read {path}: {err.strerror}") from None
    try:
        data: dict[str, Any] = json.loads(raw.decode("utf-8"))
        if not is_tables(data):
            raise ValueError("not a JSON object of tables of documents")
    except ValueError:  # UnicodeDecodeError is a ValueError
        moved = move_aside(path, "corrupt")
        notices.append(f"Your old progress file was damaged; it was moved to {moved.name} and not imported.")
        return None
    schemas = [d.get("schema") for d in data.get("meta", {}).values() if isinstance(d.get("schema"), int)]
    if schemas and max(schemas) > LEGACY_SCHEMA:
        raise UserDataError(f"{path} uses schema {max(schemas)}, newer than this aco-tui understands; upgrade aco-tui")
    return data


def _documents(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    docs = data.get(table, {})
    return [docs[k] for k in sorted(docs, key=int)]


def read_legacy(data: dict[str, Any]) -> LegacyData:
    """Records from the legacy tables (documents that cannot be understood are counted, not fatal)."""
    result = LegacyData()
    for doc in _documents(data, "attempts"):
        try:
            attempt, answers = _attempt(doc)
        except (KeyError, TypeError, ValueError):
            result.skipped += 1
            continue
        result.attempts.append(attempt)
        result.answers.extend(answers)
    for doc in _documents(data, "cards"):
        try:
            result.cards.append(_card(doc))
        except (KeyError, TypeError, ValueError):
            result.skipped += 1
    for doc in _documents(data, "ui_state"):
        if isinstance(doc.get("profile"), str) and isinstance(doc.get("pane"), str):
            section = doc.get("section")
            result.places[doc["profile"]] = Place(doc["pane"], section if isinstance(section, str) else None)
    return result


def _attempt(doc: dict[str, Any]) -> tuple[Attempt, list[Answer]]:
    ident = str(doc["attempt"])
    answers = [
        Answer(
            attempt=ident,
            position=int(a["n"]),
            question=str(a["question"]),
            topic=str(a["topic"]),
            type=str(a["type"]),
            given=a.get("given"),
            given_text=_given_text(a.get("given")),
            correct=bool(a["correct"]),
            credit=float(a.get("credit", 1.0 if a["correct"] else 0.0)),
            at=from_text(a["at"]),
        )
        for a in doc.get("answers", [])
    ]
    started = from_text(doc["started"])
    ended = from_text(doc["ended"]) if doc.get("ended") else None
    last = max([started, *(a.at for a in answers), *([ended] if ended else [])])
    kind, status = doc.get("kind", "practice"), doc.get("status", "in_progress")
    if kind not in ATTEMPT_KINDS or status not in ATTEMPT_STATUSES:
        raise ValueError(f"unknown kind or status in attempt {ident}")
    passed = doc.get("passed")
    attempt = Attempt(
        id=ident,
        trainee=str(doc["trainee"]),
        kind=kind,
        session=doc.get("session"),
        title=str(doc.get("title", "")),
        question_set=str(doc.get("question_set", "")),
        seed=doc.get("seed"),
        questions=tuple(str(q) for q in doc.get("questions", [])),
        pass_mark=doc.get("pass_mark"),
        feedback=str(doc.get("feedback", "immediate")),
        time_limit=doc.get("time_limit"),
        started=started,
        last_activity=last,
        ended=ended,
        status=status,
        answered=len(answers),
        score=sum(1 for a in answers if a.correct),
        percent=doc.get("percent"),
        passed=None if passed is None else bool(passed),
    )
    return attempt, answers


def _given_text(given: object) -> str:
    """The legacy file kept only the response; its words are rebuilt from it."""
    if isinstance(given, list):
        return "; ".join(" \u2192 ".join(map(str, g)) if isinstance(g, list) else str(g) for g in given)
    return str(given)


def _card(doc: dict[str, Any]) -> Card:
    state = doc["card"]
    if not isinstance(state, dict) or doc.get("rating") not in RATINGS:
        raise ValueError("not a review card")
    updated = from_text(doc["updated"])
    return Card(
        trainee=str(doc["trainee"]),
        question=str(doc["question"]),
        state=state,
        previous=doc.get("previous"),
        rating=doc["rating"],
        reviews=int(doc.get("reviews", 1)),
        due=from_text(state["due"]),
        updated=updated,
    )
