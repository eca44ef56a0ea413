"""The progress database in PostgreSQL (psycopg 3): one database for a cohort spread over several servers.

- The same operations and logical schema as SQLite (:func:`~aco_tui.storage.schema.postgres_migrations`);
  the version is kept in ``schema_version``. Migrations run under a transaction-scoped advisory lock,
  so processes connecting for the first time at once migrate once; a newer schema is refused.
- Each write is one transaction, committed before the method returns.
- A lost connection, or no reply within a watchdog's time (:mod:`aco_tui.storage.pg_link`):
  reconnect with growing, jittered pauses for up to :attr:`PostgresProgress.retry_for` seconds
  (30), telling :attr:`PostgresProgress.status_listener` "reconnecting...". The transaction is
  replayed only if it did not commit: the error came before COMMIT, or the COMMIT's outcome was
  unknown and the server, asked on the new connection about that transaction id, says it was
  aborted. An answer is never doubled nor silently lost: if the server cannot be reached in time,
  :class:`~aco_tui.errors.RetryableError` says nothing was saved; if the outcome cannot be
  settled, :class:`~aco_tui.errors.UserDataError` says so.
- Passwords are never shown: :attr:`location` is the URL masked, and so is every message.

This and :mod:`~aco_tui.storage.pg_link` are the only modules that import psycopg (an optional
extra: ``aco-tui[postgres]``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from datetime import datetime
from typing import Any, TypeVar

import psycopg

from aco_tui.errors import RetryableError, UserDataError
from aco_tui.navigation import Place
from aco_tui.storage import attempt_writes
from aco_tui.storage.database_url import mask_password, mask_secrets
from aco_tui.storage.live_rooms import Execute, LiveRoomStore
from aco_tui.storage.pg_link import (
    CONNECT_TIMEOUT_S,
    RETRY_WINDOW_S,
    Listener,
    Retrying,
    Watchdog,
    connect,
    connection_settings,
)
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
from aco_tui.storage.schema import SCHEMA_VERSION, postgres_migrations

log = logging.getLogger("aco_tui.storage")

OPEN_TIMEOUT_S = 10  # connecting when the store is opened
SETTLE_S = 5.0  # how long to wait for the server to settle a transaction whose COMMIT was cut off
_MIGRATION_LOCK = 0x0AC0  # with a hash of the schema: pg_advisory_xact_lock(int, int)
T = TypeVar("T")
Work = Callable[[psycopg.Connection], T]


def _executor(connection: psycopg.Connection) -> attempt_writes.Execute:
    """Run one statement written with ``?`` placeholders; its rows (none for a statement without)."""

    def execute(sql: str, params: Sequence[Any]) -> list[Any]:
        cursor = connection.execute(sql.replace("?", "%s"), params)
        return cursor.fetchall() if cursor.description is not None else []

    return execute


def _insert(table: str, columns: tuple[str, ...], key: tuple[str, ...] | None = None) -> str:
    """An INSERT of ``columns``; with ``key``, one that replaces the row with the same key."""
    statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    if key is None:
        return statement
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c not in key)
    return f"{statement} ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"


_INSERT_ATTEMPT = _insert("attempts", ATTEMPT_COLUMNS)
_UPSERT_ANSWER = _insert("answers", ANSWER_COLUMNS, ("attempt_id", "position"))
_UPSERT_CARD = _insert("cards", CARD_COLUMNS, ("trainee_id", "question"))
_UPSERT_PLACE = _insert("places", ("profile", "pane", "section"), ("profile",))
_INSERT_REVIEW = (
    "INSERT INTO review_log (trainee_id, question, rating, reviewed, due, regrade) VALUES (%s, %s, %s, %s, %s, %s)"
)


class PostgresProgress(LiveRoomStore, StoreReads):
    """A :class:`~aco_tui.storage.progress.ProgressStore` in the PostgreSQL database at ``url``.

    Safe to use from several threads of one process (calls are serialised) and from any number of
    processes on any number of hosts (PostgreSQL's row locks).
    """

    def __init__(self, url: str, *, retry_for: float = RETRY_WINDOW_S) -> None:
        self.url = url
        self.location = mask_password(url)
        self.notices: list[str] = []
        self.status_listener: Listener | None = None
        self.retry_for = retry_for  # how long a write or read keeps trying to reach the server
        self.reconnects = 0  # connections lost and made again (for logs and tests)
        self._lock = threading.RLock()
        self._connection: psycopg.Connection | None = None
        self._backend_pid = 0  # the server process of the connection
        try:
            self._conninfo = connection_settings(url)
            self._connection = self._connect(OPEN_TIMEOUT_S)
            self._migrate(self._connection)
        except psycopg.Error as err:
            self._drop()
            raise UserDataError(f"cannot open {self.location}: {self._problem(err)}") from None
        except BaseException:
            self._drop()
            raise

    # -- connecting -------------------------------------------------------------------------
    def _connect(self, seconds_left: float) -> psycopg.Connection:
        connection = connect(self._conninfo, seconds_left)
        self._backend_pid = connection.info.backend_pid  # still known after the connection is lost
        return connection

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _lost(self) -> bool:
        return self._connection is None or self._connection.closed

    def _live(self, trying: Retrying) -> psycopg.Connection:
        """The connection, made again if it was lost."""
        if self._connection is not None and not self._connection.closed:
            return self._connection
        self._drop()
        self._connection = self._connect(min(CONNECT_TIMEOUT_S, trying.seconds_left()))
        self.reconnects += 1
        log.warning("the connection to %s was lost; reconnected", self.location)
        return self._connection

    def _problem(self, err: BaseException) -> str:
        """The driver's message on one line, the password masked."""
        return mask_secrets(" ".join(str(err).split()), self.url) or type(err).__name__

    def _migrate(self, connection: psycopg.Connection) -> None:
        """Bring the schema up to date, once, whoever of several processes gets there first."""
        if self._version(connection) == SCHEMA_VERSION:
            return
        with connection.transaction():
            connection.execute(
                "SELECT pg_advisory_xact_lock(%s, hashtext(coalesce(current_schema(), '')))", (_MIGRATION_LOCK,)
            )
            connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                " version INTEGER PRIMARY KEY, applied TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
            version = self._version(connection)
            for number, script in enumerate(postgres_migrations()[version:], start=version + 1):
                connection.execute(script)
                connection.execute("INSERT INTO schema_version (version) VALUES (%s)", (number,))

    def _version(self, connection: psycopg.Connection) -> int:
        """The schema version (0: none yet). Raises UserDataError for a newer one."""
        row = connection.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
        if not (row and row[0]):
            return 0
        row = connection.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
        version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise UserDataError(
                f"{self.location} was written by a newer aco-tui (schema {version}; this one "
                f"knows {SCHEMA_VERSION}); upgrade aco-tui. Nothing was changed."
            )
        return version

    # -- plumbing ---------------------------------------------------------------------------
    def _write(self, work: Work[Any], watched: bool = True) -> None:
        """``work`` in one transaction, committed before this returns. After a lost connection (or
        no reply within the watchdog's time, when ``watched``) it is tried again on a new one, for up
        to :attr:`retry_for` seconds, if (and only if) it did not commit.

        Raises:
            RetryableError: the server could not be reached in time; nothing of it was saved.
            UserDataError: it was refused, or whether it was committed could not be told.
        """
        with self._lock:
            trying = Retrying(self.retry_for, self.status_listener)
            try:
                while True:
                    xid: str | None = None
                    watchdog: Watchdog | None = None
                    try:
                        connection = self._live(trying)
                        watchdog = trying.watchdog(connection) if watched else None
                        with watchdog or nullcontext(), connection.transaction():
                            work(connection)
                            xid = self._xid(connection)  # known from here: the COMMIT may be cut off
                        return
                    except psycopg.OperationalError as err:
                        problem = self._problem_of(err, watchdog)
                        if self._lost() and xid is not None and self._committed_after_all(xid, problem, trying):
                            return
                        # Not committed: the connection went before the COMMIT, or the server rolled the
                        # transaction back (a deadlock, a statement timeout). Trying again is safe.
                    except psycopg.Error as err:
                        raise UserDataError(
                            f"cannot save to {self.location}: {self._problem(err)}; nothing was half-written"
                        ) from None
                    if not trying.pause():
                        raise RetryableError(
                            f"cannot save to {self.location} ({problem}; still failing after "
                            f"{trying.window:g} s); this was not saved"
                        )
            finally:
                trying.end()

    def _problem_of(self, err: BaseException, watchdog: Watchdog | None) -> str:
        return "no reply from the server" if watchdog is not None and watchdog.fired else self._problem(err)

    def _transact(self, work: Callable[[Execute], T]) -> T:
        """``work`` in one :meth:`_write` transaction (replayed with it), its statements run by
        ``execute(sql, params)`` with ``?`` placeholders."""
        results: list[T] = []

        def run(connection: psycopg.Connection) -> None:
            def execute(sql: str, params: Sequence[Any] = ()) -> list[Any]:
                cursor = connection.execute(sql.replace("?", "%s"), params)
                return cursor.fetchall() if cursor.description is not None else []

            results[:] = [work(execute)]

        self._write(run)
        return results[0]

    @staticmethod
    def _xid(connection: psycopg.Connection) -> str:
        row = connection.execute("SELECT pg_current_xact_id()::text").fetchone()
        assert row is not None
        return str(row[0])

    def _committed_after_all(self, xid: str, problem: str, trying: Retrying) -> bool:
        """Whether transaction ``xid``, whose COMMIT was cut off by a lost connection, committed:
        asked of the server on a new connection (made with the same retries).

        Raises:
            UserDataError: no new connection in time, or the server cannot tell.
        """
        old_pid = self._backend_pid
        self._drop()
        while True:
            try:
                connection = self._live(trying)
                with trying.watchdog(connection):
                    status = self._settle(connection, xid, old_pid)
                break
            except psycopg.Error as again:
                if not trying.pause():
                    raise UserDataError(
                        f"lost the connection to {self.location} while saving ({problem}) and could "
                        f"not reconnect within {trying.window:g} s ({self._problem(again)}); it may "
                        "have been saved just before: check before trying again"
                    ) from None
        if status == "committed":
            return True
        if status == "aborted":
            return False
        raise UserDataError(
            f"lost the connection to {self.location} while saving, and the server cannot tell "
            f"whether it was saved ({status or 'unknown'}); check before trying again"
        )

    @staticmethod
    def _settle(connection: psycopg.Connection, xid: str, old_pid: int) -> str | None:
        """The final status of transaction ``xid``: the old session is ended (if it still lingers,
        its COMMIT never arrived) and the server asked until the answer is final."""
        deadline = time.monotonic() + SETTLE_S
        while True:
            row = connection.execute("SELECT pg_xact_status(%s::xid8)", (xid,)).fetchone()
            status = row[0] if row else None
            if status != "in progress" or time.monotonic() > deadline:
                return status
            if old_pid:
                connection.execute("SELECT pg_terminate_backend(%s)", (old_pid,))
            time.sleep(0.05)

    def _read(self, query: Work[T]) -> T:
        """``query`` on the connection; after a lost connection (or no reply in time), again on a new
        one, for up to :attr:`retry_for` seconds.

        Raises:
            RetryableError: the server could not be reached in time.
            UserDataError: the query failed.
        """
        with self._lock:
            trying = Retrying(self.retry_for, self.status_listener)
            try:
                while True:
                    watchdog = None
                    try:
                        connection = self._live(trying)
                        with trying.watchdog(connection) as watchdog:
                            return query(connection)
                    except psycopg.OperationalError as err:
                        problem = self._problem_of(err, watchdog)
                    except psycopg.Error as err:
                        raise UserDataError(f"cannot read {self.location}: {self._problem(err)}") from None
                    if not trying.pause():
                        raise RetryableError(
                            f"cannot read {self.location} ({problem}; still failing after {trying.window:g} s)"
                        )
            finally:
                trying.end()

    @staticmethod
    def _trainee_id(connection: psycopg.Connection, name: str) -> int:
        for statement in (
            "SELECT id FROM trainees WHERE name = %s",
            "INSERT INTO trainees (name) VALUES (%s) ON CONFLICT (name) DO NOTHING RETURNING id",
            "SELECT id FROM trainees WHERE name = %s",
        ):  # another writer added it meanwhile
            row = connection.execute(statement, (name,)).fetchone()
            if row is not None:
                return int(row[0])
        raise AssertionError(f"trainee {name!r} neither found nor added")

    # -- writing ----------------------------------------------------------------------------
    def start_attempt(self, attempt: Attempt) -> None:
        def work(connection: psycopg.Connection) -> None:
            connection.execute(_INSERT_ATTEMPT, attempt_values(attempt, self._trainee_id(connection, attempt.trainee)))

        self._write(work)

    def record_answer(self, answer: Answer, card: Card | None = None) -> None:
        def work(connection: psycopg.Connection) -> None:
            # Locking the attempt's row keeps its counts right when two answers to it race.
            if (
                connection.execute("SELECT 1 FROM attempts WHERE id = %s FOR UPDATE", (answer.attempt,)).fetchone()
                is None
            ):
                raise UserDataError(f"attempt {answer.attempt} is not in {self.location}")
            connection.execute(_UPSERT_ANSWER, answer_values(answer))
            connection.execute(
                "UPDATE attempts SET last_activity = greatest(last_activity, %s),"
                " answered = (SELECT count(*) FROM answers WHERE attempt_id = %s),"
                " score = (SELECT count(*) FROM answers WHERE attempt_id = %s AND correct = 1)"
                " WHERE id = %s",
                (to_text(answer.at), answer.attempt, answer.attempt, answer.attempt),
            )
            if card is not None:
                self._save_card(connection, card, regrade=False)

        self._write(work)

    def save_card(self, card: Card) -> None:
        self._write(lambda connection: self._save_card(connection, card, regrade=True))

    def _save_card(self, connection: psycopg.Connection, card: Card, regrade: bool) -> None:
        trainee_id = self._trainee_id(connection, card.trainee)
        connection.execute(_UPSERT_CARD, card_values(card, trainee_id))
        connection.execute(
            _INSERT_REVIEW,
            (trainee_id, card.question, card.rating, to_text(card.updated), to_text(card.due), int(regrade)),
        )

    def finish_attempt(self, attempt_id: str, finish: Finish, cards: Iterable[Card] = ()) -> bool:
        cards = list(cards)
        ended: list[bool] = []

        def work(connection: psycopg.Connection) -> None:
            connection.execute("SELECT 1 FROM attempts WHERE id = %s FOR UPDATE", (attempt_id,))
            ended[:] = [attempt_writes.end_attempt(_executor(connection), attempt_id, finish, self.location)]
            for card in cards if ended[0] else ():
                self._save_card(connection, card, regrade=False)

        self._write(work)
        return ended[0]

    def save_flags(self, attempt_id: str, flags: Sequence[int]) -> None:
        self._write(lambda connection: attempt_writes.save_flags(_executor(connection), attempt_id, flags))

    def regrade_answers(self, keys: Sequence[tuple[str, int]], regrade: Regrade) -> None:
        self._write(lambda connection: attempt_writes.apply_regrade(_executor(connection), keys, regrade))

    def save_place(self, profile: str, place: Place) -> None:
        self._write(lambda connection: connection.execute(_UPSERT_PLACE, (profile, place.pane, place.section)))

    def save_learning(self, trainee: str, pane: str, state: dict[str, Any], when: datetime) -> None:
        def work(connection: psycopg.Connection) -> None:
            connection.execute(
                "INSERT INTO learn_paths (trainee_id, pane, state, updated) VALUES (%s, %s, %s, %s)"
                " ON CONFLICT (trainee_id, pane) DO UPDATE SET state = excluded.state,"
                " updated = excluded.updated",
                (self._trainee_id(connection, trainee), pane, to_json(state), to_text(when)),
            )

        self._write(work)

    def mark_read(self, trainee: str, section: str, when: datetime) -> None:
        def work(connection: psycopg.Connection) -> None:
            connection.execute(
                "INSERT INTO sections_read (trainee_id, section, first_read, last_read)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT (trainee_id, section)"
                " DO UPDATE SET last_read = excluded.last_read",
                (self._trainee_id(connection, trainee), section, to_text(when), to_text(when)),
            )

        self._write(work)

    def import_records(
        self,
        attempts: Iterable[Attempt],
        answers: Iterable[Answer],
        cards: Iterable[Card],
        places: dict[str, Place],
        reviews: Iterable[Review] = (),
    ) -> None:
        """Add records copied from another database, in one transaction (``aco-tui db``)."""
        attempts, answers, cards, reviews = list(attempts), list(answers), list(cards), list(reviews)

        def work(connection: psycopg.Connection) -> None:
            ids: dict[str, int] = {}

            def trainee_id(name: str) -> int:
                if name not in ids:
                    ids[name] = self._trainee_id(connection, name)
                return ids[name]

            with connection.cursor() as cursor:
                cursor.executemany(_INSERT_ATTEMPT, [attempt_values(a, trainee_id(a.trainee)) for a in attempts])
                cursor.executemany(_UPSERT_ANSWER, [answer_values(a) for a in answers])
                cursor.executemany(_UPSERT_CARD, [card_values(c, trainee_id(c.trainee)) for c in cards])
                cursor.executemany(_UPSERT_PLACE, [(p, place.pane, place.section) for p, place in places.items()])
                cursor.executemany(
                    _INSERT_REVIEW,
                    [
                        (
                            trainee_id(r.trainee),
                            r.question,
                            r.rating,
                            to_text(r.reviewed),
                            to_text(r.due),
                            int(r.regrade),
                        )
                        for r in reviews
                    ],
                )

        self._write(work, watched=False)  # a big import is one long transaction

    # -- reading ----------------------------------------------------------------------------
    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        statement = sql.replace("?", "%s")  # the shared queries use SQLite's placeholders
        return self._read(lambda c: c.execute(statement, params).fetchall())

    def close(self) -> None:
        with self._lock:
            self._drop()
