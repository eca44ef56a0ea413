"""A question as played (options in their shuffled order) and the scoring of answers to it.

Responses use 0-based indices into what was shown:

- ``single`` / ``truefalse``: one ``int`` (an index into ``options``)
- ``multiple``: an iterable of ``int`` (at least one, each once)
- ``order``: a sequence of every index of ``options`` once, in the order the trainee claims
- ``match``: for each left item (in ``left`` order) the index of the right item (``options``) it matches,
  as a sequence, or a mapping ``{left_index: right_index}`` covering every left item; a right item once at most
- ``short``: a ``str``

Malformed responses raise :class:`InvalidAnswer`; well-formed ones are scored with partial ``credit``
(0..1) for ``multiple``, ``order`` and ``match``, but only full credit counts as correct.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aco_tui.quiz.fields import normalise_short
from aco_tui.quiz.model import Question
from aco_tui.quiz.short_answer import match_short

TRUE_FALSE = ("True", "False")


class InvalidAnswer(ValueError):
    """A response that cannot be scored; the message says, in one line, what is expected."""


def letter(index: int) -> str:
    """``0 -> 'a'``; a match question has at most 26 right-hand items."""
    return chr(ord("a") + index)


@dataclass(frozen=True)
class PlayedQuestion:
    """A question with its options in the order shown. For ``match``: ``left`` numbered, ``options`` lettered."""

    question: Question
    options: tuple[str, ...] = ()
    left: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def type(self) -> str:
        return self.question.type

    @property
    def text(self) -> str:
        return self.question.question

    def key(self):
        """The correct response, in the same form as a submitted one."""
        q = self.question
        if q.type == "single":
            return self.options.index(q.correct[0])
        if q.type == "truefalse":
            return 0 if q.answer else 1
        if q.type == "multiple":
            return frozenset(self.options.index(c) for c in q.correct)
        if q.type == "order":
            return tuple(self.options.index(item) for item in q.items)
        if q.type == "match":
            right_of = dict(q.pairs)
            return tuple(self.options.index(right_of[left]) for left in self.left)
        return q.answers[0]

    def as_played(self) -> dict:
        """What defines this question as played (hashed into the question-set version)."""
        q = self.question
        return {"id": q.id, "type": q.type, "question": q.question, "options": list(self.options),
                "left": list(self.left), "correct": list(q.correct), "answer": q.answer, "items": list(q.items),
                "pairs": [list(p) for p in q.pairs], "answers": list(q.answers)}


def _index(value, size: int, what: str = "option") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidAnswer(f"expected an {what} number, got {value!r}")
    if not 0 <= value < size:
        raise InvalidAnswer(f"there is no {what} {value + 1}; choose 1 to {size}")
    return value


def _indices(values, size: int) -> tuple[int, ...]:
    if isinstance(values, (str, bytes, int)) or values is None:
        raise InvalidAnswer("expected several option numbers")
    result = tuple(_index(v, size) for v in values)
    if len(set(result)) != len(result):
        raise InvalidAnswer("give each option number only once")
    return result


def check_response(played: PlayedQuestion, response):
    """The response in canonical form (``int``, ``frozenset``, ``tuple`` or ``str``).

    Raises:
        InvalidAnswer: it is not a well-formed answer to this question.
    """
    kind, size = played.type, len(played.options)
    if kind in ("single", "truefalse"):
        return _index(response, size)
    if kind == "multiple":
        chosen = _indices(response, size)
        if not chosen:
            raise InvalidAnswer("choose at least one option")
        return frozenset(chosen)
    if kind == "order":
        order = _indices(response, size)
        if len(order) != size:
            raise InvalidAnswer(f"put all {size} items in order, each number once")
        return order
    if kind == "match":
        return _check_match(played, response)
    if not isinstance(response, str) or not normalise_short(response):
        raise InvalidAnswer("type a short answer (letters or digits)")
    return response.strip()


def _check_match(played: PlayedQuestion, response) -> tuple[int, ...]:
    lefts, size = len(played.left), len(played.options)
    if isinstance(response, Mapping):
        keys = [_index(k, lefts, "item") for k in response]
        if sorted(keys) != list(range(lefts)):
            raise InvalidAnswer(f"match every numbered item 1 to {lefts}, each once")
        response = [response[i] for i in range(lefts)]
    if isinstance(response, (str, bytes, int)) or response is None:
        raise InvalidAnswer("expected one letter for each numbered item")
    rights = tuple(response)
    if len(rights) != lefts:
        raise InvalidAnswer(f"match every numbered item 1 to {lefts}, each once")
    for right in rights:
        if isinstance(right, bool) or not isinstance(right, int) or not 0 <= right < size:
            raise InvalidAnswer(f"letters go from a to {letter(size - 1)}")
    if len(set(rights)) != len(rights):
        raise InvalidAnswer("use each letter only once")
    return rights


@dataclass(frozen=True)
class Outcome:
    """The scoring of one well-formed response."""

    correct: bool
    credit: float  # 0..1; partial for multiple, order and match
    response: object  # canonical form, see check_response
    given: object  # JSON-ready record of the answer in words (option texts, pairs...)
    accepted: str = ""  # short answers: the accepted answer it matched (typo, case... forgiven)


def score(played: PlayedQuestion, response) -> Outcome:
    """Check and score a response.

    Raises:
        InvalidAnswer: the response is malformed (nothing is scored).
    """
    response = check_response(played, response)
    key, kind = played.key(), played.type
    if kind in ("single", "truefalse"):
        credit = 1.0 if response == key else 0.0
    elif kind == "multiple":
        hits = len(response & key)
        credit = max(0.0, (hits - len(response - key)) / len(key))
    elif kind in ("order", "match"):
        credit = sum(a == b for a, b in zip(response, key, strict=True)) / len(key)
    else:
        accepted = match_short(response, played.question.answers)
        return Outcome(correct=accepted is not None, credit=1.0 if accepted is not None else 0.0,
                       response=response, given=given_record(played, response), accepted=accepted or "")
    return Outcome(correct=credit == 1.0, credit=round(credit, 4), response=response,
                   given=given_record(played, response))


def given_record(played: PlayedQuestion, response) -> object:
    """A canonical response in words, as stored in attempt records."""
    kind, options = played.type, played.options
    if kind == "truefalse":
        return response == 0
    if kind == "single":
        return options[response]
    if kind == "multiple":
        return [options[i] for i in sorted(response)]
    if kind == "order":
        return [options[i] for i in response]
    if kind == "match":
        return [[left, options[right]] for left, right in zip(played.left, response, strict=True)]
    return response


def response_code(played: PlayedQuestion, response) -> str:
    """A canonical response as typed in plain mode: ``2``, ``1 3``, ``3 1 2``, ``1b 2a``, or the text."""
    kind = played.type
    if kind in ("single", "truefalse"):
        return str(response + 1)
    if kind == "multiple":
        return " ".join(str(i + 1) for i in sorted(response))
    if kind == "order":
        return " ".join(str(i + 1) for i in response)
    if kind == "match":
        return " ".join(f"{n + 1}{letter(r)}" for n, r in enumerate(response))
    return str(response)


def response_text(played: PlayedQuestion, response) -> str:
    """A canonical response in words, on one line, for feedback (e.g. the right answer)."""
    kind, options = played.type, played.options
    if kind in ("single", "truefalse"):
        return f"{response + 1}) {options[response]}"
    if kind == "multiple":
        return "; ".join(f"{i + 1}) {options[i]}" for i in sorted(response))
    if kind == "order":
        return " \u2192 ".join(f"{i + 1}) {options[i]}" for i in response)
    if kind == "match":
        return "; ".join(f"{n + 1}{letter(r)}: {played.left[n]} \u2192 {options[r]}" for n, r in enumerate(response))
    return str(response)
