"""Item analysis against figures worked out by hand (Moodle's formulas; variances divide by n - 1)."""

from __future__ import annotations

import math

import pytest

from aco_tui.quiz import bands
from aco_tui.quiz.statistics import ItemFigures, analyse, item_figures, median, sample_sd

# The fixed cohort: 5 trainees x 4 questions. Q1 everybody got right; nobody reached Q4 (time ran
# out), so, as in Moodle, Q4 is 0 for everyone and counts in n.
#
#        Q1 Q2 Q3 Q4   X   X as % of 4
#   A     1  1  1  0   3   75
#   B     1  1  0  0   2   50
#   C     1  0  1  0   2   50
#   D     1  1  1  0   3   75
#   E     1  0  0  0   1   25
COHORT = [[1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 1, 0], [1, 1, 1, 0], [1, 0, 0, 0]]

# Q2: x = 1 1 0 1 0 (sum 3), R = X - x = 2 1 2 2 1 (sum 8).
#   facility = mean x = 3/5 = 0.6;
#   sum (x - 0.6)^2 = 3 * 0.16 + 2 * 0.36 = 1.2; var x = 1.2 / 4 = 0.3; SD = sqrt(0.3) = 0.5477.
#   mean R = 1.6; sum (R - 1.6)^2 = 3 * 0.16 + 2 * 0.36 = 1.2; var R = 0.3.
#   sum (x - 0.6)(R - 1.6) = (0.4)(0.4) + (0.4)(-0.6) + (-0.6)(0.4) + (0.4)(0.4) + (-0.6)(-0.6)
#                          = 0.16 - 0.24 - 0.24 + 0.16 + 0.36 = 0.2; cov = 0.2 / 4 = 0.05.
#   discrimination = 0.05 / sqrt(0.3 * 0.3) = 1/6 = 0.1667.
#   Sorted: x = 0 0 1 1 1, R = 1 1 2 2 2: sum (x - 0.6)(R - 1.6) = 2 * (-0.6)(-0.6) + 3 * (0.4)(0.4)
#   = 0.72 + 0.48 = 1.2; cov_max = 0.3; efficiency = 0.05 / 0.3 = 1/6 = 0.1667 (>= 15%: no flag).
# Q3: x = 1 0 1 1 0, R = 2 2 1 2 1: the same sums (its rest is Q2 plus Q1), so the same figures.
# Q1: x = 1 everywhere: facility 1, SD 0, discrimination and efficiency not computable (None).
# Q4: x = 0 everywhere: facility 0, SD 0, discrimination and efficiency None.
# Whole test, in % of the maximum: 75 50 50 75 25, mean 275 / 5 = 55, median 50;
#   deviations 20 -5 -5 20 -30, squares 400 25 25 400 900 = 1750; var = 1750 / 4 = 437.5;
#   SD = sqrt(437.5) = 20.92.
#   Totals X = 3 2 2 3 1, mean 2.2, sum (X - 2.2)^2 = 0.64 + 0.04 + 0.04 + 0.64 + 1.44 = 2.8, var X = 0.7.
#   Sum of item variances = 0 + 0.3 + 0.3 + 0 = 0.6.
#   alpha = 4/3 * (1 - 0.6 / 0.7) = 4/3 * 1/7 = 4/21 = 0.1905
#   (KR-20 with p q: p2 q2 = p3 q3 = 0.24, over var X with n: 0.56: 0.48 / 0.56 = 0.6 / 0.7, the same).
#   SEM = SD * sqrt(1 - alpha) = sqrt(437.5) * sqrt(17/21) = 18.82.


def test_the_hand_computed_cohort():
    items, test = analyse(COHORT)
    q1, q2, q3, q4 = items
    assert q1 == ItemFigures(n=5, facility=1.0, sd=0.0, discrimination=None, efficiency=None)
    assert q4 == ItemFigures(n=5, facility=0.0, sd=0.0, discrimination=None, efficiency=None)
    for item in (q2, q3):
        assert item.n == 5 and item.facility == pytest.approx(0.6)
        assert item.sd == pytest.approx(math.sqrt(0.3))
        assert item.discrimination == pytest.approx(1 / 6)
        assert item.efficiency == pytest.approx(1 / 6)
        assert not item.flag
    assert not q1.flag and not q4.flag  # nothing to judge by: not flagged
    assert (test.n, test.questions) == (5, 4)
    assert test.mean == pytest.approx(55.0) and test.median == pytest.approx(50.0)
    assert test.sd == pytest.approx(math.sqrt(437.5))
    assert test.alpha == pytest.approx(4 / 21)
    assert test.sem == pytest.approx(math.sqrt(437.5) * math.sqrt(17 / 21))
    assert test.error_ratio == pytest.approx(math.sqrt(17 / 21))
    assert not test.reliable  # 5 < 10


def test_negative_discrimination_and_low_efficiency_are_flagged():
    # x = 1 0 0 1, rest R = 0 2 2 1: the strong trainees got it wrong.
    # mean x 0.5, mean R 1.25; sum (x - .5)(R - 1.25) = .5(-1.25) + (-.5)(.75) + (-.5)(.75) + .5(-.25) = -1.5
    # cov = -0.5; var x = 1/3, var R = (1.5625 + .5625 + .5625 + .0625) / 3 = 2.75 / 3
    # discrimination = -0.5 / sqrt(1/3 * 2.75/3) = -1.5 / sqrt(2.75) = -0.9045
    # sorted: x 0 0 1 1, R 0 1 2 2: sum = (-.5)(-1.25) + (-.5)(-.25) + .5(.75) + .5(.75) = 1.5; cov_max = 0.5
    # efficiency = -0.5 / 0.5 = -1
    figures = item_figures([1, 0, 0, 1], [0, 2, 2, 1])
    assert figures.discrimination == pytest.approx(-1.5 / math.sqrt(2.75))
    assert figures.efficiency == pytest.approx(-1.0)
    assert figures.flag
    assert bands.discrimination(figures.discrimination) == "negative: check the key"
    # Positive and fine: x = 1 0 1 0 0 1, R = 3 0 1 2 1 2.
    # mean x .5, mean R 1.5; sum (x-.5)(R-1.5) = .75 + .75 - .25 - .25 + .25 + .25 = 1.5
    # sorted R 0 1 1 2 2 3 with x 0 0 0 1 1 1: .75 + .25 + .25 + .25 + .25 + .75 = 2.5; efficiency 0.6
    fine = item_figures([1, 0, 1, 0, 0, 1], [3, 0, 1, 2, 1, 2])
    assert fine.efficiency == pytest.approx(1.5 / 2.5) and not fine.flag


def test_low_positive_efficiency_is_flagged():
    # n = 20: the two right answers come from a middling trainee (R = 5) and a weak one (R = 1), while
    # the strongest trainees (R = 9) got it wrong. Sx = 2, Sr = 5 + 1 + 2 * 9 + 16 * 4 = 88, Sxr = 6.
    # cov numerator: 20 * 6 - 2 * 88 = -56 -> negative. Move the weak one up to R = 5: Sr = 92, Sxr = 10:
    # 200 - 184 = 16; sorted (x on the two 9s): 20 * 18 - 184 = 176; efficiency 16/176 = 0.091 < 15%.
    marks = [1, 1] + [0] * 18
    rests = [5, 5, 9, 9] + [4] * 16
    figures = item_figures(marks, rests)
    assert figures.efficiency == pytest.approx(16 / 176)
    assert figures.discrimination is not None and figures.discrimination > 0
    assert figures.flag and bands.efficiency(figures.efficiency) == "review"


def test_small_and_empty_samples_give_none_not_errors():
    assert item_figures([], []) == ItemFigures(0, None, None, None, None)  # nobody was asked it
    assert item_figures([1], [2]) == ItemFigures(1, 1.0, None, None, None)  # n < 2
    two = item_figures([1, 0], [1, 0])
    # n = 2: x 1 0, R 1 0: perfectly correlated; var x = 0.5, SD 0.7071; discrimination 1, efficiency 1.
    assert two.sd == pytest.approx(math.sqrt(0.5)) and two.discrimination == pytest.approx(1.0)
    assert two.efficiency == pytest.approx(1.0)
    items, test = analyse([])
    assert items == [] and (test.n, test.mean, test.median, test.sd, test.alpha, test.sem) == (
        0,
        None,
        None,
        None,
        None,
        None,
    )
    items, test = analyse([[1, 0]])
    assert test.mean == 50.0 and test.median == 50.0 and test.sd is None and test.alpha is None
    items, test = analyse([[1, 0], [1, 0]])  # totals do not vary: alpha not computable
    assert test.sd == 0.0 and test.alpha is None and test.sem is None
    items, test = analyse([[1], [0], [1]])  # one question: alpha needs two
    assert test.alpha is None and items[0].discrimination is None  # the rest is always 0


def test_a_question_missing_from_some_attempts_counts_only_where_asked():
    items, test = analyse([[1, None], [0, 1], [1, 0]])
    assert items[1].n == 2 and items[1].facility == 0.5
    assert test.mean == pytest.approx((100 + 50 + 50) / 3)
    assert test.alpha is None  # not the same test for everybody


def test_helpers():
    assert median([3, 1, 2]) == 2 and median([4, 1, 2, 3]) == 2.5 and median([]) is None
    assert sample_sd([2, 4, 4, 4, 5, 5, 7, 9]) == pytest.approx(2.138, abs=1e-3)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0.0, "broken or extremely hard"),
        (0.049, "broken or extremely hard"),
        (0.07, "very hard"),
        (0.5, "about right"),
        (0.96, "extremely easy"),
        (1.0, "extremely easy"),
        (None, ""),
    ],
)
def test_facility_bands(value, words):
    assert bands.facility(value) == words


def test_other_bands():
    assert [bands.discrimination(v) for v in (0.45, 0.35, 0.25, 0.1, None)] == [
        "excellent",
        "good",
        "revise",
        "poor",
        "",
    ]
    assert [bands.alpha(v) for v in (0.5, 0.7, 0.8, 0.95)] == [
        "unsatisfactory",
        "borderline",
        "satisfactory",
        "very high",
    ]
    assert [bands.test_mean(v) for v in (40, 60, 80)] == ["hard", "typical", "easy"]
    assert [bands.test_sd(v) for v in (10, 15, 20)] == ["narrow", "healthy", "wide"]
    assert bands.item_sd(0.2) == "little spread" and bands.item_sd(0.5) == "spread"
