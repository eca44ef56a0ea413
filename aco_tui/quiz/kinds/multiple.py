"""Multiple choice: every right option ticked (response: a frozenset of 0-based indices).

Credit is partial: right ticks minus wrong ticks, over the right options, never below 0.
"""

from __future__ import annotations

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


class MultipleKind(QuestionKind):
    """Several right options among wrong ones, shuffled."""

    words = "multiple choice"
    how = "answer with every right option number, separated by spaces or commas, e.g. 1 3"
    keys = ("correct", "wrong")
    lists_options = True

    def fields(self, table: dict[str, Any]) -> TableFields:
        correct = req_texts(table, "correct", 1, "correct option")
        wrong = req_texts(table, "wrong", 1, "wrong option")
        unique(correct + wrong, "options")
        return {"correct": correct, "wrong": wrong}

    def play(self, question: Question, rng: random.Random) -> PlayedQuestion:
        options = list(question.correct + question.wrong)
        rng.shuffle(options)
        return PlayedQuestion(question, tuple(options))

    def key(self, played: PlayedQuestion) -> Response:
        return frozenset(played.options.index(c) for c in played.question.correct)

    def check(self, played: PlayedQuestion, response: object) -> Response:
        chosen = indices(response, len(played.options))
        if not chosen:
            raise InvalidAnswer("choose at least one option")
        return frozenset(chosen)

    def credit(self, played: PlayedQuestion, response: Response) -> float:
        key = self.key(played)
        return max(0.0, (len(response & key) - len(response - key)) / len(key))

    def given(self, played: PlayedQuestion, response: Response) -> object:
        return [played.options[i] for i in sorted(response)]

    def code(self, played: PlayedQuestion, response: Response) -> str:
        return " ".join(str(i + 1) for i in sorted(response))

    def text(self, played: PlayedQuestion, response: Response) -> str:
        return "; ".join(f"{i + 1}) {played.options[i]}" for i in sorted(response))

    def parse_plain(self, played: PlayedQuestion, text: str) -> Response:
        return self.check(played, typed_numbers(text, self.how))

    def guess_score(self, question: Question) -> float:
        return 1 / float(2 ** (len(question.correct) + len(question.wrong)) - 1)  # one of the non-empty subsets

    def listed_options(self, question: Question) -> tuple[tuple[str, bool], ...]:
        return tuple((text, text in question.correct) for text in question.correct + question.wrong)

    def chosen_texts(self, given: object) -> list[str] | None:
        return [str(v) for v in given] if isinstance(given, list) else None


MULTIPLE = MultipleKind()
