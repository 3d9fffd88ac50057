"""The one result type every retriever returns."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.records import Passage


@dataclass(frozen=True)
class Hit:
    """A passage found for a query, with its fused score and the per-retriever evidence."""

    passage: Passage
    score: float  # fused score (higher is better); comparable within one result list only
    rank: int  # 1-based
    dense: float | None = None  # cosine similarity of query and passage, when computed
    keyword: float | None = None  # BM25 score, when the keyword retriever found it
