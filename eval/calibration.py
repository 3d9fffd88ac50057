"""How often an answer's first citation is the right provision, at each confidence the answers
gave (answer/confidence.py): the per-set block of metrics.json. The untouched sets pooled, with
intervals, are in eval/pooled.py. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from answer.records import CONFIDENCE_LEVELS


def by_confidence(rated: Iterable[tuple[str | None, bool | None]]) -> dict[str, dict[str, Any]]:
    """From (confidence, first citation right) per answered question: per confidence given, how
    many, and the share whose first citation matched a gold entry; levels no answer gave are left
    out, and so are answers without a confidence or a citation."""
    pairs = [(level, right) for level, right in rated if level is not None and right is not None]
    out = {}
    for level in CONFIDENCE_LEVELS:
        rights = [right for given, right in pairs if given == level]
        if rights:
            out[level] = {"n": len(rights), "lead_right": round(sum(rights) / len(rights), 4)}
    return out
