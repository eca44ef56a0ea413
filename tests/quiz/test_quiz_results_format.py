"""The shapes of ``aco-tui results``: JSON keys and scales, CSV headers and rows, the 80-column text."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest
from cohort_fixtures import NOW, QUESTIONS, SESSION, cohort

from aco_tui.quiz import results
from aco_tui.quiz.cohort import build_report
from aco_tui.quiz.results_text import attempts_text, one_line, session_text


@pytest.fixture
def records():
    attempts, answers = cohort()
    return attempts, answers, build_report(SESSION, attempts, answers, QUESTIONS, now=NOW)


def test_json_keeps_attempts_and_facility_and_adds_items_and_test(records):
    attempts, answers, report = records
    document = json.loads(results.to_json(attempts, answers, report))
    assert set(document) >= {"attempts", "facility", "items", "test"}
    assert len(document["attempts"]) == len(attempts)
    ann = document["attempts"][0]
    assert ann["trainee"] == "Ann" and [a["n"] for a in ann["answers"]] == [1, 2, 3]
    assert ann["answers"][1]["given"] == ["Providers", "A budget"] and ann["started"].startswith("2026-01-05T09:00")
    item = document["items"][1]
    assert set(item) >= {"question", "text", "n", "facility", "sd", "discrimination", "efficiency", "flag", "options"}
    assert item["question"] == "q2" and item["facility"] == 0.6 and item["flag"] is False
    assert item["discrimination"] == pytest.approx(1 / 6, abs=1e-4) and item["sd"] == pytest.approx(
        math.sqrt(0.3), abs=1e-4
    )
    assert item["options"][2] == {"answer": "A shareholder", "count": 2, "correct": False}
    first = document["items"][0]
    assert first["discrimination"] is None and first["efficiency"] is None  # nobody got it wrong
    # The random guess score, from each question type's definition: 1 of 3 options; 1 of 7 non-empty ticks.
    assert first["guess"] == pytest.approx(1 / 3, abs=1e-4) and item["guess"] == pytest.approx(1 / 7, abs=1e-4)
    test = document["test"]
    assert set(test) >= {"n", "mean", "median", "sd", "alpha", "sem"}
    assert (test["n"], test["mean"], test["median"]) == (5, 55.0, 50.0)  # percent of the maximum
    assert test["alpha"] == pytest.approx(4 / 21, abs=1e-4) and test["reliable"] is False
    assert document["session"] == SESSION and len(document["trainees"]) == 8
    facility = {row["question"]: row for row in document["facility"]}
    assert facility["q1"]["answered"] == 10  # every recorded answer given: counted or not, practice too


def test_json_without_a_session_has_no_item_analysis(records):
    attempts, answers, _ = records
    document = json.loads(results.to_json(attempts, answers))
    assert document["items"] == [] and document["test"] is None and document["attempts"]


def test_a_figure_that_cannot_be_computed_is_null_in_json():
    attempts, answers = cohort()
    lone = [a for a in attempts if a.trainee == "Ann"]
    report = build_report(SESSION, lone, answers, QUESTIONS, now=NOW)
    document = json.loads(results.to_json(lone, answers, report))
    assert document["test"]["n"] == 1 and document["test"]["sd"] is None and document["test"]["alpha"] is None
    assert all(item["sd"] is None and item["discrimination"] is None for item in document["items"])


def read_csv(text: str) -> tuple[list[str], list[dict[str, str]]]:
    return text.splitlines()[0].split(","), list(csv.DictReader(io.StringIO(text)))


def test_csv_items(records):
    _, _, report = records
    header, rows = read_csv(results.to_csv(results.item_csv_rows(report), results.ITEM_FIELDS))
    assert header == list(results.ITEM_FIELDS) and len(rows) == 4
    assert rows[1]["text"] == "Which are parts of an ACO?" and rows[1]["facility"] == "0.6"
    assert rows[1]["options"] == "Providers*: 5 | A budget*: 3 | A shareholder: 2"
    assert rows[3]["options"] == "(no answer): 5" and rows[0]["discrimination"] == ""


def test_csv_trainees(records):
    _, _, report = records
    header, rows = read_csv(results.to_csv(results.trainee_records(report), results.TRAINEE_FIELDS))
    assert header == list(results.TRAINEE_FIELDS)
    fay = next(r for r in rows if r["trainee"] == "Fay")
    assert (fay["state"], fay["on_question"], fay["best_percent"], fay["answered"]) == ("live", "3", "", "2")
    ann = rows[0]
    assert (ann["attempts"], ann["best_percent"], ann["passed"]) == ("2", "100.0", "yes")


def test_csv_per_question_one_row_per_trainee_and_question_with_text_and_choice(records):
    attempts, answers, report = records
    session = [a for a in attempts if a.session == SESSION]
    text = results.to_csv(
        results.answer_rows(session, answers, QUESTIONS, results.counted_ids(report)), results.ANSWER_FIELDS
    )
    header, rows = read_csv(text)
    assert header == list(results.ANSWER_FIELDS)
    assert len(rows) == len(session) * 4  # answered or not
    bo = [r for r in rows if r["attempt"] == "a-bo"]
    assert [r["given"] for r in bo] == ["A single budget", "Providers | A budget", "False", ""]
    assert [r["answered"] for r in bo] == ["yes", "yes", "yes", "no"] and bo[3]["correct"] == ""
    assert bo[0]["text"] == "What does an ACO hold?" and all(r["counted"] == "yes" for r in bo)
    assert {r["counted"] for r in rows if r["attempt"] == "a-ann-2"} == {"no"}


def test_the_text_view_fits_80_columns_and_says_what_matters(records):
    _, _, report = records
    text = session_text(report)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert text.splitlines()[0] == "Induction week (induction): 8 trainees, 1 live, 1 stale, 4 passed, median 50%"
    assert "Fay" in text and "live, on 3 of 4" in text and "stale, on 2 of 4" in text
    assert "every figure below is unreliable" in text
    assert "facility 60% (about right)" in text and "discrimination 0.17 (poor)" in text
    assert "nobody answered it" in text and "alpha (KR-20) 0.19 (unsatisfactory)" in text
    assert "Concepts           8/10      80%" in text


def test_a_flagged_question_is_marked():
    attempts, answers = cohort()
    # Make the strongest trainees get q3 wrong: flip q3 for everybody -> negative discrimination.
    flipped = [a if a.question != "q3" else type(a)(**{**a.__dict__, "correct": not a.correct}) for a in answers]
    report = build_report(SESSION, attempts, flipped, QUESTIONS, now=NOW)
    q3 = report.analysis.items[2]
    assert q3.flag and "REVIEW" in session_text(report).split("Q3  q3")[1].splitlines()[0]


def test_attempts_text_and_odd_names():
    attempts, _ = cohort()
    odd = [type(attempts[0])(**{**attempts[0].__dict__, "trainee": "Evil\x1b[31m\nName"})]
    text = attempts_text(odd)
    assert "\x1b" not in text and "Evil[31m Name" in text
    assert one_line("a" * 30, 10) == "a" * 9 + "\u2026"
    lines = attempts_text(attempts).splitlines()
    assert lines[0] == "Times are UTC, ISO 8601 (year-month-day)." and lines[2] == "Session attempts (9)"
    assert "Practice, review and learning-path attempts (1)" in lines
    assert max(len(line) for line in lines) <= 80
    assert "abandoned" in lines[12] and not lines[12].rstrip().endswith("fail")  # an abandoned run is not a fail
