"""Ordering: every item put in order (response: a tuple of 0-based option indices, first to last).

Credit is partial: the share of positions right.
"""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING, Any

from aco_tui.quiz.fields import req_texts, unique
from aco_tui.quiz.kinds.base import (
    InvalidAnswer,
    PlayedQuestion,
    QuestionKind,
    Response,
    TableFields,
    indices,
    typed_numbers,
)

if TYPE_CHECKING:
    from aco_tui.quiz.model import Question


class OrderKind(QuestionKind):
    """Items listed in the right order in the bank, shown shuffled (never already in order)."""

    words = "order"
    how = "answer with all the item numbers in order, first to last, e.g. 3 1 2"
    keys = ("items",)

    def fields(self, table: dict[str, Any]) -> TableFields:
        items = req_texts(table, "items", 2)
        unique(items, "items")
        return {"items": items}

    def play(self, question: Question, rng: random.Random) -> PlayedQuestion:
        items = list(question.items)
        rng.shuffle(items)
        if items == list(question.items):
            items = items[1:] + items[:1]
        return PlayedQuestion(question, tuple(items))

    def key(self, played: PlayedQuestion) -> Response:
        return tuple(played.options.index(item) for item in played.question.items)

    def check(self, played: PlayedQuestion, response: object) -> Response:
        size = len(played.options)
        order = indices(response, size)
        if len(order) != size:
            raise InvalidAnswer(f"put all {size} items in order, each number once")
        return order

    def credit(self, played: PlayedQuestion, response: Response) -> float:
        key = self.key(played)
        return float(sum(a == b for a, b in zip(response, key, strict=True)) / len(key))

    def given(self, played: PlayedQuestion, response: Response) -> object:
        return [played.options[i] for i in response]

    def code(self, played: PlayedQuestion, response: Response) -> str:
        return " ".join(str(i + 1) for i in response)

    def text(self, played: PlayedQuestion, response: Response) -> str:
        return " \u2192 ".join(f"{i + 1}) {played.options[i]}" for i in response)

    def parse_plain(self, played: PlayedQuestion, text: str) -> Response:
        return self.check(played, typed_numbers(text, self.how))

    def guess_score(self, question: Question) -> float:
        return 1 / math.factorial(len(question.items))


ORDER = OrderKind()
