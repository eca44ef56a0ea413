"""Ranking, acronym expansion, typos, phrases, filters, snippets and bad input, on a fixture store."""

from __future__ import annotations

import pytest
from search_fixtures import fixture_index, write_knowledge

from aco_tui.knowledge.blocks import display_text
from aco_tui.search import SearchHit, SearchIndex, build_index, load_index
from aco_tui.search.index import display_to_text


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> SearchIndex:
    return fixture_index(tmp_path_factory.mktemp("kb"))


def ids(hits: list[SearchHit]) -> list[str]:
    return [h.id for h in hits]


# -- ranking -------------------------------------------------------------------------------------


def test_hawking_puts_the_jr4nhs_excerpt_first(index):
    hits = index.search("Hawking")
    assert hits[0].id == "ex-jr4nhs-hawking"
    assert hits[0].kind == "excerpt" and hits[0].source == "briefing"


def test_threshold_advertised_finds_the_pcr_figure(index):
    hits = index.search("threshold advertised")
    assert "ex-pcr-threshold" in ids(hits[:2])
    assert all("589,148" in h.text for h in hits[:2])


def test_section_titled_with_the_words_beats_passing_mentions(index):
    hits = index.search("partial integration", limit=10)
    order = ids(hits)
    section = order.index("contract-models#partial-integration")
    for passing in ("ex-partial-mention", "ex-partial-mention-2", "commentary#worries"):
        assert section < order.index(passing)


@pytest.mark.parametrize(
    "question, expected",
    [
        ("who can hold an ACO contract", "contract-models#who-can-hold-an-aco-contract"),
        ("when did Hawking join", "ex-jr4nhs-hawking"),
        ("what happens to GP contracts under full integration", "contract-models#full-integration"),
    ],
)
def test_plain_questions(index, question, expected):
    assert index.search(question)[0].id == expected


def test_stopwords_in_a_question_are_ignored_not_fatal(index):
    result = index.find("when did Hawking join")
    assert {"when", "did"} <= set(result.ignored)
    assert result.hits


def test_exact_term_name_puts_the_glossary_entry_first(index):
    assert index.search("capitated budget")[0].id == "capitated-budget"
    assert index.search("JR4NHS")[0].kind in ("term", "section")


# -- acronym expansion, both ways ------------------------------------------------------------------


def test_acronym_finds_the_expanded_form(index):
    hits = index.search("CCG", limit=10)
    assert "ex-ccg-commission" in ids(hits)  # says "clinical commissioning groups", never "CCG"
    excerpt = next(h for h in hits if h.id == "ex-ccg-commission")
    assert [excerpt.snippet[s:e] for s, e in excerpt.snippet_spans] == ["clinical commissioning groups"]


def test_expanded_form_finds_the_acronym(index):
    hits = index.search("clinical commissioning group", limit=10)
    assert hits[0].id == "ccg"
    assert "commentary#worries" in ids(hits)  # says "a CCG" only


@pytest.mark.parametrize(
    "query, term",
    [
        ("PACS", "primary-and-acute-care-system-pacs"),
        ("JR", "jr"),
        ("judicial review", "jr"),
        ("ACO", "aco"),
        ("accountable care organisations", "aco"),
    ],
)
def test_acronyms_and_names_reach_their_term(index, query, term):
    assert index.search(query)[0].id == term


def test_parenthesised_acronym_in_a_term_name_expands(index):
    hits = index.search("PACS", limit=5)
    assert "ex-pacs" in ids(hits)  # "Primary and acute care systems"


# -- typos -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typo, fixed, first",
    [
        ("capitaton", "capitation", "capitated-budget"),
        ("Hawkng", "hawking", "ex-jr4nhs-hawking"),
        ("integraton", "integration", None),
    ],
)
def test_typos_are_corrected(index, typo, fixed, first):
    result = index.find(typo)
    assert result.corrections == ((typo.lower(), fixed),)
    assert result.hits
    if first:
        assert result.hits[0].id == first


def test_short_words_are_not_taken_for_typos(index):
    result = index.find("bold")
    assert not result.corrections and not result.hits


def test_did_you_mean_when_nothing_matches(index):
    result = index.find("Hakwign")
    assert not result.hits
    assert "hawking" in result.suggestions


# -- phrases and filters ---------------------------------------------------------------------------


def test_phrase_requires_the_words_in_order(index):
    hits = index.search('"integration agreement"', limit=20)
    assert hits and all("integration agreement" in (h.text + h.title).lower() for h in hits)
    assert index.search('"agreement integration"') == []


def test_phrase_spans_are_highlighted(index):
    hit = index.search('"partial integration" kind:section')[0]
    assert {hit.snippet[s:e].lower() for s, e in hit.snippet_spans} == {"partial integration"}


def test_kind_filter(index):
    assert {h.kind for h in index.search("integration kind:excerpt", limit=50)} == {"excerpt"}
    assert {h.kind for h in index.search("integration kind:term kind:section", limit=50)} <= {"term", "section"}


def test_source_filter(index):
    hits = index.search("GPs source:explainer", limit=50)
    assert hits and {h.source for h in hits} == {"explainer"}


def test_topic_filter(index):
    hits = index.search("contract topic:legal-challenges", limit=50)
    assert hits and all("legal-challenges" in h.topics for h in hits)


def test_timeline_sections_carry_their_event_topics(index):
    assert "timeline#2017-08-draft-contract-published" in ids(index.search("topic:contract-models", limit=50))


def test_filters_alone_list_everything_that_passes(index):
    hits = index.search("kind:term", limit=None)
    assert [h.title for h in hits] == sorted((h.title for h in hits), key=str.lower)
    assert len(hits) == 7


def test_unknown_source_says_so_and_suggests(index):
    result = index.find("contract source:briefng")
    assert not result.hits
    assert "no source 'briefng'" in result.notes[0]
    assert result.suggestions[0] == "source:briefing"


# -- hits ------------------------------------------------------------------------------------------


def test_hit_fields_and_location(index):
    section = index.search("partial integration kind:section")[0]
    assert section.location == ("section", "contract-models", "partial-integration")
    assert section.source is None and section.cites == ("ex-partial-mention-2", "ex-partial-mention")
    assert "**" not in section.text and "[@" not in section.text
    excerpt = index.search("Hawking")[0]
    assert excerpt.location == ("excerpt", "ex-jr4nhs-hawking")
    assert excerpt.citation.startswith("Accountable Care Organisations (House of Commons Library, 2018-01-09)")
    assert excerpt.speaker == "JR4NHS"
    term = index.search("capitation kind:term")[0]
    assert term.location == ("term", "capitated-budget") and term.aliases == ("capitation", "capitated payment")


def test_spans_point_at_the_matched_words(index):
    for hit in index.search("capitated budget", limit=10):
        for start, end in hit.spans:
            assert hit.text[start:end].lower().startswith("capitat")
        for start, end in hit.snippet_spans:
            assert hit.snippet[start:end].lower().startswith("capitat")


def test_scores_are_descending(index):
    scores = [h.score for h in index.search("contract GP integration", limit=30)]
    assert scores == sorted(scores, reverse=True)


def test_snippet_of_a_long_text_is_cut_around_the_match(tmp_path):
    store, content = write_knowledge(tmp_path)
    text = (content / "commentary.md").read_text(encoding="utf-8")
    filler = "Nothing to see in this sentence at all. " * 30
    (content / "commentary.md").write_text(
        text.replace("## Abroad\n\n", f"## Abroad\n\n{filler}Zebrafish were mentioned once. {filler}"), encoding="utf-8"
    )
    hit = load_index(store=store, content=content, use_cache=False).search("zebrafish")[0]
    assert hit.snippet.startswith("\u2026") and hit.snippet.endswith("\u2026")
    assert len(hit.snippet) <= 210
    assert [hit.snippet[s:e] for s, e in hit.snippet_spans] == ["Zebrafish"]


def test_define_lookups(index):
    assert index.term("ACO").id == "aco"
    assert index.term("accountable care organization").id == "aco"  # US spelling
    assert index.term("Capitation").id == "capitated-budget"
    assert index.term("capitated budgets").id == "capitated-budget"
    assert index.term("PACS").id == "primary-and-acute-care-system-pacs"
    assert index.term("capitaton") is None
    assert "Capitated budget" in index.closest_terms("capitaton")
    assert [c.id for c in index.cited(index.term("aco"))] == ["ex-aco-definition"]
    assert len(index.terms()) == 7


def test_build_index_from_loaded_objects(tmp_path):
    from aco_tui.knowledge.content import load_content
    from aco_tui.knowledge.store import load_store

    store, content = write_knowledge(tmp_path)
    index = build_index(load_store(store), load_content(content))
    assert index.search("Hawking")[0].id == "ex-jr4nhs-hawking"


# -- bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", "\t\n", ".*+?(", "!!!"])
def test_empty_or_wordless_query_is_a_problem_not_a_crash(index, query):
    result = index.find(query)
    assert result.problems and not result.hits
    assert "nothing to search for" in result.problems[0]


def test_only_stopwords(index):
    result = index.find("what is the of and")
    assert not result.hits and not result.problems
    assert "only common words" in result.notes[0]


def test_ten_thousand_character_query(index):
    import time

    query = " ".join(f"w{n}rd" for n in range(2000))[:10_000]
    start = time.perf_counter()
    result = index.find(query)
    assert time.perf_counter() - start < 2
    assert any("only its first" in n for n in result.notes)
    long_word = index.find("a" * 10_000)
    assert not long_word.hits


@pytest.mark.parametrize(
    "query",
    [
        "[bold red]Hawking[/bold red]",
        "\x1b[31mHawking\x1b[0m",
        "Hawking.*",
        "(Hawking)|[a-z]+$^",
        "Hawking \\d+ \\",
        "Hawking \u202e\u200b",
        "🏥 Hawking 医疗",
    ],
)
def test_markup_escapes_and_metacharacters_are_plain_text(index, query):
    result = index.find(query)
    assert not result.problems
    assert result.hits[0].id == "ex-jr4nhs-hawking"
    for hit in result.hits:
        assert "\x1b" not in hit.snippet and "\u202e" not in hit.snippet


def test_non_ascii_query_matches_with_or_without_accents(index):
    assert index.search("médecins")[0].id == "ex-revue"
    assert index.search("medecins")[0].id == "ex-revue"
    assert index.search("Éric Durand")[0].id == "ex-revue"


def test_control_characters_in_content_are_shown_literally(tmp_path):
    from search_fixtures import EXCERPTS, write_store

    store, content = write_knowledge(tmp_path)
    write_store(
        store,
        EXCERPTS + [("ex-evil", "briefing", "Summary", None, "Zebrafish \x1b[2J\x1b[31mred\u202e text", ["concepts"])],
    )
    hit = load_index(store=store, content=content, use_cache=False).search("zebrafish")[0]
    assert "\x1b" not in hit.snippet and "\u202e" not in hit.snippet
    # The store loader already drops C0/C1 control characters; what is left is escaped for display.
    assert "[2J" in hit.snippet and "\\u202e" in hit.snippet
    assert [hit.snippet[s:e] for s, e in hit.snippet_spans] == ["Zebrafish"]


# -- the indexed text is the reader's reading of the Markdown ------------------------------------------


def test_indexed_section_text_has_no_citation_marks_or_topics_line(index):
    event = index.get("section", "timeline#2017-08-draft-contract-published")
    assert event is not None
    assert event.text == "NHS England published the draft contract, which clinical commissioning groups could use."
    assert event.cites == ("ex-ccg-commission",)


def test_index_text_comes_from_the_parsed_blocks():
    markdown = (
        "Under **partial** integration, [GPs](term:gp) keep `their` *contracts* [@a; @b].\n"
        "A second line.\n\n"
        "- first [@c]\n- second\n\n"
        "3. third\n\n"
        "| Who | What |\n|---|---|\n| \\*ACO\\* | [link](https://example.org) |\n\n"
        "> quoted \\_words\\_\n\n"
        "Topics: contract-models"
    )
    assert display_to_text(display_text(markdown)) == (
        "Under partial integration, GPs keep their contracts. A second line.\n"
        "- first\n- second\n3. third\n"
        "Who | What\n*ACO* | link\n"
        "quoted _words_"
    )


def test_a_search_record_declares_each_field_once_for_python_and_once_for_type_checkers():
    from aco_tui.search.hit import _Record

    hit = SearchHit(kind="term", id="aco", title="ACO", text="A body.")
    assert hit.score == 0.0 and hit.source is None and hit.as_dict()["title"] == "ACO"
    with pytest.raises(AttributeError):
        hit.title = "changed"
    with pytest.raises(TypeError, match="differ from __slots__"):
        type("Drifted", (_Record,), {"__annotations__": {"a": "str"}, "__slots__": ("a", "b")})
