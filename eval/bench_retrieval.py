"""Retrieval benchmark: hit@k and MRR per search mode and question language, and search latency.

Scoring is eval/scoring.py's (FORMAT.md matching). The pure part (`summarize`) is separate
from the part that runs queries (`run_retrieval_bench`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from eval.benchmark import Question
from eval.scoring import hit_at_k, hit_matches, percentile, reciprocal_rank
from search.retrieval import Retrieval
from search.searcher import MODES

RETRIEVAL_KS = (1, 5, 10)


@dataclass
class ModeScores:
    """One mode on one group of questions."""

    n: int
    hit: dict[int, float]
    mrr: float


@dataclass
class RetrievalReport:
    modes: tuple[str, ...]
    # scores[mode][group] with group "all", "en", "ja"
    scores: dict[str, dict[str, ModeScores]]
    latency_ms: list[float] = field(default_factory=list)  # full search incl. query embedding
    passages: int = 0

    @property
    def p50(self) -> float | None:
        return percentile(self.latency_ms, 50)

    @property
    def p95(self) -> float | None:
        return percentile(self.latency_ms, 95)

    def to_dict(self) -> dict:
        return {
            "passages": self.passages,
            "latency_ms": {"p50": self.p50, "p95": self.p95, "n": len(self.latency_ms)},
            "modes": {m: {g: {"n": s.n, **{f"hit@{k}": round(v, 4) for k, v in s.hit.items()},
                              "mrr": round(s.mrr, 4)} for g, s in groups.items()}
                      for m, groups in self.scores.items()},
        }


def summarize(per_question: Sequence[tuple[str, Sequence[Sequence[int]]]],
              ks: Sequence[int] = RETRIEVAL_KS) -> dict[str, ModeScores]:
    """(language, rank_matches) per answerable question -> scores for all, en and ja."""
    out: dict[str, ModeScores] = {}
    for group in ("all", "en", "ja"):
        rows = [rm for lang, rm in per_question if group in ("all", lang)]
        if not rows:
            out[group] = ModeScores(0, dict.fromkeys(ks, 0.0), 0.0)
            continue
        out[group] = ModeScores(
            n=len(rows),
            hit={k: sum(hit_at_k(rm, k) for rm in rows) / len(rows) for k in ks},
            mrr=sum(reciprocal_rank(rm, max(ks)) for rm in rows) / len(rows),
        )
    return out


def run_retrieval_bench(
    searcher: Retrieval, questions: Sequence[Question], modes: Sequence[str] = MODES,
    k: int = 10, progress: Callable[[], None] | None = None,
) -> RetrievalReport:
    """Search every answerable question in every mode; latency is timed on the last mode."""
    answerable = [q for q in questions if q.answerable and q.gold]
    scores: dict[str, dict[str, ModeScores]] = {}
    latency: list[float] = []
    for mode in modes:
        rows = []
        for q in answerable:
            t0 = time.perf_counter()
            hits = searcher.search(q.question, k=k, mode=mode)
            if mode == modes[-1]:
                latency.append((time.perf_counter() - t0) * 1000.0)
            rows.append((q.lang, [hit_matches(h, q.gold) for h in hits]))
            if progress:
                progress()
        scores[mode] = summarize(rows)
    return RetrievalReport(tuple(modes), scores, latency, len(searcher.searcher.passages))


def misses(searcher: Retrieval, questions: Sequence[Question], mode: str = "hybrid+refs",
           k: int = 10) -> list[tuple[str, int | None, list[str]]]:
    """(question id, first gold rank or None, top-3 labels) for questions not at rank 1."""
    out = []
    for q in questions:
        if not (q.answerable and q.gold):
            continue
        hits = searcher.search(q.question, k=k, mode=mode)
        ranks = [r for r, h in enumerate(hits, 1) if hit_matches(h, q.gold)]
        if not ranks or ranks[0] > 1:
            out.append((q.id, ranks[0] if ranks else None,
                        [f"{h.passage.doc_id}:{h.passage.path}" for h in hits[:3]]))
    return out
