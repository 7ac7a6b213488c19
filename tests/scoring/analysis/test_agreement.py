"""Agreement figures against examples worked out by hand (the arithmetic is in the comments)."""

from __future__ import annotations

import pytest

from scoring.analysis.agreement import agreement, weighted_kappa, within_one_everywhere

# Interviewer A and observer B on five criteria: (1,1) (2,3) (3,3) (4,4) (4,2).
PAIRS = [(1, 1), (2, 3), (3, 3), (4, 4), (4, 2)]


def test_exact_and_within_one_agreement_by_hand():
    result = agreement(PAIRS)
    # Same score on 3 of 5; within one point on 4 of 5 (only 4 against 2 is further).
    assert (result.pairs, result.exact, result.within_one) == (5, 3 / 5, 4 / 5)


def test_quadratic_kappa_by_hand():
    # Observed: weights (2-3)^2/9 and (4-2)^2/9 over 5 pairs: (1/9 + 4/9) / 5 = 1/9.
    # Marginals: A = (.2, .2, .2, .4), B = (.2, .2, .4, .2). Expected squared distance of
    # independent draws = Var A + Var B + (mean A - mean B)^2 = 1.36 + 1.04 + 0.04 = 2.44,
    # so the expected weighted disagreement is 2.44/9 and kappa = 1 - 1/2.44 = 36/61.
    assert weighted_kappa(PAIRS) == pytest.approx(36 / 61)


def test_linear_kappa_by_hand():
    # Observed: (1/3 + 2/3) / 5 = 1/5. Expected mean |A - B| of independent draws:
    # .2 x 1.6 + .2 x 1.0 + .2 x 0.8 + .4 x 1.4 = 1.24, over 3; kappa = 1 - .6/1.24 = 16/31.
    assert weighted_kappa(PAIRS, weighting="linear") == pytest.approx(16 / 31)


def test_perfect_agreement_is_one_and_reversed_scores_are_negative():
    assert weighted_kappa([(1, 1), (2, 2), (3, 3), (4, 4)]) == pytest.approx(1.0)
    # Opposite ends every time: observed weight 1; both marginals are half 1, half 4, so
    # chance gives (1,4) and (4,1) a quarter each, expected weight 1/2 -> 1 - 1/(1/2) = -1.
    assert weighted_kappa([(1, 4), (4, 1)]) == pytest.approx(-1.0)


def test_kappa_is_undefined_without_pairs_or_when_chance_predicts_no_disagreement():
    assert weighted_kappa([]) is None
    assert weighted_kappa([(3, 3), (3, 3)]) is None
    assert agreement([]).exact is None


def test_kappa_refuses_scores_outside_the_scale():
    with pytest.raises(ValueError, match="1-4"):
        weighted_kappa([(0, 3)])


def test_within_one_everywhere_needs_every_criterion_scored():
    assert within_one_everywhere([0, 1, -1])
    assert not within_one_everywhere([0, 2])
    assert not within_one_everywhere([0, None])
    assert not within_one_everywhere([])
