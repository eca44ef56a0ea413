"""PostgreSQL going away under running quizzes, on a server of this module's own (see pg_fixtures.OwnServer):
an operator's fast restart (about 3 s down) is ridden out by every trainee, each answer stored once;
a frozen server (SIGSTOP, as a network partition looks) gets a reply within the bound, and the
trainee can answer again once it is back.

No wall-time assertions: the functional timeouts below are only there so that a hang fails the test.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from helpers import cli_env
from pg_fixtures import own_postgres  # noqa: F401  (fixture)

from aco_tui.errors import RetryableError
from aco_tui.quiz.bank import load_bank
from aco_tui.quiz.plan import plan_session
from aco_tui.quiz.review import schedule
from aco_tui.quiz.scoring import response_code
from aco_tui.storage.database_url import with_search_path
from aco_tui.storage.postgres import PostgresProgress
from aco_tui.storage.records import Answer, Attempt

HANG = 150  # seconds: a functional timeout, far beyond any bound under test


@pytest.fixture
def own_url(own_postgres):  # noqa: F811
    schema = f"o_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(own_postgres.url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    return with_search_path(own_postgres.url, schema)


class PlainTrainee(threading.Thread):
    """A trainee taking ``quiz --plain --session induction`` in a real process: answers each question
    (rightly) ``pace`` seconds after it is shown, and types the answer again after "Not saved"."""

    def __init__(self, name: str, answers: list[str], env: dict[str, str], pace: float) -> None:
        super().__init__(daemon=True)
        self.name_, self.answers, self.pace = name, answers, pace
        self.lines: list[str] = []
        self.acknowledged = 0
        self.process = subprocess.Popen(
            [sys.executable, "-m", "aco_tui", "quiz", "--plain", "--session", "induction", "--name", name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )

    def run(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        current = ""
        for line in self.process.stdout:
            line = line.strip().removeprefix("> ")
            self.lines.append(line)
            if line.startswith("Q") and "/" in line.split()[0]:
                current = self.answers[int(line[1 : line.index("/")]) - 1]
                time.sleep(self.pace)
                self._type(current)
            elif line.startswith("Not saved"):
                time.sleep(self.pace)
                self._type(current)
            elif line in ("Correct.",) or line.startswith("Incorrect"):
                self.acknowledged += 1
        self.process.wait(timeout=HANG)

    def _type(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + HANG
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def test_a_fast_restart_ends_no_quiz_and_stores_every_answer_once(own_postgres, own_url, quiz_kb, tmp_path):  # noqa: F811
    plan = plan_session(load_bank(Path(quiz_kb.content) / "quiz"), "induction")
    answers = [response_code(p, p.key()) for p in plan.questions]
    env = {**cli_env(quiz_kb, tmp_path / "data"), "ACO_TUI_DATABASE": own_url}
    PostgresProgress(own_url).close()  # the schema, before the trainees start
    trainees = [PlainTrainee(f"trainee {n}", answers, env, pace=0.8) for n in range(4)]
    for trainee in trainees:
        trainee.start()
    wait_until(lambda: all(t.acknowledged >= 1 for t in trainees), "every trainee's first answer")
    own_postgres.halt()
    time.sleep(3)  # the downtime: answers given now wait for the server
    own_postgres.resume()
    for trainee in trainees:
        trainee.join(timeout=HANG)
        assert not trainee.is_alive(), f"{trainee.name_} still running: {trainee.lines[-5:]}"
    for trainee in trainees:
        stderr = trainee.process.stderr.read() if trainee.process.stderr else ""
        assert trainee.process.returncode == 0, (trainee.lines[-6:], stderr)
        assert "Traceback" not in stderr and not any(line.startswith("Not saved") for line in trainee.lines)
        assert any(line.startswith("Score:") for line in trainee.lines)
    assert any("Reconnecting to the database..." in trainee.lines for trainee in trainees), (
        "the restart did not catch any trainee mid-answer"
    )
    progress = PostgresProgress(own_url)
    attempts = progress.attempts(session="induction")
    assert sorted(a.trainee for a in attempts) == sorted(t.name_ for t in trainees)
    for attempt in attempts:
        stored = progress.answers([attempt.id])
        assert attempt.status == "finished" and attempt.answered == len(answers)
        assert [a.position for a in stored] == list(range(1, len(answers) + 1))
        assert len(progress.review_log(attempt.trainee)) == len(answers)  # no answer saved twice
    progress.close()


def _attempt(ident: str) -> Attempt:
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    return Attempt(ident, "Fay", "practice", None, "Practice", "v", 1, ("q1", "q2"), None, "immediate", None, now, now)


def _answer(ident: str, position: int) -> Answer:
    from datetime import UTC, datetime

    return Answer(ident, position, f"q{position}", "concepts", "single", "x", "1) x", True, 1.0, datetime.now(UTC), 1.0)


def test_a_frozen_server_gets_a_reply_within_the_bound_and_the_answer_can_be_given_again(own_postgres, own_url):  # noqa: F811
    progress = PostgresProgress(own_url)  # the real bound: 30 s of retries
    heard: list[str] = []
    progress.status_listener = heard.append
    progress.start_attempt(_attempt("f1"))
    outcome: list[BaseException | None] = []

    def answer() -> None:
        try:
            progress.record_answer(_answer("f1", 1), schedule(None, "Fay", "q1", "good", _answer("f1", 1).at))
            outcome.append(None)
        except BaseException as err:  # noqa: BLE001  (handed to the test thread)
            outcome.append(err)

    own_postgres.freeze()
    try:
        worker = threading.Thread(target=answer, daemon=True)
        worker.start()
        worker.join(timeout=HANG)
        assert not worker.is_alive(), "the answer hung on a frozen server"
    finally:
        own_postgres.thaw()
    assert isinstance(outcome[0], RetryableError), outcome
    assert "this was not saved" in str(outcome[0]) and "\n" not in str(outcome[0])
    assert heard == ["reconnecting to the database...", ""]
    progress.record_answer(_answer("f1", 1), schedule(None, "Fay", "q1", "good", _answer("f1", 1).at))
    assert [a.position for a in progress.answers(["f1"])] == [1]  # the retry stored it, once
    assert progress.attempt("f1").answered == 1 and len(progress.review_log("Fay")) == 1
    progress.close()


def test_a_plain_quiz_on_a_frozen_server_says_not_saved_and_goes_on_once_it_is_back(
    own_postgres,  # noqa: F811 (a fixture)
    own_url,
    quiz_kb,
    tmp_path,
):
    plan = plan_session(load_bank(Path(quiz_kb.content) / "quiz"), "induction")
    answers = [response_code(p, p.key()) for p in plan.questions]
    env = {**cli_env(quiz_kb, tmp_path / "data"), "ACO_TUI_DATABASE": own_url}
    PostgresProgress(own_url).close()
    trainee = PlainTrainee("frozen trainee", answers, env, pace=0.5)
    trainee.start()
    wait_until(lambda: trainee.acknowledged >= 1, "the first answer")
    own_postgres.freeze()
    try:
        wait_until(lambda: any(line.startswith("Not saved") for line in trainee.lines), "the reply to a frozen server")
    finally:
        own_postgres.thaw()
    trainee.join(timeout=HANG)
    assert not trainee.is_alive() and trainee.process.returncode == 0, trainee.lines[-6:]
    lines = trainee.lines
    told = lines.index("Reconnecting to the database...")
    assert told < next(i for i, line in enumerate(lines) if line.startswith("Not saved"))
    assert "Type your answer again to retry." in next(line for line in lines if line.startswith("Not saved"))
    assert any(line.startswith("Score:") for line in lines)
    progress = PostgresProgress(own_url)
    [attempt] = progress.attempts(session="induction", trainee="frozen trainee")
    assert attempt.status == "finished" and attempt.answered == len(answers)
    assert len(progress.review_log("frozen trainee")) == len(answers)  # the retried answer stored once
    progress.close()
