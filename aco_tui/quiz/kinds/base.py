"""What every question type shares: the :class:`QuestionKind` contract, the question as played and
the helpers the kinds use (plain data, no Textual; the types are :class:`aco_tui.quiz.kinds.QuestionType`).

One module per kind (``choice``, ``multiple``, ``order``, ``match``, ``short``) implements the contract;
:func:`aco_tui.quiz.kinds.kind_of` finds the definition of a type.
"""

from __future__ import annotations

import random
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from aco_tui.quiz.kinds import QuestionType
    from aco_tui.quiz.model import Question

Response = Any  # canonical: int (single, truefalse), frozenset[int] (multiple), tuple[int, ...] (order, match), str
TableFields = dict[str, Any]  # a question table's key fields, validated, as Question's keyword arguments
_NUMBERS = re.compile(r"^[\s,]*\d+(?:[\s,]+\d+)*[\s,]*$")


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
    def type(self) -> QuestionType:
        return self.question.type

    @property
    def text(self) -> str:
        return self.question.question

    def key(self) -> Response:
        """The correct response, in the same form as a submitted one."""
        from aco_tui.quiz.kinds import kind_of  # the registry imports every kind, and they import this module

        return kind_of(self.type).key(self)

    def as_played(self) -> dict[str, Any]:
        """What defines this question as played (hashed into the question-set version)."""
        q = self.question
        return {
            "id": q.id,
            "type": q.type,
            "question": q.question,
            "options": list(self.options),
            "left": list(self.left),
            "correct": list(q.correct),
            "answer": q.answer,
            "items": list(q.items),
            "pairs": [list(p) for p in q.pairs],
            "answers": list(q.answers),
        }


def index(value: object, size: int, what: str = "option") -> int:
    """``value`` as a 0-based index below ``size``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidAnswer(f"expected an {what} number, got {value!r}")
    if not 0 <= value < size:
        raise InvalidAnswer(f"there is no {what} {value + 1}; choose 1 to {size}")
    return value


def indices(values: object, size: int) -> tuple[int, ...]:
    """Several distinct 0-based indices below ``size``."""
    if isinstance(values, (str, bytes, int)) or not isinstance(values, Iterable):
        raise InvalidAnswer("expected several option numbers")
    result = tuple(index(v, size) for v in values)
    if len(set(result)) != len(result):
        raise InvalidAnswer("give each option number only once")
    return result


def typed_numbers(text: str, how: str) -> list[int]:
    """The 0-based numbers typed on a plain-mode line (``1 3``, ``1,3``); ``how`` says how to answer."""
    if not text:
        raise InvalidAnswer(f"no answer; {how}")
    if not _NUMBERS.match(text):
        raise InvalidAnswer(f"not understood; {how}")
    return [int(n) - 1 for n in re.split(r"[\s,]+", text.strip(" \t,")) if n]


class QuestionKind(ABC):
    """One question type, defined in one place: bank validation, playing, scoring, plain mode, statistics.

    Responses are 0-based indices into what was shown (see each kind); :meth:`check` turns a raw
    response into the canonical one or raises :class:`InvalidAnswer`.
    """

    words: ClassVar[str]  # the type in words, for results ("single choice")
    how: ClassVar[str]  # how to answer in plain mode
    keys: ClassVar[tuple[str, ...]]  # the table keys this type requires
    optional_keys: ClassVar[tuple[str, ...]] = ()
    lists_options: ClassVar[bool] = False  # item analysis counts each listed option (else distinct answers)

    @abstractmethod
    def fields(self, table: dict[str, Any]) -> TableFields:
        """The type's key fields of a ``[[question]]`` table, validated (raises ``fields.Invalid``)."""

    @abstractmethod
    def play(self, question: Question, rng: random.Random) -> PlayedQuestion:
        """The question with its options in the order shown (shuffled by ``rng``)."""

    @abstractmethod
    def key(self, played: PlayedQuestion) -> Response:
        """The correct response."""

    @abstractmethod
    def check(self, played: PlayedQuestion, response: object) -> Response:
        """The response in canonical form (raises :class:`InvalidAnswer`)."""

    @abstractmethod
    def credit(self, played: PlayedQuestion, response: Response) -> float:
        """The credit (0..1) of a canonical response."""

    @abstractmethod
    def given(self, played: PlayedQuestion, response: Response) -> object:
        """A canonical response in words, JSON-ready, as stored in attempt records."""

    @abstractmethod
    def code(self, played: PlayedQuestion, response: Response) -> str:
        """A canonical response as typed in plain mode."""

    @abstractmethod
    def text(self, played: PlayedQuestion, response: Response) -> str:
        """A canonical response in words, on one line, for feedback."""

    @abstractmethod
    def parse_plain(self, played: PlayedQuestion, text: str) -> Response:
        """The canonical response typed on a plain-mode line (``text`` stripped)."""

    @abstractmethod
    def guess_score(self, question: Question) -> float:
        """The chance that an answer given at random is fully right (Moodle's "random guess score")."""

    def accepted(self, played: PlayedQuestion, response: Response) -> str:
        """The accepted answer a right response was taken as, when it differs in form (short answers:
        typos, case and articles forgiven); empty for other types."""
        return ""

    def option_lines(self, played: PlayedQuestion) -> list[str]:
        """The options as plain mode prints them under the question (numbered)."""
        return [f"{i}) {option}" for i, option in enumerate(played.options, start=1)]

    def listed_options(self, question: Question) -> tuple[tuple[str, bool], ...]:
        """Item analysis: every option with whether it is right (only when :attr:`lists_options`)."""
        return ()

    def chosen_texts(self, given: object) -> list[str] | None:
        """Item analysis: the options a stored answer chose (None: count the answer in words)."""
        return None
