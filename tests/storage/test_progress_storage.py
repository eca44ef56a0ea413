"""Storage that loses nothing: concurrent writers, a writer killed mid-run, a corrupt file moved aside."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import REPO

from aco_tui.cli.main import main
from aco_tui.quiz.records import AttemptLog
from aco_tui.storage.userdata import DATA_FILE, SCHEMA_VERSION, UserData, UserDataError

WRITER = r"""
import sys
from pathlib import Path
from aco_tui.quiz.records import AttemptLog
from aco_tui.storage.userdata import UserData

data_dir, trainee, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
log = AttemptLog(UserData(Path(data_dir)))
for i in range(count):
    attempt = f"{trainee}-{i}"
    log.start({"attempt": attempt, "trainee": trainee, "session": "s", "total": 1, "started": f"{i:06d}"})
    log.add_answer(attempt, {"n": 1, "question": "q", "correct": i % 2 == 0, "credit": 1.0, "at": "t"})
    if count > 1000:  # the killed writer: report every acknowledged record on stdout
        print(attempt, flush=True)
    else:
        log.finish(attempt, {"status": "finished", "score": 1, "ended": "e"})
"""


def writer(data_dir: Path, trainee: str, count: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(data_dir), trainee, str(count)],
                            cwd=REPO, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})


def test_two_processes_writing_200_attempts_each(tmp_path):
    processes = [writer(tmp_path, name, 200) for name in ("ann", "bo")]
    for process in processes:
        assert process.wait(timeout=300) == 0
    attempts = AttemptLog(UserData(tmp_path)).attempts()
    assert len(attempts) == 400
    assert {a["attempt"] for a in attempts} == {f"{n}-{i}" for n in ("ann", "bo") for i in range(200)}
    assert all(a["status"] == "finished" and len(a["answers"]) == 1 for a in attempts)
    assert not list(tmp_path.glob("*.corrupt-*")) and not list(tmp_path.glob(".progress.json.*.tmp"))


@pytest.mark.parametrize("round_", range(3))
def test_writer_killed_with_sigkill_keeps_every_acknowledged_record(tmp_path, round_):
    rng = random.Random(round_)
    process = writer(tmp_path, "kim", 100000)
    acknowledged = []
    stop_after = rng.randint(3, 40)
    while len(acknowledged) < stop_after:
        line = process.stdout.readline()
        assert line, "the writer stopped early"
        acknowledged.append(line.strip())
    time.sleep(rng.uniform(0, 0.05))  # kill somewhere inside a later write
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    process.stdout.close()
    data = UserData(tmp_path)
    attempts = {a["attempt"]: a for a in AttemptLog(data).attempts()}
    assert data.notices == []  # the file was never half-written
    for attempt in acknowledged:
        assert attempts[attempt]["answers"][0]["question"] == "q"
    assert len(attempts) >= len(acknowledged)
    log = AttemptLog(data)  # the lock was released by the kernel: writing goes on
    log.start({"attempt": "after", "trainee": "kim", "started": "z"})
    assert log.attempts()[-1]["attempt"] == "after"
    assert not list(tmp_path.glob(".progress.json.*.tmp"))  # a killed write's temporary file is cleared


def test_corrupt_file_is_moved_aside_and_reported(tmp_path, capsys):
    path = tmp_path / DATA_FILE
    path.write_text('{"attempts": {"1": {"attempt": "x"', encoding="utf-8")
    assert main(["results", "--data-dir", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "damaged" in captured.err and "No attempts recorded yet." in captured.out
    [moved] = tmp_path.glob(f"{DATA_FILE}.corrupt-*")
    assert moved.read_text(encoding="utf-8") == '{"attempts": {"1": {"attempt": "x"'
    log = AttemptLog(UserData(tmp_path))
    log.start({"attempt": "new", "trainee": "t", "started": "s"})
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["meta"]["1"]["schema"] == SCHEMA_VERSION and saved["attempts"]["1"]["attempt"] == "new"


def test_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / DATA_FILE
    original = json.dumps({"meta": {"1": {"schema": SCHEMA_VERSION + 1}}, "attempts": {}})
    path.write_text(original, encoding="utf-8")
    with pytest.raises(UserDataError, match="newer"):
        AttemptLog(UserData(tmp_path)).start({"attempt": "a"})
    assert path.read_text(encoding="utf-8") == original


def test_unknown_attempt_is_an_error_not_a_silent_drop(tmp_path):
    log = AttemptLog(UserData(tmp_path))
    with pytest.raises(UserDataError, match="attempt nope"):
        log.add_answer("nope", {"n": 1})
    log.start({"attempt": "a", "started": "s"})
    log.add_answer("a", {"n": 1, "correct": False})
    log.add_answer("a", {"n": 1, "correct": True})  # a retried write replaces, never duplicates
    [attempt] = log.attempts()
    assert attempt["answers"] == [{"n": 1, "correct": True}] and attempt["score"] == 1
