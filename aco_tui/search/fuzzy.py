"""Typo tolerance: a bounded edit distance over the index vocabulary, hand-written.

Why not ``rapidfuzz``: the vocabulary is a few thousand words, and a letter-set filter
(:func:`letter_mask`) rejects almost all of them with one integer operation each, so the
exact distance runs on a handful of candidates. That costs well under a millisecond, adds no
dependency, and adds no import time to the cold path.
"""

from __future__ import annotations

from aco_tui.edit_distance import distance, max_typos

__all__ = ["closest", "distance", "letter_mask", "max_typos"]


def letter_mask(word: str) -> int:
    """A bit per distinct character (mod 64), precomputed for every vocabulary word.

    One edit changes at most two bits, so ``(mask(a) ^ mask(b)).bit_count() > 2 * d`` proves that
    ``a`` and ``b`` are more than ``d`` edits apart.
    """
    mask = 0
    for char in word:
        mask |= 1 << (ord(char) & 63)
    return mask


def closest(
    word: str,
    buckets: dict[int, tuple[tuple[str, ...], tuple[int, ...]]],
    limit: int,
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
