"""Optional reranking stage: a cross-encoder reorders the top fused candidates.

Off by default (REGQA_RERANKER empty). A configured model is loaded offline only, like the
embedder (an installed model package, a folder, or a hub id already cached); when it cannot be
loaded, search goes on without reranking and one warning line says why.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import Protocol

log = logging.getLogger("regqa.rerank")


class Reranker(Protocol):
    name: str

    def scores(self, query: str, texts: Sequence[str]) -> list[float]:
        """Relevance of each text to the query (higher is better)."""
        ...


class CrossEncoderReranker:
    """A sentence-transformers CrossEncoder on the CPU, loaded without network access."""

    def __init__(self, name: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import CrossEncoder

        from index.embedder import resolve_model_path

        self.name = name
        self._model = CrossEncoder(resolve_model_path(name), device="cpu", local_files_only=True)

    def scores(self, query: str, texts: Sequence[str]) -> list[float]:
        if not texts:
            return []
        return [float(s) for s in self._model.predict([(query, t) for t in texts],
                                                      show_progress_bar=False)]


def load_reranker(name: str | None) -> Reranker | None:
    """The configured reranker, or None (reranking off) with a log line saying why."""
    if not name:
        log.info("reranker: off (REGQA_RERANKER is not set)")
        return None
    try:
        reranker = CrossEncoderReranker(name)
    except Exception as exc:  # noqa: BLE001 - any load failure turns the stage off, loudly
        log.warning("reranker: off: cannot load cross-encoder %r offline (%s); install the model "
                    "package or set REGQA_RERANKER to a local folder", name, exc)
        return None
    log.info("reranker: %s", name)
    return reranker


def rerank_order(scores: Sequence[float]) -> list[int]:
    """Positions of candidates best first by reranker score; ties keep the fused order. Pure."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))
