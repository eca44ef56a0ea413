"""The shipped store and content cover what the knowledge-base issue asks for."""

from __future__ import annotations

from collections import Counter

from aco_tui.knowledge.citations import slugify

REQUIRED_TERMS = [
    "ACO",
    "ACS",
    "ICS",
    "Integrated care partnership",
    "STP",
    "CCG",
    "MCP",
    "PACS",
    "New care models",
    "Vanguard",
    "5YFV",
    "Next steps",
    "GMS",
    "PMS",
    "APMS",
    "PCR 2015",
    "Capitated budget",
    "Payment by activity (national tariff)",
    "Section 75",
    "ISAP",
    "Alliance agreement",
    "Integration agreement",
    "Integrated services provider",
    "Judicial review",
    "EDM",
    "NHS England",
    "NHS Improvement",
    "BMA",
    "The King's Fund",
    "HSJ",
]
HOC_SECTIONS = [
    "Summary",
    "1.1 What are ACOs?",
    "1.2 ACOs in the NHS",
    "Box 1: ACOs and ACSs",
    "Box 2: New Care Models \u2013 MCPs and PACS",
    "1.3 Draft ACO contract",
    "2. Role of CCGs",
    "3.1 999 Call for the NHS",
    "3.2 JR4NHS",
    "4.1 Private sector involvement",
    "4.2 Role of GPs",
    "4.3 Rationing of services",
]
GPONLINE_QUESTIONS = [
    "What are ACOs?",
    "Where did the idea come from?",
    "What do they hope to achieve?",
    "Have ACOs begun to take shape in the NHS?",
    "Why are some people worried about ACOs?",
    "What do they mean for GP contracts?",
    "What would happen to GP funding under ACOs?",
]


def test_store_size_and_coverage(real_knowledge):
    excerpts = real_knowledge.store.excerpts.values()
    assert len(excerpts) >= 120
    sections = Counter((e.source, e.section) for e in excerpts)
    for section in HOC_SECTIONS:
        assert sections[("hoc-cbp-8190", section)] > 0, section
    for question in GPONLINE_QUESTIONS:
        assert sections[("gponline-acos-gps", question)] > 0, question
    assert {e.source for e in excerpts} == set(real_knowledge.store.sources)


def test_dated_excerpts_are_iso(real_knowledge):
    import re

    for excerpt in real_knowledge.store.excerpts.values():
        if excerpt.date:
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", excerpt.date), excerpt.id


def test_glossary_defines_required_terms(real_knowledge):
    glossary = real_knowledge.content.glossary
    missing = [t for t in REQUIRED_TERMS if slugify(t) not in glossary]
    assert missing == []
    for term in glossary.values():
        assert term.citations, term.term


def test_every_pane_file_present(real_knowledge):
    assert {"concepts", "contract-models", "legal-challenges", "commentary", "timeline", "glossary"} <= set(
        real_knowledge.content.documents
    )


def test_timeline_spans_the_sources(real_knowledge):
    dates = [e.date for e in real_knowledge.content.timeline]
    assert dates == sorted(dates)
    assert dates[0].startswith("2010") and dates[-1].startswith("2019-04")


def test_questions_cover_the_teaching_sections(real_knowledge):
    """Issue 17: at least 90% of the teaching sections have a question naming them, and every link resolves."""
    from aco_tui.knowledge.topics import TEACHING_PANES
    from aco_tui.quiz.bank import read_bank
    from aco_tui.quiz.coverage import MIN_COVERAGE, coverage, linkable_sections

    bank = read_bank(real_knowledge.paths.content / "quiz")
    assert bank.problems == []
    result = coverage(real_knowledge.content, bank.questions.values())
    assert len(result.teaching) >= 60
    assert result.fraction >= MIN_COVERAGE, result.uncovered
    known = linkable_sections(real_knowledge.content)
    for question in bank.questions.values():
        assert question.sections or question.topic not in TEACHING_PANES, question.id
        assert set(question.sections) <= set(known), question.id
