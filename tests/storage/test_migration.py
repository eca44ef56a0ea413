"""The first open of a data directory holding a legacy ``progress.json`` imports it, once, losing nothing.

The fixture was written by aco-tui as it was before the progress database (commit 978b998), with
the CSV reports that version printed for it (``*-before.csv``).
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import shutil
from pathlib import Path

import pytest

from aco_tui.cli.main import main
from aco_tui.errors import UserDataError
from aco_tui.storage.sqlite import SQLiteProgress

FIXTURE = Path(__file__).parent / "fixtures" / "legacy"


@pytest.fixture
def legacy_dir(tmp_path) -> Path:
    directory = tmp_path / "data"
    directory.mkdir()
    shutil.copy(FIXTURE / "progress.json", directory / "progress.json")
    return directory


def report(capsys, directory: Path, *options: str) -> list[dict[str, str]]:
    capsys.readouterr()
    assert main(["results", "--data-dir", str(directory), "--csv", *options]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def before(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((FIXTURE / name).read_text(encoding="utf-8"))))


def test_every_attempt_answer_card_and_place_is_imported(legacy_dir):
    legacy = json.loads((FIXTURE / "progress.json").read_text(encoding="utf-8"))
    progress = SQLiteProgress(legacy_dir)
    attempts = progress.attempts()
    assert {a.id for a in attempts} == {d["attempt"] for d in legacy["attempts"].values()}
    answers = progress.answers(a.id for a in attempts)
    assert len(answers) == sum(len(d["answers"]) for d in legacy["attempts"].values())
    for doc in legacy["cards"].values():
        card = progress.card(doc["trainee"], doc["question"])
        assert card is not None and card.state == doc["card"] and card.rating == doc["rating"]
        assert card.reviews == doc["reviews"] and card.previous == doc["previous"]
    assert progress.load_place("local").section == "why-it-mattered"
    assert progress.load_place("Ann").pane == "quiz"
    [moved] = legacy_dir.glob("progress.json.migrated-*")
    assert moved.read_bytes() == (FIXTURE / "progress.json").read_bytes()  # kept, never deleted
    assert not (legacy_dir / "progress.json").exists()
    assert any("moved into progress.sqlite3" in n for n in progress.notices)


def test_results_are_the_same_before_and_after(legacy_dir, capsys):
    after = report(capsys, legacy_dir)
    expected = before("results-before.csv")
    live = [row for row in expected if row["status"] == "in_progress"]
    assert [r["trainee"] for r in live] == ["Eve"]
    for row in after:  # the one change: an attempt silent for hours is now told from a live one
        if row["trainee"] == "Eve" and row["kind"] == "session":
            assert row.pop("status") == "stale"
            row["status"] = "in_progress"
    assert [{k: r[k] for k in expected[0]} for r in after] == expected
    # --per-question (issue 16) also lists unanswered questions, the question text and whether the
    # attempt is counted, and says True/False instead of yes/no for a true-or-false answer.
    answered = [r for r in report(capsys, legacy_dir, "--per-question") if r["answered"] == "yes"]
    old = before("per-question-before.csv")
    assert [{k: r[k] for k in old[0]} for r in answered] == [
        {
            **r,
            "status": "stale" if r["status"] == "in_progress" else r["status"],
            "given": {"yes": "True", "no": "False"}[r["given"]] if r["type"] == "truefalse" else r["given"],
        }
        for r in old
    ]
    assert report(capsys, legacy_dir, "--facility") == before("facility-before.csv")


def _open(directory: str) -> int:
    return len(SQLiteProgress(Path(directory)).attempts())


def test_concurrent_first_opens_import_once(legacy_dir):
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        counts = pool.map(_open, [str(legacy_dir)] * 8)
    assert counts == [7] * 8
    assert len(SQLiteProgress(legacy_dir).attempts()) == 7
    assert len(list(legacy_dir.glob("progress.json.migrated-*"))) == 1


def test_damaged_legacy_file_is_moved_aside_reported_and_a_database_started(tmp_path):
    directory = tmp_path / "data"
    directory.mkdir()
    (directory / "progress.json").write_text("{ not json", encoding="utf-8")
    progress = SQLiteProgress(directory)
    [moved] = directory.glob("progress.json.corrupt-*")
    assert moved.read_text(encoding="utf-8") == "{ not json"
    assert any("damaged" in n and moved.name in n for n in progress.notices)
    assert progress.attempts() == []


def test_legacy_file_from_a_newer_version_is_refused_untouched(tmp_path):
    directory = tmp_path / "data"
    directory.mkdir()
    text = json.dumps({"meta": {"1": {"schema": 99}}, "attempts": {}})
    (directory / "progress.json").write_text(text, encoding="utf-8")
    with pytest.raises(UserDataError, match="upgrade aco-tui"):
        SQLiteProgress(directory)
    assert (directory / "progress.json").read_text(encoding="utf-8") == text
