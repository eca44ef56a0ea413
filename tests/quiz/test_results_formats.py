"""The table of results writers (quiz/results_formats.py): one writer per format, each whole lines."""

from __future__ import annotations

import json
from datetime import timedelta

from aco_tui.quiz import results
from aco_tui.quiz.results_formats import WRITERS, ResultsData

EMPTY = ResultsData(attempts=(), answers=(), report=None, questions={}, stale_after=timedelta(minutes=30))


def test_the_table_names_every_format_of_the_command():
    assert set(WRITERS) == {"text", "json", "csv", "items", "trainees", "per_question", "facility"}


def test_text_says_when_nothing_is_recorded_or_nothing_matches():
    assert WRITERS["text"](EMPTY) == "No attempts recorded yet.\n"
    filtered = ResultsData((), (), None, {}, timedelta(minutes=30), filtered=True)
    assert WRITERS["text"](filtered) == "No attempts match.\n"


def test_json_and_csv_are_whole_lines_with_their_fields():
    assert json.loads(WRITERS["json"](EMPTY))["attempts"] == []
    assert WRITERS["json"](EMPTY).endswith("}\n")
    assert WRITERS["csv"](EMPTY).splitlines()[0].split(",") == list(results.ATTEMPT_FIELDS)
    assert WRITERS["facility"](EMPTY).splitlines()[0].split(",") == list(results.FACILITY_FIELDS)
    assert WRITERS["per_question"](EMPTY).splitlines()[0].split(",") == list(results.ANSWER_FIELDS)
