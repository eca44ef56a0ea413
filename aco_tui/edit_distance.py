"""Edit distance with a bound, and how many typos a word of a given length may carry.

Shared by the lookup's query correction (:mod:`aco_tui.search.fuzzy`) and the quiz's short-answer
matching (:mod:`aco_tui.quiz.short_answer`): one notion of "a small typo" for the whole app.
"""

from __future__ import annotations


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
