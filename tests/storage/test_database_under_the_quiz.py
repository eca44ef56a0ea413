"""The SQLite file deleted or replaced while a quiz runs: noticed before the next answer's
transaction, said in one line, and no answer acknowledged that was not stored."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import cli_env

from aco_tui.errors import UserDataError
from aco_tui.navigation import Place
from aco_tui.quiz.bank import load_bank
from aco_tui.quiz.plan import plan_session
from aco_tui.quiz.scoring import response_code
from aco_tui.storage.sqlite import DATABASE_FILE, SQLiteProgress


def _lines_until(stream, ending: str) -> list[str]:
    lines = []
    for line in stream:
        lines.append(line.strip().removeprefix("> "))
        if lines[-1].startswith(ending):
            return lines
    return lines


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_a_database_deleted_mid_quiz_is_said_and_the_answer_not_acknowledged(quiz_kb, tmp_path, how):
    data = tmp_path / "data"
    answers = [
        response_code(p, p.key())
        for p in plan_session(load_bank(Path(quiz_kb.content) / "quiz"), "induction").questions
    ]
    quiz = subprocess.Popen(
        [sys.executable, "-m", "aco_tui", "quiz", "--plain", "--session", "induction", "--name", "Dee"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(quiz_kb, data),
    )
    assert quiz.stdin is not None and quiz.stdout is not None
    _lines_until(quiz.stdout, "Q1/")
    quiz.stdin.write(answers[0] + "\n")
    quiz.stdin.flush()
    assert _lines_until(quiz.stdout, "Q2/")[-1].startswith("Q2/")  # the first answer was acknowledged
    for name in os.listdir(data):
        if name.startswith(DATABASE_FILE):
            os.remove(data / name)  # rm progress.sqlite3*, as an operator might
    if how == "replaced":
        SQLiteProgress(data).close()  # a new, empty database where the old one was
    out, err = quiz.communicate("".join(a + "\n" for a in answers[1:]), timeout=60)
    assert quiz.returncode == 2, (out, err)
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"was {how}" in err and "this was not saved" in err
    assert "Correct." not in out and "Answer recorded" not in out  # the second answer was not acknowledged
    assert "answers so far are saved" not in out


def test_a_write_after_the_file_was_moved_away_is_refused_and_reads_go_on(tmp_path):
    progress = SQLiteProgress(tmp_path / "data")
    shutil.move(tmp_path / "data" / DATABASE_FILE, tmp_path / "elsewhere.sqlite3")
    with pytest.raises(UserDataError, match="was deleted"):
        progress.save_place("p", Place("concepts"))
    assert progress.attempts() == []  # reading what is open still works
    progress.close()
