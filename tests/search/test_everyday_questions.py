"""Lookup for the questions trainees really ask: recall on the everyday question set, the alias table,
question words weighed down, definitions first, and "not covered" instead of unrelated suggestions."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from search_fixtures import write_knowledge

from aco_tui.cli.main import main
from aco_tui.search import load_index

QUESTIONS = tomllib.loads((Path(__file__).parent / "everyday_questions.toml").read_text(encoding="utf-8"))
TOP = 3
# Measured: 127 of 127 answered in the top 3. The 48 persona questions were committed before the
# ranking changed (39 of 48 then, 111 of 127 in all). The issue asked for all but two. A question
# listed here would be a strict expected failure, so any other question that stops being answered
# fails by name, and one of these that starts being answered must leave the list.
NOT_ANSWERED_YET: frozenset[str] = frozenset()
ALLOWED_MISSES = 2  # the threshold: all but two


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    from aco_tui.knowledge.paths import KnowledgePaths

    return load_index(KnowledgePaths.resolve(), use_cache=False)


def _answered(index, question: dict) -> bool:
    hits = index.search(question["ask"], TOP)
    return any(f"{h.kind}:{h.id}" in question["answers"] for h in hits)


def test_the_question_set_is_large_and_names_real_answers(real):
    questions = QUESTIONS["question"]
    assert len(questions) >= 40
    assert len({q["ask"].casefold() for q in questions}) == len(questions)
    known = {f"{kind}:{ident}" for kind, ident in zip(real.data["kind"], real.data["id"], strict=True)}
    for question in questions:
        missing = [a for a in question["answers"] if a not in known]
        assert not missing, (question["ask"], missing)


def _everyday(question: dict):
    if question["ask"] in NOT_ANSWERED_YET:
        return pytest.param(question, marks=pytest.mark.xfail(reason="not answered in the top three yet", strict=True))
    return question


@pytest.mark.parametrize("question", [_everyday(q) for q in QUESTIONS["question"]], ids=lambda q: q["ask"])
def test_everyday_question_is_answered_in_the_top_three(real, question):
    hits = real.search(question["ask"], TOP)
    assert _answered(real, question), (
        f"top {TOP}: {[f'{h.kind}:{h.id}' for h in hits]}; wanted one of {question['answers']}"
    )


def test_the_not_yet_answered_list_names_real_questions():
    assert NOT_ANSWERED_YET <= {q["ask"] for q in QUESTIONS["question"]}


def test_all_but_two_everyday_questions_are_answered_in_the_top_three(real):
    missed = [q["ask"] for q in QUESTIONS["question"] if not _answered(real, q)]
    assert len(missed) <= ALLOWED_MISSES, missed
    assert len(NOT_ANSWERED_YET) <= ALLOWED_MISSES  # the strict expected failures may not grow past it


def test_the_persona_questions_are_answered_and_there_are_forty_or_more(real):
    personas = [q for q in QUESTIONS["question"] if "persona" in q]
    assert len(personas) >= 40
    assert {q["persona"] for q in personas} >= {"trainee", "GP", "nurse", "journalist", "finance manager", "campaigner"}
    missed = [q["ask"] for q in personas if not _answered(real, q)]
    assert len(missed) <= 2, missed


@pytest.mark.parametrize("question", QUESTIONS["uncovered"], ids=lambda q: q["ask"])
def test_questions_the_sources_do_not_cover_say_so(real, question):
    result = real.find(question["ask"])
    assert not result.suggestions
    if result.hits:
        assert any("the sources never mention" in note for note in result.notes)
    else:
        assert result.uncovered and set(result.uncovered) <= set(question["ask"].split())


@pytest.mark.parametrize(
    ("query", "term"),
    [
        ("what is an ACO", "aco"),
        ("whats an STP", "stp"),
        ("what does STP stand for", "stp"),
        ("what does capitation mean", "capitated-budget"),
    ],
)
def test_asking_what_a_term_is_puts_its_definition_first_opening_at_its_start(real, query, term):
    first = real.search(query, 3)[0]
    assert (first.kind, first.id) == ("term", term)
    assert first.snippet.startswith(first.text[:40])  # the definition's opening, not a window mid-way


def test_weak_words_no_longer_outrank_the_subject(real):
    """Regression (ux-walk P4-1): "exist" matched "An existing NHS body..." first."""
    first = real.search("do ACOs exist now", 1)[0]
    assert first.id != "hoc-1.3-form-existing-nhs-body"


# -- the alias table, on the small fixture ----------------------------------------------------------

ALIASES = """
[words]
paid = ["capitated budget"]
"put on hold" = ["suspend"]

[sections]
"contract-models#procurement" = ["tender", "going out to tender"]
"""


@pytest.fixture
def aliased(tmp_path):
    store, content = write_knowledge(tmp_path / "kb")
    (content / "aliases.toml").write_text(ALIASES, encoding="utf-8")
    return load_index(store=store, content=content, use_cache=False)


@pytest.fixture
def plain(tmp_path):
    store, content = write_knowledge(tmp_path / "kb0")
    return load_index(store=store, content=content, use_cache=False)


def test_word_aliases_search_for_what_the_sources_say(aliased, plain):
    assert "capitated-budget" not in [h.id for h in plain.search("how is an ACO paid", 3)]
    assert "capitated-budget" in [h.id for h in aliased.search("how is an ACO paid", 3)]
    found = {h.id: h for h in aliased.search("paid", None)}["concepts#what-is-an-aco"]
    assert [found.snippet[s:e] for s, e in found.snippet_spans] == ["capitated budget"]  # the replacement is marked


def test_a_phrase_alias_stands_for_its_words(aliased, plain):
    assert aliased.search("when was the contract put on hold", 1)[0].id == "contract-models#full-integration"
    assert not aliased.find("put on hold").unknown


def test_section_aliases_are_searched_with_the_heading(aliased, plain):
    assert aliased.search("tender", 1)[0].id == "contract-models#procurement"
    assert plain.find("tender").hits == ()
    assert aliased.get("section", "contract-models#procurement").title == "Procurement"  # shown as written


def test_changing_the_alias_file_rebuilds_the_cached_index(tmp_path, monkeypatch):
    monkeypatch.setenv("ACO_TUI_CACHE", str(tmp_path / "cache"))
    store, content = write_knowledge(tmp_path / "kb")
    assert load_index(store=store, content=content).find("tender").hits == ()
    (content / "aliases.toml").write_text(ALIASES, encoding="utf-8")
    again = load_index(store=store, content=content)
    assert again.origin == "built" and again.search("tender", 1)[0].id == "contract-models#procurement"


# -- nothing found ------------------------------------------------------------------------------------


def test_words_the_sources_never_use_are_not_covered_rather_than_misspelt(plain):
    result = plain.find("covid vaccine")
    assert result.hits == () and result.suggestions == () and result.uncovered == ("covid", "vaccine")
    assert plain.find("pcn").suggestions == ()  # one letter from "pcr" is another acronym, not a typo
    assert "hawking" in plain.find("Hakwign").suggestions  # a near miss is still offered
    mixed = plain.find("covid ACO")
    assert mixed.hits and mixed.notes == ("the sources never mention 'covid'; these results match the other words",)


def test_lookup_says_the_sources_do_not_cover_it_in_one_line(tmp_path, capsys):
    store, content = write_knowledge(tmp_path / "kb")
    code = main(["lookup", "--store", str(store), "--content", str(content), "covid", "vaccine"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err == (
        "no results for 'covid vaccine': the sources do not cover 'covid' or 'vaccine' (they are "
        "about accountable care organisations in the English NHS, 2017-2018)\n"
    )


def test_define_answers_a_question_and_offers_only_near_names(tmp_path, capsys):
    store, content = write_knowledge(tmp_path / "kb")
    options = ["--store", str(store), "--content", str(content)]
    assert main(["define", *options, "what", "is", "capitation"]) == 0
    assert capsys.readouterr().out.startswith("Capitated budget\n")
    assert main(["define", *options, "pcn"]) == 1
    assert "did you mean" not in capsys.readouterr().err
