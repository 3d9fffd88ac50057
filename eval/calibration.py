"""How often an answer's first citation is the right provision, at each confidence the answers
gave (answer/confidence.py): the per-set block of metrics.json. The untouched sets pooled, with
intervals, are in eval/pooled.py. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from answer.records import CONFIDENCE_LEVELS


def rights_by_level(rated: Iterable[tuple[str | None, bool | None]]) -> dict[str, list[bool]]:
    """From (confidence, first citation right) per answered question: for every confidence level,
    whether each answer given it cited the right provision first (answers without a confidence or
    a citation left out)."""
    pairs = [(level, right) for level, right in rated if level is not None and right is not None]
    return {level: [right for given, right in pairs if given == level] for level in CONFIDENCE_LEVELS}


def by_confidence(rated: Iterable[tuple[str | None, bool | None]]) -> dict[str, dict[str, Any]]:
    """Per confidence given: how many answers, and the share whose first citation matched a gold
    entry; levels no answer gave are left out."""
    return {level: {"n": len(rights), "lead_right": round(sum(rights) / len(rights), 4)}
            for level, rights in rights_by_level(rated).items() if rights}
