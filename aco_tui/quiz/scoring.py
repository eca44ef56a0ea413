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

from dataclasses import dataclass

from aco_tui.quiz.fields import normalise_short
from aco_tui.quiz.kinds import TRUE_FALSE, InvalidAnswer, PlayedQuestion, Response, kind_of, letter

__all__ = [
    "TRUE_FALSE",
    "InvalidAnswer",
    "Outcome",
    "PlayedQuestion",
    "check_response",
    "given_record",
    "letter",
    "normalise_short",
    "response_code",
    "response_text",
    "score",
]


def check_response(played: PlayedQuestion, response: object) -> Response:
    """The response in canonical form (``int``, ``frozenset``, ``tuple`` or ``str``).

    Raises:
        InvalidAnswer: it is not a well-formed answer to this question.
    """
    return kind_of(played.type).check(played, response)


@dataclass(frozen=True)
class Outcome:
    """The scoring of one well-formed response."""

    correct: bool
    credit: float  # 0..1; partial for multiple, order and match
    response: object  # canonical form, see check_response
    given: object  # JSON-ready record of the answer in words (option texts, pairs...)
    accepted: str = ""  # short answers: the accepted answer it matched (typo, case... forgiven)


def score(played: PlayedQuestion, response: object) -> Outcome:
    """Check and score a response.

    Raises:
        InvalidAnswer: the response is malformed (nothing is scored).
    """
    kind = kind_of(played.type)
    canonical = kind.check(played, response)
    credit = kind.credit(played, canonical)
    return Outcome(
        correct=credit == 1.0,
        credit=round(credit, 4),
        response=canonical,
        given=kind.given(played, canonical),
        accepted=kind.accepted(played, canonical) if credit == 1.0 else "",
    )


def given_record(played: PlayedQuestion, response: Response) -> object:
    """A canonical response in words, as stored in attempt records."""
    return kind_of(played.type).given(played, response)


def response_code(played: PlayedQuestion, response: Response) -> str:
    """A canonical response as typed in plain mode: ``2``, ``1 3``, ``3 1 2``, ``1b 2a``, or the text."""
    return kind_of(played.type).code(played, response)


def response_text(played: PlayedQuestion, response: Response) -> str:
    """A canonical response in words, on one line, for feedback (e.g. the right answer)."""
    return kind_of(played.type).text(played, response)
