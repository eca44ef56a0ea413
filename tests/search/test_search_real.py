"""Ranking on the shipped store and content, with the questions trainees actually ask.

These use the real ``store.json`` and ``content/`` at the top of the repository. If they are
missing the tests FAIL (they are never skipped): the search must be checked against the real text.
"""

from __future__ import annotations

import pytest
from helpers import REPO

from aco_tui.search import SearchHit, SearchIndex, load_index

STORE = REPO / "store.json"
CONTENT = REPO / "content"


@pytest.fixture(scope="module")
def real() -> SearchIndex:
    assert STORE.is_file(), f"the real excerpt store {STORE} is missing"
    assert (CONTENT / "glossary.md").is_file(), f"the real content in {CONTENT} is missing"
    return load_index(store=STORE, content=CONTENT, use_cache=False)


def mentions(hit: SearchHit, words: str) -> bool:
    return words.lower() in f"{hit.title} {hit.text}".lower()


def test_hawking_finds_the_jr4nhs_excerpt(real):
    hits = real.search("Hawking", limit=5)
    assert hits[0].kind == "excerpt", "a name asks for the evidence first"
    assert mentions(hits[0], "JR4NHS") and mentions(hits[0], "Hawking")
    excerpts = [h for h in hits if h.kind == "excerpt"]
    assert excerpts, "no excerpt in the first five results for 'Hawking'"
    assert mentions(excerpts[0], "JR4NHS") and mentions(excerpts[0], "Hawking")
    first = real.search("Hawking kind:excerpt")[0]
    assert mentions(first, "JR4NHS") and first.source == "hoc-cbp-8190"


def test_threshold_advertised_finds_the_pcr_2015_figure(real):
    """The term that answers (and cites the figure) first, the verbatim excerpt close behind."""
    hits = real.search("threshold advertised")
    assert (hits[0].kind, hits[0].id) == ("term", "pcr-2015") and "\u00a3589,148" in hits[0].text
    excerpt = next(h for h in hits if h.kind == "excerpt")
    assert "PCR 2015" in excerpt.text and "\u00a3589,148" in excerpt.text
    assert excerpt.id in hits[0].cites


def test_partial_integration_ranks_the_contract_models_section_above_passing_mentions(real):
    hits = real.search("partial integration", limit=10)
    others = [h for h in hits if h.kind != "term"]
    assert others[0].kind == "section" and others[0].doc_id == "contract-models"
    assert others[0].title == "Partial integration"


def test_who_can_hold_an_aco_contract(real):
    first = real.search("who can hold an ACO contract")[0]
    assert first.kind == "section" and "hold" in first.title.lower() and "contract" in first.title.lower()


def test_when_did_hawking_join(real):
    hits = real.search("when did Hawking join", limit=3)
    assert any("8 December 2017" in h.text for h in hits)


def test_what_happens_to_gp_contracts_under_full_integration(real):
    hits = real.search("what happens to GP contracts under full integration", limit=2)
    assert any(h.kind == "section" and h.doc_id == "contract-models" and h.title == "Full integration" for h in hits)


@pytest.mark.parametrize(
    "acronym, words",
    [
        ("CCG", "clinical commissioning group"),
        ("PACS", "primary and acute care system"),
        ("ACO", "accountable care organisation"),
    ],
)
def test_acronym_expansion_both_ways(real, acronym, words):
    by_acronym = real.search(acronym, limit=None)
    assert any(words in h.text.lower() and acronym not in h.text for h in by_acronym), (
        f"{acronym!r} found nothing that only says {words!r}"
    )
    by_words = real.search(words, limit=None)
    assert by_words[0].kind == "term" and by_words[0].id == by_acronym[0].id
    assert any(acronym in h.text and words not in h.text.lower() for h in by_words), (
        f"{words!r} found nothing that only says {acronym!r}"
    )


def test_jr_means_judicial_review(real):
    assert real.search("JR")[0].id == "judicial-review"


@pytest.mark.parametrize(
    "typo, right", [("capitaton", "capitation"), ("Hawkng", "Hawking"), ("integraton", "integration")]
)
def test_typos_give_the_same_results(real, typo, right):
    assert [h.id for h in real.search(typo)] == [h.id for h in real.search(right)]


def test_phrase_and_kind_filter(real):
    hits = real.search('"judicial review" kind:excerpt', limit=50)
    assert hits and all(h.kind == "excerpt" and "judicial review" in h.text.lower() for h in hits)


def test_source_and_topic_filters(real):
    hits = real.search("GP contracts source:gponline-acos-gps", limit=50)
    assert hits and {h.source for h in hits} == {"gponline-acos-gps"}
    hits = real.search("Hawking topic:timeline", limit=50)
    assert hits and all("timeline" in h.topics for h in hits)


def test_every_glossary_term_is_found_by_its_name(real):
    for term in real.terms():
        assert real.term(term.title) == term
        assert term.id in [h.id for h in real.search(term.title, limit=3)], term.title


def test_every_cited_excerpt_of_a_definition_exists(real):
    for term in real.terms():
        assert len(real.cited(term)) == len(term.cites), term.title


@pytest.mark.parametrize(
    "query, names",
    [
        ("Hawking", True),
        ("Bruce Keogh", True),
        ("who is Keogh", True),
        ("hawking", False),
        ("ACO", False),
        ("partial integration", False),
        ("when did Hawking join", False),
        ("the", False),
    ],
)
def test_name_queries_are_recognised(query, names):
    from aco_tui.search.engine import _names_only

    assert _names_only(query) is names
