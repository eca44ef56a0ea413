"""``aco-tui db export|import|copy``: a cohort moved SQLite -> JSON -> PostgreSQL -> SQLite loses nothing."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from aco_tui.cli.main import main
from aco_tui.navigation import Place
from aco_tui.quiz.review import schedule
from aco_tui.storage.postgres import PostgresProgress
from aco_tui.storage.records import Answer, Attempt, Finish
from aco_tui.storage.sqlite import SQLiteProgress
from aco_tui.storage.transfer import Records, read_records

T0 = datetime(2025, 3, 1, 9, tzinfo=UTC)
ODD = "Ann \x1b[31m\u202e O'Brien; DROP TABLE attempts; --"


def fill(progress) -> None:
    """Three trainees' attempts, answers, cards (one regraded), and places; odd text included."""
    for t, trainee in enumerate(("Sam", "Kim", ODD)):
        for n in range(3):
            ident = f"{t}-{n}"
            started = T0 + timedelta(days=n, minutes=t)
            progress.start_attempt(
                Attempt(
                    ident,
                    trainee,
                    "session" if n else "practice",
                    "induction" if n else None,
                    ODD,
                    "set",
                    n,
                    ("q1", "q2", "q3"),
                    70.0 if n else None,
                    "immediate",
                    20,
                    started,
                    started,
                )
            )
            for position in (1, 2):
                at = started + timedelta(seconds=30 * position)
                card = schedule(
                    progress.card(trainee, f"q{position}"),
                    trainee,
                    f"q{position}",
                    "good" if position == 1 else "again",
                    at,
                )
                progress.record_answer(
                    Answer(
                        ident,
                        position,
                        f"q{position}",
                        "concepts",
                        "match",
                        [["left", "right é"], [ODD, "r"]],
                        f"1a: {ODD}",
                        position == 1,
                        1.0 if position == 1 else 0.25,
                        at,
                        12.5 if n else None,
                    ),
                    card,
                )
            if n < 2:
                progress.finish_attempt(
                    ident, Finish("finished", started + timedelta(minutes=5), 50.0, False if n else None)
                )
        progress.save_card(schedule(progress.card(trainee, "q2"), trainee, "q2", "hard", T0, regrade=True))
        progress.save_place(trainee, Place("quiz" if t else "concepts", None if t else "in-brief"))
    progress.save_place("local", Place("timeline", ODD))


def normal(records: Records) -> Records:
    """The records in an order that does not depend on the database's collation."""
    return Records(
        sorted(records.attempts, key=lambda a: a.id),
        sorted(records.answers, key=lambda a: (a.attempt, a.position)),
        sorted(records.cards, key=lambda c: (c.trainee, c.question)),
        sorted(records.review_log, key=lambda r: (r.trainee, r.reviewed, r.question, r.regrade)),
        dict(sorted(records.places.items())),
    )


def counts_printed(text: str) -> dict[str, int]:
    return {name.strip(): int(count) for name, count in re.findall(r"^  (\S[\w -]+?)\s+(\d+)$", text, re.M)}


EXPECTED = {"attempts": 9, "answers": 18, "review cards": 6, "review-log rows": 21, "saved places": 4}


def test_sqlite_to_json_to_postgresql_to_sqlite_loses_nothing(tmp_path, pg_url, capsys):
    source = SQLiteProgress(tmp_path / "source")
    fill(source)
    original = normal(read_records(source))
    assert original.counts() == {"attempts": 9, "answers": 18, "cards": 6, "review_log": 21, "places": 4}
    source.close()
    export = tmp_path / "cohort.json"

    assert main(["db", "export", "--json", str(export), "--data-dir", str(tmp_path / "source")]) == 0
    out = capsys.readouterr().out
    assert counts_printed(out) == EXPECTED and "reads back record for record" in out
    assert json.loads(export.read_text(encoding="utf-8"))["counts"]["review_log"] == 21

    assert main(["db", "import", str(export), "--database", pg_url]) == 0
    out = capsys.readouterr().out
    assert counts_printed(out) == EXPECTED and "every record is there" in out
    assert normal(read_records(PostgresProgress(pg_url))) == original

    assert main(["db", "copy", "--from", pg_url, "--to", str(tmp_path / "back")]) == 0
    out = capsys.readouterr().out
    assert counts_printed(out) == EXPECTED and "every record is there" in out
    assert normal(read_records(SQLiteProgress(tmp_path / "back"))) == original


def test_copy_sqlite_to_postgresql_and_results_read_it(tmp_path, pg_url, capsys):
    fill(SQLiteProgress(tmp_path / "source"))
    assert main(["db", "copy", "--from", str(tmp_path / "source" / "progress.sqlite3"), "--to", pg_url]) == 0
    assert counts_printed(capsys.readouterr().out) == EXPECTED
    assert main(["results", "--json", "--database", pg_url]) == 0
    assert len(json.loads(capsys.readouterr().out)["attempts"]) == 9


def test_an_import_is_all_or_nothing(tmp_path, pg_url, capsys):
    source = SQLiteProgress(tmp_path / "source")
    fill(source)
    export = tmp_path / "cohort.json"
    assert main(["db", "export", "--json", str(export), "--data-dir", str(tmp_path / "source")]) == 0
    document = json.loads(export.read_text(encoding="utf-8"))
    document["cards"][-1]["rating"] = "perfect"  # refused by the schema, after everything before it went in
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document), encoding="utf-8")
    capsys.readouterr()
    assert main(["db", "import", str(broken), "--database", pg_url]) == 2
    assert "nothing was half-written" in capsys.readouterr().err
    target = PostgresProgress(pg_url)
    assert read_records(target).counts() == {"attempts": 0, "answers": 0, "cards": 0, "review_log": 0, "places": 0}

    assert main(["db", "import", str(export), "--database", pg_url]) == 0
    assert main(["db", "import", str(export), "--database", pg_url]) == 2  # the same attempts again
    assert "already holds 9 of these attempts (the first is '0-0'); nothing was imported" in capsys.readouterr().err
    assert read_records(target).counts()["attempts"] == 9


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["answers"].pop(), "is incomplete"),
        (lambda d: d.update(format="something else"), "is not an aco-tui export"),
        (lambda d: d.update(version=99), "newer aco-tui"),
        (lambda d: d["attempts"][0].update(started="yesterday"), "record 1 of attempts cannot be read"),
        (lambda d: d["attempts"][0].update(colour="red"), "unknown field"),
        (lambda d: d["answers"][0].update(attempt="elsewhere"), "belong to no attempt"),
    ],
)
def test_a_damaged_export_is_refused_with_one_line(tmp_path, capsys, change, message):
    fill(SQLiteProgress(tmp_path / "source"))
    export = tmp_path / "cohort.json"
    assert main(["db", "export", "--json", str(export), "--data-dir", str(tmp_path / "source")]) == 0
    document = json.loads(export.read_text(encoding="utf-8"))
    change(document)
    export.write_text(json.dumps(document), encoding="utf-8")
    capsys.readouterr()
    assert main(["db", "import", str(export), "--data-dir", str(tmp_path / "target")]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert (
        not (tmp_path / "target" / "progress.sqlite3").exists()
        or read_records(SQLiteProgress(tmp_path / "target")).counts()["attempts"] == 0
    )


def test_copy_from_nowhere_is_refused(tmp_path, capsys):
    assert main(["db", "copy", "--from", str(tmp_path / "nothing"), "--to", str(tmp_path / "target")]) == 2
    assert "no progress database in" in capsys.readouterr().err
    assert not (tmp_path / "nothing").exists()


def test_the_check_after_an_import_finds_a_record_that_did_not_arrive(tmp_path):
    from aco_tui.errors import UserDataError
    from aco_tui.storage.transfer import check_import

    source = SQLiteProgress(tmp_path / "source")
    fill(source)
    records = read_records(source)
    check_import(Records(), records, records, "target")
    for table in ("attempts", "answers", "cards", "review_log"):
        short = Records(**{**vars(records), table: getattr(records, table)[:-1]})
        with pytest.raises(UserDataError, match="difference in the .*of target"):
            check_import(Records(), records, short, "target")
    changed = Records(**{**vars(records), "places": {**records.places, "local": Place("quiz")}})
    with pytest.raises(UserDataError, match="saved places of target"):
        check_import(Records(), records, changed, "target")


def test_an_export_that_cannot_be_written_is_one_line_and_nothing_half_written(tmp_path, capsys):
    """Regression: the export expected write_atomically to return its problem, but it raises."""
    fill(SQLiteProgress(tmp_path / "source"))
    target = tmp_path / "a folder"
    target.mkdir()
    assert main(["db", "export", "--json", str(target), "--data-dir", str(tmp_path / "source")]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("aco-tui: cannot write") and target.is_dir() and list(target.iterdir()) == []
