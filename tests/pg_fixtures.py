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
    started = subprocess.run(
        ["bash", str(SCRIPT), "start", str(directory)], capture_output=True, text=True, timeout=120
    )
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


class OwnServer:
    """A PostgreSQL server started for one test module, which its tests may restart or freeze.

    Tests that stop or freeze a server must not use the shared one (``ACO_TUI_TEST_DATABASE``):
    other workers' tests run against it.
    """

    def __init__(self, directory: Path, url: str) -> None:
        self.directory = directory
        self.url = url
        self._frozen: list[int] = []

    def _script(self, action: str) -> None:
        subprocess.run(["bash", str(SCRIPT), action, str(self.directory)], check=True, capture_output=True, timeout=120)

    def halt(self) -> None:
        """Stop the server as an operator's restart does (``pg_ctl -m fast``: sessions are ended)."""
        self._script("halt")

    def resume(self) -> None:
        """Start it again, on the same port."""
        self._script("resume")

    def processes(self) -> list[int]:
        """The postmaster and its children (every process of this server)."""
        pid_file = self.directory / "data" / "postmaster.pid"
        postmaster = int(pid_file.read_text().split()[0])
        children = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == postmaster:
                    children.append(int(entry.name))
        return [postmaster, *children]

    def freeze(self) -> None:
        """SIGSTOP every process of the server: connections stay open and nothing answers, as in a
        network partition."""
        import signal

        self._frozen = self.processes()
        for pid in self._frozen:
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        import signal

        for pid in self._frozen:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
        self._frozen = []


@pytest.fixture(scope="module")
def own_postgres():
    """An :class:`OwnServer` for this module (skips where no server binaries exist)."""
    if not SCRIPT.exists():
        pytest.skip(f"{SCRIPT} is not there to start a server")
    directory = Path(tempfile.mkdtemp(prefix="aco-tui-ownpg-"))
    started = subprocess.run(
        ["bash", str(SCRIPT), "start", str(directory)], capture_output=True, text=True, timeout=120
    )
    if started.returncode != 0:
        if NO_BINARIES in started.stderr:
            pytest.skip(f"{NO_BINARIES} (initdb, pg_ctl) on this machine")
        pytest.fail(f"could not start a PostgreSQL server: {started.stderr.strip()}")
    server = OwnServer(directory, started.stdout.strip())
    try:
        yield server
    finally:
        server.thaw()
        subprocess.run(["bash", str(SCRIPT), "stop", str(directory)], capture_output=True, timeout=60)
