"""The output formats of ``aco-tui results``: one writer per format, found in one table.

A writer turns the selected results (:class:`ResultsData`) into the text to print. Adding a
format (xlsx, say) means one function and one line in :data:`WRITERS`, plus its option in
``cli/results.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from types import MappingProxyType

from aco_tui.quiz import results
from aco_tui.quiz.cohort import CohortReport
from aco_tui.quiz.model import Question
from aco_tui.quiz.results_text import attempts_text, session_text
from aco_tui.storage.records import Answer, Attempt


@dataclass(frozen=True)
class ResultsData:
    """What the writers report on.

    Attributes:
        attempts: the attempts selected.
        answers: the answers read for them (only those the format shows).
        report: the cohort report of ``--session``, if one was named.
        questions: the question bank by id (empty when it is unusable).
        stale_after: a running attempt with no answer for this long is stale.
        filtered: a trainee filter was given (an empty result then says "No attempts match").
    """

    attempts: Sequence[Attempt]
    answers: Sequence[Answer]
    report: CohortReport | None
    questions: Mapping[str, Question]
    stale_after: timedelta
    filtered: bool = False


Writer = Callable[[ResultsData], str]


def _json(data: ResultsData) -> str:
    return results.to_json(data.attempts, data.answers, data.report, data.stale_after) + "\n"


def _items(data: ResultsData) -> str:
    assert data.report is not None  # --items needs --session (checked with the options)
    return results.to_csv(results.item_csv_rows(data.report), results.ITEM_FIELDS)


def _trainees(data: ResultsData) -> str:
    assert data.report is not None  # --trainees needs --session (checked with the options)
    return results.to_csv(results.trainee_records(data.report), results.TRAINEE_FIELDS)


def _per_question(data: ResultsData) -> str:
    rows = results.answer_rows(
        data.attempts, data.answers, data.questions, results.counted_ids(data.report), stale_after=data.stale_after
    )
    return results.to_csv(rows, results.ANSWER_FIELDS)


def _facility(data: ResultsData) -> str:
    return results.to_csv(results.facility_rows(data.answers), results.FACILITY_FIELDS)


def _attempts_csv(data: ResultsData) -> str:
    return results.to_csv(results.attempt_rows(data.attempts, stale_after=data.stale_after), results.ATTEMPT_FIELDS)


def _text(data: ResultsData) -> str:
    if data.report is not None:
        return session_text(data.report) + "\n"
    if data.attempts:
        return attempts_text(data.attempts) + "\n\nName a session for the cohort view: aco-tui results --session NAME\n"
    return ("No attempts match." if data.filtered else "No attempts recorded yet.") + "\n"


WRITERS: Mapping[str, Writer] = MappingProxyType(
    {
        "text": _text,
        "json": _json,
        "csv": _attempts_csv,
        "items": _items,
        "trainees": _trainees,
        "per_question": _per_question,
        "facility": _facility,
    }
)
"""Format name -> writer: ``text`` by default, ``json``, ``csv`` (one row per attempt), and the
other CSV views (``--csv --items`` and so on, named as their options)."""
