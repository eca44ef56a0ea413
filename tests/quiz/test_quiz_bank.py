"""The question bank format, its loading errors and ``check_bank``."""

from __future__ import annotations

import pytest
from quiz_fixtures import write_kb

from aco_tui.errors import DataError
from aco_tui.knowledge.check import CheckReport
from aco_tui.knowledge.store import load_store
from aco_tui.quiz.bank import load_bank, read_bank
from aco_tui.quiz.check import check_bank

GOOD = """[[question]]
id = "extra-q"
topic = "concepts"
level = "intro"
type = "single"
question = "Q?"
correct = "Yes"
wrong = ["No"]
explanation = "Because."
excerpts = ["ex-budget"]
sections = ["concepts#what-is-an-aco"]
"""


@pytest.fixture
def kb(tmp_path):
    store, content = write_kb(tmp_path)
    return load_store(store), content / "quiz"


def checked(kb) -> CheckReport:
    store, quiz = kb
    return check_bank(quiz, store.excerpts)


def test_fixture_bank_is_clean_with_counts(kb):
    report = checked(kb)
    assert report.errors == []
    assert report.counts["questions"] == 40
    assert report.counts["question_types"] == {
        "single": 10,
        "multiple": 5,
        "truefalse": 10,
        "order": 5,
        "match": 5,
        "short": 5,
    }
    bank = load_bank(kb[1])
    question = bank.questions["con-single-2"]
    assert question.question == "A second single choice question on two lines."
    assert question.correct == ("Yes",) and question.source == "concepts.toml:75"
    assert bank.questions["con-match"].extra == ("Paid by patients",)


def add(kb, text: str, name: str = "extra.toml") -> None:
    (kb[1] / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    "change, message",
    [
        (('correct = "Yes"', 'correct = ["Yes", "No?"]'), "exactly one correct option, found 2"),
        (('wrong = ["No"]', 'wrong = ["yes"]'), "options must be unique"),
        (('excerpts = ["ex-budget"]', 'excerpts = ["ex-nowhere"]'), "cites unknown excerpt(s) ex-nowhere"),
        (('level = "intro"', 'level = "expert"'), "'level' must be one of intro, core, advanced"),
        (('topic = "concepts"', 'topic = "other"'), "'topic' must be one of"),
        (('type = "single"', 'type = "essay"'), "'type' must be one of"),
        (('id = "extra-q"', 'id = "Extra Q"'), "'id' must be lowercase"),
        (('id = "extra-q"', 'id = "con-single"'), "duplicate question id 'con-single' (first at concepts.toml:2)"),
        (('explanation = "Because."', 'explain = "Because."'), "unknown key(s) explain"),
        (('question = "Q?"', 'question = ""'), "'question' must be a non-empty string"),
        (('sections = ["concepts#what-is-an-aco"]', 'sections = ["concepts"]'), "'concepts' is not a section link"),
        (('sections = ["concepts#what-is-an-aco"]', 'sections = ["concepts#"]'), "is not a section link"),
        (('sections = ["concepts#what-is-an-aco"]', 'sections = ["Concepts#What-Is"]'), "is not a section link"),
        (('sections = ["concepts#what-is-an-aco"]', 'sections = ["concepts#what is"]'), "is not a section link"),
        (('sections = ["concepts#what-is-an-aco"]', 'sections = ["glossary#aco"]'), "'glossary#aco' names no pane"),
        (('sections = ["concepts#what-is-an-aco"]', "sections = []"), "'sections' needs at least 1 section link"),
        (
            ('sections = ["concepts#what-is-an-aco"]', "sections = [1]"),
            "'sections' must be a list of non-empty strings",
        ),
        (
            ('sections = ["concepts#what-is-an-aco"]', 'sections = ["concepts#a", "concepts#a"]'),
            "'sections' must be unique; repeated: 'concepts#a'",
        ),
        (('sections = ["concepts#what-is-an-aco"]\n', ""), "question 'extra-q' names no section it checks"),
    ],
)
def test_question_errors_name_file_and_line(kb, change, message):
    add(kb, "# a comment\n\n" + GOOD.replace(*change))
    errors = checked(kb).errors
    assert len(errors) == 1, errors
    assert "extra.toml:3" in errors[0] and message in errors[0]


@pytest.mark.parametrize(
    "body, message",
    [
        ('type = "order"\nitems = ["A", "B", "A"]', "items must be unique"),
        ('type = "order"\nitems = ["A"]', "'items' needs at least 2"),
        ('type = "match"\npairs = [["a", "x"], ["a", "y"]]', "left items of 'pairs' must be unique"),
        ('type = "match"\npairs = [["a", "x"], ["b", "x"]]', "right items of 'pairs' and 'extra' must be unique"),
        ('type = "match"\npairs = [["a", "x"], ["b", "y"]]\nextra = ["x"]', "right items"),
        ('type = "match"\npairs = [["a", "x"], ["b"]]', "'pairs' must be a list of"),
        ('type = "truefalse"\nanswer = "true"', "'answer' must be true or false"),
        ('type = "short"\nanswers = ["..."]', "no letters or digits"),
        ('type = "multiple"\ncorrect = ["A"]', "missing key(s) wrong"),
        ('type = "order"\nitems = ["A", "B"]\ncorrect = "A"', "unknown key(s) correct"),
    ],
)
def test_type_rules(kb, body, message):
    common = (
        'id = "t-q"\ntopic = "timeline"\nlevel = "core"\nquestion = "Q?"\nexplanation = "E."\nexcerpts = ["ex-dates"]\n'
    )
    add(kb, "[[question]]\n" + common + body + "\n")
    errors = checked(kb).errors
    assert len(errors) == 1 and message in errors[0] and "extra.toml:1" in errors[0], errors


def test_bad_toml_is_reported_by_check_and_refused_by_load(kb):
    add(kb, GOOD + "\nthis is not toml\n")
    errors = checked(kb).errors
    assert any("extra.toml: not valid TOML" in e and "line 13" in e for e in errors), errors
    with pytest.raises(DataError, match="extra.toml: not valid TOML"):
        load_bank(kb[1])


def test_escape_codes_in_keys_never_reach_the_messages(kb):
    """Regression: values were cleaned of control characters but keys were not, and an unknown key
    is quoted in the problem that ``aco-tui check`` prints."""
    add(kb, GOOD.replace('explanation = "Because."', 'explanation = "Because."\n"\\u001b[31mEVIL" = 1'))
    errors = checked(kb).errors
    assert any("EVIL" in e for e in errors), errors
    assert not any("\x1b" in e for e in errors), errors


def test_too_few_questions_per_topic(kb):
    text = (kb[1] / "timeline.toml").read_text(encoding="utf-8")
    (kb[1] / "timeline.toml").write_text(
        text.split("[[question]]", 2)[0] + "[[question]]" + text.split("[[question]]", 2)[1], encoding="utf-8"
    )
    errors = checked(kb).errors
    assert any("topic 'timeline' has 1 valid question(s), at least 8 needed" in e for e in errors), errors


def test_session_errors(kb):
    (kb[1] / "sessions.toml").write_text(
        """
[[session]]
name = "a"
title = "A"
seed = 1
pass_mark = 70
questions = ["con-single", "nope"]

[[session]]
name = "b"
title = "B"
seed = 1
pass_mark = 170
questions = ["con-single"]

[[session]]
name = "c"
title = "C"
seed = 1
pass_mark = 50
  [[session.pick]]
  topic = "timeline"
  level = "intro"
  count = 9
""",
        encoding="utf-8",
    )
    errors = checked(kb).errors
    assert any("sessions.toml:2: session 'a': unknown question id(s) nope" in e for e in errors), errors
    assert any("sessions.toml:13: session 'b': 'pass_mark' must be a number between 0 and 100" in e for e in errors), (
        errors
    )
    assert any(
        "session 'c': pick 1 wants 9 question(s) with topic timeline and level intro, only 2" in e for e in errors
    ), errors


def test_missing_directory_and_empty_bank(tmp_path):
    with pytest.raises(DataError, match="not found"):
        load_bank(tmp_path / "nowhere")
    (tmp_path / "quiz").mkdir()
    with pytest.raises(DataError, match="no usable questions"):
        load_bank(tmp_path / "quiz")
    assert read_bank(tmp_path / "quiz").questions == {}


def test_aco_tui_check_reports_the_bank(tmp_path, capsys):
    import json

    from kbfixtures import write_knowledge

    from aco_tui.cli.main import main

    paths = write_knowledge(tmp_path / "kb")
    _, content = write_kb(tmp_path / "bank")
    (paths.content / "quiz").mkdir()
    for source in (content / "quiz").glob("*.toml"):
        text = source.read_text(encoding="utf-8").replace("ex-budget", "a-budget").replace("ex-dates", "b-hawking")
        (paths.content / "quiz" / source.name).write_text(text, encoding="utf-8")
    args = ["check", "--json", "--store", str(paths.store), "--content", str(paths.content)]
    assert main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == [] and report["questions"] == 40 and report["question_types"]["match"] == 5
    (paths.content / "quiz" / "timeline.toml").write_text("[[question]\n", encoding="utf-8")
    assert main(args) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["questions"] == 32
    assert any(e.startswith("content/quiz/timeline.toml: not valid TOML") for e in report["errors"])
