"""Writers of the user data killed with SIGKILL at random points, and concurrent writers: no
acknowledged record is lost and the file is never damaged.

The kill and concurrency runs fork their writers from one helper process that has already imported
everything (a fork per writer costs milliseconds; a fresh interpreter per kill would not fit the
time budget), and kill them with a real SIGKILL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO

from aco_tui.quiz.records import AttemptLog
from aco_tui.storage.ui_state import Location, load_location
from aco_tui.storage.userdata import DATA_FILE, UserData

KILLS = 60
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
                            timeout=timeout, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
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
