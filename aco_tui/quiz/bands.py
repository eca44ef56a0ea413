"""Words printed beside each item-analysis figure: the usual reading of it (see docs/trainer.md).

Facility bands are the Open University's, as quoted in MoodleDocs; discrimination bands are the usual
ones for the corrected item-rest correlation; the whole-test bands are MoodleDocs' rules of thumb.
Every function takes the figure on the scale of :mod:`aco_tui.quiz.statistics` and returns "" for
a figure that could not be computed.
"""

from __future__ import annotations

from aco_tui.quiz.statistics import FLAG_EFFICIENCY

_FACILITY = (
    (0.05, "broken or extremely hard"),
    (0.10, "very hard"),
    (0.20, "hard"),
    (0.35, "fairly hard"),
    (0.65, "about right"),
    (0.80, "fairly easy"),
    (0.90, "easy"),
    (0.95, "very easy"),
    (1.01, "extremely easy"),
)


def facility(value: float | None) -> str:
    """OU bands: under 5% broken or extremely hard ... 35-64% about right ... over 95% extremely easy."""
    if value is None:
        return ""
    return next(words for limit, words in _FACILITY if value < limit)


def item_sd(value: float | None) -> str:
    """An item whose marks spread less than a third of its maximum tells trainees apart poorly."""
    if value is None:
        return ""
    return "little spread" if value < 1 / 3 else "spread"


def discrimination(value: float | None) -> str:
    """>= 0.40 excellent, 0.30 good, 0.20 revise, below 0.20 poor; negative: check the key."""
    if value is None:
        return ""
    if value < 0:
        return "negative: check the key"
    return "excellent" if value >= 0.40 else "good" if value >= 0.30 else "revise" if value >= 0.20 else "poor"


def efficiency(value: float | None) -> str:
    """Below 15% Moodle marks the question for review."""
    if value is None:
        return ""
    return "review" if value < FLAG_EFFICIENCY else "fine"


def test_mean(value: float | None) -> str:
    """For a test meant to tell trainees apart, a mean of about 50-75% of the maximum."""
    if value is None:
        return ""
    return "hard" if value < 50 else "easy" if value > 75 else "typical"


def test_sd(value: float | None) -> str:
    """12-18% of the maximum is a healthy spread."""
    if value is None:
        return ""
    return "narrow" if value < 12 else "wide" if value > 18 else "healthy"


def alpha(value: float | None) -> str:
    """Above 0.75 satisfactory, below 0.64 unsatisfactory; much above 0.90 is rare."""
    if value is None:
        return ""
    return (
        "unsatisfactory"
        if value < 0.64
        else "borderline"
        if value <= 0.75
        else "satisfactory"
        if value <= 0.90
        else "very high"
    )
