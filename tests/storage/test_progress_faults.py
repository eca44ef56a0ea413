"""User-data faults: writers killed with SIGKILL at random points, concurrent writer processes, a full
disk, a damaged or foreign database file, a database from a newer aco-tui, a read-only directory.

The kill and concurrency runs fork their writers from one helper process that has already imported
everything (a fork per writer costs milliseconds), and kill them with a real SIGKILL.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import REPO as ROOT
from helpers import assert_one_line, notifications, run_cli, scribble_over_a_page, wait_until

from aco_tui.errors import UserDataError
from aco_tui.navigation import Place
from aco_tui.storage.records import Answer, Attempt
from aco_tui.storage.sqlite import DATABASE_FILE, SQLiteProgress

KILLS = 40
T0 = datetime(2025, 3, 1, 9, tzinfo=UTC)

FARM = r"""
import json, os, random, signal, sys, time
from datetime import UTC, datetime
from pathlib import Path
from aco_tui.quiz.review import schedule
from aco_tui.storage.records import Answer, Attempt, Finish
from aco_tui.navigation import Place
from aco_tui.storage.sqlite import SQLiteProgress

def write(directory, name, count, ack):
    progress = SQLiteProgress(Path(directory))
    for i in range(count):
        ident, now = f"{name}-{i}", datetime.now(UTC)
        progress.start_attempt(Attempt(ident, name, "session", "s", "t", "v", 1, ("q1", "q2"), 70.0,
                                       "immediate", None, now, now))
        for n in (1, 2):
            card = schedule(progress.card(name, f"q{n}"), name, f"q{n}", "good", now)
            progress.record_answer(Answer(ident, n, f"q{n}", "concepts", "single", "x", "1) x", i % 2 == 0,
                                          1.0, now, 0.5), card)
            ack(f"answered {ident} {n}")
        progress.finish_attempt(ident, Finish("finished", now, 50.0, False))
        ack(f"finished {ident}")
        progress.save_place(name, Place("concepts", f"s{i}"))
        ack(f"place {name} s{i}")

mode, base = sys.argv[1], Path(sys.argv[2])
if mode == "kill":  # kill RUNS writers at random points; report what each acknowledged
    import select
    runs, rng = int(sys.argv[3]), random.Random(int(sys.argv[4]))
    report = []
    for run in range(runs):
        directory = base / f"run-{run}"
        directory.mkdir()
        read, write_end = os.pipe()
        wait_for, then = rng.randrange(0, 13), rng.uniform(0, 0.01)
        pid = os.fork()
        if pid == 0:
            os.close(read)
            write(directory, "kim", 10**6, lambda line: os.write(write_end, (line + "\n").encode()))
            os._exit(0)
        os.close(write_end)
        received, deadline = b"", time.monotonic() + 20
        while received.count(b"\n") < wait_for and time.monotonic() < deadline:
            if select.select([read], [], [], 0.5)[0]:
                received += os.read(read, 65536)
        time.sleep(then)
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        with os.fdopen(read, "rb") as pipe:
            received += pipe.read()
        report.append({"dir": str(directory), "acked": received.decode().splitlines(), "waited_for": wait_for,
                       "killed": os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL})
    print(json.dumps(report))
else:  # "concurrent": WRITERS processes writing COUNT attempts each into one directory, all at once
    writers, count = int(sys.argv[3]), int(sys.argv[4])
    pids = []
    for n in range(writers):
        pid = os.fork()
        if pid == 0:
            try:
                write(base, f"w{n}", count, lambda line: None)
            except BaseException as err:
                print(repr(err), file=sys.stderr)
                os._exit(1)
            os._exit(0)
        pids.append(pid)
    print(json.dumps([os.waitpid(pid, 0)[1] for pid in pids]))
"""


def farm(*args: object, timeout: float = 240) -> list:
    result = subprocess.run(
        [sys.executable, "-c", FARM, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def integrity(directory: Path) -> str:
    connection = sqlite3.connect(directory / DATABASE_FILE)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def test_writers_killed_at_random_points_lose_no_acknowledged_answer(tmp_path):
    report = farm("kill", tmp_path, KILLS, 2024)
    assert len(report) == KILLS and all(run["killed"] for run in report)
    for run in report:
        directory = Path(run["dir"])
        if not (directory / DATABASE_FILE).exists():
            assert run["acked"] == []
            continue
        assert integrity(directory) == "ok"
        progress = SQLiteProgress(directory)
        assert progress.notices == [], f"{directory}: {progress.notices}"
        attempts = {a.id: a for a in progress.attempts()}
        answers = {(a.attempt, a.position) for a in progress.answers(attempts)}
        for line in run["acked"]:
            what, _, rest = line.partition(" ")
            if what == "answered":
                ident, n = rest.split()
                assert (ident, int(n)) in answers, f"{directory}: lost {line}"
                assert attempts[ident].answered >= int(n)
            elif what == "finished":
                assert attempts[rest].status == "finished", f"{directory}: lost {line}"
        places = [line.split()[2] for line in run["acked"] if line.startswith("place")]
        if places:
            assert progress.load_place("kim").section in (places[-1], f"s{len(places)}")
        progress.start_attempt(
            Attempt("after", "kim", "practice", None, "t", "v", 1, ("q",), None, "immediate", None, T0, T0)
        )  # nothing is left locked
        assert progress.attempt("after") is not None
    assert all(len(run["acked"]) >= run["waited_for"] for run in report), "a writer died before its kill"
    phases = {len(run["acked"]) % 4 for run in report}
    assert len(phases) >= 3, "the kills did not land in the different writes of an attempt"


@pytest.mark.parametrize("writers, count", [(2, 30), (6, 12)])
def test_concurrent_writer_processes_lose_nothing(tmp_path, writers, count):
    assert farm("concurrent", tmp_path, writers, count) == [0] * writers
    progress = SQLiteProgress(tmp_path)
    attempts = progress.attempts()
    expected = {f"w{n}-{i}" for n in range(writers) for i in range(count)}
    assert {a.id for a in attempts} == expected and len(attempts) == len(expected)
    assert all(a.status == "finished" and a.answered == 2 for a in attempts)
    assert len(progress.answers(a.id for a in attempts)) == 2 * len(expected)
    for n in range(writers):
        assert progress.load_place(f"w{n}") == Place("concepts", f"s{count - 1}")
        assert [c.reviews for c in progress.cards(f"w{n}")] == [count, count]
    assert integrity(tmp_path) == "ok" and progress.notices == []


# -- a full disk -------------------------------------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path):
    """A 256 KiB tmpfs (needs root and mount permission; skipped otherwise)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if not shutil.which("mount") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount_point)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def test_full_disk_gives_a_clear_message_and_keeps_what_was_saved(tiny_disk):
    progress = SQLiteProgress(tiny_disk / "data")
    saved = 0
    with pytest.raises(UserDataError) as caught:
        for i in range(100_000):
            progress.start_attempt(
                Attempt(f"a{i}", "t", "practice", None, "x" * 2000, "v", 1, ("q",), None, "immediate", None, T0, T0)
            )
            saved += 1
    message = str(caught.value)
    assert "disk is full" in message and "nothing was half-written" in message and "\n" not in message
    assert saved > 0 and len(progress.attempts()) == saved
    assert integrity(tiny_disk / "data") == "ok"


def test_full_disk_through_the_quiz_command(tiny_disk, quiz_kb):
    data_dir = tiny_disk / "data"
    data_dir.mkdir()
    with open(tiny_disk / "filler", "wb", buffering=0) as handle:  # take every free block
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError:
            pass
    result = run_cli(quiz_kb, "quiz", "--plain", "--count", "1", "--name", "T", data_dir=data_dir, stdin="1\n")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("aco-tui: ")


async def test_a_save_that_fails_in_the_app_is_reported_and_the_app_goes_on(mini_kb, tmp_path, monkeypatch):
    from aco_tui.knowledge.base import load_knowledge
    from aco_tui.ui.app import AcoApp

    def disk_full(self, *args):
        with self._write():
            raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(SQLiteProgress, "save_place", disk_full)
    app = AcoApp(load_knowledge(mini_kb), data_dir=tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        # the place is saved 0.5 s after a move, off the UI thread
        await wait_until(
            pilot, lambda: any(n.severity == "error" for n in notifications(app)), "the failed save is reported"
        )
        errors = [n.message for n in notifications(app) if n.severity == "error"]
        assert any("disk is full" in m for m in errors), errors
        await pilot.press("3")
        await pilot.pause()
        assert app.screen.location.pane == "legal-challenges"


# -- damaged, foreign, newer, read-only ---------------------------------------------------------------

DAMAGED = {
    "empty JSON": b"{}",
    "text": b"hello, world",
    "not UTF-8": b"\xff\xfe\x00",
    "a truncated database": b"SQLite format 3\x00" + b"\x10\x00" + b"\x00" * 50,
}


@pytest.mark.parametrize("damage", list(DAMAGED))
def test_damaged_database_is_moved_aside_and_reported(quiz_kb, tmp_path, damage):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / DATABASE_FILE).write_bytes(DAMAGED[damage])
    result = run_cli(quiz_kb, "results", data_dir=data_dir)
    [moved] = data_dir.glob(f"{DATABASE_FILE}.corrupt-*")
    assert_one_line(result, 0, "damaged", moved.name)
    assert moved.read_bytes() == DAMAGED[damage]
    assert "No attempts recorded yet." in result.stdout
    assert integrity(data_dir) == "ok"


@pytest.mark.parametrize(
    "argv", [["quiz", "--due", "--name", "T"], ["quiz", "--plain", "--count", "1", "--name", "T"]], ids=["due", "plain"]
)
def test_damaged_database_is_reported_by_the_quiz_command(quiz_kb, tmp_path, argv):
    """Regression (from the progress.json days): 'quiz --plain' and 'quiz --due' once moved a damaged
    file aside without saying so."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / DATABASE_FILE).write_bytes(b"{ not a database")
    result = run_cli(quiz_kb, *argv, data_dir=data_dir, stdin="1\n")
    [moved] = data_dir.glob(f"{DATABASE_FILE}.corrupt-*")
    assert "damaged" in result.stderr and moved.name in result.stderr


def test_a_database_damaged_inside_is_moved_aside(tmp_path):
    progress = SQLiteProgress(tmp_path)
    for i in range(200):
        progress.start_attempt(
            Attempt(f"a{i}", "t", "practice", None, "t" * 200, "v", 1, ("q",), None, "immediate", None, T0, T0)
        )
    progress.close()
    path = tmp_path / DATABASE_FILE
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    scribble_over_a_page(path)  # a page of the attempts table
    fresh = SQLiteProgress(tmp_path)
    assert fresh.attempts() == [] and any("damaged" in n for n in fresh.notices)
    assert list(tmp_path.glob(f"{DATABASE_FILE}.corrupt-*"))


def test_a_database_from_a_newer_aco_tui_is_refused_untouched(quiz_kb, tmp_path):
    data_dir = tmp_path / "data"
    SQLiteProgress(data_dir).close()
    connection = sqlite3.connect(data_dir / DATABASE_FILE)
    connection.execute("PRAGMA user_version = 99")
    connection.close()  # the last connection folds the WAL into the file
    before = (data_dir / DATABASE_FILE).read_bytes()
    result = run_cli(quiz_kb, "results", data_dir=data_dir)
    assert_one_line(result, 2, "newer aco-tui", "upgrade aco-tui")
    assert (data_dir / DATABASE_FILE).read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_directory_is_one_clear_line(quiz_kb, tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    data_dir.chmod(0o500)
    try:
        result = run_cli(quiz_kb, "quiz", "--plain", "--count", "1", "--name", "T", data_dir=data_dir, stdin="1\n")
    finally:
        data_dir.chmod(0o700)
    assert_one_line(result, 2, str(data_dir))


def test_read_only_database_file_is_one_clear_line(quiz_kb, tmp_path):
    """As root, permissions do not stop writes; a read-only bind would. Here the file is opened read-only
    by SQLite's own URI, which is what a read-only mount looks like to it."""
    data_dir = tmp_path / "data"
    progress = SQLiteProgress(data_dir)
    progress.close()
    progress._connection = sqlite3.connect(
        f"file:{data_dir / DATABASE_FILE}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
    )
    with pytest.raises(UserDataError, match="read-only") as caught:
        progress.save_place("p", Place("concepts"))
    assert "\n" not in str(caught.value)
    assert progress.load_place("p") is None


@pytest.mark.parametrize("shape", ["database is a directory", "data directory is a file"])
def test_unusable_data_directory_is_one_line_and_exit_2(quiz_kb, tmp_path, shape):
    data_dir = tmp_path / "data"
    if shape == "data directory is a file":
        data_dir.write_text("x", encoding="utf-8")
    else:
        (data_dir / DATABASE_FILE).mkdir(parents=True)
    for argv in (["results"], ["quiz", "--due", "--name", "T"]):
        assert_one_line(run_cli(quiz_kb, *argv, data_dir=data_dir), 2, str(data_dir))


def test_an_attempt_that_is_not_there_is_an_error_not_a_silent_drop(tmp_path):
    progress = SQLiteProgress(tmp_path)
    with pytest.raises(UserDataError, match="not in"):
        progress.record_answer(Answer("missing", 1, "q", "concepts", "single", "x", "x", True, 1.0, T0))
    assert progress.answers(["missing"]) == []


def test_stale_is_told_from_live(tmp_path):
    from aco_tui.quiz.results import status_of

    progress = SQLiteProgress(tmp_path)
    progress.start_attempt(Attempt("a", "t", "session", "s", "t", "v", 1, ("q",), 70.0, "immediate", None, T0, T0))
    [attempt] = progress.attempts()
    assert status_of(attempt, T0 + timedelta(minutes=5)) == "in_progress"
    assert status_of(attempt, T0 + timedelta(hours=2)) == "stale"
