"""Questions that ask for a number ("how many people", "how much money"): a figure about what is
counted answers them, a figure about something else or no figure at all does not; and a word that
two aliases of a question stand for covers both of them."""

from __future__ import annotations

import pytest
from kbfixtures import write_knowledge

from aco_tui.search import load_index
from aco_tui.search.index import build_data
from aco_tui.search.plan import make_plan
from aco_tui.search.quantities import counted_tokens, has_quantity
from aco_tui.search.tokenize import key, words


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("An MCP will need a population of 100,000 at a minimum.", "population"),
        ("At least 100,000 people, possibly far more.", "people"),
        ("covering about 8% of England's population", "population"),
        ("The first wave named eight areas.", "areas"),
    ],
)
def test_the_words_next_to_a_figure_are_what_it_counts(text, counted):
    assert key(counted) in counted_tokens(text, {})


def test_words_far_from_a_figure_or_in_another_sentence_and_years_are_not_counted():
    assert key("people") not in counted_tokens("It serves people. Eight areas joined.", {})
    text = "The people of the area were told, after many long months of waiting, that 250,000 pounds was spent."
    assert key("people") not in counted_tokens(text, {})
    assert counted_tokens("In 2017 the people of Cumbria joined.", {}) == ()
    assert not has_quantity("In 2017 the people of Cumbria joined.")


def test_a_glossary_name_next_to_a_figure_is_counted_as_its_concept():
    concepts = {key("vanguard"): [((key("vanguard"),), "~vanguard")]}
    assert "~vanguard" in counted_tokens("NHS England set up 14 vanguards to trial the models.", concepts)


CONCEPTS = (
    "---\ntitle: Concepts\norder: 1\nsummary: What an ACO is.\n---\n\n"
    "## The first wave\n\nThe first wave had eight areas. An [ACO](term:aco) would look after "
    "people: the people of an area, the people on its lists, people of every age. [@a-definition]\n\n"
    "## Size\n\nEach [ACO](term:aco) was expected to look after at least 100,000 people, and to hold "
    "a single contract with its commissioners for most health and care services. [@a-definition]\n"
)


@pytest.fixture
def sized(tmp_path):
    return load_index(write_knowledge(tmp_path / "kb", files={"concepts.md": CONCEPTS}), use_cache=False)


def test_how_many_prefers_the_figure_about_what_is_counted(sized):
    plan = make_plan(sized, words("how many people would an aco look after"), [], [])
    assert plan.quantity and key("people") in plan.counted
    ranked = [h.id for h in sized.search("how many people would an aco look after", None)]
    # a figure about people, before a figure about areas in a section that says "people" more often
    assert ranked.index("concepts#size") < ranked.index("concepts#the-first-wave"), ranked
    wave = sized._index_of("section", "concepts#the-first-wave")
    assert wave is not None and sized.data["numbers"][wave]  # a figure, but about areas
    assert key("people") not in sized.data["counted"][wave] and key("area") in sized.data["counted"][wave]


def test_a_question_without_a_quantity_cue_counts_nothing(sized):
    plan = make_plan(sized, words("people an aco would look after"), [], [])
    assert not plan.quantity and plan.counted == set()


ALIASES = '[words]\n"how many people" = ["population", "people"]\n"look after" = ["population"]\n'


def test_a_word_two_aliases_stand_for_covers_both(tmp_path):
    paths = write_knowledge(tmp_path / "kb")
    (paths.content / "aliases.toml").write_text(ALIASES, encoding="utf-8")
    index = load_index(paths, use_cache=False)
    plan = make_plan(index, words("how many people does an aco look after"), [], [])
    assert plan.groups_of("population") == {"=how many peopl", "=look after"}
    assert plan.coverage_groups() >= {"=how many peopl", "=look after"}
    _scores, matched = index._score(plan)
    definition = index._index_of("excerpt", "a-definition")  # "... responsibility for a whole population."
    assert matched[definition] == 3  # ACO, and population for both of the aliases


def test_the_index_records_what_each_figure_counts(tmp_path):
    from aco_tui.knowledge.content import load_content
    from aco_tui.knowledge.store import load_store

    paths = write_knowledge(tmp_path / "kb", files={"concepts.md": CONCEPTS})
    data = build_data(load_store(paths.store), load_content(paths.content))
    assert len(data["counted"]) == data["n"]
    size = data["id"].index("concepts#size")
    assert key("people") in data["counted"][size] and data["numbers"][size]
