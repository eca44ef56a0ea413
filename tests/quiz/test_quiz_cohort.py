"""The cohort report: which attempts count, trainees' rows, topics, response counts, versions."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import timedelta

import pytest
from cohort_fixtures import NOW, QUESTIONS, SESSION, START, attempt, cohort

from aco_tui.quiz.cohort import NO_ANSWER, OptionCount, build_report, histogram


@pytest.fixture
def report():
    attempts, answers = cohort()
    return build_report(SESSION, attempts, answers, QUESTIONS, now=NOW)


def test_the_first_ended_attempt_of_each_trainee_is_counted(report):
    counted = report.analysis.attempts
    assert [a.id for a in counted] == ["a-ann", "a-bo", "a-cy", "a-dee", "a-eve"]
    # The same figures as the hand-computed matrix of test_quiz_statistics.
    q1, q2, q3, q4 = report.analysis.items
    assert (q1.figures.facility, q2.figures.facility, q3.figures.facility, q4.figures.facility) == (1.0, 0.6, 0.6, 0.0)
    assert q2.figures.discrimination == pytest.approx(1 / 6)
    assert report.analysis.test.alpha == pytest.approx(4 / 21)
    assert report.analysis.scores == (75.0, 50.0, 50.0, 75.0, 25.0)
    assert q4.answered == 0 and q4.figures.n == 5  # nobody reached it: 0 for all, as in Moodle
    assert [a.id for a in report.attempts if a.kind != "session"] == []  # the practice is not in it


def test_response_counts_list_every_option_and_the_unanswered(report):
    q1, q2, q3, q4 = report.analysis.items
    assert q1.options == (
        OptionCount("A single budget", 5, True),
        OptionCount("Two budgets", 0, False),
        OptionCount("No budget", 0, False),
    )
    assert q2.options == (
        OptionCount("Providers", 5, True),
        OptionCount("A budget", 3, True),
        OptionCount("A shareholder", 2, False),
    )
    assert q3.options == (OptionCount("True", 3, True), OptionCount("False", 2, False))
    assert q4.options == (OptionCount(NO_ANSWER, 5, None),)
    assert q1.text == "What does an ACO hold?" and q3.topic == "timeline"


def test_trainee_rows_tell_live_from_stale_and_best_from_latest(report):
    rows = {row.trainee: row for row in report.trainees}
    assert list(rows) == ["Ann", "Bo", "Cy", "Dee", "Eve", "Gus", "Hal", "Fay"]
    ann = rows["Ann"]
    assert ann.attempts == 2 and ann.latest.id == "a-ann-2" and ann.best.id == "a-ann-2" and ann.passed
    assert ann.state == "finished" and ann.position is None
    assert rows["Bo"].state == "timed out" and rows["Bo"].best.percent == 50.0
    assert rows["Eve"].passed is False
    assert rows["Fay"].state == "live" and rows["Fay"].position == 3 and rows["Fay"].best is None
    assert rows["Gus"].state == "stale" and rows["Gus"].position == 2
    assert rows["Hal"].state == "abandoned" and rows["Hal"].best is None and rows["Hal"].passed is None


def test_topics_use_the_counted_attempts(report):
    assert [(t.topic, t.right, t.asked) for t in report.topics] == [
        ("concepts", 8, 10),
        ("legal-challenges", 0, 5),
        ("timeline", 3, 5),
    ]
    assert report.topics[0].percent == 80.0


def test_a_new_version_of_the_questions_is_analysed_apart():
    attempts, answers = cohort()
    late, late_answers = attempt("a-ivy", "Ivy", NOW - timedelta(minutes=2), (1, 1, 1, 1), "finished", version="v2")
    report = build_report(SESSION, [*attempts, late], [*answers, *late_answers], QUESTIONS, now=NOW)
    assert report.analysis.question_set == "v2" and [a.id for a in report.analysis.attempts] == ["a-ivy"]
    assert report.analysis.test.n == 1 and report.analysis.items[0].figures.sd is None
    assert [a.question_set for a in report.older] == ["v1v1v1v1v1v1v1v1"] and report.older[0].test.n == 5


def test_before_anybody_finishes_the_questions_are_listed_with_no_figures():
    attempts, answers = cohort()
    live = [a for a in attempts if a.id == "a-fay"]
    report = build_report(SESSION, live, answers, QUESTIONS, now=NOW)
    assert [i.question for i in report.analysis.items] == ["q1", "q2", "q3", "q4"]
    assert all(i.figures.n == 0 and i.figures.facility is None for i in report.analysis.items)
    assert report.analysis.test.n == 0 and report.analysis.test.mean is None and report.topics == ()
    empty = build_report("nope", attempts, answers, QUESTIONS, now=NOW)
    assert empty.analysis is None and empty.trainees == () and empty.title == "nope"


def test_without_the_bank_questions_show_their_ids_and_the_answers_given():
    attempts, answers = cohort()
    report = build_report(SESSION, attempts, answers, {}, now=NOW)
    q1 = report.analysis.items[0]
    assert q1.text == "" and q1.topic == "concepts" and q1.options == (OptionCount("A single budget", 5, None),)


def test_naive_times_are_taken_as_utc():
    attempts, answers = cohort()
    naive = [
        replace(a, started=a.started.replace(tzinfo=None), last_activity=a.last_activity.replace(tzinfo=None))
        for a in attempts
    ]
    report = build_report(SESSION, naive, answers, QUESTIONS, now=NOW)
    assert {r.trainee: r.state for r in report.trainees}["Fay"] == "live"
    assert START.tzinfo is not None


def test_histogram():
    assert histogram([0, 9.9, 10, 55, 100, 100]) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    assert sum(histogram([])) == 0 and not math.isnan(sum(histogram([50.0], bins=4)))


def test_a_live_report_reuses_the_analysis_only_while_the_counted_attempts_are_the_same():
    attempts, answers = cohort()
    first = build_report(SESSION, attempts, answers, QUESTIONS, now=NOW)
    fay = next(a for a in attempts if a.id == "a-fay")
    more = [a if a is not fay else replace(fay, answered=3, last_activity=NOW) for a in attempts]
    live = build_report(SESSION, more, answers, QUESTIONS, now=NOW, previous=first)
    assert (
        live.analysis is first.analysis
        and live.analysis == build_report(SESSION, more, answers, QUESTIONS, now=NOW).analysis
    )
    assert {r.trainee: r.latest.answered for r in live.trainees}["Fay"] == 3
    finished = [a if a is not fay else replace(fay, status="finished", percent=25.0) for a in attempts]
    after = build_report(SESSION, finished, answers, QUESTIONS, now=NOW, previous=first)
    assert after.analysis is not first.analysis and after.analysis.test.n == 6
    other = build_report("other", attempts, answers, QUESTIONS, now=NOW, previous=first)
    assert other.analysis is None
