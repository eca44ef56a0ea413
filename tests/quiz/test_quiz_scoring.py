"""Scoring of every question type, including partial and malformed answers, and short-answer normalisation."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aco_tui.quiz.model import Question
from aco_tui.quiz.scoring import InvalidAnswer, PlayedQuestion, normalise_short, response_code, response_text, score

BASE = dict(topic="concepts", level="core", question="Q?", explanation="Because.", excerpts=("ex-budget",))


def played(kind: str, options=(), left=(), **key) -> PlayedQuestion:
    return PlayedQuestion(Question(id=f"q-{kind}", type=kind, **BASE, **key), tuple(options), tuple(left))


SINGLE = played("single", ["B", "A", "C"], correct=("A",), wrong=("B", "C"))
MULTIPLE = played("multiple", ["W1", "R1", "R2", "W2", "R3"], correct=("R1", "R2", "R3"), wrong=("W1", "W2"))
TRUEFALSE = played("truefalse", ["True", "False"], answer=False)
ORDER = played("order", ["C", "A", "D", "B"], items=("A", "B", "C", "D"))
MATCH = played(
    "match", ["r2", "x", "r1", "r3"], ["l1", "l2", "l3"], pairs=(("l1", "r1"), ("l2", "r2"), ("l3", "r3")), extra=("x",)
)
SHORT = played("short", answers=("Section 75", "s75"))


def test_single():
    assert score(SINGLE, 1).correct and score(SINGLE, 1).credit == 1.0
    assert not score(SINGLE, 0).correct and score(SINGLE, 0).credit == 0.0
    assert score(SINGLE, 1).given == "A"
    assert response_code(SINGLE, SINGLE.key()) == "2"
    assert response_text(SINGLE, SINGLE.key()) == "2) A"


def test_truefalse():
    assert score(TRUEFALSE, 1).correct
    assert not score(TRUEFALSE, 0).correct
    assert score(TRUEFALSE, 1).given is False


def test_multiple_full_partial_and_wrong():
    assert score(MULTIPLE, [1, 2, 4]).correct
    assert score(MULTIPLE, {4, 2, 1}).correct  # any iterable, any order
    partial = score(MULTIPLE, [1, 2])
    assert not partial.correct and partial.credit == pytest.approx(2 / 3, abs=1e-3)
    penalised = score(MULTIPLE, [1, 2, 4, 0])  # all right ones plus a wrong one
    assert not penalised.correct and penalised.credit == pytest.approx(2 / 3, abs=1e-3)
    assert score(MULTIPLE, [0, 3]).credit == 0.0  # never negative
    assert score(MULTIPLE, [1, 2]).given == ["R1", "R2"]


def test_order_full_and_partial():
    assert score(ORDER, [1, 3, 0, 2]).correct
    partial = score(ORDER, [1, 3, 2, 0])  # A B then D C: two of four in place
    assert not partial.correct and partial.credit == 0.5
    assert score(ORDER, [1, 3, 0, 2]).given == ["A", "B", "C", "D"]
    assert response_code(ORDER, ORDER.key()) == "2 4 1 3"


def test_match_full_partial_and_mapping():
    assert score(MATCH, [2, 0, 3]).correct
    assert score(MATCH, {2: 3, 0: 2, 1: 0}).correct
    partial = score(MATCH, [2, 1, 3])  # l2 matched with the decoy
    assert not partial.correct and partial.credit == pytest.approx(2 / 3, abs=1e-3)
    assert score(MATCH, [2, 0, 3]).given == [["l1", "r1"], ["l2", "r2"], ["l3", "r3"]]
    assert response_code(MATCH, MATCH.key()) == "1c 2a 3d"


@pytest.mark.parametrize("text", ["Section 75", "section75", "  SECTION   75. ", "s-75", "Section\u00a075!"])
def test_short_forgives_case_spacing_punctuation(text):
    assert score(SHORT, text).correct


@pytest.mark.parametrize("text", ["Section 76", "section", "75"])
def test_short_wrong(text):
    assert not score(SHORT, text).correct


@pytest.mark.parametrize(
    "question, response",
    [
        (SINGLE, 3),
        (SINGLE, -1),
        (SINGLE, "1"),
        (SINGLE, True),
        (SINGLE, None),
        (SINGLE, [1]),
        (TRUEFALSE, 2),
        (MULTIPLE, []),
        (MULTIPLE, [1, 1]),
        (MULTIPLE, [5]),
        (MULTIPLE, 1),
        (MULTIPLE, "12"),
        (ORDER, [1, 3, 0]),
        (ORDER, [1, 3, 0, 0]),
        (ORDER, [1, 3, 0, 2, 4]),
        (ORDER, None),
        (MATCH, [2, 0]),
        (MATCH, [2, 2, 3]),
        (MATCH, [2, 0, 9]),
        (MATCH, {0: 2, 1: 0}),
        (MATCH, {0: 2, 1: 0, 5: 3}),
        (SHORT, ""),
        (SHORT, "  ...  "),
        (SHORT, 75),
    ],
)
def test_malformed_answers_raise(question, response):
    with pytest.raises(InvalidAnswer):
        score(question, response)


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(TEXT)
def test_normalise_is_idempotent_and_alphanumeric(text):
    once = normalise_short(text)
    assert normalise_short(once) == once
    assert all(ch.isalnum() for ch in once)


@given(
    st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=20),
    st.lists(st.sampled_from(list(" \t.,;:!?'\"()-")), max_size=6),
    st.randoms(),
)
def test_normalise_ignores_case_spacing_and_punctuation(word, noise, rnd):
    chars = list(word.swapcase())
    for mark in noise:
        chars.insert(rnd.randint(0, len(chars)), mark)
    assert normalise_short("".join(chars)) == normalise_short(word)
    assert score(played("short", answers=(word,)), "".join(chars)).correct
