"""A cohort's records moved between databases (``aco-tui db``): read whole, written as JSON, imported.

Every record goes: attempts, answers, review cards, the review log and saved places. An import is
one transaction on any backend (it all goes in, or nothing does), refused if the target already
holds one of the attempts, and checked afterwards: every imported record is read back from the
target and compared, and the counts are what they should be.
"""

from __future__ import annotations

import json
import os
import stat
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, Protocol, cast

from aco_tui.errors import UserDataError
from aco_tui.navigation import Place
from aco_tui.storage.database_url import is_database_url
from aco_tui.storage.progress import ProgressStore
from aco_tui.storage.records import Answer, Attempt, Card, Review
from aco_tui.storage.rows import from_text, to_text

FORMAT = "aco-tui-progress"
FORMAT_VERSION = 1
TABLES = ("attempts", "answers", "cards", "review_log", "places")
TABLE_NAMES = {
    "attempts": "attempts",
    "answers": "answers",
    "cards": "review cards",
    "review_log": "review-log rows",
    "places": "saved places",
}
_RECORD_TYPES: dict[str, type] = {"attempts": Attempt, "answers": Answer, "cards": Card, "review_log": Review}
MAX_IMPORT_MB = 64  # the largest export `db import` reads (a cohort of 6000 attempts exports to about 12 MB)
_MAX_IMPORT_BYTES = MAX_IMPORT_MB * 1024 * 1024
_CHUNK = 1024 * 1024
_TIMES = {"started", "last_activity", "ended", "at", "due", "updated", "reviewed", "deadline"}


class TransferStore(ProgressStore, Protocol):
    """A progress store that can list and take everything (both backends are)."""

    def trainees(self) -> list[str]: ...
    def review_log(self, trainee: str) -> list[tuple[str, str, datetime, datetime, bool]]: ...
    def places(self) -> dict[str, Place]: ...
    def import_records(
        self,
        attempts: list[Attempt],
        answers: list[Answer],
        cards: list[Card],
        places: dict[str, Place],
        reviews: list[Review],
    ) -> None: ...


@dataclass
class Records:
    """Everything a progress database holds."""

    attempts: list[Attempt] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    review_log: list[Review] = field(default_factory=list)
    places: dict[str, Place] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """How many records of each kind, by table."""
        return {table: len(getattr(self, table)) for table in TABLES}


def open_location(location: str, *, must_exist: bool = False) -> TransferStore:
    """The database at ``location``: a ``postgresql://`` URL, or a data directory (or the
    ``progress.sqlite3`` in one) for SQLite.

    Raises:
        UserDataError: it cannot be opened; or, with ``must_exist``, there is no database there.
    """
    from aco_tui.storage import open_progress

    if is_database_url(location):
        return cast(TransferStore, open_progress(None, location))
    from aco_tui.storage import legacy
    from aco_tui.storage.sqlite import DATABASE_FILE, SQLiteProgress

    directory = Path(location).expanduser()
    if directory.name == DATABASE_FILE and directory.is_file():
        directory = directory.parent
    if must_exist and not any((directory / name).is_file() for name in (DATABASE_FILE, legacy.LEGACY_FILE)):
        raise UserDataError(f"there is no progress database in {directory}")
    return SQLiteProgress(directory)


def read_records(store: TransferStore) -> Records:
    """Every record in ``store``."""
    attempts = store.attempts()
    trainees = store.trainees()
    return Records(
        attempts=attempts,
        answers=store.answers(a.id for a in attempts),
        cards=[card for trainee in trainees for card in store.cards(trainee)],
        review_log=[Review(trainee, *row) for trainee in trainees for row in store.review_log(trainee)],
        places=store.places(),
    )


def _plain(record: Any) -> dict[str, Any]:
    return {k: to_text(v) if isinstance(v, datetime) else v for k, v in asdict(record).items()}


def to_json(records: Records, source: str) -> str:
    """The export document: the records, their counts, and where they came from (``source``, a
    password already masked)."""
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported": to_text(datetime.now(UTC)),
        "source": source,
        "counts": records.counts(),
        **{table: [_plain(r) for r in getattr(records, table)] for table in _RECORD_TYPES},
        "places": {profile: asdict(place) for profile, place in records.places.items()},
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _record(kind: type, values: Any) -> Any:
    if not isinstance(values, dict):
        raise ValueError("not an object")
    names = {f.name for f in fields(kind)}
    if set(values) - names:
        raise ValueError(f"unknown field(s) {', '.join(sorted(set(values) - names))}")
    values = {k: from_text(v) if k in _TIMES and isinstance(v, str) else v for k, v in values.items()}
    if kind is Attempt:
        values["questions"] = tuple(values.get("questions", ()))
        values["flags"] = tuple(values.get("flags", ()))
    record = kind(**values)
    for name in _TIMES & names:
        value = getattr(record, name)
        if not (isinstance(value, datetime) or value is None and name in ("ended", "deadline")):
            raise ValueError(f"{name} is not a time")
    return record


def read_export(stream: BinaryIO, name: str) -> str:
    """The text of an export read from ``stream`` (``name``, for messages), in chunks: a file larger
    than :data:`MAX_IMPORT_MB` (or endless, such as ``/dev/zero``) is refused after that much, so
    memory stays bounded.

    Raises:
        UserDataError: too large, not UTF-8, or unreadable.
    """
    too_big = UserDataError(
        f"{name} is larger than {MAX_IMPORT_MB} MB, the most 'aco-tui db import' reads; "
        "'aco-tui db copy --from A --to B' copies a bigger cohort without a file"
    )
    try:
        status = os.fstat(stream.fileno())
        if stat.S_ISREG(status.st_mode) and status.st_size > _MAX_IMPORT_BYTES:
            raise too_big
    except (AttributeError, OSError, ValueError):
        pass  # not a file descriptor (a test's stream): the chunks below still count
    chunks, total = [], 0
    try:
        while chunk := stream.read(_CHUNK):
            total += len(chunk)
            if total > _MAX_IMPORT_BYTES:
                raise too_big
            chunks.append(chunk)
    except OSError as err:
        raise UserDataError(f"cannot read {name}: {err.strerror or err}") from None
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError:
        raise UserDataError(f"cannot read {name}: it is not UTF-8 text (an export is JSON)") from None


def from_json(text: str, name: str) -> Records:
    """The records of an export document (``name``, for messages).

    Raises:
        UserDataError: it is not an aco-tui export, is from a newer aco-tui, or a record is
            malformed or missing (its counts disagree).
    """
    try:
        document = json.loads(text)
    except RecursionError:
        raise UserDataError(f"{name} is not an aco-tui export: it nests too deeply") from None
    except ValueError as err:
        raise UserDataError(f"{name} is not valid JSON: {err}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise UserDataError(f"{name} is not an aco-tui export (made by 'aco-tui db export --json FILE')")
    if not isinstance(document.get("version"), int) or document["version"] > FORMAT_VERSION:
        raise UserDataError(
            f"{name} was exported by a newer aco-tui (format {document.get('version')!r}); upgrade aco-tui"
        )
    records = Records()
    for table, kind in _RECORD_TYPES.items():
        items = document.get(table, [])
        if not isinstance(items, list):
            raise UserDataError(f"{name}: {table} is not a list")
        for number, values in enumerate(items, start=1):
            try:
                getattr(records, table).append(_record(kind, values))
            except (TypeError, ValueError) as err:
                raise UserDataError(f"{name}: record {number} of {table} cannot be read: {err}") from None
    places = document.get("places", {})
    if not isinstance(places, dict):
        raise UserDataError(f"{name}: places is not an object")
    for profile, values in places.items():
        try:
            records.places[profile] = _record(Place, values)
        except (TypeError, ValueError) as err:
            raise UserDataError(f"{name}: the place of {profile!r} cannot be read: {err}") from None
    if document.get("counts") != records.counts():
        raise UserDataError(
            f"{name} is incomplete: it says it holds {document.get('counts')}, but it holds {records.counts()}"
        )
    return records


def import_records(store: TransferStore, records: Records) -> Records:
    """Add ``records`` to ``store`` in one transaction and check them there; what the store holds after.

    Raises:
        UserDataError: the store already holds one of the attempts, an answer belongs to no attempt
            being imported, the import failed (nothing of it was written), or the check found a
            difference (the message says which table).
    """
    ids = {a.id for a in records.attempts}
    orphans = [a for a in records.answers if a.attempt not in ids]
    if orphans:
        raise UserDataError(
            f"{len(orphans)} answer(s) belong to no attempt being imported "
            f"(the first to {orphans[0].attempt!r}); nothing was imported"
        )
    before = read_records(store)
    clashes = sorted(ids & {a.id for a in before.attempts})
    if clashes:
        raise UserDataError(
            f"{store.location} already holds {len(clashes)} of these attempts (the first is "
            f"{clashes[0]!r}); nothing was imported"
        )
    store.import_records(records.attempts, records.answers, records.cards, records.places, records.review_log)
    after = read_records(store)
    check_import(before, records, after, store.location)
    return after


def check_import(before: Records, imported: Records, after: Records, location: str) -> None:
    """Raise UserDataError unless ``after`` is exactly ``before`` plus ``imported``.

    Cards and places replace those with the same trainee and question, or profile."""
    expected: dict[str, dict[Any, Any]] = {
        "attempts": {a.id: a for a in before.attempts + imported.attempts},
        "answers": {(a.attempt, a.position): a for a in before.answers + imported.answers},
        "cards": {(c.trainee, c.question): c for c in before.cards + imported.cards},
        "review_log": Counter(before.review_log + imported.review_log),
        "places": {**before.places, **imported.places},
    }
    found: dict[str, dict[Any, Any]] = {
        "attempts": {a.id: a for a in after.attempts},
        "answers": {(a.attempt, a.position): a for a in after.answers},
        "cards": {(c.trainee, c.question): c for c in after.cards},
        "review_log": Counter(after.review_log),
        "places": after.places,
    }
    for table in TABLES:
        if found[table] != expected[table]:
            wanted = expected[table]
            count = sum(wanted.values()) if isinstance(wanted, Counter) else len(wanted)
            raise UserDataError(
                f"the check after the import found a difference in the {TABLE_NAMES[table]} of "
                f"{location} (expected {count}, found {after.counts()[table]})"
            )
