"""The question-type registry: every QuestionType has one definition and one card, mypy flags a
type a ``match`` misses, and each definition agrees with itself (key, plain mode, guess score)."""

from __future__ import annotations

import itertools
import random
import subprocess
import sys
from pathlib import Path

import pytest

from aco_tui.quiz.kinds import InvalidAnswer, PlayedQuestion, QuestionKind, QuestionType, kind_named, kind_of
from aco_tui.quiz.model import Question

ROOT = Path(__file__).resolve().parents[2]
BASE = dict(topic="concepts", level="core", question="Q?", explanation="Because.", excerpts=("ex-budget",))
QUESTIONS = {
    QuestionType.SINGLE: dict(correct=("A",), wrong=("B", "C", "D")),
    QuestionType.MULTIPLE: dict(correct=("R1", "R2"), wrong=("W1", "W2")),
    QuestionType.TRUEFALSE: dict(answer=False),
    QuestionType.ORDER: dict(items=("A", "B", "C", "D")),
    QuestionType.MATCH: dict(pairs=(("l1", "r1"), ("l2", "r2"), ("l3", "r3")), extra=("x",)),
    QuestionType.SHORT: dict(answers=("Section 75", "s75")),
}


def question(kind: QuestionType) -> Question:
    return Question(id=f"q-{kind}", type=kind, **BASE, **QUESTIONS[kind])  # type: ignore[arg-type]


def played(kind: QuestionType, seed: int = 3) -> PlayedQuestion:
    return kind_of(kind).play(question(kind), random.Random(seed))


def every_response(played: PlayedQuestion) -> list[object]:
    """Every well-formed response to a choice, order or match question."""
    size = len(played.options)
    match played.type:
        case QuestionType.SINGLE | QuestionType.TRUEFALSE:
            return list(range(size))
        case QuestionType.MULTIPLE:
            return [set(c) for n in range(1, size + 1) for c in itertools.combinations(range(size), n)]
        case QuestionType.ORDER:
            return list(itertools.permutations(range(size)))
        case QuestionType.MATCH:
            return list(itertools.permutations(range(size), len(played.left)))
        case _:
            return []


def test_every_type_has_one_definition_of_its_own():
    kinds = [kind_of(t) for t in QuestionType]
    assert all(isinstance(k, QuestionKind) for k in kinds)
    assert len({id(k) for k in kinds}) == len(QuestionType)
    assert all(k.words and k.how and k.keys for k in kinds)


def test_a_stored_type_name_finds_its_definition_and_an_unknown_one_none():
    for kind in QuestionType:
        assert kind_named(kind.value) is kind_of(kind)
        assert kind_of(kind.value) is kind_of(kind)  # type: ignore[arg-type]  # records hold plain strings
    assert kind_named("essay") is None


@pytest.mark.parametrize("kind", list(QuestionType))
def test_the_key_scores_full_credit_and_round_trips_through_plain_mode(kind):
    definition = kind_of(kind)
    for seed in range(5):
        shown = played(kind, seed)
        key = shown.key()
        assert definition.check(shown, key) == key and definition.credit(shown, key) == 1.0
        assert definition.parse_plain(shown, definition.code(shown, key)) == key
        assert definition.text(shown, key)


@pytest.mark.parametrize("kind", list(QuestionType))
def test_an_empty_plain_line_is_refused_with_how_to_answer(kind):
    with pytest.raises(InvalidAnswer):
        kind_of(kind).parse_plain(played(kind), "")


@pytest.mark.parametrize("kind", [t for t in QuestionType if t != QuestionType.SHORT])
def test_the_guess_score_is_the_share_of_answers_fully_right(kind):
    definition, shown = kind_of(kind), played(kind)
    responses = every_response(shown)
    right = sum(definition.credit(shown, definition.check(shown, r)) == 1.0 for r in responses)
    assert definition.guess_score(shown.question) == pytest.approx(right / len(responses))


def test_a_short_answer_cannot_be_guessed():
    assert kind_of(QuestionType.SHORT).guess_score(question(QuestionType.SHORT)) == 0.0


def test_every_type_has_a_card():
    from aco_tui.ui.panes.quiz_card import QuestionCard
    from aco_tui.ui.panes.quiz_kinds import card_class, question_card

    classes = [card_class(t) for t in QuestionType]
    assert all(issubclass(c, QuestionCard) and c is not QuestionCard for c in classes)
    for kind in QuestionType:
        card = question_card(played(kind), "Q1/1")
        assert isinstance(card, card_class(kind)) and card.HINT


def run_mypy(tmp_path: Path, handled: list[QuestionType]) -> subprocess.CompletedProcess[str]:
    """mypy on a function that matches the ``handled`` types, then ``assert_never``."""
    cases = "".join(f"        case QuestionType.{t.name}:\n            return {t.value!r}\n" for t in handled)
    snippet = tmp_path / "snippet.py"
    snippet.write_text(
        "from typing import assert_never\n\nfrom aco_tui.quiz.kinds import QuestionType\n\n\n"
        "def words(kind: QuestionType) -> str:\n    match kind:\n"
        + cases
        + "        case _:\n            assert_never(kind)\n"
    )
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--follow-imports=silent",
            "--no-error-summary",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(snippet),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def test_mypy_flags_a_question_type_a_match_does_not_handle(tmp_path):
    complete = run_mypy(tmp_path, list(QuestionType))
    assert complete.returncode == 0, complete.stdout
    result = run_mypy(tmp_path, list(QuestionType)[:-1])
    assert result.returncode == 1 and "assert_never" in result.stdout and "SHORT" in result.stdout, result.stdout
