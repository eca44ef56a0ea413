"""``aco-tui results`` on the command line: options, the views they pick, and clear usage errors.

The store is the in-memory one of ``cohort_fixtures`` (the report only reads attempts and answers).
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from cohort_fixtures import MemoryStore, bank, cohort

from aco_tui.cli import results as cli_results
from aco_tui.cli.main import main


@pytest.fixture
def store(monkeypatch):
    attempts, answers = cohort()
    memory = MemoryStore(attempts, answers)
    monkeypatch.setattr(cli_results, "open_store", lambda data_dir, database=None: memory)
    monkeypatch.setattr(cli_results, "quiz_bank", lambda args, warnings=None: bank())
    return memory


def run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["results", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_named_session_gets_the_cohort_view(store, capsys):
    code, out, _ = run(capsys, "--session", "induction")
    assert code == 0 and store.closed
    assert out.startswith("Induction week (induction): 8 trainees")
    assert "Trainees (best and latest attempt" in out and "Whole session" in out
    assert "What does an ACO hold?" in out


def test_without_a_session_every_attempt_is_listed(store, capsys):
    code, out, _ = run(capsys)
    assert code == 0 and out.startswith("Times are UTC") and "Session attempts (9)" in out
    assert (
        "Practice, review and learning-path attempts (1)" in out.split("Session attempts (9)")[1]
        and "--session NAME" in out
    )


@pytest.mark.parametrize(
    ("option", "first"),
    [
        ("--items", "position,question,text,topic,type,n,answered,facility"),
        ("--trainees", "trainee,attempts,state,best_percent"),
        ("--per-question", "attempt,trainee,session,question_set,status,counted,n,question,text"),
        ("--facility", "question,topic,type,answered,correct,facility"),
    ],
)
def test_csv_views(store, capsys, option, first):
    code, out, _ = run(capsys, "--session", "induction", "--csv", option)
    assert code == 0 and out.splitlines()[0].startswith(first)
    assert list(csv.DictReader(io.StringIO(out)))


def test_json(store, capsys):
    code, out, _ = run(capsys, "--session", "induction", "--json")
    document = json.loads(out)
    assert code == 0 and len(document["items"]) == 4 and document["test"]["n"] == 5


def test_trainee_names_match_in_any_case_and_a_miss_says_who_exists(store, capsys):
    code, out, _ = run(capsys, "--session", "induction", "--trainee", "ann", "--csv")
    assert code == 0 and {r["trainee"] for r in csv.DictReader(io.StringIO(out))} == {"Ann"}
    code, out, err = run(capsys, "--session", "induction", "--trainee", "Zed")
    assert code == 0 and "no attempts by 'Zed' at 'induction' (trainees: Ann, Bo, Cy" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--items"], "--items goes with --csv"),
        (["--csv", "--trainees"], "--trainees needs --session NAME (the cohort of one session)"),
        (["--session", "inductoin"], "no quiz session named 'inductoin' (sessions: induction)"),
        (["--stale", "0"], "--stale must be a positive number, not '0' (see 'aco-tui results --help')"),
        (["--stale", "nan"], "--stale must be a positive number, not 'nan' (see 'aco-tui results --help')"),
        (["--stale=-inf"], "--stale must be a positive number, not '-inf' (see 'aco-tui results --help')"),
    ],
)
def test_usage_errors_are_one_clear_line(store, capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code != 0 and out == "" and err.strip() == f"aco-tui: {message}"
