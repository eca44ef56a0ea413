"""Figures in the text, and what they count: for questions that ask "how many" or "how much".

Used by the index builder (the slow path); a lookup only reads what it stored.
"""

from __future__ import annotations

import re

from aco_tui.search.plan import find_concepts
from aco_tui.search.tokenize import STOPWORDS, WORD, key, normalise

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aco_tui.search.plan import Concepts

# A quantity in the text: a figure ("250,000", "8%", "£450 million") or a counted noun ("ten areas");
# not a bare year or a date.
QUANTITY = re.compile(
    r"(?:£\s?\d[\d,.]*|\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\s?(?:%|per cent|million|billion)|"
    r"\b(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|fifty)"
    r"\s+(?:areas?|people|million|per cent|years?|campaigners|vanguards|models|levels)\b)",
    re.IGNORECASE,
)
# What a figure counts is named next to it: "100,000 people", "a population of at least 100,000",
# "8% of England's population". This many words (not counting stopwords) on either side.
COUNTED_WINDOW = 3
_SENTENCE_END = re.compile(r"(?<=[.!?;:|])\s+")


def has_quantity(text: str) -> bool:
    """True when ``text`` gives a figure."""
    return QUANTITY.search(text) is not None


def counted_tokens(text: str, concepts: Concepts) -> tuple[str, ...]:
    """The index tokens (word keys and glossary concepts) named next to a figure in ``text``, in the
    same sentence: what its figures count. Empty when it gives none."""
    found: set[str] = set()
    for sentence in _SENTENCE_END.split(text):
        figures = [match.span() for match in QUANTITY.finditer(sentence)]
        if figures:
            found |= _counted_in(sentence, figures, concepts)
    return tuple(sorted(found))


def _counted_in(sentence: str, figures: list[tuple[int, int]], concepts: Concepts) -> set[str]:
    spans = [match.span() for match in WORD.finditer(sentence)]
    keys = [key(normalise(match.group())) for match in WORD.finditer(sentence)]
    meaningful = [i for i, k in enumerate(keys) if k not in STOPWORDS]
    near: set[int] = set()
    for start, end in figures:
        inside = [i for i, (s, e) in enumerate(spans) if s < end and e > start]
        if not inside:
            continue
        before = [i for i in meaningful if i < inside[0]][-COUNTED_WINDOW:]
        after = [i for i in meaningful if i > inside[-1]][:COUNTED_WINDOW]
        near.update(before, inside, after)
    found = {keys[i] for i in near if keys[i] not in STOPWORDS and not keys[i][:1].isdigit()}
    return found | {token for s, e, token in find_concepts(keys, concepts) if near.intersection(range(s, e))}
