"""Faults: writers killed with SIGKILL at random points, concurrent writers, a full disk, and missing,
empty, truncated or non-JSON files given to the real command line.

The kill and concurrency runs fork their writers from one helper process that has already imported
everything (a fork per writer costs milliseconds; a fresh interpreter per kill would not fit the
time budget), and kill them with a real SIGKILL.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aco_tui.quiz.records import AttemptLog
from aco_tui.storage import userdata
from aco_tui.storage.ui_state import Location, load_location
from aco_tui.storage.userdata import DATA_FILE, UserData, UserDataError

ROOT = Path(__file__).resolve().parents[2]
KILLS = 60
REAL_FDOPEN = os.fdopen

FARM = r"""
import json, os, random, signal, sys, time
from pathlib import Path
from aco_tui.quiz.records import AttemptLog
from aco_tui.storage.ui_state import Location, save_location
from aco_tui.storage.userdata import UserData
import tinydb, tinydb.storages, filelock  # imported before forking, as every writer needs them

def write(directory, name, count, ack):
    data = UserData(Path(directory))
    log = AttemptLog(data)
    for i in range(count):
        attempt = f"{name}-{i}"
        log.start({"attempt": attempt, "trainee": name, "session": "s", "total": 1, "started": f"{i:06d}"})
        log.add_answer(attempt, {"n": 1, "question": "q", "correct": i % 2 == 0, "credit": 1.0, "at": "t"})
        ack(f"answered {attempt}")
        log.finish(attempt, {"status": "finished", "score": 1, "ended": "e"})
        ack(f"finished {attempt}")
        save_location(data, name, Location("concepts", f"s{i}"))
        ack(f"location {name} s{i}")

mode, base = sys.argv[1], Path(sys.argv[2])
if mode == "kill":  # kill RUNS writers at random points; report what each acknowledged
    import select
    runs, rng = int(sys.argv[3]), random.Random(int(sys.argv[4]))
    report = []
    for run in range(runs):
        directory = base / f"run-{run}"
        directory.mkdir()
        read, write_end = os.pipe()
        # after a random number of acknowledgements (0 = during the very first write), then a random
        # moment inside the next few writes: so kills land all over the transaction, even on a busy machine
        wait_for, then = rng.randrange(0, 9), rng.uniform(0, 0.012)
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
            except BaseException:
                os._exit(1)
            os._exit(0)
        pids.append(pid)
    print(json.dumps([os.waitpid(pid, 0)[1] for pid in pids]))
"""


def farm(*args: object, timeout: float = 120) -> object:
    result = subprocess.run([sys.executable, "-c", FARM, *map(str, args)], capture_output=True, text=True,
                            timeout=timeout, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# -- SIGKILL -----------------------------------------------------------------------------------------

def test_writers_killed_at_random_points_never_damage_the_file_or_lose_a_record(tmp_path):
    report = farm("kill", tmp_path, KILLS, 2024)
    assert len(report) == KILLS and all(run["killed"] for run in report)
    for run in report:
        directory = Path(run["dir"])
        path = directory / DATA_FILE
        if path.exists():
            json.loads(path.read_text(encoding="utf-8"))  # whole, valid JSON at every kill
        data = UserData(directory)
        attempts = {a["attempt"]: a for a in AttemptLog(data).attempts()}
        assert data.notices == [], f"{directory}: {data.notices}"
        for line in run["acked"]:
            what, _, ident = line.partition(" ")
            if what == "answered":
                assert attempts[ident]["answers"][0]["question"] == "q", f"{directory}: lost {line}"
            elif what == "finished":
                assert attempts[ident]["status"] == "finished", f"{directory}: lost {line}"
        locations = [line.split()[2] for line in run["acked"] if line.startswith("location")]
        if locations:
            assert load_location(data, "kim").section in locations[-1:] + [f"s{len(attempts) - 1}"]
        AttemptLog(data).start({"attempt": "after", "trainee": "kim", "started": "z"})  # the lock was freed
        assert AttemptLog(data).attempts()[-1]["attempt"] == "after"
    assert all(len(run["acked"]) >= run["waited_for"] for run in report), "a writer died before its kill"
    endings = {len(run["acked"]) % 3 for run in report}
    assert len(endings) == 3, "the kills did not land in every phase of an attempt (start+answer, finish, location)"


@pytest.mark.parametrize("writers, count", [(2, 40), (4, 25)])
def test_concurrent_writers_lose_nothing(tmp_path, writers, count):
    statuses = farm("concurrent", tmp_path, writers, count)
    assert statuses == [0] * writers
    data = UserData(tmp_path)
    attempts = AttemptLog(data).attempts()
    expected = {f"w{n}-{i}" for n in range(writers) for i in range(count)}
    assert {a["attempt"] for a in attempts} == expected and len(attempts) == len(expected)
    assert all(a["status"] == "finished" and len(a["answers"]) == 1 for a in attempts)
    for n in range(writers):
        assert load_location(data, f"w{n}") == Location("concepts", f"s{count - 1}")
    assert data.notices == [] and not list(tmp_path.glob("*.corrupt-*"))
    assert not list(tmp_path.glob(f".{DATA_FILE}.*.tmp"))


# -- a full disk -------------------------------------------------------------------------------------

@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 KiB tmpfs (needs root and mount permission; skipped otherwise)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if not shutil.which("mount") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def _fill_until_full(data: UserData) -> tuple[UserDataError, bytes]:
    log = AttemptLog(data)
    for i in range(10_000):
        before = data.path.read_bytes() if data.path.exists() else b""
        try:
            log.start({"attempt": f"a{i}", "trainee": "t", "started": f"{i:06d}", "padding": "x" * 400})
        except UserDataError as err:
            return err, before
    raise AssertionError("the disk never filled")


def test_full_tmpfs_gives_a_clear_message_and_keeps_the_previous_file(tiny_disk):
    data = UserData(tiny_disk / "data")
    error, before = _fill_until_full(data)
    assert "No space left on device" in str(error) and "the previous file is kept" in str(error)
    assert "\n" not in str(error)
    assert data.path.read_bytes() == before
    json.loads(before)
    assert not list(data.directory.glob(f".{DATA_FILE}.*.tmp"))
    kept = len(AttemptLog(data).attempts())
    assert kept > 0 and data.notices == []


def test_full_tmpfs_through_the_quiz_command(tiny_disk, quiz_kb):
    data_dir = tiny_disk / "data"
    data_dir.mkdir()
    filler = tiny_disk / "filler"
    with open(filler, "wb", buffering=0) as handle:  # take every free block
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError:
            pass
    result = run_cli(quiz_kb, "quiz", "--plain", "--count", "1", "--name", "T", data_dir=data_dir, stdin="1\n")
    assert_one_line(result, 2, "No space left on device")


class _FullDiskFile:
    """A text file that takes part of what it is given, then fails as a full disk does."""

    def __init__(self, handle: int) -> None:
        self.file = REAL_FDOPEN(handle, "w", encoding="utf-8")

    def write(self, text: str) -> int:
        self.file.write(text[: len(text) // 2])
        self.file.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str):
        return getattr(self.file, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.file.close()


def test_full_disk_during_the_write_keeps_the_previous_file(tmp_path, monkeypatch):
    data = UserData(tmp_path)
    log = AttemptLog(data)
    log.start({"attempt": "kept", "trainee": "t", "started": "1"})
    before = data.path.read_bytes()
    monkeypatch.setattr(userdata.os, "fdopen", lambda handle, *a, **k: _FullDiskFile(handle))
    with pytest.raises(UserDataError, match=r"No space left on device; the previous file is kept"):
        log.add_answer("kept", {"n": 1, "correct": True})
    monkeypatch.undo()
    assert data.path.read_bytes() == before
    assert not list(tmp_path.glob(f".{DATA_FILE}.*.tmp"))
    assert [a["attempt"] for a in log.attempts()] == ["kept"] and data.notices == []


async def test_full_disk_in_the_app_is_reported_and_the_app_goes_on(mini_kb, tmp_path, monkeypatch):
    from aco_tui.knowledge.base import load_knowledge
    from aco_tui.ui.app import AcoApp

    app = AcoApp(load_knowledge(mini_kb), data_dir=tmp_path / "data")
    monkeypatch.setattr(userdata.os, "fdopen", lambda handle, *a, **k: _FullDiskFile(handle))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause(0.8)  # the location is saved 0.5 s after a move, off the UI thread
        await app.workers.wait_for_complete()
        await pilot.pause()
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert any("No space left on device" in m for m in errors), errors
        await pilot.press("3")
        await pilot.pause()
        assert app.screen.location.pane == "legal-challenges"


# -- broken shipped files through the real command line ---------------------------------------------

COMMANDS = {"app": [], "lookup": ["lookup", "ACO"], "define": ["define", "ACO"],
            "quiz": ["quiz", "--plain", "--count", "1", "--name", "T"], "check": ["check"]}


@pytest.fixture
def quiz_kb(tmp_path):
    """The mini knowledge base with a question bank (content/quiz) citing its excerpts."""
    import quiz_fixtures
    from kbfixtures import write_knowledge

    paths = write_knowledge(tmp_path / "kb")
    quiz = paths.content / "quiz"
    quiz.mkdir()
    for topic in quiz_fixtures.TOPICS:
        text = quiz_fixtures.SAMPLE.format(p=quiz_fixtures.PREFIX[topic], topic=topic)
        (quiz / f"{topic}.toml").write_text(text.replace("ex-budget", "a-definition").replace("ex-dates", "a-budget"),
                                            encoding="utf-8")
    (quiz / "sessions.toml").write_text(quiz_fixtures.SESSIONS, encoding="utf-8")
    return paths


def _env(paths, data_dir) -> dict:
    return {**os.environ, "ACO_TUI_STORE": str(paths.store), "ACO_TUI_CONTENT": str(paths.content),
            "ACO_TUI_DATA": str(data_dir), "PYTHONPATH": str(ROOT)}


def run_cli(paths, *argv, data_dir, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "aco_tui", *argv], input=stdin, capture_output=True, text=True,
                          timeout=60, env=_env(paths, data_dir))


def run_all(paths, data_dir, commands=COMMANDS) -> dict[str, subprocess.CompletedProcess]:
    """Run several commands at once (each a real process), for speed."""
    env = _env(paths, data_dir)
    processes = {name: subprocess.Popen([sys.executable, "-m", "aco_tui", *argv], stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
                 for name, argv in commands.items()}
    results = {}
    for name, process in processes.items():
        out, err = process.communicate(timeout=60)
        results[name] = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    return results


def assert_one_line(result, code: int, *needles: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == code, f"exit {result.returncode}, expected {code}: {result.stderr}"
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("aco-tui: ")
    for needle in needles:
        assert needle in lines[0], lines[0]


def assert_check_fails(result, *needles: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr and result.stderr == ""
    errors = [line for line in result.stdout.splitlines() if line.startswith("error: ")]
    assert errors and any(all(n in line for n in needles) for line in errors), result.stdout


STORE_BREAKAGES = {
    "missing": (None, "excerpt store not found"),
    "empty": (b"", "excerpt store is empty"),
    "truncated": ("half", "not valid JSON"),
    "not JSON": (b"hello, world", "not valid JSON"),
    "not UTF-8": (b"\xff\xfe\x00garbage", "not UTF-8"),
    "a directory": ("dir", "is a directory"),
}


@pytest.mark.parametrize("breakage", list(STORE_BREAKAGES))
def test_unusable_store_is_one_line_and_exit_2_everywhere(quiz_kb, tmp_path, breakage):
    content, message = STORE_BREAKAGES[breakage]
    original = quiz_kb.store.read_bytes()
    quiz_kb.store.unlink()
    if content == "half":
        quiz_kb.store.write_bytes(original[: len(original) // 2])
    elif content == "dir":
        quiz_kb.store.mkdir()
    elif content is not None:
        quiz_kb.store.write_bytes(content)
    results = run_all(quiz_kb, tmp_path / "data")
    for name in ("app", "lookup", "define", "quiz"):
        assert_one_line(results[name], 2, str(quiz_kb.store), message)
        assert results[name].stdout == ""
    assert_check_fails(results["check"], message)


PANE_COMMANDS = ("app", "lookup", "define", "check")  # the quiz reads no pane file
QUIZ_COMMANDS = ("quiz", "check")  # nothing else reads the question bank before it needs a terminal
CONTENT_BREAKAGES = {  # what is done to content/ -> (commands run, those that must refuse, what their line says)
    "directory missing": (tuple(COMMANDS), ("app", "lookup", "define", "quiz"), "not found"),
    "pane file missing": (PANE_COMMANDS, ("app",), "concepts.md"),
    "pane file empty": (PANE_COMMANDS, ("app",), "concepts.md"),
    "pane file truncated": (PANE_COMMANDS, ("app",), "concepts.md"),
    "pane file not UTF-8": (PANE_COMMANDS, ("app", "lookup", "define"), "concepts.md"),
    "quiz file truncated": (QUIZ_COMMANDS, ("quiz",), "concepts.toml"),
    "quiz file not TOML": (QUIZ_COMMANDS, ("quiz",), "concepts.toml"),
    "quiz file not UTF-8": (QUIZ_COMMANDS, ("quiz",), "concepts.toml"),
    "sessions file truncated": (QUIZ_COMMANDS, ("quiz",), "sessions.toml"),
}


def _break_content(paths, breakage: str) -> None:
    pane, quiz = paths.content / "concepts.md", paths.content / "quiz" / "concepts.toml"
    text, bank = pane.read_bytes(), quiz.read_bytes()
    actions = {
        "directory missing": lambda: shutil.rmtree(paths.content),
        "pane file missing": pane.unlink,
        "pane file empty": lambda: pane.write_bytes(b""),
        "pane file truncated": lambda: pane.write_bytes(text[:20]),
        "pane file not UTF-8": lambda: pane.write_bytes(b"\xff\xfe\x00"),
        "quiz file truncated": lambda: quiz.write_bytes(bank[: len(bank) // 3]),
        "quiz file not TOML": lambda: quiz.write_bytes(b"{ this is : not toml"),
        "quiz file not UTF-8": lambda: quiz.write_bytes(b"\xff\xfe\x00"),
        "sessions file truncated": lambda: (paths.content / "quiz" / "sessions.toml").write_bytes(b'[[session]]\nname = "x'),
    }
    actions[breakage]()


@pytest.mark.parametrize("breakage", list(CONTENT_BREAKAGES))
def test_broken_content_or_quiz_file_is_one_line_and_the_right_exit_code(quiz_kb, tmp_path, breakage):
    commands, refusing, needle = CONTENT_BREAKAGES[breakage]
    _break_content(quiz_kb, breakage)
    results = run_all(quiz_kb, tmp_path / "data", {name: COMMANDS[name] for name in commands})
    for name, result in results.items():
        assert "Traceback" not in result.stdout + result.stderr, f"{name}: {result.stderr}"
        if name == "check":
            assert_check_fails(result, needle)
        elif name in refusing:
            assert_one_line(result, 2, needle)
        elif name == "app":  # it got past the data: then it refuses only because this is no terminal
            assert_one_line(result, 2, "needs a terminal")
        else:
            assert result.returncode in (0, 3) and result.stderr.strip() == "", f"{name}: {result.stderr}"


@pytest.mark.parametrize("breakage", ["quiz file truncated", "sessions file truncated"])
async def test_broken_question_bank_does_not_crash_the_app(quiz_kb, tmp_path, breakage):
    """Regression: a broken bank once crashed the app with a DataError traceback on opening the Quiz pane."""
    from aco_tui.knowledge.base import load_knowledge
    from aco_tui.ui.app import AcoApp

    _break_content(quiz_kb, breakage)
    name = "sessions.toml" if breakage.startswith("sessions") else "concepts.toml"
    app = AcoApp(load_knowledge(quiz_kb), data_dir=tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("7")
        await pilot.pause()
        assert app.screen.location.pane == "quiz"
        told = [n.message for n in app._notifications] + [str(app.screen.query_one("#quiz-status").render())]
        assert any(name in message for message in told), told
        await pilot.press("1")
        await pilot.pause()
        assert app.screen.location.pane == "concepts"


# -- damaged user data through the real command line --------------------------------------------------

DAMAGED = {"empty": b"", "truncated": b'{"attempts": {"1": {"attempt": "x"', "not JSON": b"hello",
           "not UTF-8": b"\xff\xfe\x00", "a JSON list": b"[1, 2]", "a table that is not an object": b'{"attempts": 3}'}


@pytest.mark.parametrize("damage", list(DAMAGED))
def test_damaged_progress_file_is_moved_aside_and_reported(quiz_kb, tmp_path, damage):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / DATA_FILE).write_bytes(DAMAGED[damage])
    result = run_cli(quiz_kb, "results", data_dir=data_dir)
    [moved] = data_dir.glob(f"{DATA_FILE}.corrupt-*")
    assert_one_line(result, 0, "damaged", moved.name)
    assert moved.read_bytes() == DAMAGED[damage]
    assert "No attempts recorded yet." in result.stdout


@pytest.mark.parametrize("argv", [["quiz", "--due", "--name", "T"],
                                  ["quiz", "--plain", "--count", "1", "--name", "T"]], ids=["due", "plain"])
def test_damaged_progress_file_is_reported_by_the_quiz_command(quiz_kb, tmp_path, argv):
    """Regression: 'quiz --plain' and 'quiz --due' once moved a damaged file aside without saying so."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / DATA_FILE).write_bytes(b"{ not json")
    result = run_cli(quiz_kb, *argv, data_dir=data_dir, stdin="1\n")
    [moved] = data_dir.glob(f"{DATA_FILE}.corrupt-*")
    assert "damaged" in result.stderr and moved.name in result.stderr


@pytest.mark.parametrize("shape", ["progress file is a directory", "data directory is a file"])
def test_unusable_data_directory_is_one_line_and_exit_2(quiz_kb, tmp_path, shape):
    data_dir = tmp_path / "data"
    if shape == "data directory is a file":
        data_dir.write_text("x", encoding="utf-8")
    else:
        (data_dir / DATA_FILE).mkdir(parents=True)
    for argv in (["results"], ["quiz", "--due", "--name", "T"]):
        assert_one_line(run_cli(quiz_kb, *argv, data_dir=data_dir), 2, str(data_dir))
