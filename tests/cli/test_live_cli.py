"""A live room from the command line, every participant a real process on one database (issue 25):
the trainer's ``live`` verbs and three trainees in ``quiz --live CODE --plain``; a late joiner; a
trainee who drops and rejoins; the same on PostgreSQL; unknown codes."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import pytest
from helpers import assert_one_line, cli_env

from aco_tui.quiz.bank import load_bank
from aco_tui.quiz.plan import plan_session
from aco_tui.quiz.scoring import response_code

HANG_GUARD_S = 60  # only against a hang: no assertion is about time


class Trainee:
    """``aco-tui quiz --live CODE --plain --name NAME`` with a pipe on stdin and its output collected."""

    def __init__(self, env: dict[str, str], code: str, name: str) -> None:
        self.name = name
        self.process = subprocess.Popen(
            [sys.executable, "-m", "aco_tui", "quiz", "--live", code, "--plain", "--name", name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.output = ""
        self._lock = threading.Lock()
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._lock:
                self.output += line

    def wait_for(self, text: str, count: int = 1) -> str:
        deadline = time.monotonic() + HANG_GUARD_S
        while time.monotonic() < deadline:
            with self._lock:
                if self.output.count(text) >= count:
                    return self.output
            if self.process.poll() is not None and self.output.count(text) < count:
                time.sleep(0.2)  # the reader thread may still be draining the pipe
                if self.output.count(text) >= count:
                    return self.output
                break
            time.sleep(0.05)
        raise AssertionError(f"{self.name} never printed {text!r} ({count}x):\n{self.output}")

    def say(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def leave(self) -> int:
        assert self.process.stdin is not None
        self.process.stdin.close()
        return self.process.wait(HANG_GUARD_S)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(HANG_GUARD_S)


@pytest.fixture(params=["sqlite", "postgres"])
def room_env(request, quiz_kb, tmp_path):
    env = cli_env(quiz_kb, tmp_path / "data")
    env.pop("ACO_TUI_DATABASE", None)
    if request.param == "postgres":
        env["ACO_TUI_DATABASE"] = request.getfixturevalue("pg_url")
    return env


def trainer(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aco_tui", "live", *argv], capture_output=True, text=True, timeout=HANG_GUARD_S, env=env
    )


def status(env: dict[str, str], code: str) -> dict:
    result = trainer(env, "status", code, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def wait_status(env: dict[str, str], code: str, key: str, value: int) -> dict:
    deadline = time.monotonic() + HANG_GUARD_S
    while time.monotonic() < deadline:
        now = status(env, code)
        if now[key] == value:
            return now
        time.sleep(0.1)
    raise AssertionError(f"{key} never reached {value}: {now}")


def test_a_trainer_and_three_trainees_run_a_room(room_env, quiz_kb):
    env = room_env
    plan = plan_session(load_bank(quiz_kb.content / "quiz"), "induction")
    codes = [response_code(p, p.key()) for p in plan.questions]
    opened = trainer(env, "open", "induction")
    assert opened.returncode == 0, opened.stderr
    code = opened.stdout.strip().splitlines()[-1].removeprefix("code: ")
    assert opened.stdout.strip().splitlines()[-1] == f"code: {code}"
    trainees = [Trainee(env, code, name) for name in ("Ann", "Bob", "Cat")]
    late = None
    try:
        for t in trainees:
            t.wait_for("Waiting for the trainer")
        wait_status(env, code, "joined", 3)
        moved = trainer(env, "next", code)
        assert moved.returncode == 0 and moved.stdout.startswith(f"Q1/{len(plan.questions)} ["), moved.stderr
        header = f"Q1/{len(plan.questions)} [{plan.questions[0].type}] {plan.questions[0].text}"
        for t in trainees:
            assert header in t.wait_for(header)
        trainees[0].say("9 9 9" if plan.questions[0].type != "short" else "x")  # not an answer
        trainees[0].wait_for("Invalid answer")
        trainees[0].say(codes[0])
        trainees[1].say(codes[0])
        for t in trainees[:2]:
            t.wait_for("Answer recorded")
        now = wait_status(env, code, "answers", 2)
        assert now["phase"] == "open" and now["question"] == 1 and now["joined"] == 3
        assert sum(o["count"] for o in now["options"]) >= 2 and all(o["correct"] is None for o in now["options"])

        closed = trainer(env, "close", code)
        assert closed.returncode == 0 and "closed" in closed.stdout
        trainees[2].wait_for("Question 1 is closed")
        trainees[2].say(codes[0])  # too late
        trainees[2].wait_for("No question is open")
        revealed = trainer(env, "reveal", code)
        assert revealed.returncode == 0 and "Right answer:" in revealed.stdout and "Source: \u201c" in revealed.stdout
        assert "2 right" in revealed.stdout
        for t in trainees:
            out = t.wait_for("Right answer:")
            assert "Source: \u201c" in out and f"Q1 [{plan.questions[0].type}]" in out
        assert "Correct." in trainees[0].output and "Not answered." in trainees[2].output
        assert all("Leaderboard" not in t.output for t in trainees)  # off unless asked for

        trainer(env, "next", code)
        late = Trainee(env, code, "Dan")  # joins while question 2 is open: gets it
        late.wait_for(f"Q2/{len(plan.questions)}")
        trainees[1].kill()  # Bob's connection drops...
        trainees[1] = Trainee(env, code, "Bob")  # ...and he comes back to question 2, his answers kept
        trainees[1].wait_for("Welcome back")
        trainees[1].wait_for(f"Q2/{len(plan.questions)}")
        trainees[1].say(codes[1])
        trainees[1].wait_for("Answer recorded")
        assert status(env, code)["joined"] == 4

        ended = trainer(env, "end", code)
        assert ended.returncode == 0 and "Bob: 2/" in ended.stdout and "Ann: 1/" in ended.stdout
        for t in [*trainees, late]:
            out = t.wait_for("Score:")
            assert t.process.wait(HANG_GUARD_S) == 0, out
        assert f"Score: 2/{len(plan.questions)}" in trainees[1].output
        assert f"Score: 0/{len(plan.questions)}" in late.output
    finally:
        for t in [*trainees, *([late] if late else [])]:
            if t.process.poll() is None:
                t.kill()

    results = subprocess.run(
        [sys.executable, "-m", "aco_tui", "results", "--session", "induction", "--json"],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        env=env,
    )
    data = json.loads(results.stdout)
    live = [a for a in data["attempts"] if a["kind"] == "live"]
    assert sorted(a["trainee"] for a in live) == ["Ann", "Bob", "Cat", "Dan"]
    assert all(a["status"] == "finished" for a in live)
    assert data["test"]["n"] == 4  # the item analysis counts the room's attempts
    assert_one_line(trainer(env, "next", code), 2, "ended")
    assert_one_line(trainer(env, "status", code), 2, "ended")


def test_unknown_codes_are_one_line_and_exit_2(room_env):
    for argv in (["next", "NOPE42"], ["status", "NOPE42", "--json"], ["end", "zzz"]):
        assert_one_line(trainer(room_env, *argv), 2, "no live room")
    joined = subprocess.run(
        [sys.executable, "-m", "aco_tui", "quiz", "--live", "NOPE42", "--plain", "--name", "Ann"],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        env=room_env,
    )
    assert_one_line(joined, 2, "no live room")
    console = subprocess.run(
        [sys.executable, "-m", "aco_tui", "trainer", "--live", "NOPE42"],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        env=room_env,
    )
    assert_one_line(console, 2, "no live room")
    in_app = subprocess.run(
        [sys.executable, "-m", "aco_tui", "quiz", "--live", "\x1b[2JNOPE", "--name", "Ann"],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        env=room_env,
    )
    assert_one_line(in_app, 2, "no live room", "\\x1b")  # odd text shown literally, never as an escape
    assert_one_line(trainer(room_env, "open", "no-such-session"), 2, "no quiz session")


def test_a_trainee_who_leaves_at_end_of_input_can_come_back(room_env):
    code = trainer(room_env, "open", "induction").stdout.strip().splitlines()[-1].removeprefix("code: ")
    ann = Trainee(room_env, code, "Ann")
    ann.wait_for("Waiting for the trainer")
    assert ann.leave() == 3 and "you left the room" in ann.output
    again = Trainee(room_env, code, "Ann")
    try:
        again.wait_for("Welcome back")
    finally:
        again.kill()
    assert status(room_env, code)["joined"] == 1
