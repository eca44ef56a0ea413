"""Matching a typed short answer against the accepted ones.

Forgiven: case, spacing, punctuation, a leading article ("the", "a", "an") and a small typo, as
many edits in each word as the lookup's query correction allows for a word of that length
(:func:`aco_tui.edit_distance.max_typos`: none below 5 letters, so "ACS" is never "ACO"), at most
:data:`MAX_EDITS` in all. A word with a digit in it (a year, a section number) must be typed exactly. Different terms stay
different: "accountable care system" is far more than two edits from "capitated budget".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aco_tui.edit_distance import distance, max_typos
from aco_tui.quiz.fields import normalise_short

_ARTICLE = re.compile(r"^\s*(?:(?:the|an|a)\s+)+", re.IGNORECASE)
_SEPARATOR = re.compile(r"[^\w']+|_")
MAX_EDITS = 2  # in the whole answer, however many words it has


def short_key(text: str) -> str:
    """``text`` as compared: without a leading article, casefolded, letters and digits only."""
    return normalise_short(_ARTICLE.sub("", text, count=1))


def words(text: str) -> list[str]:
    """The words of ``text`` as compared: no leading article, split at anything not a letter or digit."""
    return [w for w in (normalise_short(part) for part in _SEPARATOR.split(_ARTICLE.sub("", text, count=1))) if w]


def typo_allowance(word: str) -> int:
    """How many edits one word tolerates: as the lookup's correction, and none with a digit in it."""
    if any(ch.isdigit() for ch in word):
        return 0
    return max_typos(word)


def typo_edits(given: list[str], answer: list[str]) -> int | None:
    """The edits between two answers of the same number of words, each word within its own
    allowance (so "GMS contract" is never "PMS contract"); None when they are further apart."""
    if len(given) != len(answer):
        return None
    total = 0
    for typed, wanted in zip(given, answer, strict=True):
        limit = typo_allowance(wanted)
        edits = distance(typed, wanted, limit)
        if edits > limit:
            return None
        total += edits
    return total if total <= MAX_EDITS else None


def match_short(given: str, accepted: Sequence[str]) -> str | None:
    """The accepted answer that ``given`` matches (exactly first, else the nearest within the typo
    allowance), or None."""
    key = short_key(given)
    if not key:
        return None
    for answer in accepted:
        if short_key(answer) == key:
            return answer
    typed = words(given)
    best: tuple[int, str] | None = None
    for answer in accepted:
        edits = typo_edits(typed, words(answer))
        if edits is not None and (best is None or edits < best[0]):
            best = (edits, answer)
    return best[1] if best is not None else None
