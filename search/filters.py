"""Filters on what a search may return, and the error for a value the index does not hold."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ingest.records import Passage

_FIELDS = (("doc_id", "doc id"), ("language", "language"), ("jurisdiction", "jurisdiction"), ("kind", "kind"))


class FilterError(ValueError):
    """A filter value the index does not hold; `field` names the filter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Filters:
    doc_id: str | None = None
    language: str | None = None
    jurisdiction: str | None = None
    kind: str | None = None

    def allows(self, p: Passage) -> bool:
        return all(want is None or getattr(p, attr) == want
                   for attr, want in (("doc_id", self.doc_id), ("language", self.language),
                                      ("jurisdiction", self.jurisdiction), ("kind", self.kind)))

    def check(self, held: Mapping[str, Sequence[str]]) -> None:
        """A filter value the index does not hold (`held`: field -> its values) is a mistake, not
        an empty result."""
        for attr, label in _FIELDS:
            want = getattr(self, attr)
            if want is None:
                continue
            known = held[attr]
            if want not in known:
                raise FilterError(attr, f"unknown {label} filter {want!r}; "
                                        f"the index holds: {', '.join(known)}")


def held_values(passages: Sequence[Passage]) -> dict[str, list[str]]:
    """Per filter field, the values the passages hold, sorted."""
    return {attr: sorted({getattr(p, attr) for p in passages}) for attr, _ in _FIELDS}
