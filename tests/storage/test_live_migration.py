"""Migration 4 (live rooms): a database of the schema before it keeps every attempt and answer, and
then takes attempts of kind 'live' (SQLite rebuilds the attempts table; PostgreSQL alters its CHECK)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from aco_tui.storage.records import Answer, Attempt
from aco_tui.storage.schema import postgres_migrations, sqlite_migrations

LIVE = 4  # the migration's number once assess's migration 3 is in
WHEN = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def attempt(ident: str, kind: str) -> Attempt:
    return Attempt(
        id=ident,
        trainee="Ann",
        kind=kind,
        session="induction",
        title="Induction",
        question_set="v1",
        seed=1,
        questions=("q1", "q2"),
        pass_mark=60.0,
        feedback="immediate",
        time_limit=None,
        started=WHEN,
        last_activity=WHEN,
    )


def answer(ident: str) -> Answer:
    return Answer(
        attempt=ident,
        position=1,
        question="q1",
        topic="concepts",
        type="single",
        given="A",
        given_text="1) A",
        correct=True,
        credit=1.0,
        at=WHEN,
        seconds=2.0,
    )


def test_an_older_sqlite_database_keeps_its_answers_and_takes_live_attempts(tmp_path):
    from aco_tui.storage.sqlite import DATABASE_FILE, SQLiteProgress

    data = tmp_path / "data"
    data.mkdir()
    with sqlite3.connect(data / DATABASE_FILE) as old:  # the schema just before migration 4
        for number, script in enumerate(sqlite_migrations()[: LIVE - 1], start=1):
            old.executescript(script)
            old.execute(f"PRAGMA user_version = {number}")
        columns_before = [row[1] for row in old.execute("PRAGMA table_info(attempts)")]
        indexes_before = {
            row[0]
            for row in old.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'attempts' AND sql IS NOT NULL"
            )
        }
    store = SQLiteProgress(data)
    try:
        assert store._fetch("PRAGMA user_version")[0][0] == len(sqlite_migrations())
        assert [row[1] for row in store._fetch("PRAGMA table_info(attempts)")] == columns_before
        indexes = {
            row[0]
            for row in store._fetch(
                "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'attempts' AND sql IS NOT NULL"
            )
        }
        assert indexes == indexes_before  # every index of the table, rebuilt
        assert store._fetch("PRAGMA foreign_keys")[0][0] == 1
        assert store._fetch("PRAGMA foreign_key_check") == []
    finally:
        store.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_records_made_before_the_migration_survive_it(backend, tmp_path, request):
    """Attempts and answers written at schema 3 are there, unchanged, at schema 4."""
    if backend == "sqlite":
        from aco_tui.storage.sqlite import DATABASE_FILE, SQLiteProgress

        data = tmp_path / "data"
        data.mkdir()
        connection = sqlite3.connect(data / DATABASE_FILE, isolation_level=None)
        connection.execute("PRAGMA foreign_keys = ON")
        for number, script in enumerate(sqlite_migrations()[: LIVE - 1], start=1):
            connection.executescript(script)
            connection.execute(f"PRAGMA user_version = {number}")
        connection.execute("INSERT INTO trainees (name) VALUES ('Ann')")
        connection.execute(
            "INSERT INTO attempts (id, trainee_id, kind, session, title, question_set, questions,"
            " feedback, started, last_activity, status) VALUES ('a1', 1, 'session', 'induction',"
            " 'Induction', 'v1', '[\"q1\",\"q2\"]', 'immediate', ?, ?, 'in_progress')",
            (WHEN.isoformat(), WHEN.isoformat()),
        )
        connection.execute(
            "INSERT INTO answers VALUES ('a1', 1, 'q1', 'concepts', 'single', '\"A\"', '1) A', 1, 1.0, ?, 2.0)",
            (WHEN.isoformat(),),
        )
        connection.close()
        store = SQLiteProgress(data)
    else:
        import psycopg

        from aco_tui.storage.postgres import PostgresProgress

        url = request.getfixturevalue("pg_url")
        with psycopg.connect(url, autocommit=True) as old:
            old.execute(
                "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
            for number, script in enumerate(postgres_migrations()[: LIVE - 1], start=1):
                old.execute(script)
                old.execute("INSERT INTO schema_version (version) VALUES (%s)", (number,))
        # Records at schema 3, written with the store's own statements on a connection of their own.
        with psycopg.connect(url, autocommit=True) as old:
            old.execute("INSERT INTO trainees (name) VALUES ('Ann')")
            old.execute(
                "INSERT INTO attempts (id, trainee_id, kind, session, title, question_set, questions,"
                " feedback, started, last_activity, status) SELECT 'a1', id, 'session', 'induction',"
                " 'Induction', 'v1', '[\"q1\",\"q2\"]', 'immediate', %s, %s, 'in_progress' FROM trainees",
                (WHEN, WHEN),
            )
            old.execute(
                "INSERT INTO answers VALUES ('a1', 1, 'q1', 'concepts', 'single', '\"A\"', '1) A', 1, 1.0, %s, 2.0)",
                (WHEN,),
            )
        store = PostgresProgress(url)
    try:
        assert [a.id for a in store.attempts("induction")] == ["a1"]
        assert [a.given_text for a in store.answers(["a1"])] == ["1) A"]
        store.start_attempt(attempt("a2", "live"))
        store.record_answer(answer("a2"))
        assert {a.kind for a in store.attempts("induction")} == {"session", "live"}
    finally:
        store.close()
