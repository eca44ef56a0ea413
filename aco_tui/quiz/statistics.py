"""Item analysis of a quiz session, after Moodle's quiz statistics report: pure arithmetic, no I/O.

The input is a score matrix: one row per counted attempt (each trainee's first finished attempt at
one version of a session), one column per question, each cell ``x = 1`` when the question was fully
right and ``0`` otherwise, or ``None`` when the attempt did not contain the question. As in Moodle, a
question the attempt contained but the trainee never reached (time ran out) is ``0``, not ``None``:
it counts in the question's ``n`` and in the trainee's total.

Notation: ``n`` counted attempts for a question, ``x`` its mark in one attempt, ``X`` the attempt's
total, ``R = X - x`` the rest of the test. Variances and covariances divide by ``n - 1``. Every sum
of 0/1 marks is an integer, so "zero variance" is tested exactly. A figure that cannot be computed
(``n < 2``, zero variance, fewer than two questions) is ``None``. See docs/trainer.md ("Item analysis").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

MIN_RELIABLE = 10  # fewer counted attempts than this: the figures are shown, marked unreliable
FLAG_EFFICIENCY = 0.15  # Moodle flags a question for review below this discriminative efficiency

Cell = int | None


@dataclass(frozen=True)
class ItemFigures:
    """One question's figures (fractions: facility and SD of 0..1, correlations of -1..1)."""

    n: int
    facility: float | None
    sd: float | None
    discrimination: float | None
    efficiency: float | None

    @property
    def flag(self) -> bool:
        """Review this question: efficiency below 15% or negative discrimination (when computable)."""
        return (self.efficiency is not None and self.efficiency < FLAG_EFFICIENCY) or (
            self.discrimination is not None and self.discrimination < 0
        )


@dataclass(frozen=True)
class SessionFigures:
    """The whole session: mean, median, SD and SEM in percent of the maximum; alpha a fraction."""

    n: int
    questions: int
    mean: float | None
    median: float | None
    sd: float | None
    alpha: float | None
    sem: float | None

    @property
    def error_ratio(self) -> float | None:
        """``sqrt(1 - alpha)``: the share of the spread that is noise."""
        return None if self.alpha is None else math.sqrt(max(0.0, 1.0 - self.alpha))

    @property
    def reliable(self) -> bool:
        return self.n >= MIN_RELIABLE


def _scaled_variance(n: int, total: float, squares: float) -> float:
    """``n * sum(v^2) - sum(v)^2``: ``n (n - 1)`` times the sample variance (exact for integers)."""
    return n * squares - total * total


def sample_sd(values: Sequence[float]) -> float | None:
    """Sample standard deviation (divides by ``n - 1``); None below two values."""
    n = len(values)
    if n < 2:
        return None
    scaled = _scaled_variance(n, sum(values), sum(v * v for v in values))
    return math.sqrt(max(0.0, scaled) / (n * (n - 1)))


def median(values: Sequence[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count); None when empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def item_figures(marks: Sequence[int], rests: Sequence[int]) -> ItemFigures:
    """Facility, SD, discrimination and discriminative efficiency of one question.

    Args:
        marks: ``x`` in each counted attempt that contained the question (0 or 1).
        rests: ``R = X - x`` in the same attempts, in the same order.
    """
    n = len(marks)
    if n == 0:
        return ItemFigures(0, None, None, None, None)
    sx, sr = sum(marks), sum(rests)
    facility = sx / n
    if n < 2:
        return ItemFigures(n, facility, None, None, None)
    var_x = _scaled_variance(n, sx, sum(x * x for x in marks))
    var_r = _scaled_variance(n, sr, sum(r * r for r in rests))
    cov = n * sum(x * r for x, r in zip(marks, rests, strict=True)) - sx * sr
    # The largest covariance two sets of values can have: both sorted the same way.
    cov_max = n * sum(x * r for x, r in zip(sorted(marks), sorted(rests), strict=True)) - sx * sr
    sd = math.sqrt(var_x / (n * (n - 1)))
    discrimination = cov / math.sqrt(var_x * var_r) if var_x > 0 and var_r > 0 else None
    efficiency = cov / cov_max if cov_max > 0 else None
    return ItemFigures(n, facility, sd, discrimination, efficiency)


def analyse(matrix: Sequence[Sequence[Cell]], columns: int | None = None) -> tuple[list[ItemFigures], SessionFigures]:
    """Per-question figures (one per column) and the whole-session figures of a score matrix.

    Every row has one cell per question (``None``: the attempt did not contain it). A row's total
    ``X`` is the sum of its marks, its maximum the number of questions it contained. ``columns``
    says how many questions there are when there may be no rows.
    """
    rows = [list(row) for row in matrix]
    if columns is None:
        columns = len(rows[0]) if rows else 0
    totals = [_total(row) for row in rows]
    items = []
    for column in range(columns):
        marks = [row[column] for row in rows]
        items.append(
            item_figures(
                [x for x in marks if x is not None],
                [total - x for x, total in zip(marks, totals, strict=True) if x is not None],
            )
        )
    return items, session_figures(rows, columns)


def _total(row: Sequence[Cell]) -> int:
    return sum(x for x in row if x is not None)


def session_figures(rows: Sequence[Sequence[Cell]], columns: int | None = None) -> SessionFigures:
    """Mean, median, SD, Cronbach's alpha (KR-20 for 0/1 marks) and the SEM of the rows' totals.

    Alpha needs every row to contain every question (the same test for everybody), ``n >= 2``,
    at least two questions and totals that vary.
    """
    n = len(rows)
    k = columns if columns is not None else len(rows[0]) if rows else 0
    totals = [_total(row) for row in rows]
    maxima = [sum(x is not None for x in row) for row in rows]
    percents = [100.0 * total / top for total, top in zip(totals, maxima, strict=True) if top]
    mean = sum(percents) / len(percents) if percents else None
    sd = sample_sd(percents)
    alpha = None
    complete = all(top == k for top in maxima)
    var_total = _scaled_variance(n, sum(totals), sum(t * t for t in totals))
    if n >= 2 and k >= 2 and complete and var_total > 0:
        # Every variance here is n (n - 1) times the sample variance, so their ratio is the
        # ratio of sample variances (Moodle's sum of mark variances over the variance of totals).
        var_items = 0.0
        for column in range(k):
            marks = [row[column] or 0 for row in rows]
            var_items += _scaled_variance(n, sum(marks), sum(x * x for x in marks))
        alpha = k / (k - 1) * (1 - var_items / var_total)
    sem = sd * math.sqrt(max(0.0, 1 - alpha)) if sd is not None and alpha is not None else None
    return SessionFigures(n, k, mean, median(percents), sd, alpha, sem)
