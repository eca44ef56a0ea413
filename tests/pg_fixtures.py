"""A PostgreSQL server for the tests, and a fresh schema in it for each test.

``ACO_TUI_TEST_DATABASE`` (set by ``.ci/run``, which starts a throwaway server) names the database.
Without it, a server is started for this test session with ``.ci/postgres.sh`` (the same script),
and stopped at the end; the tests skip, saying why, only where no server binaries exist.

Each test gets its own schema (the URL sets ``search_path``), so parallel workers never collide.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from aco_tui.storage.database_url import with_search_path

TEST_DATABASE_ENV = "ACO_TUI_TEST_DATABASE"
SCRIPT = Path(__file__).resolve().parent.parent / ".ci" / "postgres.sh"
NO_BINARIES = "no PostgreSQL server binaries"


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a database the tests may create schemas in (a server is started if need be)."""
    url = os.environ.get(TEST_DATABASE_ENV)
    if url:
        yield url
        return
    if not SCRIPT.exists():
        pytest.skip(f"{TEST_DATABASE_ENV} is not set and {SCRIPT} is not there to start a server")
    # Not under pytest's temporary directory: as root, the server runs as postgres, who cannot enter it.
    directory = Path(tempfile.mkdtemp(prefix="aco-tui-pg-"))
    started = subprocess.run(["bash", str(SCRIPT), "start", str(directory)], capture_output=True, text=True,
                             timeout=120)
    if started.returncode != 0:
        if NO_BINARIES in started.stderr:
            pytest.skip(f"{NO_BINARIES} (initdb, pg_ctl) on this machine and {TEST_DATABASE_ENV} is not set")
        pytest.fail(f"could not start a PostgreSQL server: {started.stderr.strip()}")
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", str(directory)], capture_output=True, timeout=60)


@pytest.fixture
def pg_url(postgres_server):
    """A URL whose tables live in a schema of their own, dropped after the test."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    yield with_search_path(postgres_server, schema)
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute("SET lock_timeout = '10s'")
        try:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
        except psycopg.Error:
            pass  # a server a test left running still holds it: the schema is left behind, harmlessly
