"""Progress that tells the truth (issue 26): recall is a forecast, never 100% for material last
answered wrong; the one due count is the same in the Quiz pane's service, ``progress`` and
``quiz --due``, which says it in a sentence."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import timedelta

from test_learn import T0, bank, content

from aco_tui.cli.quiz import due_report
from aco_tui.quiz.learn_plain import run_learn_plain
from aco_tui.quiz.progress_report import progress_report
from aco_tui.quiz.review import RECALL_MEANING, recall_forecast, schedule
from aco_tui.quiz.service import QuizService
from aco_tui.storage.sqlite import SQLiteProgress


def _service(tmp_path, now):
    return QuizService(bank(), None, SQLiteProgress(tmp_path / "data"), clock=lambda: now[0])


def test_recall_after_only_wrong_answers_is_zero_not_100_percent(tmp_path):
    now = [T0]
    service = _service(tmp_path, now)
    run_learn_plain(service, content(), "Sam", "concepts", io.StringIO("2\n" * 60), io.StringIO(), lambda s: s.body)
    report = progress_report("Sam", service.bank, content(), service.progress, T0 + timedelta(minutes=1))
    concepts = next(t for t in report.topics if t.topic == "concepts")
    assert concepts.seen > 0 and concepts.last_wrong == concepts.seen
    assert concepts.recall == 0.0
    assert "100%" not in report.as_text() and f"0% of {concepts.seen}" in report.as_text()
    assert RECALL_MEANING in report.as_text()


def test_recall_right_after_a_right_answer_is_a_forecast_below_100_percent():
    card = schedule(None, "Sam", "q", "good", T0)
    assert 0.5 < recall_forecast(card, T0) < 1.0  # FSRS retrievability itself is 1.0 at T0
    wrong = schedule(card, "Sam", "q", "again", T0 + timedelta(days=1))
    assert recall_forecast(wrong, T0 + timedelta(days=1)) == 0.0
    right_again = schedule(wrong, "Sam", "q", "good", T0 + timedelta(days=2))
    assert 0.0 < recall_forecast(right_again, T0 + timedelta(days=2)) < 1.0


def test_a_mixed_topic_is_between_and_counts_the_wrong_ones(tmp_path):
    now = [T0]
    service = _service(tmp_path, now)
    answers = io.StringIO("1\n2\n" * 60)
    run_learn_plain(service, content(), "Sam", "concepts", answers, io.StringIO(), lambda s: s.body)
    report = progress_report("Sam", service.bank, content(), service.progress, T0 + timedelta(minutes=5))
    concepts = next(t for t in report.topics if t.topic == "concepts")
    assert 0 < concepts.last_wrong < concepts.seen
    assert 0.0 < concepts.recall < 1.0
    assert "wrong last time" in report.as_text()


def _due_in_sentence(sentence: str) -> int:
    if sentence.startswith("Nothing is due"):
        return 0
    return int(re.match(r"(\d+) questions? (?:is|are) due for review now\.", sentence).group(1))


def test_one_due_count_in_the_quiz_service_progress_and_quiz_due(tmp_path):
    """Regression (ux-walk M13): progress counted cards due later today as due today."""
    now = [T0]
    service = _service(tmp_path, now)
    store = service.progress
    # Three cards: overdue, due in 5 minutes (later today), due in three days.
    for question, due_in in (
        ("q-one-0", -timedelta(hours=2)),
        ("q-two-0", timedelta(minutes=5)),
        ("q-three-0", timedelta(days=3)),
    ):
        card = schedule(None, "Sam", question, "again", T0 - timedelta(days=1))
        store.save_card(replace(card, due=T0 + due_in))
    for moment in (T0, T0 + timedelta(minutes=10), T0 + timedelta(days=4)):
        now[0] = moment
        pane = service.due_count("Sam")  # what the Quiz pane shows (ui/panes/quiz.py calls this)
        report = progress_report("Sam", service.bank, content(), store, moment)
        sentence = due_report(service, "Sam")
        assert pane == report.due_now == _due_in_sentence(sentence), (moment, sentence)
        assert report.due_now + sum(n for _, n in report.forecast) == 3


def test_quiz_due_prints_a_sentence_even_when_nothing_is_due(tmp_path):
    now = [T0]
    service = _service(tmp_path, now)
    assert (
        due_report(service, "Sam") == "Nothing is due for review now. Questions you answer come back for review later."
    )
    card = schedule(None, "Sam", "q-one-0", "good", T0)
    service.progress.save_card(card)
    sentence = due_report(service, "Sam")
    assert sentence.startswith("Nothing is due for review now. The next falls due at 20")
    now[0] = T0 + timedelta(days=30)
    assert due_report(service, "Sam") == "1 question is due for review now. Run 'aco-tui quiz --review' to answer them."
