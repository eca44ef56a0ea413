"""Questions name the sections they check: the links are loaded, validated against the content, and the
teaching sections they cover are counted by ``check_bank`` and ``aco-tui check``."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kbfixtures import FILES, write_knowledge
from quiz_fixtures import SESSIONS, TOPICS, sample

from aco_tui.cli.main import main
from aco_tui.knowledge.base import load_knowledge
from aco_tui.quiz.bank import load_bank
from aco_tui.quiz.check import check_bank
from aco_tui.quiz.coverage import coverage, questions_by_section, teaching_sections
from aco_tui.quiz.fields import SECTION_LINK, Invalid, section_links

QUESTION = """[[question]]
id = "{ident}"
topic = "{topic}"
level = "intro"
type = "truefalse"
question = "Q?"
answer = true
explanation = "E."
excerpts = ["a-budget"]
{sections}
"""


@pytest.fixture
def paths(tmp_path):
    """The kbfixtures knowledge base with the quiz fixtures' bank, every teaching section covered."""
    paths = write_knowledge(tmp_path / "kb")
    quiz = paths.content / "quiz"
    quiz.mkdir()
    for topic in TOPICS:
        text = sample(topic).replace("ex-budget", "a-budget").replace("ex-dates", "b-hawking")
        (quiz / f"{topic}.toml").write_text(text, encoding="utf-8")
    (quiz / "sessions.toml").write_text(SESSIONS, encoding="utf-8")
    return paths


def check(paths):
    knowledge = load_knowledge(paths, use_cache=False)
    return check_bank(paths.content / "quiz", knowledge.store.excerpts, knowledge.content)


def add_question(paths, ident: str, topic: str, sections: str) -> None:
    text = QUESTION.format(ident=ident, topic=topic, sections=sections)
    (paths.content / "quiz" / "extra.toml").write_text("# extra\n\n" + text, encoding="utf-8")


def without_section(paths, link: str) -> None:
    """Every question file with ``link`` taken out of its ``sections`` lists."""
    for path in (paths.content / "quiz").glob("*.toml"):
        text = path.read_text(encoding="utf-8").replace(f'"{link}", ', "").replace(f', "{link}"', "")
        path.write_text(text, encoding="utf-8")


def relink(paths, old: str, new: str) -> None:
    """Every question file naming ``new`` where it named ``old``."""
    for path in (paths.content / "quiz").glob("*.toml"):
        path.write_text(path.read_text(encoding="utf-8").replace(f'"{old}"', f'"{new}"'), encoding="utf-8")


def test_links_are_loaded_in_order(paths):
    bank = load_bank(paths.content / "quiz")
    assert bank.questions["con-single"].sections == ("concepts#what-is-an-aco", "concepts#money")
    assert bank.questions["tl-single"].sections == ()
    by_link = questions_by_section(bank.questions.values())
    assert [q.id for q in by_link["commentary#voices"]][:2] == ["com-single", "com-multiple"]


def test_fully_covered_bank_is_clean(paths):
    report = check(paths)
    assert report.errors == []
    assert report.counts["check_coverage"] == 1.0 and report.counts["uncovered_sections"] == []


def test_unknown_link_is_an_error_with_file_and_line(paths):
    add_question(paths, "extra-q", "concepts", 'sections = ["concepts#money", "concepts#nowhere", "timeline#nope"]')
    assert check(paths).errors == [
        "content/quiz/extra.toml:3: question 'extra-q' names unknown section(s) concepts#nowhere, timeline#nope"
    ]


def test_any_pane_may_be_named_and_timeline_questions_may_name_none(paths):
    add_question(paths, "extra-q", "commentary", 'sections = ["timeline#2017-12-08-hawking-joins", "concepts#money"]')
    assert check(paths).errors == []
    add_question(paths, "extra-q", "timeline", "")
    assert check(paths).errors == []
    add_question(paths, "extra-q", "legal-challenges", "")
    assert check(paths).errors == [
        "content/quiz/extra.toml:3: question 'extra-q' names no section it checks (add sections = [\"pane#slug\"])"
    ]


def test_coverage_below_the_minimum_fails_and_names_what_is_missing(paths):
    without_section(paths, "concepts#money")
    report = check(paths)
    assert report.counts["check_coverage"] == 0.8
    assert report.counts["uncovered_sections"] == ["concepts#money"]
    assert report.errors == [
        "content/quiz: check coverage 0.8 is below 0.9: 1 of 5 teaching sections have no "
        "question naming them (concepts#money)"
    ]


def test_only_sections_with_body_text_in_the_teaching_panes_count(paths):
    files = {
        "concepts.md": FILES["concepts.md"] + "\n## Further reading\n",
        "timeline.md": FILES["timeline.md"] + "\n## 2018-01-01 · Later\n\nAnother thing. [@b-hawking]\n",
    }
    write_knowledge(paths.store.parent, files=files)
    content = load_knowledge(paths, use_cache=False).content
    assert content.documents["concepts"].section("further-reading") is not None
    assert [f"{s.doc_id}#{s.id}" for s in teaching_sections(content)] == [
        "concepts#what-is-an-aco",
        "concepts#money",
        "contract-models#levels",
        "legal-challenges#jr4nhs",
        "commentary#voices",
    ]
    assert check(paths).counts["check_coverage"] == 1.0


def test_a_timeline_question_covers_a_teaching_section_it_names(paths):
    relink(paths, "commentary#voices", "contract-models#levels")
    assert check(paths).counts["uncovered_sections"] == ["commentary#voices"]
    add_question(paths, "tl-extra", "timeline", 'sections = ["commentary#voices"]')
    assert check(paths).counts["check_coverage"] == 1.0


def test_coverage_rounds_to_three_places(paths):
    content = load_knowledge(paths, use_cache=False).content
    bank = load_bank(paths.content / "quiz")
    questions = [q for q in bank.questions.values() if q.topic in ("concepts", "contract-models")]
    result = coverage(content, questions)
    assert result.fraction == 0.6 and result.uncovered == ("legal-challenges#jr4nhs", "commentary#voices")
    assert coverage(content, []).fraction == 0.0


def test_aco_tui_check_shows_coverage(paths, capsys):
    args = ["check", "--store", str(paths.store), "--content", str(paths.content)]
    assert main([*args, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["check_coverage"] == 1.0 and report["uncovered_sections"] == [] and report["errors"] == []
    without_section(paths, "concepts#money")
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "error: content/quiz: check coverage 0.8 is below 0.9" in out
    assert out.strip().endswith("0.8 check coverage, 1 uncovered sections: 1 error(s)")


LINKISH = st.from_regex(r"(concepts|timeline|other)#[a-z0-9 -]{0,8}", fullmatch=True)


@given(st.one_of(st.text(max_size=30), st.lists(st.one_of(st.text(max_size=30), LINKISH), max_size=4), st.integers()))
def test_section_links_accept_only_pane_and_slug(value):
    try:
        links = section_links({"sections": value}, "sections", TOPICS)
    except Invalid:
        return
    assert links and all(SECTION_LINK.match(link) and link.split("#")[0] in TOPICS for link in links)
    assert section_links({}, "sections", TOPICS) == ()
