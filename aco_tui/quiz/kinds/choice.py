"""Single choice and true/false: one option picked (response: its 0-based index)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from aco_tui.quiz.fields import Invalid, req_texts, unique
from aco_tui.quiz.kinds.base import (
    InvalidAnswer,
    PlayedQuestion,
    QuestionKind,
    Response,
    TableFields,
    index,
    typed_numbers,
)

if TYPE_CHECKING:
    from aco_tui.quiz.model import Question

TRUE_FALSE = ("True", "False")


class ChoiceKind(QuestionKind):
    """What single choice and true/false share: one index, right or not."""

    lists_options = True

    def check(self, played: PlayedQuestion, response: object) -> Response:
        return index(response, len(played.options))

    def credit(self, played: PlayedQuestion, response: Response) -> float:
        return 1.0 if response == self.key(played) else 0.0

    def code(self, played: PlayedQuestion, response: Response) -> str:
        return str(response + 1)

    def text(self, played: PlayedQuestion, response: Response) -> str:
        return f"{response + 1}) {played.options[response]}"

    def parse_plain(self, played: PlayedQuestion, text: str) -> Response:
        numbers = typed_numbers(text, self.how)
        if len(numbers) != 1:
            raise InvalidAnswer(f"only one number, please; {self.how}")
        return self.check(played, numbers[0])

    def chosen_texts(self, given: object) -> list[str] | None:
        return [str(given)] if isinstance(given, (str, bool)) else None


class SingleKind(ChoiceKind):
    """One right option among wrong ones, shuffled."""

    words = "single choice"
    how = "answer with one option number, e.g. 2"
    keys = ("correct", "wrong")

    def fields(self, table: dict[str, Any]) -> TableFields:
        correct = req_texts(table, "correct", 1, "correct option")
        if len(correct) != 1:
            raise Invalid(f"a single choice question needs exactly one correct option, found {len(correct)}")
        wrong = req_texts(table, "wrong", 1, "wrong option")
        unique(correct + wrong, "options")
        return {"correct": correct, "wrong": wrong}

    def play(self, question: Question, rng: random.Random) -> PlayedQuestion:
        options = list(question.correct + question.wrong)
        rng.shuffle(options)
        return PlayedQuestion(question, tuple(options))

    def key(self, played: PlayedQuestion) -> Response:
        return played.options.index(played.question.correct[0])

    def given(self, played: PlayedQuestion, response: Response) -> object:
        return played.options[response]

    def guess_score(self, question: Question) -> float:
        return 1 / (len(question.correct) + len(question.wrong))

    def listed_options(self, question: Question) -> tuple[tuple[str, bool], ...]:
        return tuple((text, text in question.correct) for text in question.correct + question.wrong)


class TrueFalseKind(ChoiceKind):
    """A statement, true or false (options ``True``, ``False``; ``t``/``f`` typed in plain mode)."""

    words = "true or false"
    how = "answer 1 for True or 2 for False"
    keys = ("answer",)

    def fields(self, table: dict[str, Any]) -> TableFields:
        if not isinstance(table["answer"], bool):
            raise Invalid("'answer' must be true or false (without quotes)")
        return {"answer": table["answer"]}

    def play(self, question: Question, rng: random.Random) -> PlayedQuestion:
        return PlayedQuestion(question, TRUE_FALSE)

    def key(self, played: PlayedQuestion) -> Response:
        return 0 if played.question.answer else 1

    def given(self, played: PlayedQuestion, response: Response) -> object:
        return response == 0

    def parse_plain(self, played: PlayedQuestion, text: str) -> Response:
        if text.casefold() in ("t", "true", "f", "false"):
            return 0 if text.casefold().startswith("t") else 1
        return super().parse_plain(played, text)

    def guess_score(self, question: Question) -> float:
        return 0.5

    def listed_options(self, question: Question) -> tuple[tuple[str, bool], ...]:
        return tuple((str(value), value == question.answer) for value in (True, False))


SINGLE = SingleKind()
TRUEFALSE = TrueFalseKind()
