"""Lookup for outsiders' words (issue 26): real words are never "corrected", comparisons and numbers,
weak answers said to be weak, a wrong content folder named, and every answer dated."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aco_tui.cli.main import main
from aco_tui.knowledge.paths import KnowledgePaths
from aco_tui.search import load_index
from aco_tui.search.dictionary import EnglishWords, spellings
from aco_tui.search.tokenize import words


@pytest.fixture(scope="module")
def real():
    return load_index(KnowledgePaths.resolve(), use_cache=False)


@pytest.fixture(scope="module")
def english_sample(real):
    """English words of five letters or more that the sources never use, every 40th of the list."""
    blob = real.english._load().decode("ascii")
    words = blob.split()[::40]
    return [w for w in words if real.key(w) not in real.postings]


def test_the_word_list_ships_and_knows_british_spellings(real):
    assert real.english.available
    for word in ("suing", "wrong", "ambulance", "colour", "organisation", "centre", "paediatric"):
        assert word in real.english, word
    for typo in ("judical", "reveiw", "capitaton", "privitisation", "hakwign"):
        assert typo not in real.english, typo
    assert "organization" in spellings("organisation")


def test_a_dictionary_word_is_never_corrected_into_another_word(real, english_sample):
    assert len(english_sample) > 1000

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.sampled_from(english_sample), st.sampled_from(["", "aco ", "what about the "]))
    def check(word: str, before: str) -> None:
        result = real.find(before + word)
        typed = words(word)[0]  # as the query reads it ("peptizes" -> "peptises")
        assert all(wrong != typed for wrong, _used in result.corrections), result.corrections
        # said to be unknown, set aside as a common word (a stopword's form: "offings"), or an alias found it
        assert typed in result.unknown or typed in result.ignored or real.find(word).hits

    check()


@pytest.mark.parametrize("word", ["suing", "bold", "wrong", "colour", "ambulance"])
def test_words_that_are_one_letter_from_an_indexed_word_are_taken_as_typed(real, word):
    assert real.find(f"{word} contract").corrections == ()


def test_typos_are_still_corrected(real):
    assert real.find("judical reveiw").corrections == (("judical", "judicial"), ("reveiw", "review"))
    assert [c for c, _ in real.find("capitaton budget").corrections] == ["capitaton"]


def test_an_english_word_the_sources_never_use_is_named_not_guessed(real):
    result = real.find("ambulance contract")
    assert result.hits and result.corrections == ()
    assert "'ambulance' is an English word the sources never use (not taken for a typo)" in result.notes


def test_a_comparison_answers_with_both_sides(real):
    top = [(h.kind, h.id) for h in real.search("MCP vs PACS", 3)]
    assert ("term", "pacs") in top or ("term", "mcp") in top
    both = real.search("difference between GMS and PMS", 2)
    assert {h.id for h in both} == {"gms", "pms"}
    assert real.find("MCP vs PACS").unknown == ()  # "vs" is how to answer, not a word to find


def test_partial_and_full_integration_names_both_levels(real):
    """ "partial and full integration" asks for the partial-integration term too, not the word "partial"."""
    ids = [h.id for h in real.search("difference between partial and full integration", 3)]
    assert "contract-models#three-levels-of-gp-integration" in ids
    ids = [h.id for h in real.search("difference between partial and full integration", 10)]
    assert "partial-integration" in ids and "full-integration" in ids


def test_numbers_are_asked_for_in_figures_and_in_words(real):
    ids = [h.id for h in real.search("10 year contract", 10)]
    assert "gpo-ten-year-contracts" in ids or "contract-models#who-could-hold-the-contract-and-how-it-is-awarded" in ids
    first = real.search("589,148")[0]
    assert "589,148" in first.text


def test_a_timeline_date_is_not_a_number_in_the_question(real):
    """The heading "2014-10 · Five Year Forward View published" must not answer "10 year contract"."""
    ids = [h.id for h in real.search("10 year contract", 3)]
    assert "timeline#2014-10-five-year-forward-view-published" not in ids
    assert real.search("october 2014", 1)[0].id == "timeline#2014-10-five-year-forward-view-published"


def test_an_outcome_the_sources_do_not_record_finds_the_text_that_says_so(real):
    ids = [h.id for h in real.search("did 999 call win its case", 3)]
    assert "legal-challenges#what-happened-next" in ids


def test_a_weak_best_answer_says_the_sources_may_not_cover_it(real):
    result = real.find("hawking dudley kaiser")
    assert result.hits
    assert any(
        n.startswith("the sources may not cover this") and "the nearest sections are shown" in n for n in result.notes
    )
    assert result.hits[0].kind != "excerpt"
    assert not any("may not cover" in n for n in real.find("full integration GP contracts").notes)


def test_lookup_with_a_wrong_content_folder_exits_2_naming_the_missing_files(tmp_path, capsys):
    for command in (["lookup", "capitation"], ["define", "ACO"]):
        code = main([command[0], "--content", str(tmp_path), *command[1:]])
        err = capsys.readouterr().err
        assert code == 2, err
        assert "required content files are missing: concepts.md" in err and str(tmp_path) in err
        assert "do not cover" not in err and "Traceback" not in err


def test_lookup_and_define_print_the_sources_dates(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("ACO_TUI_CACHE", str(tmp_path / "cache"))
    assert main(["lookup", "CCG", "-n", "1"]) == 0
    captured = capsys.readouterr()
    assert "Sources dated: House of Commons Library, 9 January 2018" in captured.out
    assert "(As the sources reported it, August 2017 to April 2018; they do not cover later events.)" in captured.out
    assert captured.err.strip() == "(1 of 60 results; --limit N shows more)" or "--limit" in captured.err
    assert main(["define", "ICS"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Sources dated:" in out and "New Statesman, 16 April 2018" in out
    assert "they do not cover later events" in out


def test_the_word_list_loads_from_its_cache_blob(tmp_path, monkeypatch):
    monkeypatch.setenv("ACO_TUI_CACHE", str(tmp_path / "cache"))
    first = EnglishWords()
    assert "suing" in first
    assert list((tmp_path / "cache").iterdir())  # written once, then read as one blob
    assert "suing" in EnglishWords() and "xqzzv" not in EnglishWords()


def test_json_answers_carry_their_sources_dates(capsys, monkeypatch, tmp_path):
    import json

    monkeypatch.setenv("ACO_TUI_CACHE", str(tmp_path / "cache"))
    assert main(["lookup", "--json", "-n", "3", "judicial review"]) == 0
    for item in json.loads(capsys.readouterr().out):
        assert item["sources_dated"] and all(", " in label for label in item["sources_dated"])
    assert main(["define", "--json", "STP"]) == 0
    assert "GPonline, undated" in json.loads(capsys.readouterr().out)["sources_dated"]
