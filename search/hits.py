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
    # the embedder's cosine similarity of query and passage, when computed (not for a question in a
    # language it cannot read that the reach model ranked: index/reach.py)
    dense: float | None = None
    keyword: float | None = None  # BM25 score, when the keyword retriever found it
    # the rankings that put this provision first: "dense" (the meaning: MiniLM or the reach
    # model), "bm25" (the keywords), "named" (the question cites it by number); two independent
    # rankings agreeing on the first hit is the answer's confidence (answer/confidence.py)
    firsts: tuple[str, ...] = ()
