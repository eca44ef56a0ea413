"""The tokeniser, the light stemmer, the typo distance and the query parser."""

from __future__ import annotations

import pytest

from aco_tui.search.fuzzy import closest, distance, letter_mask, max_typos
from aco_tui.search.query import MAX_QUERY_CHARS, parse_query
from aco_tui.search.tokenize import STOPWORDS, key, normalise, stem, words


@pytest.mark.parametrize(
    "forms",
    [
        ("integrate", "integrated", "integrating", "integrates"),
        ("contract", "contracts"),
        ("policy", "policies"),
        ("advertise", "advertised", "advertising"),
        ("join", "joined", "joining", "joins"),
        ("plan", "planned", "planning"),
        ("process", "processes"),
        ("commission", "commissioned", "commissioning"),
        ("agree", "agreed", "agreeing"),
        ("staff", "staffed"),
    ],
)
def test_forms_of_a_word_share_one_key(forms):
    assert len({stem(normalise(f)) for f in forms}) == 1


def test_different_words_keep_different_keys():
    keys = [stem(normalise(w)) for w in ("integration", "integrate", "contract", "contact", "status")]
    assert len(set(keys)) == len(keys)


def test_short_words_and_numbers_are_left_alone():
    assert stem("gp") == "gp"
    assert stem("2015") == "2015"
    assert stem("jr4nhs") == "jr4nhs"


def test_acronym_plurals_and_possessives():
    assert words("GPs CCGs ACOs Hawking's GP’s") == ["gp", "ccg", "aco", "hawking", "gp"]


def test_american_spelling_is_folded_to_british():
    assert key(normalise("organization")) == key(normalise("organisation"))
    assert key(normalise("organizing")) == key(normalise("organising"))


def test_numbers_with_separators_are_one_token():
    assert words("£589,148 and 1.3") == ["589148", "and", "1.3"]
    assert words("589148") == ["589148"]


def test_accents_are_folded():
    assert words("Ménière CAFÉ naïve") == ["meniere", "cafe", "naive"]


def test_stopwords_are_their_own_keys():
    assert key("the") == "the" and "the" in STOPWORDS
    assert key("does") == "does"


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("capitaton", "capitation", 1),
        ("hawkng", "hawking", 1),
        ("abc", "acb", 1),
        ("kitten", "sitting", 3),
        ("same", "same", 0),
    ],
)
def test_distance(a, b, expected):
    assert distance(a, b, 5) == expected


def test_distance_stops_at_the_limit():
    assert distance("completely", "different", 2) == 3


def test_letter_mask_never_rejects_a_close_word():
    for a, b in [("capitaton", "capitation"), ("hawkng", "hawking"), ("integraiton", "integration")]:
        assert (letter_mask(a) ^ letter_mask(b)).bit_count() <= 2 * distance(a, b, 9)


def test_closest_finds_nearest_first():
    vocabulary = ["capitation", "capitated", "hawking", "contract"]
    buckets: dict = {}
    for word in vocabulary:
        words_, masks = buckets.setdefault(len(word), ([], []))
        words_.append(word)
        masks.append(letter_mask(word))
    assert closest("capitaton", buckets, 2)[0] == (1, "capitation")
    assert closest("zzzzzzz", buckets, 2) == []


def test_short_words_are_not_corrected():
    assert max_typos("bold") == 0
    assert max_typos("hawkng") == 1
    assert max_typos("capitaton") == 2


def test_parse_phrases_and_filters():
    parsed = parse_query('who holds "ACO contract" source:hoc-cbp-8190 kind:excerpts topic:Timeline')
    assert parsed.phrases == ["ACO contract"]
    assert parsed.filters == {"source": ["hoc-cbp-8190"], "kind": ["excerpt"], "topic": ["timeline"]}
    assert parsed.free.split() == ["who", "holds"]
    assert not parsed.problems


def test_parse_curly_quotes_and_unmatched_quote():
    assert parse_query("\u201cpartial integration\u201d").phrases == ["partial integration"]
    parsed = parse_query('partial "integration')
    assert parsed.phrases == [] and parsed.free.split() == ["partial", "integration"]


def test_parse_bad_kind_and_empty_filter_are_problems():
    assert "unknown kind" in parse_query("kind:banana").problems[0]
    assert "needs a value" in parse_query("source: aco").problems[0]


def test_unknown_prefixes_are_words():
    parsed = parse_query("https://example.org foo:bar")
    assert parsed.filters == {} and "foo:bar" in parsed.free


def test_several_values_of_one_filter():
    assert parse_query("kind:term kind:section").kinds == ["term", "section"]


def test_very_long_query_is_cut():
    parsed = parse_query("word " * 3000)
    assert parsed.truncated and len(parsed.free) <= MAX_QUERY_CHARS
