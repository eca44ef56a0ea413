"""The read-only excerpt store: verbatim source excerpts and their sources, kept in TinyDB.

The store is opened with ``access_mode="r"`` and never written: it ships with the app.
Widgets and commands see :class:`Source` and :class:`Excerpt`, never TinyDB documents.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISDIR
from typing import Any

from aco_tui.errors import DataError
from aco_tui.knowledge.topics import TOPICS
from aco_tui.safe_text import strip_control


@dataclass(frozen=True)
class Source:
    """One of the documents the content comes from."""

    id: str
    title: str
    publisher: str
    author: str | None = None
    date: str | None = None
    date_note: str | None = None
    kind: str | None = None
    licence: str | None = None
    series: str | None = None

    @property
    def date_label(self) -> str:
        """The date as a reader should see it: the ISO date, or the note explaining its absence."""
        if self.date:
            return self.date
        return self.date_note or "undated"


@dataclass(frozen=True)
class Excerpt:
    """A verbatim passage of a source, with where it sits and what it is about."""

    id: str
    source: str
    section: str
    text: str
    topics: tuple[str, ...]
    speaker: str | None = None
    date: str | None = None
    date_end: str | None = None
    uncited: str | None = None


@dataclass
class ExcerptStore:
    """All sources and excerpts, indexed by id, in store order."""

    path: Path
    sources: dict[str, Source] = field(default_factory=dict)
    excerpts: dict[str, Excerpt] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def source_of(self, excerpt: Excerpt) -> Source | None:
        """The source an excerpt comes from, if the store knows it."""
        return self.sources.get(excerpt.source)

    def citation_text(self, excerpt_id: str) -> str:
        """The excerpt with its source, as one block of plain text for copying."""
        excerpt = self.excerpts[excerpt_id]
        source = self.source_of(excerpt)
        origin = source.title if source else excerpt.source
        parts = [f"\u201c{excerpt.text}\u201d", f"{origin}"]
        if source:
            byline = ", ".join(p for p in (source.author, source.publisher, source.date_label) if p)
            parts.append(byline)
        parts.append(f"Section: {excerpt.section}")
        return "\n".join(parts)


_SOURCE_FIELDS = {"id", "title", "publisher", "author", "date", "date_note", "kind", "licence", "series"}
_EXCERPT_FIELDS = {"id", "source", "section", "text", "topics", "speaker", "date", "date_end", "uncited"}
_EXCERPT_REQUIRED = ("id", "source", "section", "text")


def _read_tables(path: Path) -> dict[str, dict[int, dict[str, Any]]]:
    """Read the raw TinyDB tables, turning every failure into one readable line."""
    # Imported here so that commands which only need the search cache never pay for TinyDB.
    from tinydb import TinyDB

    try:
        status = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise DataError(f"{path}: excerpt store not found") from None
    except OSError as err:  # a name too long, a loop of links...
        raise DataError(f"{path}: cannot read excerpt store ({err.strerror})") from None
    if S_ISDIR(status.st_mode):
        raise DataError(f"{path}: excerpt store is a directory, expected a JSON file")
    if status.st_size == 0:
        raise DataError(f"{path}: excerpt store is empty")
    try:
        with TinyDB(path, access_mode="r", encoding="utf-8") as db:
            tables = {name: {doc.doc_id: dict(doc) for doc in db.table(name).all()} for name in ("sources", "excerpts")}
    except json.JSONDecodeError as err:
        raise DataError(
            f"{path}: excerpt store is not valid JSON ({err.msg} at line {err.lineno}, column {err.colno})"
        ) from None
    except UnicodeDecodeError:
        raise DataError(f"{path}: excerpt store is not UTF-8 text") from None
    except (AttributeError, TypeError, ValueError):
        raise DataError(f"{path}: excerpt store does not have TinyDB's layout of tables") from None
    except OSError as err:
        raise DataError(f"{path}: cannot read excerpt store ({err.strerror})") from None
    return tables


def _text(doc: dict[str, Any], key: str) -> str | None:
    value = doc.get(key)
    return strip_control(value) if isinstance(value, str) and value.strip() else None


def load_store(path: Path) -> ExcerptStore:
    """Load the store read-only.

    Structural problems (missing fields, duplicate ids, unknown keys) do not stop loading:
    they are collected in ``problems`` for ``aco-tui check``; bad documents are skipped.

    Raises:
        DataError: the file is missing or is not a TinyDB JSON store.
    """
    tables = _read_tables(path)
    store = ExcerptStore(path=path)
    for doc_id, doc in tables["sources"].items():
        where = f"{path.name}: sources[{doc_id}]"
        ident, title, publisher = _text(doc, "id"), _text(doc, "title"), _text(doc, "publisher")
        if not (ident and title and publisher):
            store.problems.append(f"{where}: a source needs id, title and publisher")
            continue
        if ident in store.sources:
            store.problems.append(f"{where}: duplicate source id {ident!r}")
            continue
        unknown = set(doc) - _SOURCE_FIELDS
        if unknown:
            store.problems.append(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        if doc.get("date") is None and not _text(doc, "date_note"):
            store.problems.append(f"{where}: source {ident!r} has no date and no date_note saying why")
        optional = {k: _text(doc, k) for k in _SOURCE_FIELDS - {"id", "title", "publisher"} if k in doc}
        store.sources[ident] = Source(id=ident, title=title, publisher=publisher, **optional)
    if not tables["excerpts"]:
        store.problems.append(f"{path.name}: the excerpts table is empty")
    for doc_id, doc in tables["excerpts"].items():
        ident, source, section, text = (_text(doc, k) for k in _EXCERPT_REQUIRED)
        where = f"{path.name}: excerpts[{doc_id}]" + (f" ({ident})" if ident else "")
        topics = doc.get("topics")
        if not (ident and source and section and text):
            missing = [k for k, v in zip(_EXCERPT_REQUIRED, (ident, source, section, text), strict=True) if not v]
            store.problems.append(f"{where}: missing or empty {', '.join(missing)}")
            continue
        if ident in store.excerpts:
            store.problems.append(f"{where}: duplicate excerpt id {ident!r}")
            continue
        if not isinstance(topics, list) or not topics or any(t not in TOPICS for t in topics):
            store.problems.append(f"{where}: topics must be a non-empty list drawn from {', '.join(TOPICS)}")
            topics = [t for t in topics or [] if t in TOPICS] if isinstance(topics, list) else []
        if doc["source"] not in store.sources:
            store.problems.append(f"{where}: unknown source {doc['source']!r}")
        unknown = set(doc) - _EXCERPT_FIELDS
        if unknown:
            store.problems.append(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        store.excerpts[ident] = Excerpt(
            id=ident,
            source=source,
            section=section,
            text=text,
            topics=tuple(topics),
            speaker=_text(doc, "speaker"),
            date=_text(doc, "date"),
            date_end=_text(doc, "date_end"),
            uncited=_text(doc, "uncited"),
        )
    return store
