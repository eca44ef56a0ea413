"""Matching: each numbered left item given a lettered right item (response: for each left item, in
``left`` order, the 0-based index of its right item; a right item once at most).

The bank gives ``pairs`` and optional ``extra`` right items that match nothing. Credit is partial:
the share of left items matched right.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from aco_tui.quiz.fields import Invalid, normalise_space, req_texts, unique
from aco_tui.quiz.kinds.base import (
    InvalidAnswer,
    PlayedQuestion,
    QuestionKind,
    Response,
    TableFields,
    index,
    letter,
)

if TYPE_CHECKING:
    from aco_tui.quiz.model import Question

_PAIRS = re.compile(r"^[\s,;]*(?:\d+\s*[-:=.)]?\s*[a-z](?:[\s,;]+|$))+$")
_PAIR = re.compile(r"(\d+)\s*[-:=.)]?\s*([a-z])")


class MatchKind(QuestionKind):
    """Left items numbered in bank order; right items (with the extras) lettered, shuffled, never already matched."""

    words = "match"
    how = "answer with a number and a letter for every numbered item, e.g. 1b 2a 3c"
    keys = ("pairs",)
    optional_keys = ("extra",)

    def fields(self, table: dict[str, Any]) -> TableFields:
        pairs = table["pairs"]
        if not isinstance(pairs, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) and s.strip() for s in p) for p in pairs
        ):
            raise Invalid('\'pairs\' must be a list of ["left", "right"] pairs of non-empty strings')
        if len(pairs) < 2:
            raise Invalid(f"'pairs' needs at least 2 pairs, found {len(pairs)}")
        extra = req_texts(table, "extra", 0) if "extra" in table else ()
        clean = tuple((normalise_space(a), normalise_space(b)) for a, b in pairs)
        unique([a for a, _ in clean], "left items of 'pairs'")
        unique([b for _, b in clean] + list(extra), "right items of 'pairs' and 'extra'")
        if len(clean) + len(extra) > 26:
            raise Invalid("a match question has at most 26 right-hand items (they are lettered a to z)")
        return {"pairs": clean, "extra": extra}

    def play(self, question: Question, rng: random.Random) -> PlayedQuestion:
        left = tuple(a for a, _ in question.pairs)
        rights = [b for _, b in question.pairs] + list(question.extra)
        rng.shuffle(rights)
        if rights[: len(left)] == [b for _, b in question.pairs]:
            rights = rights[1:] + rights[:1]
        return PlayedQuestion(question, tuple(rights), left)

    def key(self, played: PlayedQuestion) -> Response:
        right_of = dict(played.question.pairs)
        return tuple(played.options.index(right_of[left]) for left in played.left)

    def check(self, played: PlayedQuestion, response: object) -> Response:
        lefts, size = len(played.left), len(played.options)
        if isinstance(response, Mapping):
            keys = [index(k, lefts, "item") for k in response]
            if sorted(keys) != list(range(lefts)):
                raise InvalidAnswer(f"match every numbered item 1 to {lefts}, each once")
            response = [response[i] for i in range(lefts)]
        if isinstance(response, (str, bytes, int)) or not isinstance(response, Iterable):
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

    def credit(self, played: PlayedQuestion, response: Response) -> float:
        key = self.key(played)
        return float(sum(a == b for a, b in zip(response, key, strict=True)) / len(key))

    def given(self, played: PlayedQuestion, response: Response) -> object:
        return [[left, played.options[right]] for left, right in zip(played.left, response, strict=True)]

    def code(self, played: PlayedQuestion, response: Response) -> str:
        return " ".join(f"{n + 1}{letter(r)}" for n, r in enumerate(response))

    def text(self, played: PlayedQuestion, response: Response) -> str:
        return "; ".join(
            f"{n + 1}{letter(r)}: {played.left[n]} \u2192 {played.options[r]}" for n, r in enumerate(response)
        )

    def parse_plain(self, played: PlayedQuestion, text: str) -> Response:
        if not text:
            raise InvalidAnswer(f"no answer; {self.how}")
        lowered = text.casefold()
        if not _PAIRS.match(lowered):
            raise InvalidAnswer(f"not understood; {self.how}")
        pairs = [(int(n) - 1, ord(c) - ord("a")) for n, c in _PAIR.findall(lowered)]
        lefts = [n for n, _ in pairs]
        if sorted(lefts) != list(range(len(played.left))):
            raise InvalidAnswer(f"give exactly one letter for each of items 1 to {len(played.left)}")
        return self.check(played, dict(pairs))

    def option_lines(self, played: PlayedQuestion) -> list[str]:
        return [f"{i}) {item}" for i, item in enumerate(played.left, start=1)] + [
            f"{letter(i)}) {item}" for i, item in enumerate(played.options)
        ]

    def guess_score(self, question: Question) -> float:
        lefts, rights = len(question.pairs), len(question.pairs) + len(question.extra)
        return 1 / math.perm(rights, lefts)


MATCH = MatchKind()
