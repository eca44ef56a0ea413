"""The question types: one definition per type, found through one registry keyed by :class:`QuestionType`.

Adding a type: a member of :class:`QuestionType`, its module here (a :class:`QuestionKind`: bank
validation, playing, scoring, plain mode, item analysis), its answer widget
(:mod:`aco_tui.ui.panes.quiz_kinds`) and its tests. :func:`kind_of` and the widget lookup ``match``
on the type, so mypy reports a type either of them does not handle.
"""

from __future__ import annotations

from typing import assert_never

from aco_tui.quiz.kinds.base import InvalidAnswer, PlayedQuestion, QuestionKind, QuestionType, Response, letter
from aco_tui.quiz.kinds.choice import SINGLE, TRUE_FALSE, TRUEFALSE
from aco_tui.quiz.kinds.match import MATCH
from aco_tui.quiz.kinds.multiple import MULTIPLE
from aco_tui.quiz.kinds.order import ORDER
from aco_tui.quiz.kinds.short import SHORT

__all__ = ["TRUE_FALSE", "InvalidAnswer", "PlayedQuestion", "QuestionKind", "QuestionType", "Response",
           "kind_named", "kind_of", "letter"]


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
