"""Content loading: front matter, sections, citations, glossary and timeline."""

from __future__ import annotations

import pytest
from kbfixtures import FILES, write_knowledge

from aco_tui.errors import DataError
from aco_tui.knowledge.base import load_knowledge
from aco_tui.knowledge.content import load_content, parse_document


def test_sections_by_heading(mini_kb):
    content = load_content(mini_kb.content)
    concepts = content.documents["concepts"]
    assert concepts.title == "Concepts" and concepts.order == 1
    assert [(s.id, s.level) for s in concepts.sections] == [("what-is-an-aco", 2), ("money", 3)]
    assert concepts.sections[0].citations == ["a-definition"]
    assert "[@" not in concepts.sections[0].plain
    assert concepts.sections[0].line == 7


def test_panes_in_order_and_glossary(mini_kb):
    content = load_content(mini_kb.content)
    assert [d.id for d in content.panes] == [
        "concepts",
        "contract-models",
        "legal-challenges",
        "commentary",
        "timeline",
    ]
    term = content.glossary["aco"]
    assert term.aliases == ("accountable care organisation",)
    assert term.citations == ["a-definition"]
    assert content.term_for("Accountable Care Organisation") is term


def test_timeline_events(mini_kb):
    events = load_content(mini_kb.content).timeline
    assert [(e.date, e.title, e.topics) for e in events] == [("2017-12-08", "Hawking joins", ("legal-challenges",))]


def test_clean_fixture_has_no_problems(mini_kb):
    assert load_knowledge(mini_kb).problems == []


def test_intro_text_becomes_overview(tmp_path):
    doc, problems = parse_document(tmp_path / "x.md", "---\ntitle: X\norder: 1\nsummary: s\n---\n\nHi.\n\n## A\n\nB.\n")
    assert [s.id for s in doc.sections] == ["overview", "a"]


def test_duplicate_headings_get_distinct_anchors(tmp_path):
    doc, _ = parse_document(tmp_path / "x.md", "---\ntitle: X\norder: 1\nsummary: s\n---\n\n## A\n\nx\n\n## A\n\ny\n")
    assert [s.id for s in doc.sections] == ["a", "a-2"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("## No front matter\n", "no front matter"),
        ("---\ntitle: X\norder: 1\n---\n\n## A\n", "missing summary"),
        ("---\ntitle: X\norder: one\nsummary: s\n---\n", "order must be a whole number"),
        ("---\ntitle: X\norder: 1\nsummary: s\nthis line is wrong\n---\n", "expected 'key: value'"),
        ("---\ntitle: X\ntitle: Y\norder: 1\nsummary: s\n---\n", "duplicate key"),
    ],
)
def test_broken_front_matter_is_reported_with_line(tmp_path, text, message):
    _, problems = parse_document(tmp_path / "x.md", text)
    assert any(message in p.message and p.fatal for p in problems), problems


def test_broken_front_matter_line_number(tmp_path):
    _, problems = parse_document(tmp_path / "x.md", "---\ntitle: X\norder: 1\nsummary: s\noops\n---\n")
    assert [str(p) for p in problems] == ["x.md:5: front matter: expected 'key: value', found 'oops'"]


def test_unknown_and_malformed_citations(tmp_path):
    paths = write_knowledge(
        tmp_path, files={"commentary.md": FILES["commentary.md"] + "\nSee this. [@no-such-id]\n\nAnd this. [@Bad Id]\n"}
    )
    problems = [str(p) for p in load_knowledge(paths).problems]
    assert any("commentary.md:11: unknown citation @no-such-id" in p for p in problems), problems
    assert any("commentary.md:13: bad citation" in p for p in problems), problems


def test_uncited_paragraph_is_flagged_but_not_fatal(tmp_path):
    paths = write_knowledge(
        tmp_path,
        files={
            "commentary.md": FILES["commentary.md"]
            + "\nThis paragraph makes a claim of fact without saying where it comes from.\n"
        },
    )
    problems = load_knowledge(paths).problems
    assert [p.message for p in problems if not p.fatal] == ["paragraph of 13 words cites no excerpt"]


def test_glossary_link_to_missing_term(tmp_path):
    paths = write_knowledge(
        tmp_path, files={"commentary.md": FILES["commentary.md"] + "\nAn [STP](term:stp) too. [@b-hawking]\n"}
    )
    assert any("term:stp" in p.message for p in load_knowledge(paths).problems)


def test_missing_required_file(tmp_path):
    paths = write_knowledge(tmp_path, files={"timeline.md": None})
    assert any("timeline.md" in str(p.path) and "missing" in p.message for p in load_knowledge(paths).problems)


def test_missing_content_directory(tmp_path):
    with pytest.raises(DataError, match="content directory not found"):
        load_content(tmp_path / "nope")


def test_non_utf8_content_file(tmp_path):
    paths = write_knowledge(tmp_path)
    (paths.content / "concepts.md").write_bytes(b"---\ntitle: \xff\n---\n")
    with pytest.raises(DataError, match="concepts.md: content file is not UTF-8"):
        load_content(paths.content)


def test_require_usable_names_the_first_fatal_problem(tmp_path):
    paths = write_knowledge(tmp_path, files={"concepts.md": "no front matter\n"})
    with pytest.raises(DataError, match=r"concepts.md:1: no front matter"):
        load_knowledge(paths).require_usable()
