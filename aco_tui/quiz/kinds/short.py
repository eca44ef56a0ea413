"""Short answer: a few typed words (response: the text), right when it matches an accepted answer with
case, spacing, punctuation, a leading article and a small typo forgiven (:mod:`aco_tui.quiz.short_answer`)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from aco_tui.quiz.fields import Invalid, normalise_short, req_texts
from aco_tui.quiz.kinds.base import InvalidAnswer, PlayedQuestion, QuestionKind, Response, TableFields
from aco_tui.quiz.short_answer import match_short

if TYPE_CHECKING:
    from aco_tui.quiz.model import Question


class ShortKind(QuestionKind):
    """No options; the first accepted answer is the one shown as right."""

    words = "short answer"
    how = "type a short answer"
    keys = ("answers",)

    def fields(self, table: dict[str, Any]) -> TableFields:
        answers = req_texts(table, "answers", 1, "accepted answer")
        if not all(normalise_short(a) for a in answers):
            raise Invalid("an accepted answer has no letters or digits")
        return {"answers": answers}

    def play(self, question: Question, rng: random.Random) -> PlayedQuestion:
        return PlayedQuestion(question)

    def key(self, played: PlayedQuestion) -> Response:
        return played.question.answers[0]

    def check(self, played: PlayedQuestion, response: object) -> Response:
        if not isinstance(response, str) or not normalise_short(response):
            raise InvalidAnswer("type a short answer (letters or digits)")
        return response.strip()

    def credit(self, played: PlayedQuestion, response: Response) -> float:
        return 1.0 if self.accepted(played, response) else 0.0

    def accepted(self, played: PlayedQuestion, response: Response) -> str:
        return match_short(str(response), played.question.answers) or ""

    def given(self, played: PlayedQuestion, response: Response) -> object:
        return response

    def code(self, played: PlayedQuestion, response: Response) -> str:
        return str(response)

    def text(self, played: PlayedQuestion, response: Response) -> str:
        return str(response)

    def parse_plain(self, played: PlayedQuestion, text: str) -> Response:
        return self.check(played, text)

    def guess_score(self, question: Question) -> float:
        return 0.0


SHORT = ShortKind()
