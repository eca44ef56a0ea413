"""Short answers: case, punctuation, articles and a small typo forgiven; a different term never
(property tests over the shipped glossary)."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aco_tui.edit_distance import max_typos
from aco_tui.knowledge.base import load_knowledge
from aco_tui.knowledge.paths import KnowledgePaths
from aco_tui.quiz.short_answer import match_short


def glossary_names() -> list[tuple[str, tuple[str, ...]]]:
    """Each glossary term's id with every name it goes by (term and aliases)."""
    content = load_knowledge(KnowledgePaths.resolve(None, None)).content
    return [(term.id, (term.term, *term.aliases)) for term in content.glossary.values()]


GLOSSARY = glossary_names()
NAMES = [(ident, name) for ident, names in GLOSSARY for name in names]
# Names with at least one word long enough to carry a typo (5 letters or more, letters only).
TYPO_NAMES = [name for _, name in NAMES if any(len(w) >= 5 and w.isalpha() for w in re.split(r"\W+", name))]


@pytest.mark.parametrize(
    ("given_text", "accepted", "expected"),
    [
        ("capitated budjet", ["capitated budget"], "capitated budget"),
        ("Stephen Hawkings", ["Stephen Hawking"], "Stephen Hawking"),
        ("  THE Capitated-Budget! ", ["capitated budget"], "capitated budget"),
        ("accountable care system", ["capitated budget"], None),
        ("ACS", ["ACO"], None),
        ("GMS contract", ["PMS contract"], None),
        ("Co-commissioning", ["commissioning"], None),
        ("PCR 2016", ["PCR 2015"], None),  # a number is typed exactly
        ("kings fund", ["The King's Fund"], "The King's Fund"),
    ],
)
def test_examples(given_text, accepted, expected):
    assert match_short(given_text, accepted) == expected


@st.composite
def typo(draw) -> tuple[str, str]:
    """A glossary name and the same name with one edit in one of its long words, a case change and
    maybe a leading article or trailing punctuation."""
    name = draw(st.sampled_from(TYPO_NAMES))
    words = re.split(r"(\W+)", name)
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    index = draw(st.sampled_from(long))
    word = words[index]
    at = draw(st.integers(0, len(word) - 1))
    letter = draw(st.sampled_from(string.ascii_lowercase))
    edit = draw(st.sampled_from(["substitute", "delete", "insert", "swap"]))
    if edit == "substitute":
        word = word[:at] + letter + word[at + 1 :]
    elif edit == "delete":
        word = word[:at] + word[at + 1 :]
    elif edit == "insert":
        word = word[:at] + letter + word[at:]
    elif at + 1 < len(word):
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    words[index] = word
    typed = "".join(words)
    typed = draw(st.sampled_from([typed, typed.upper(), typed.lower(), typed.title()]))
    return name, draw(st.sampled_from(["", "the ", "a "])) + typed + draw(st.sampled_from(["", ".", "!", " ?"]))


@given(typo())
def test_a_small_typo_in_a_glossary_term_is_accepted(case):
    name, typed = case
    assert match_short(typed, [name]) == name


@given(st.sampled_from(NAMES), st.sampled_from(GLOSSARY), st.sampled_from([str, str.upper, str.lower]))
def test_another_glossary_term_is_never_accepted(named, other, case):
    ident, name = named
    other_ident, other_names = other
    if ident == other_ident:
        return
    assert match_short(case(name), list(other_names)) is None


def test_the_typo_bound_follows_the_lookup():
    assert max_typos("hold") == 0 and max_typos("budget") == 1 and max_typos("capitation") == 2
    assert match_short("bidget", ["budget"]) == "budget" and match_short("bidgit", ["budget"]) is None
