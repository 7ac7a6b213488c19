"""How closely two raters agree on 1-4 rubric scores: exact, within one, weighted kappa.

Plain data in, plain data out. A pair is (score of rater A, score of rater B) for one
criterion of one session; pairs where either rater left the criterion unscored are left out
by the caller.

Cohen's weighted kappa compares the observed disagreement with the disagreement expected if
the two raters scored independently with the same overall habits (their marginals):

    kappa_w = 1 - sum(w_ij * O_ij) / sum(w_ij * E_ij)

with O the observed proportions of (i, j), E the product of the two raters' marginals, and
the disagreement weight of scores i and j either quadratic, w = (i - j)^2 / (k - 1)^2 (the
one this product reports: a 1 against a 4 is far worse than a 3 against a 4), or linear,
w = |i - j| / (k - 1). Kappa is 1 for perfect agreement, 0 for what chance gives, negative
below that, and undefined (None) when chance alone predicts no disagreement at all (both
raters always gave the same single score).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

SCORES = (1, 2, 3, 4)
Weighting = Literal["quadratic", "linear"]
Pair = tuple[int, int]


@dataclass(frozen=True)
class Agreement:
    pairs: int
    exact: float | None  # share of pairs with the same score
    within_one: float | None  # share of pairs at most one point apart

    @property
    def exact_percent(self) -> int | None:
        return None if self.exact is None else round(100 * self.exact)

    @property
    def within_one_percent(self) -> int | None:
        return None if self.within_one is None else round(100 * self.within_one)


def agreement(pairs: Sequence[Pair]) -> Agreement:
    """Exact and within-one agreement of these pairs (None for no pairs)."""
    if not pairs:
        return Agreement(pairs=0, exact=None, within_one=None)
    exact = sum(1 for a, b in pairs if a == b)
    near = sum(1 for a, b in pairs if abs(a - b) <= 1)
    return Agreement(pairs=len(pairs), exact=exact / len(pairs), within_one=near / len(pairs))


def _weight(i: int, j: int, weighting: Weighting) -> float:
    span = SCORES[-1] - SCORES[0]
    if weighting == "quadratic":
        return (i - j) ** 2 / span**2
    return abs(i - j) / span


def weighted_kappa(pairs: Sequence[Pair], *, weighting: Weighting = "quadratic") -> float | None:
    """Cohen's weighted kappa of these pairs on the 1-4 scale (None when undefined)."""
    for a, b in pairs:
        if a not in SCORES or b not in SCORES:
            raise ValueError(f"scores are 1-4, got {(a, b)}")
    n = len(pairs)
    if n == 0:
        return None
    rater_a = Counter(a for a, _ in pairs)
    rater_b = Counter(b for _, b in pairs)
    observed = sum(_weight(a, b, weighting) for a, b in pairs) / n
    expected = sum(
        _weight(i, j, weighting) * (rater_a[i] / n) * (rater_b[j] / n)
        for i in SCORES
        for j in SCORES
    )
    if expected == 0:
        return None
    return 1 - observed / expected


def within_one_everywhere(deviations: Sequence[int | None]) -> bool:
    """Whether every criterion was scored and lies within one point of the reference."""
    return bool(deviations) and all(d is not None and abs(d) <= 1 for d in deviations)
