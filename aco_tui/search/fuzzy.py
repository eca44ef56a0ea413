"""Typo tolerance: a bounded edit distance over the index vocabulary, hand-written.

Why not ``rapidfuzz``: the vocabulary is a few thousand words, and a letter-set filter
(:func:`letter_mask`) rejects almost all of them with one integer operation each, so the
exact distance runs on a handful of candidates. That costs well under a millisecond, adds no
dependency, and adds no import time to the cold path.
"""

from __future__ import annotations


def letter_mask(word: str) -> int:
    """A bit per distinct character (mod 64), precomputed for every vocabulary word.

    One edit changes at most two bits, so ``(mask(a) ^ mask(b)).bit_count() > 2 * d`` proves that
    ``a`` and ``b`` are more than ``d`` edits apart.
    """
    mask = 0
    for char in word:
        mask |= 1 << (ord(char) & 63)
    return mask


def distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (insert, delete, substitute, swap neighbours).

    Returns ``limit + 1`` as soon as the distance is known to exceed ``limit``.
    """
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        best = i
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            if value < best:
                best = value
        if best > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1] if previous[-1] <= limit else limit + 1


def max_typos(word: str) -> int:
    """How many edits a word of this length may carry and still be corrected."""
    if len(word) < 5:
        return 0  # "bold" is not a typo for "hold": short words are taken as typed
    return 1 if len(word) < 8 else 2


def closest(word: str, buckets: dict[int, tuple[tuple[str, ...], tuple[int, ...]]], limit: int,
            ) -> list[tuple[int, str]]:
    """Vocabulary words within ``limit`` edits of ``word``, as (distance, word), nearest first.

    ``buckets`` maps a word length to (words, their :func:`letter_mask`), as stored in the index.
    """
    if limit <= 0:
        return []
    mask = letter_mask(word)
    bound = 2 * limit
    found: list[tuple[int, str]] = []
    for length in range(max(1, len(word) - limit), len(word) + limit + 1):
        bucket = buckets.get(length)
        if not bucket:
            continue
        candidates, masks = bucket
        for candidate, candidate_mask in zip(candidates, masks, strict=True):
            if (mask ^ candidate_mask).bit_count() > bound:
                continue
            d = distance(word, candidate, limit)
            if d <= limit:
                found.append((d, candidate))
    found.sort()
    return found
