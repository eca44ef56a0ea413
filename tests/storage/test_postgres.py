"""The PostgreSQL backend beyond the contract: lost connections, migrations, concurrent writers,
masked passwords, and the message when psycopg is missing. Against a real server (see pg_fixtures)."""

from __future__ import annotations

import logging
import multiprocessing
import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from pg_proxy import CuttingProxy

from aco_tui.errors import RetryableError, UserDataError
from aco_tui.navigation import Place
from aco_tui.quiz.review import schedule
from aco_tui.storage import open_progress
from aco_tui.storage.database_url import MISSING_DRIVER, libpq_files, mask_password, mask_secrets
from aco_tui.storage.postgres import PostgresProgress
from aco_tui.storage.records import Answer, Attempt, Finish
from aco_tui.storage.schema import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2025, 3, 1, 9, tzinfo=UTC)


def attempt(ident: str = "a1", trainee: str = "Sam") -> Attempt:
    return Attempt(
        ident, trainee, "session", "induction", "Induction", "v", 1, ("q1", "q2"), 70.0, "immediate", None, T0, T0
    )


def answer(position: int, ident: str = "a1") -> Answer:
    return Answer(
        ident,
        position,
        f"q{position}",
        "concepts",
        "single",
        "x",
        "1) x",
        True,
        1.0,
        T0 + timedelta(minutes=position),
        3.0,
    )


def with_password(url: str, password: str) -> str:
    """``url`` with a password (the test server trusts 127.0.0.1, so any password connects)."""
    return url.replace("postgresql://postgres@", f"postgresql://postgres:{password}@", 1)


def review_rows(progress: PostgresProgress, trainee: str = "Sam") -> int:
    return len(progress.review_log(trainee))


# -- URLs and passwords --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, masked",
    [
        ("postgresql://aco:s3cr%40t@db.internal:5432/aco", "postgresql://aco:***@db.internal:5432/aco"),
        ("postgres://aco:p:w@db/aco?sslmode=require", "postgres://aco:***@db/aco?sslmode=require"),
        (
            "postgresql://aco@db/aco?password=hunter2&sslmode=verify-full",
            "postgresql://aco@db/aco?password=***&sslmode=verify-full",
        ),
        ("postgresql://aco:@db/aco", "postgresql://aco:***@db/aco"),
        ("postgresql://db.internal/aco", "postgresql://db.internal/aco"),
        ("postgresql://aco@h1:5432,h2:5432/aco", "postgresql://aco@h1:5432,h2:5432/aco"),
    ],
)
def test_passwords_are_masked(url, masked):
    assert mask_password(url) == masked


def test_a_password_is_masked_wherever_a_message_repeats_it():
    url = "postgresql://aco:s3cr%40t@db/aco"
    text = f"could not connect to {url}: password s3cr@t or s3cr%40t rejected"
    assert mask_secrets(text, url) == "could not connect to postgresql://aco:***@db/aco: password *** or *** rejected"


def test_libpq_files_are_those_the_server_would_use(tmp_path):
    (tmp_path / ".pgpass").write_text("db:5432:aco:aco:secret\n", encoding="utf-8")
    assert libpq_files({}, str(tmp_path)) == (("PGPASSFILE", str(tmp_path / ".pgpass")),)
    given = {"PGPASSFILE": "/etc/aco/pgpass", "PGSSLROOTCERT": "/etc/aco/ca.crt"}
    assert libpq_files(given, str(tmp_path)) == (
        ("PGPASSFILE", "/etc/aco/pgpass"),
        ("PGSSLROOTCERT", "/etc/aco/ca.crt"),
    )
    assert libpq_files({}, str(tmp_path / "nowhere")) == ()


def test_an_unreachable_server_is_one_line_with_the_password_masked(tmp_path):
    url = "postgresql://aco:s3cret@127.0.0.1:1/aco"
    result = subprocess.run(
        [sys.executable, "-m", "aco_tui", "results", "--database", url],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "s3cret" not in result.stderr
    assert "postgresql://aco:***@127.0.0.1:1/aco" in result.stderr


def test_a_url_that_is_not_postgresql_is_refused_masked():
    with pytest.raises(UserDataError, match="takes a postgresql:// URL") as caught:
        open_progress(None, "mysql://aco:s3cret@db/aco")
    assert "s3cret" not in str(caught.value) and "mysql://aco:***@db/aco" in str(caught.value)


def test_the_url_in_the_environment_is_used(pg_url, monkeypatch, tmp_path):
    monkeypatch.setenv("ACO_TUI_DATABASE", pg_url)
    progress = open_progress(tmp_path / "data")
    assert isinstance(progress, PostgresProgress)
    progress.close()
    assert not (tmp_path / "data").exists()


def test_without_psycopg_a_url_gives_the_install_hint(pg_url):
    code = (
        "import sys; sys.modules['psycopg'] = None\n"  # what an import of a missing package looks like
        "from aco_tui.cli.main import main\n"
        "raise SystemExit(main(sys.argv[1:]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "results", "--database", pg_url],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert result.stderr == f"aco-tui: {MISSING_DRIVER}\n"
    assert "pip install 'aco-tui[postgres]'" in result.stderr


# -- the schema ----------------------------------------------------------------------------------


def test_the_schema_version_is_kept_and_a_newer_one_refused_untouched(pg_url):
    PostgresProgress(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as admin:
        assert admin.execute("SELECT max(version) FROM schema_version").fetchone() == (SCHEMA_VERSION,)
        admin.execute("INSERT INTO schema_version (version) VALUES (99)")
        with pytest.raises(UserDataError, match="newer aco-tui.*upgrade aco-tui"):
            PostgresProgress(pg_url)
        assert admin.execute("SELECT count(*) FROM schema_version").fetchone() == (
            SCHEMA_VERSION + 1,
        )  # one row per migration, and the 99


def _first_open(job: tuple[str, int]) -> int:
    url, number = job
    progress = PostgresProgress(url)
    progress.start_attempt(attempt(f"a{number}", f"t{number}"))
    count = len(progress.attempts())
    progress.close()
    return count


def test_concurrent_first_connections_migrate_once(pg_url):
    with multiprocessing.get_context("spawn").Pool(6) as pool:
        counts = pool.map(_first_open, [(pg_url, n) for n in range(6)], chunksize=1)
    assert all(counts)
    with psycopg.connect(pg_url, autocommit=True) as admin:
        assert admin.execute("SELECT count(*) FROM schema_version").fetchone() == (SCHEMA_VERSION,)
        assert admin.execute("SELECT count(*) FROM attempts").fetchone() == (6,)


# -- lost connections ------------------------------------------------------------------------------


def terminate(progress: PostgresProgress, admin_url: str) -> None:
    """End the store's server session from another connection, as a restart or a network cut would."""
    assert progress._connection is not None
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (progress._connection.info.backend_pid,))


def test_a_terminated_connection_reconnects_once_and_saves_the_answer_once(pg_url, caplog):
    url = with_password(pg_url, "s3cret")
    progress = PostgresProgress(url)
    progress.start_attempt(attempt())
    terminate(progress, pg_url)
    card = schedule(None, "Sam", "q1", "good", T0)
    with caplog.at_level(logging.WARNING, logger="aco_tui.storage"):
        progress.record_answer(answer(1), card)
    assert progress.reconnects == 1
    assert [a.position for a in progress.answers(["a1"])] == [1] and review_rows(progress) == 1
    assert progress.attempt("a1").answered == 1
    assert "reconnected" in caplog.text and "s3cret" not in caplog.text and "postgres:***@" in caplog.text
    terminate(progress, pg_url)
    assert progress.attempt("a1").answered == 1  # a read reconnects too
    assert progress.reconnects == 2


@pytest.fixture
def proxy(pg_url):
    PostgresProgress(pg_url).close()  # the schema exists before the proxy's first connection
    cutting = CuttingProxy(pg_url)
    yield cutting
    cutting.close()


@pytest.mark.parametrize("cut", ["before", "stall", "after"])
def test_a_connection_lost_at_commit_neither_loses_nor_doubles_the_answer(proxy, cut):
    """``before``: the COMMIT never reached the server (the answer is saved by the replay);
    ``stall``: nor did it, and the server's session lingers in the open transaction (it is ended,
    then the answer saved by the replay); ``after``: the server committed but the client never
    heard (the server is asked, no replay)."""
    progress = PostgresProgress(proxy.url)
    progress.start_attempt(attempt())
    proxy.cut = cut
    progress.record_answer(answer(1), schedule(None, "Sam", "q1", "good", T0))
    assert proxy.cuts == 1 and progress.reconnects == 1
    assert len(progress.answers(["a1"])) == 1 and review_rows(progress) == 1
    assert progress.attempt("a1").answered == 1
    proxy.cut = cut
    progress.save_card(schedule(progress.card("Sam", "q1"), "Sam", "q1", "easy", T0, regrade=True))
    assert proxy.cuts == 2 and review_rows(progress) == 2
    proxy.cut = cut
    progress.finish_attempt("a1", Finish("finished", T0 + timedelta(hours=1), 50.0, False))
    assert progress.attempt("a1").status == "finished" and progress.reconnects == 3


def test_a_server_that_stays_away_at_commit_is_a_clear_maybe_and_nothing_doubled(proxy):
    progress = PostgresProgress(with_password(proxy.url, "s3cret"), retry_for=2)
    progress.start_attempt(attempt())
    proxy.cut, proxy.refuse = "before", True
    with pytest.raises(UserDataError) as caught:
        progress.record_answer(answer(1))
    message = str(caught.value)
    assert not isinstance(caught.value, RetryableError)  # the COMMIT was sent: it may have been saved
    assert "lost the connection to postgresql://postgres:***@" in message and "could not reconnect" in message
    assert "may have been saved" in message and "s3cret" not in message and "\n" not in message
    proxy.refuse = False
    assert progress.answers(["a1"]) == [] and progress.attempt("a1").answered == 0
    progress.record_answer(answer(1))  # and it works again once the server is back
    assert len(progress.answers(["a1"])) == 1


def test_a_server_away_before_the_write_is_a_retryable_not_saved(proxy):
    progress = PostgresProgress(with_password(proxy.url, "s3cret"), retry_for=2)
    heard: list[str] = []
    progress.status_listener = heard.append
    progress.start_attempt(attempt())
    proxy.refuse = True
    proxy.close_connections()
    with pytest.raises(RetryableError) as caught:
        progress.record_answer(answer(1))
    message = str(caught.value)
    assert "this was not saved" in message and "s3cret" not in message and "\n" not in message
    assert heard == ["reconnecting to the database...", ""]
    proxy.refuse = False
    progress.record_answer(answer(1))  # the trainee tries again once the server is back
    assert len(progress.answers(["a1"])) == 1 and progress.attempt("a1").answered == 1


def test_a_commit_whose_outcome_cannot_be_checked_is_reported_as_maybe_saved(proxy):
    progress = PostgresProgress(proxy.url, retry_for=2)
    progress.start_attempt(attempt())
    proxy.cut, proxy.refuse = "after", True
    with pytest.raises(UserDataError, match="may have been saved"):
        progress.record_answer(answer(1))
    proxy.refuse = False
    assert len(progress.answers(["a1"])) == 1  # it was: the message did not claim otherwise


def test_a_rejected_write_keeps_the_connection_and_saves_nothing(pg_url):
    progress = PostgresProgress(pg_url)
    progress.start_attempt(attempt())
    with pytest.raises(UserDataError, match="nothing was half-written"):
        progress.start_attempt(attempt())  # the same id again
    with pytest.raises(UserDataError, match="not in"):
        progress.record_answer(answer(1, ident="missing"))
    assert progress.reconnects == 0 and len(progress.attempts()) == 1


# -- many writers at once ---------------------------------------------------------------------------


def _writer(job: tuple[str, str, int]) -> int:
    url, name, count = job
    progress = PostgresProgress(url)
    for i in range(count):
        ident, now = f"{name}-{i}", datetime.now(UTC)
        progress.start_attempt(replace(attempt(ident, name), started=now, last_activity=now))
        for n in (1, 2):
            card = schedule(progress.card(name, f"q{n}"), name, f"q{n}", "good", now)
            progress.record_answer(replace(answer(n, ident), at=now), card)
        progress.finish_attempt(ident, Finish("finished", now, 100.0, True))
        progress.save_place(name, Place("concepts", f"s{i}"))
    progress.close()
    return count


def test_concurrent_writer_processes_lose_nothing(pg_url):
    PostgresProgress(pg_url).close()
    writers, count = 6, 10
    with multiprocessing.get_context("spawn").Pool(writers) as pool:
        assert pool.map(_writer, [(pg_url, f"w{n}", count) for n in range(writers)]) == [count] * writers
    progress = PostgresProgress(pg_url)
    attempts = progress.attempts()
    assert {a.id for a in attempts} == {f"w{n}-{i}" for n in range(writers) for i in range(count)}
    assert all(a.status == "finished" and a.answered == 2 and a.score == 2 for a in attempts)
    assert len(progress.answers(a.id for a in attempts)) == 2 * writers * count
    for n in range(writers):
        assert progress.load_place(f"w{n}") == Place("concepts", f"s{count - 1}")
        assert [c.reviews for c in progress.cards(f"w{n}")] == [count, count]
        assert len(progress.review_log(f"w{n}")) == 2 * count


KILL_FARM = r"""
import json, os, random, select, signal, sys, time
from datetime import UTC, datetime
from aco_tui.quiz.review import schedule
from aco_tui.storage.postgres import PostgresProgress
from aco_tui.storage.records import Answer, Attempt, Finish
from aco_tui.navigation import Place

url, runs, rng = sys.argv[1], int(sys.argv[2]), random.Random(int(sys.argv[3]))
report = []
for run in range(runs):
    name = f"kim{run}"
    read, write = os.pipe()
    wait_for, then = rng.randrange(0, 10), rng.uniform(0, 0.01)
    pid = os.fork()
    if pid == 0:  # a writer, killed at a random point: its acknowledgements go down the pipe
        os.close(read)
        ack = lambda line: os.write(write, (line + "\n").encode())
        progress = PostgresProgress(url)
        for i in range(10**6):
            ident, now = f"{name}-{i}", datetime.now(UTC)
            progress.start_attempt(Attempt(ident, name, "session", "s", "t", "v", 1, ("q1", "q2"), 70.0,
                                           "immediate", None, now, now))
            for n in (1, 2):
                card = schedule(progress.card(name, f"q{n}"), name, f"q{n}", "good", now)
                progress.record_answer(Answer(ident, n, f"q{n}", "c", "single", "x", "x", True, 1.0, now, 0.5), card)
                ack(f"answered {ident} {n}")
            progress.finish_attempt(ident, Finish("finished", now, 100.0, True))
            ack(f"finished {ident}")
    os.close(write)
    received, deadline = b"", time.monotonic() + 20
    while received.count(b"\n") < wait_for and time.monotonic() < deadline:
        if select.select([read], [], [], 0.5)[0]:
            received += os.read(read, 65536)
    time.sleep(then)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    with os.fdopen(read, "rb") as pipe:
        received += pipe.read()
    report.append({"trainee": name, "acked": received.decode().splitlines(), "waited_for": wait_for})
print(json.dumps(report))
"""


def test_writers_killed_at_random_points_lose_no_acknowledged_answer(pg_url):
    import json

    PostgresProgress(pg_url).close()
    done = subprocess.run(
        [sys.executable, "-c", KILL_FARM, pg_url, "15", "2025"],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    progress = PostgresProgress(pg_url)
    attempts = {a.id: a for a in progress.attempts()}
    answers = {(a.attempt, a.position) for a in progress.answers(attempts)}
    for run in report:
        assert len(run["acked"]) >= run["waited_for"], "a writer died before its kill"
        for line in run["acked"]:
            what, _, rest = line.partition(" ")
            if what == "answered":
                ident, n = rest.split()
                assert (ident, int(n)) in answers, f"lost {line}"
            else:
                assert attempts[rest].status == "finished", f"lost {line}"
    for attempt in attempts.values():  # no transaction was half-applied
        assert attempt.answered == sum(1 for key in answers if key[0] == attempt.id)
    for run in report:
        cards = progress.cards(run["trainee"])
        assert sum(c.reviews for c in cards) == len(progress.review_log(run["trainee"]))
    assert len({len(run["acked"]) % 3 for run in report}) >= 2, "the kills did not land in different writes"
