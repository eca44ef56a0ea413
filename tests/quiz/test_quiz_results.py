"""``aco-tui results`` end to end: attempts played through the quiz service into SQLite, then reported."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from quiz_fixtures import write_kb

from aco_tui.cli.main import main
from aco_tui.knowledge.store import load_store
from aco_tui.quiz.bank import load_bank
from aco_tui.quiz.service import QuizService
from aco_tui.storage.sqlite import SQLiteProgress


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """Three attempts at 'induction' (one all right, one missing its first question, one abandoned) and a practice."""
    store, content = write_kb(tmp_path)
    monkeypatch.setenv("ACO_TUI_CONTENT", str(content))  # the reports find the questions' texts
    ticks = iter(range(1000))
    clock = lambda: datetime(2025, 3, 1, 9, tzinfo=UTC) + timedelta(minutes=next(ticks))  # noqa: E731
    service = QuizService(load_bank(content / "quiz"), load_store(store), SQLiteProgress(tmp_path / "data"), clock)
    for trainee, miss_first in (("Ann", False), ("Bo", True)):
        run = service.start_session("induction", trainee)
        while not run.finished:
            played = run.current
            if miss_first and run.position == 1:
                run.submit((played.key() + 1) % len(played.options))  # the first question is true/false
            else:
                run.submit(played.key())
        run.report()
    run = service.start_session("induction", "Cy")
    run.submit(run.current.key())
    run.abandon()
    practice = service.start_practice("Ann", count=1, seed=1)
    practice.submit(practice.current.key())
    practice.report()
    return tmp_path / "data"


def output(capsys, *args) -> str:
    capsys.readouterr()
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_csv_one_row_per_attempt(data_dir, capsys):
    rows = list(
        csv.DictReader(
            io.StringIO(output(capsys, "results", "--data-dir", str(data_dir), "--csv", "--session", "induction"))
        )
    )
    assert [(r["trainee"], r["status"], r["score"], r["total"], r["percent"], r["passed"]) for r in rows] == [
        ("Ann", "finished", "7", "7", "100.0", "yes"),
        ("Bo", "finished", "6", "7", "85.7", "yes"),
        ("Cy", "abandoned", "1", "7", "14.3", ""),  # abandoned: neither pass nor fail
    ]
    assert len({r["question_set"] for r in rows}) == 1 and all(len(r["attempt"]) == 32 for r in rows)
    assert rows[0]["started"] < rows[0]["ended"] and rows[0]["session"] == "induction"
    everything = list(csv.DictReader(io.StringIO(output(capsys, "results", "--data-dir", str(data_dir), "--csv"))))
    assert len(everything) == 4 and everything[3]["kind"] == "practice" and everything[3]["session"] == ""


def test_csv_per_question(data_dir, capsys):
    text = output(capsys, "results", "--data-dir", str(data_dir), "--csv", "--per-question", "--session", "induction")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0] == (
        "attempt,trainee,session,question_set,status,counted,n,question,text,topic,type,"
        "answered,given,correct,credit,at,seconds"
    )
    assert len(rows) == 7 + 7 + 7  # every question of every attempt, answered or not
    bo_first = next(r for r in rows if r["trainee"] == "Bo" and r["n"] == "1")
    assert bo_first["correct"] == "no" and bo_first["credit"] == "0.0" and bo_first["type"] == "truefalse"
    assert bo_first["given"] == "False" and bo_first["text"] and bo_first["counted"] == "yes"
    match = next(r for r in rows if r["trainee"] == "Ann" and r["type"] == "match")
    assert match["given"].count(" -> ") == 3 and match["given"].count(" | ") == 2  # pairs, in the bank's words
    cy = [r for r in rows if r["trainee"] == "Cy"]
    assert [r["answered"] for r in cy] == ["yes"] + ["no"] * 6 and {r["counted"] for r in cy} == {"no"}


def test_facility(data_dir, capsys):
    rows = list(
        csv.DictReader(
            io.StringIO(
                output(capsys, "results", "--data-dir", str(data_dir), "--csv", "--facility", "--session", "induction")
            )
        )
    )
    assert len(rows) == 7
    hardest = rows[0]
    assert (hardest["answered"], hardest["correct"], hardest["facility"]) == ("3", "2", "0.667")
    assert all(r["facility"] == "1.0" for r in rows[1:])
    report = json.loads(output(capsys, "results", "--data-dir", str(data_dir), "--json", "--session", "induction"))
    assert [a["trainee"] for a in report["attempts"]] == ["Ann", "Bo", "Cy"]
    assert len(report["attempts"][0]["answers"]) == 7 and report["facility"][0]["facility"] == pytest.approx(0.667)


def test_text_report(data_dir, capsys):
    text = output(capsys, "results", "--data-dir", str(data_dir), "--trainee", "bo")  # any case
    assert "Session attempts (1)" in text and "6/7 86%" in text and "pass" in text
    cohort = output(capsys, "results", "--data-dir", str(data_dir), "--session", "induction")
    assert cohort.startswith("Induction quiz (induction): 3 trainees, 2 passed, median 93%")
    assert "Cy" in cohort and "abandoned" in cohort and "Counted: 2 attempts" in cohort
    assert "Q1  " in cohort and "Whole session" in cohort
    assert main(["results", "--data-dir", str(data_dir), "--session", "none"]) == 2
    assert "no quiz session named 'none'" in capsys.readouterr().err


def test_results_usage(data_dir, capsys):
    assert main(["results", "--data-dir", str(data_dir), "--per-question"]) == 2
    assert "--per-question goes with --csv" in capsys.readouterr().err
