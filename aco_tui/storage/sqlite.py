"""The progress database in SQLite (standard library): one file per data directory.

- WAL journal: readers never wait for the writer, and writers from many processes (a cohort of
  trainees over SSH) take turns for a few milliseconds each, waiting up to :data:`BUSY_TIMEOUT_MS`.
- ``synchronous=FULL``: every commit is on disk before it returns, so an acknowledged answer
  survives the process being killed and a power cut (if the disk honours flushes).
- Each write is one short ``BEGIN IMMEDIATE`` transaction; nothing reads a whole table to write.
- A file that is not an SQLite database, or is damaged, is moved aside with a timestamp and a new
  database started (reported in :attr:`notices`); one from a newer schema is refused untouched.
  The integrity check reads the whole file, so it runs only when the file changed since it last
  passed (:mod:`aco_tui.storage.sqlite_check`).
- A file deleted or replaced while it is open (its device and inode changed) is noticed before
  each write, which is then refused: nothing is acknowledged that went into a file nobody reads.
- The first open of a directory with a legacy ``progress.json`` imports it in the same transaction
  that creates the schema (so concurrent first opens import it once) and then renames it.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from aco_tui.errors import UserDataError
from aco_tui.navigation import Place
from aco_tui.storage import attempt_writes, legacy, sqlite_check
from aco_tui.storage.live_rooms import Execute, LiveRoomStore
from aco_tui.storage.reads import StoreReads
from aco_tui.storage.records import Answer, Attempt, Card, Finish, Regrade, Review
from aco_tui.storage.rows import (
    ANSWER_COLUMNS,
    ATTEMPT_COLUMNS,
    CARD_COLUMNS,
    answer_values,
    attempt_values,
    card_values,
    to_json,
    to_text,
)
from aco_tui.storage.schema import SCHEMA_VERSION, sqlite_migrations

DATABASE_FILE = "progress.sqlite3"
BUSY_TIMEOUT_MS = 30_000
_HEADER = b"SQLite format 3\x00"
T = TypeVar("T")


def _problem(err: sqlite3.Error) -> str:
    """What went wrong, in words a trainer can act on."""
    text = str(err)
    if "full" in text:
        return "the disk is full"
    if "readonly" in text or "read-only" in text:
        return "the data directory is read-only"
    if "locked" in text or "busy" in text:
        return f"the database stayed busy for {BUSY_TIMEOUT_MS // 1000} s"
    return text


def _is_damage(err: sqlite3.DatabaseError) -> bool:
    """Whether ``err`` says the file itself is damaged (not a full disk, a lock or permissions)."""
    text = str(err)
    return any(sign in text for sign in ("not a database", "malformed", "quick_check", "disk image"))


class SQLiteProgress(LiveRoomStore, StoreReads):
    """A :class:`~aco_tui.storage.progress.ProgressStore` on ``DIRECTORY/progress.sqlite3``.

    Safe to use from several threads of one process (calls are serialised) and from many
    processes at once (SQLite's locking).
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / DATABASE_FILE
        self.location = str(self.path)
        self.notices: list[str] = []
        self.status_listener: Callable[[str], None] | None = None  # never called: SQLite does not reconnect
        self._lock = threading.RLock()
        self._connection = self._open()
        self._identity = self._file_identity()  # the file opened: a write checks it is still there

    # -- opening ----------------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise UserDataError(f"cannot create data directory {self.directory}: {err.strerror}") from None
        if not self._looks_like_sqlite():
            self._set_aside("not an SQLite database")
        try:
            try:
                return self._connect_patiently()
            except sqlite3.DatabaseError as err:
                if not _is_damage(err):
                    raise
            self._set_aside("it failed SQLite's integrity check")
            return self._connect_patiently()
        except sqlite3.Error as err:
            raise UserDataError(f"cannot open {self.path}: {_problem(err)}") from None

    def _connect_patiently(self) -> sqlite3.Connection:
        """:meth:`_connect`, tried again while another process holds the lock it needs: switching a
        new file to WAL answers "database is locked" at once, without the busy timeout (found by the
        concurrent-writers test: six trainees opening one new directory together)."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        pause = 0.01
        while True:
            try:
                return self._connect()
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)

    def _file_identity(self) -> tuple[int, int] | None:
        """(device, inode) of the database file now; None if there is none."""
        try:
            status = os.stat(self.path)
        except OSError:
            return None
        return status.st_dev, status.st_ino

    def _check_still_there(self) -> None:
        """Raise UserDataError if the file opened was deleted or replaced since: a write would go
        into a file nobody will read again (the answers are gone with it), so nothing is written."""
        now = self._file_identity()
        if now != self._identity:
            what = "deleted" if now is None else "replaced by another file"
            raise UserDataError(
                f"{self.path} was {what} while aco-tui was using it: this was not saved, and what "
                "was saved since aco-tui opened it went with the old file; start aco-tui again"
            )

    def _looks_like_sqlite(self) -> bool:
        try:
            with open(self.path, "rb") as handle:
                header = handle.read(len(_HEADER))
        except FileNotFoundError:
            return True
        except OSError as err:
            raise UserDataError(f"cannot read {self.path}: {err.strerror}") from None
        return header == _HEADER or header == b""

    def _set_aside(self, why: str) -> None:
        for suffix in ("-wal", "-shm"):
            stale = self.path.with_name(self.path.name + suffix)
            if stale.exists():
                legacy.move_aside(stale, "corrupt")
        moved = legacy.move_aside(self.path, "corrupt")
        self.notices.append(
            f"Your progress database was damaged ({why}); it was moved to {moved.name} and a new one was started."
        )

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise UserDataError(
                    f"{self.path} was written by a newer aco-tui (schema {version}; this one "
                    f"knows {SCHEMA_VERSION}); upgrade aco-tui. Nothing was changed."
                )
            key = sqlite_check.file_key(self.path)  # before the check: a change during it is checked next time
            if not sqlite_check.passed_before(self.path, key):
                if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise sqlite3.DatabaseError("quick_check failed")
                sqlite_check.remember_passed(self.path, key)
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("PRAGMA foreign_keys = ON")
            if version < SCHEMA_VERSION or (self.directory / legacy.LEGACY_FILE).exists():
                self._migrate(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    def _migrate(self, connection: sqlite3.Connection) -> None:
        """Bring the schema up to date and import a legacy file, in one transaction (once, whoever
        of several processes opening at the same time gets there first)."""
        legacy_path = self.directory / legacy.LEGACY_FILE
        imported = False
        # A migration may rebuild a table (SQLite's 12 steps): with foreign keys on, dropping the old
        # table would delete the rows that point at it. The pragma cannot change inside a transaction.
        connection.execute("PRAGMA foreign_keys = OFF")
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                version = connection.execute("PRAGMA user_version").fetchone()[0]
                for number, script in enumerate(sqlite_migrations()[version:], start=version + 1):
                    for statement in _statements(script):
                        connection.execute(statement)
                    connection.execute(f"PRAGMA user_version = {number}")
                done = connection.execute("SELECT value FROM meta WHERE key = 'legacy_import'").fetchone()
                if done is None and legacy_path.exists():
                    tables = legacy.load_tables(legacy_path, self.notices)
                    if tables is not None:
                        self._import(connection, legacy.read_legacy(tables))
                        connection.execute(
                            "INSERT INTO meta (key, value) VALUES ('legacy_import', ?)", (legacy.stamp(),)
                        )
                        imported = True
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        except sqlite3.Error as err:
            raise UserDataError(f"cannot set up {self.path}: {_problem(err)}") from None
        finally:
            connection.execute("PRAGMA foreign_keys = ON")
        if legacy_path.exists():
            try:
                moved = legacy.move_aside(legacy_path, "migrated")
            except FileNotFoundError:
                return  # another process opening at the same moment renamed it
            if imported:
                self.notices.append(
                    f"Your progress was moved into {self.path.name}; the old file is kept as {moved.name}."
                )

    def _import(self, connection: sqlite3.Connection, data: legacy.LegacyData) -> None:
        for attempt in data.attempts:
            connection.execute(
                _insert("attempts", ATTEMPT_COLUMNS),
                attempt_values(attempt, self._trainee_id(connection, attempt.trainee)),
            )
        connection.executemany(
            _insert("answers", ANSWER_COLUMNS, replace=True), [answer_values(a) for a in data.answers]
        )
        for card in data.cards:
            connection.execute(
                _insert("cards", CARD_COLUMNS, replace=True),
                card_values(card, self._trainee_id(connection, card.trainee)),
            )
        for profile, place in data.places.items():
            connection.execute(
                "INSERT OR REPLACE INTO places (profile, pane, section) VALUES (?, ?, ?)",
                (profile, place.pane, place.section),
            )
        if data.skipped:
            self.notices.append(
                f"{data.skipped} record(s) of the old progress file could not be read and "
                "were not imported (the old file is kept)."
            )

    # -- plumbing ---------------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction, committed on success.

        Raises:
            UserDataError: it could not be committed (full disk, read-only, busy too long); nothing
                of it was written.
        """
        with self._lock:
            self._check_still_there()
            connection = self._connection
            try:
                connection.execute("BEGIN IMMEDIATE")
                try:
                    yield connection
                    connection.execute("COMMIT")
                except BaseException:
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
                    raise
            except sqlite3.Error as err:
                raise UserDataError(f"cannot save to {self.path}: {_problem(err)}; nothing was half-written") from None

    def _transact(self, work: Callable[[Execute], T]) -> T:
        """``work`` in one :meth:`_write` transaction, its statements run by ``execute(sql, params)``."""
        with self._write() as connection:

            def execute(sql: str, params: Sequence[Any] = ()) -> list[Any]:
                return connection.execute(sql, params).fetchall()

            return work(execute)

    def _read(self, query: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            try:
                return query(self._connection)
            except sqlite3.Error as err:
                raise UserDataError(f"cannot read {self.path}: {_problem(err)}") from None

    @staticmethod
    def _trainee_id(connection: sqlite3.Connection, name: str) -> int:
        row = connection.execute("SELECT id FROM trainees WHERE name = ?", (name,)).fetchone()
        if row is not None:
            return int(row[0])
        cursor = connection.execute("INSERT INTO trainees (name) VALUES (?)", (name,))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    # -- writing ----------------------------------------------------------------------------
    def start_attempt(self, attempt: Attempt) -> None:
        with self._write() as connection:
            connection.execute(
                _insert("attempts", ATTEMPT_COLUMNS),
                attempt_values(attempt, self._trainee_id(connection, attempt.trainee)),
            )

    def record_answer(self, answer: Answer, card: Card | None = None) -> None:
        with self._write() as connection:
            if connection.execute("SELECT 1 FROM attempts WHERE id = ?", (answer.attempt,)).fetchone() is None:
                raise UserDataError(f"attempt {answer.attempt} is not in {self.path}")
            connection.execute(_insert("answers", ANSWER_COLUMNS, replace=True), answer_values(answer))
            connection.execute(
                "UPDATE attempts SET last_activity = max(last_activity, ?),"
                " answered = (SELECT count(*) FROM answers WHERE attempt_id = ?),"
                " score = (SELECT count(*) FROM answers WHERE attempt_id = ? AND correct = 1)"
                " WHERE id = ?",
                (to_text(answer.at), answer.attempt, answer.attempt, answer.attempt),
            )
            if card is not None:
                self._save_card(connection, card, regrade=False)

    def save_card(self, card: Card) -> None:
        with self._write() as connection:
            self._save_card(connection, card, regrade=True)

    def _save_card(self, connection: sqlite3.Connection, card: Card, regrade: bool) -> None:
        trainee_id = self._trainee_id(connection, card.trainee)
        connection.execute(_insert("cards", CARD_COLUMNS, replace=True), card_values(card, trainee_id))
        connection.execute(
            "INSERT INTO review_log (trainee_id, question, rating, reviewed, due, regrade) VALUES (?, ?, ?, ?, ?, ?)",
            (trainee_id, card.question, card.rating, to_text(card.updated), to_text(card.due), int(regrade)),
        )

    def finish_attempt(self, attempt_id: str, finish: Finish, cards: Iterable[Card] = ()) -> bool:
        with self._write() as connection:
            ended = attempt_writes.end_attempt(_executor(connection), attempt_id, finish, str(self.path))
            for card in cards if ended else ():
                self._save_card(connection, card, regrade=False)
            return ended

    def save_flags(self, attempt_id: str, flags: Sequence[int]) -> None:
        with self._write() as connection:
            attempt_writes.save_flags(_executor(connection), attempt_id, flags)

    def regrade_answers(self, keys: Sequence[tuple[str, int]], regrade: Regrade) -> None:
        with self._write() as connection:
            attempt_writes.apply_regrade(_executor(connection), keys, regrade)

    def save_place(self, profile: str, place: Place) -> None:
        with self._write() as connection:
            connection.execute(
                "INSERT INTO places (profile, pane, section) VALUES (?, ?, ?)"
                " ON CONFLICT (profile) DO UPDATE SET pane = excluded.pane, section = excluded.section",
                (profile, place.pane, place.section),
            )

    def save_learning(self, trainee: str, pane: str, state: dict[str, Any], when: datetime) -> None:
        with self._write() as connection:
            connection.execute(
                "INSERT INTO learn_paths (trainee_id, pane, state, updated) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (trainee_id, pane) DO UPDATE SET state = excluded.state,"
                " updated = excluded.updated",
                (self._trainee_id(connection, trainee), pane, to_json(state), to_text(when)),
            )

    def mark_read(self, trainee: str, section: str, when: datetime) -> None:
        with self._write() as connection:
            connection.execute(
                "INSERT INTO sections_read (trainee_id, section, first_read, last_read)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (trainee_id, section)"
                " DO UPDATE SET last_read = excluded.last_read",
                (self._trainee_id(connection, trainee), section, to_text(when), to_text(when)),
            )

    def import_records(
        self,
        attempts: Iterable[Attempt],
        answers: Iterable[Answer],
        cards: Iterable[Card],
        places: dict[str, Place],
        reviews: Iterable[Review] = (),
    ) -> None:
        """Add records copied from another database, in one transaction (``aco-tui db``)."""
        data = legacy.LegacyData(list(attempts), list(answers), list(cards), dict(places))
        with self._write() as connection:
            self._import(connection, data)
            connection.executemany(
                "INSERT INTO review_log (trainee_id, question, rating, reviewed, due, regrade) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        self._trainee_id(connection, r.trainee),
                        r.question,
                        r.rating,
                        to_text(r.reviewed),
                        to_text(r.due),
                        int(r.regrade),
                    )
                    for r in reviews
                ],
            )

    # -- reading ----------------------------------------------------------------------------
    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return self._read(lambda c: c.execute(sql, params).fetchall())

    def close(self) -> None:
        with self._lock:
            self._connection.close()


def _executor(connection: sqlite3.Connection) -> attempt_writes.Execute:
    return lambda sql, params: connection.execute(sql, params).fetchall()


def _answers_of(ids: list[str], connection: sqlite3.Connection) -> list[Any]:
    marks = ", ".join("?" * len(ids))
    return connection.execute(
        f"SELECT {', '.join(ANSWER_COLUMNS)} FROM answers WHERE attempt_id IN ({marks})", ids
    ).fetchall()


def _insert(table: str, columns: tuple[str, ...], replace: bool = False) -> str:
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    return f"{verb} INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _statements(script: str) -> list[str]:
    """The statements of a migration script (they contain no semicolons of their own)."""
    return [s.strip() for s in script.split(";") if s.strip()]
