"""Issue 24: the attempt lives on the server. A real ``quiz --plain`` killed mid-attempt resumes
(SQLite and PostgreSQL); the deadline closes an attempt nobody reopens; attempts and windows are
refused; skip, flag, back and the summary in plain mode."""

from __future__ import annotations

import io
import json
import os
import select
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import REPO, cli_env
from quiz_fixtures import write_kb, write_mini_kb_with_quiz

from aco_tui.errors import UsageError
from aco_tui.quiz.bank import load_bank
from aco_tui.quiz.plain_run import run_plain
from aco_tui.quiz.scoring import response_code
from aco_tui.quiz.service import QuizService
from aco_tui.quiz.session_files import with_trainer_sessions
from aco_tui.storage import open_progress

TRAINER_SESSIONS = """
[[session]]
name = "timed"
title = "Timed check"
seed = 3
pass_mark = 50
feedback = "deferred"
time_limit = 30
questions = ["con-single", "con-tf", "con-multiple", "con-short"]

[[session]]
name = "twice"
title = "Two tries"
seed = 3
pass_mark = 50
attempts = 2
questions = ["con-single"]

[[session]]
name = "words"
title = "Words"
seed = 3
pass_mark = 100
shuffle = false
questions = ["con-short", "con-single"]

[[session]]
name = "later"
title = "Not open yet"
seed = 3
pass_mark = 50
opens = 2099-01-11T09:00:00+00:00
questions = ["con-single"]

[[session]]
name = "over"
title = "Closed already"
seed = 3
pass_mark = 50
closes = "2001-01-11T09:00:00Z"
questions = ["con-single"]
"""


@pytest.fixture(params=["sqlite", "postgres"])
def env(request, tmp_path):
    store, content = write_kb(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    (data / "sessions.toml").write_text(TRAINER_SESSIONS, encoding="utf-8")
    environment = {
        **cli_env(SimpleNamespace(store=store, content=content), data),
        "ACO_TUI_CACHE": str(tmp_path / "cache"),
    }
    environment.pop("ACO_TUI_DATABASE", None)
    if request.param == "postgres":
        environment["ACO_TUI_DATABASE"] = request.getfixturevalue("pg_url")
    return environment


def aco(env, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aco_tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )


def service(env, clock=None) -> QuizService:
    bank = with_trainer_sessions(
        load_bank(Path(env["ACO_TUI_CONTENT"]) / "quiz"), [Path(env["ACO_TUI_DATA"]) / "sessions.toml"]
    )
    progress = open_progress(env["ACO_TUI_DATA"], env.get("ACO_TUI_DATABASE"))
    return QuizService(bank, None, progress, clock=clock or (lambda: datetime.now(UTC)))


def read_until(process: subprocess.Popen[bytes], text: str, seen: bytearray) -> str:
    """Read the child's output until ``text`` appears (no wall-time assertion: a generous guard)."""
    assert process.stdout is not None
    guard = time.monotonic() + 120
    while text.encode() not in seen:
        assert time.monotonic() < guard, seen.decode()
        ready, _, _ = select.select([process.stdout], [], [], 1.0)
        if ready:
            chunk = os.read(process.stdout.fileno(), 65536)
            assert chunk, f"the quiz ended before {text!r}: {seen.decode()}"
            seen += chunk
    return seen.decode()


def test_a_killed_attempt_resumes_with_its_questions_answers_flags_and_clock(env):
    child = subprocess.Popen(
        [sys.executable, "-m", "aco_tui", "quiz", "--plain", "--session", "timed", "--name", "Dana"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=REPO,
    )
    assert child.stdin is not None
    seen = bytearray()
    read_until(child, "Q1/4", seen)
    [first] = [line for line in read_until(child, "> ", seen).splitlines() if line.startswith("Q1/4")]
    child.stdin.write(b"skip\n")
    child.stdin.flush()
    read_until(child, "Q2/4", seen)
    child.stdin.write(b"flag\n2\n")  # flag Q2, then answer it (an option number fits any question type here)
    child.stdin.flush()
    text = read_until(child, "Answer recorded.", seen)
    assert "Q2 flagged." in text
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    child.stdout.close()  # type: ignore[union-attr]
    child.stderr.close()  # type: ignore[union-attr]
    child.stdin.close()

    again = aco(env, "quiz", "--plain", "--session", "timed", "--name", "Dana", stdin="review\n")
    assert again.returncode == 3, again.stderr
    out = again.stdout
    assert "Resumed your attempt begun " in out and ": 1 of 4 answered, " in out and " left." in out
    assert first in out.splitlines()  # the same questions, in the same order
    assert "Summary: 3 unanswered, 1 flagged." in out and "[flagged]" in out
    assert "your attempt stays open with 1 of 4 answered" in out
    [attempt] = json.loads(aco(env, "results", "--json").stdout)["attempts"]
    assert attempt["status"] == "in_progress" and attempt["answered"] == 1


def test_the_deadline_closes_an_attempt_nobody_reopens(env):
    started = datetime.now(UTC) - timedelta(hours=2)
    run = service(env, clock=lambda: started).start_session("timed", "Dana")
    run.submit(run.current.key())  # one right answer
    assert run.deadline == started + timedelta(minutes=30)
    report = json.loads(aco(env, "results", "--json", "--session", "timed").stdout)
    [attempt] = report["attempts"]
    assert attempt["status"] == "timed_out" and attempt["answered"] == 1 and attempt["score"] == 1
    assert datetime.fromisoformat(attempt["ended"]) == run.deadline
    assert attempt["percent"] == 25.0 and attempt["passed"] is False
    cards = service(env).progress.cards("Dana")  # type: ignore[union-attr]
    assert [c.question for c in cards] == [run.plan.questions[0].id]  # closed book: scheduled at its end
    text = aco(env, "results", "--session", "timed").stdout
    assert "live" not in text.split("\n", 1)[0]
    # The trainee comes back: the attempt is over and the session allows one (timed): refused.
    back = aco(env, "quiz", "--plain", "--session", "timed", "--name", "Dana")
    assert back.returncode == 2 and back.stderr.count("\n") == 1
    assert "used 1 of the 1 attempt(s) allowed at session 'timed'" in back.stderr


def test_progress_closes_an_attempt_past_its_deadline_and_counts_its_answers(env, tmp_path):
    """Regression: ``progress`` left an overdue attempt running, so a closed-book session's answers
    (scheduled only when it ends) were missing from the recall and reviews it showed."""
    kb = write_mini_kb_with_quiz(tmp_path / "kb")  # progress needs the reading panes too
    env = {**env, "ACO_TUI_STORE": str(kb.store), "ACO_TUI_CONTENT": str(kb.content)}
    started = datetime.now(UTC) - timedelta(hours=2)
    run = service(env, clock=lambda: started).start_session("timed", "Dana")
    run.submit(run.current.key())
    answered = service(env).bank.questions[run.plan.questions[0].id]
    shown = aco(env, "progress", "--json", "--name", "Dana")
    assert shown.returncode == 0, shown.stderr
    [attempt] = service(env).progress.attempts("timed", "Dana")  # type: ignore[union-attr]
    assert attempt.status == "timed_out" and attempt.ended == run.deadline  # closed by progress itself
    topics = {t["topic"]: t for t in json.loads(shown.stdout)["topics"]}
    assert topics[answered.topic]["seen"] == 1 and topics[answered.topic]["recall"] is not None
    assert sum(t["seen"] for t in topics.values()) == 1


def test_attempts_beyond_the_limit_and_outside_the_window_are_refused(env):
    quiz = service(env)
    for _ in range(2):
        run = quiz.start_session("twice", "Kim")
        run.submit(run.current.key())
        run.report()
    with pytest.raises(UsageError, match="used 2 of the 2 attempt"):
        quiz.start_session("twice", "Kim")
    quiz.start_session("twice", "Lee")  # another trainee has their own attempts
    for name, why in (("later", "opens at 2099-01-11 09:00"), ("over", "closed at 2001-01-11 09:00")):
        refused = aco(env, "quiz", "--plain", "--session", name, "--name", "Kim")
        assert refused.returncode == 2 and why in refused.stderr and refused.stderr.count("\n") == 1
    listed = aco(env, "quiz", "--list-sessions").stdout
    assert (
        "timed\tTimed check\t4 questions, pass mark 50%, feedback deferred, "
        "time limit 30 min, 1 attempt, closed book" in listed
    )
    assert "later\tNot open yet\t1 question, " in listed and "opens 2099-01-11 09:00+00:00" in listed
    assert (
        "twice\tTwo tries\t1 question, pass mark 50%, feedback immediate, no time limit, 2 attempts, open book"
        in listed
    )


def test_skip_flag_back_review_and_submit_in_plain_mode(tmp_path):
    from aco_tui.storage.sqlite import SQLiteProgress

    store, content = write_kb(tmp_path)
    quiz = QuizService(load_bank(content / "quiz"), None, SQLiteProgress(tmp_path / "d"))
    run = quiz.start_session("assessment", "Sam")  # deferred feedback, 6 questions
    codes = [response_code(p, p.key()) for p in run.plan.questions]
    typed = ["skip", "flag", codes[1], "submit", "back 1", codes[0], "back", "flag", "review", "submit", "submit"]
    out = io.StringIO()
    assert run_plain(run, io.StringIO("".join(t + "\n" for t in typed)), out) == 0
    text = out.getvalue()
    assert text.index("Q1/6") < text.index("Q2/6") < text.index("Q2 flagged.")
    assert "Summary: 5 unanswered, 1 flagged." in text  # 'submit' mid-way shows the summary first
    assert "Your answer so far: " in text and "Q2 no longer flagged." in text
    assert text.count("Summary: 4 unanswered.") == 2  # 'review', then 'submit' once more
    assert "Score: 2/6 (33.3%), pass mark 80%: FAIL" in text
    [attempt] = quiz.progress.attempts("assessment")  # type: ignore[union-attr]
    assert attempt.status == "finished" and attempt.answered == 2 and attempt.flags == ()


def test_navigation_is_only_for_deferred_attempts(tmp_path):
    from aco_tui.storage.sqlite import SQLiteProgress

    store, content = write_kb(tmp_path)
    quiz = QuizService(load_bank(content / "quiz"), None, SQLiteProgress(tmp_path / "d"))
    run = quiz.start_session("induction", "Sam")  # immediate feedback
    with pytest.raises(ValueError, match="deferred"):
        run.skip()
    with pytest.raises(ValueError, match="deferred"):
        run.toggle_flag()


def test_a_closed_book_attempt_schedules_its_review_cards_only_when_it_ends(tmp_path):
    from aco_tui.storage.sqlite import SQLiteProgress

    store, content = write_kb(tmp_path)
    quiz = QuizService(load_bank(content / "quiz"), None, SQLiteProgress(tmp_path / "d"))
    run = quiz.start_session("assessment", "Sam")  # deferred and timed: closed book by default
    assert run.plan.closed_book
    run.submit(run.current.key())
    assert quiz.progress.cards("Sam") == []  # type: ignore[union-attr]
    quiz.start_session("assessment", "Sam")  # still running: resumed, nothing new
    run.finish()
    assert [c.question for c in quiz.progress.cards("Sam")] == [run.plan.questions[0].id]  # type: ignore[union-attr]


def test_a_regrade_changes_the_result_the_item_analysis_and_keeps_an_audit_row(env):
    quiz = service(env)
    for trainee, typed in (("Ann", "Accountable care body"), ("Bo", "acountable care organisation")):
        run = quiz.start_session("words", trainee)
        feedback = run.submit(typed)
        if trainee == "Bo":  # a typo, forgiven; the feedback says what was accepted
            assert feedback.correct and feedback.accepted == "Accountable care organisation"
        run.submit(run.current.key())
        run.report()

    def figures():
        report = json.loads(aco(env, "results", "--json", "--session", "words").stdout)
        passed = {a["trainee"]: (a["score"], a["percent"], a["passed"]) for a in report["attempts"]}
        facility = {item["question"]: item["facility"] for item in report["items"]}
        return passed, facility

    before, facility = figures()
    assert before == {"Ann": (1, 50.0, False), "Bo": (2, 100.0, True)} and facility["con-short"] == 0.5
    done = aco(
        env,
        "results",
        "regrade",
        "--session",
        "words",
        "--question",
        "con-short",
        "--accept",
        "accountable care body",
        stdin="",
    )
    assert done.returncode == 0, done.stderr
    assert "1 answer(s) matching \u201caccountable care body\u201d are now right, in 1 attempt(s)" in done.stdout
    after, facility = figures()
    assert after == {"Ann": (2, 100.0, True), "Bo": (2, 100.0, True)} and facility["con-short"] == 1.0
    [audit] = quiz.progress.regrades("words")  # type: ignore[union-attr]
    assert (audit.question, audit.accepted, audit.answers) == ("con-short", "accountable care body", 1)
    assert audit.by and audit.at <= datetime.now(UTC)
    later = quiz.start_session("words", "Cy")  # a later attempt is scored with the accepted answer too
    assert later.submit("The Accountable Care Body.").accepted == "accountable care body"
    wrong = aco(env, "results", "regrade", "--session", "words", "--question", "con-single", "--accept", "x")
    assert wrong.returncode == 2 and "only short answers can be regraded" in wrong.stderr
    missing = aco(env, "results", "regrade", "--session", "words", "--accept", "x")
    assert missing.returncode == 2 and "regrade needs --session NAME, --question ID and --accept TEXT" in missing.stderr
