"""Reciprocal rank fusion of several rankings. Pure."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[int]], k: int = 60, weights: Sequence[float] | None = None
) -> list[tuple[int, float]]:
    """Fuse ranked id lists: score(d) = sum_i w_i / (k + rank_i(d)), ranks 1-based.

    Returns (id, score) best first; ties keep the order of first appearance.
    """
    weights = weights or [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError("one weight per ranking")
    scores: dict[int, float] = {}
    for ranking, w in zip(rankings, weights, strict=True):
        for rank, doc in enumerate(ranking, 1):
            scores[doc] = scores.get(doc, 0.0) + w / (k + rank)
    order = {doc: i for i, doc in enumerate(scores)}
    return sorted(scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))


def ranking_firsts(rankings: Mapping[str, Sequence[Hashable]]) -> dict[Hashable, tuple[str, ...]]:
    """For each id some ranking puts first, the names of those rankings, in their order."""
    out: dict[Hashable, tuple[str, ...]] = {}
    for name, ranking in rankings.items():
        if ranking:
            out[ranking[0]] = (*out.get(ranking[0], ()), name)
    return out


def first_kept(scores: Mapping[Hashable, float], base: Mapping[Hashable, float]) -> dict[Hashable, float]:
    """`scores` with the id `base` ranks first raised to first place (just above the best score),
    the others as they were: a ranking that `scores` adds to `base` reorders what follows the
    first but does not choose it."""
    out = dict(scores)
    if base:
        first = max(base, key=lambda k: base[k])
        out[first] = max(out.values(), default=0.0) + 1e-9
    return out
