"""Paired bootstrap over questions: is B's metric different from A's, beyond which questions
happen to be in the set? Pure: the random generator is seeded.

Each question contributes a value in A and in B (None where the metric does not apply, e.g.
citation precision on an abstention). A resample draws questions with replacement; the metric
of each side is the mean over the drawn questions where it applies. The 95% interval is the
2.5th to 97.5th percentile of B − A over the resamples.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Delta:
    a: float | None
    b: float | None
    delta: float | None
    low: float | None
    high: float | None
    n: int  # questions where the metric applies on both sides

    @property
    def significant(self) -> bool:
        """The interval excludes 0."""
        return self.low is not None and self.high is not None and (self.low > 0 or self.high < 0)


def _mean(values: Sequence[float | None], idx: Sequence[int]) -> float | None:
    picked = [values[i] for i in idx if values[i] is not None]
    return sum(picked) / len(picked) if picked else None


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    pos = (len(sorted_values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def paired_bootstrap(a: Sequence[float | None], b: Sequence[float | None], resamples: int = 2000,
                     seed: int = 0, level: float = 0.95) -> Delta:
    """Means of A and B, B − A and its bootstrap interval; a[i] and b[i] are one question."""
    if len(a) != len(b):
        raise ValueError("a and b must hold the same questions")
    everyone = range(len(a))
    mean_a, mean_b = _mean(a, everyone), _mean(b, everyone)
    n = sum(1 for x, y in zip(a, b, strict=True) if x is not None and y is not None)
    if mean_a is None or mean_b is None:
        return Delta(mean_a, mean_b, None, None, None, n)
    rng = random.Random(seed)
    deltas = []
    for _ in range(resamples):
        idx = [rng.randrange(len(a)) for _ in everyone]
        da, db = _mean(a, idx), _mean(b, idx)
        if da is not None and db is not None:
            deltas.append(db - da)
    deltas.sort()
    tail = (1 - level) / 2
    low, high = (_percentile(deltas, tail), _percentile(deltas, 1 - tail)) if deltas else (None, None)
    return Delta(mean_a, mean_b, mean_b - mean_a, low, high, n)


@dataclass(frozen=True)
class Interval:
    mean: float | None
    low: float | None
    high: float | None
    n: int  # questions where the metric applies


def mean_interval(values: Sequence[float | None], resamples: int = 2000, seed: int = 0,
                  level: float = 0.95) -> Interval:
    """The mean of the values that apply (not None) and its bootstrap interval over questions."""
    everyone = range(len(values))
    mean = _mean(values, everyone)
    n = sum(1 for v in values if v is not None)
    if mean is None:
        return Interval(None, None, None, 0)
    rng = random.Random(seed)
    means = sorted(m for m in (_mean(values, [rng.randrange(len(values)) for _ in everyone])
                               for _ in range(resamples)) if m is not None)
    tail = (1 - level) / 2
    return Interval(mean, _percentile(means, tail), _percentile(means, 1 - tail), n)
