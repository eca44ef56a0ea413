"""The question types: one definition per type, found through one registry keyed by :class:`QuestionType`.

Adding a type touches four files: this registry (a :class:`QuestionType` member and a ``case`` in
:func:`kind_of`), the type's module here (a :class:`QuestionKind`: bank validation, playing,
scoring, plain mode, item analysis), its card in :mod:`aco_tui.ui.panes.quiz_kinds` (and a ``case``
in ``card_class``) and its tests. Both lookups ``match`` on the type and end in ``assert_never``,
so mypy reports the one that misses a new member.
"""

from __future__ import annotations

from enum import StrEnum
from typing import assert_never

from aco_tui.quiz.kinds.base import InvalidAnswer, PlayedQuestion, QuestionKind, Response, letter
from aco_tui.quiz.kinds.choice import SINGLE, TRUE_FALSE, TRUEFALSE
from aco_tui.quiz.kinds.match import MATCH
from aco_tui.quiz.kinds.multiple import MULTIPLE
from aco_tui.quiz.kinds.order import ORDER
from aco_tui.quiz.kinds.short import SHORT

__all__ = [
    "TRUE_FALSE",
    "InvalidAnswer",
    "PlayedQuestion",
    "QuestionKind",
    "QuestionType",
    "Response",
    "kind_named",
    "kind_of",
    "letter",
]


class QuestionType(StrEnum):
    """The question types of the bank (the ``type`` key of a ``[[question]]`` table)."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUEFALSE = "truefalse"
    ORDER = "order"
    MATCH = "match"
    SHORT = "short"


def kind_of(question_type: QuestionType) -> QuestionKind:
    """The definition of a question type."""
    match question_type:
        case QuestionType.SINGLE:
            return SINGLE
        case QuestionType.MULTIPLE:
            return MULTIPLE
        case QuestionType.TRUEFALSE:
            return TRUEFALSE
        case QuestionType.ORDER:
            return ORDER
        case QuestionType.MATCH:
            return MATCH
        case QuestionType.SHORT:
            return SHORT
        case _:
            assert_never(question_type)


def kind_named(name: str) -> QuestionKind | None:
    """The definition of the type called ``name`` (as stored in a record), or None for an unknown name."""
    try:
        return kind_of(QuestionType(name))
    except ValueError:
        return None
