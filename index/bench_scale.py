"""Search at scale: synthetic indexes of N passages, flat against HNSW.

The corpus's passages are replicated and perturbed up to N: each copy's vector is the real
passage vector plus Gaussian noise (cosine to the original about 0.9), renormalised, and its
keyword tokens are the real ones with a share dropped at random. The vectors are therefore
synthetic (recorded as such in the report); the queries are real: real passage snippets,
shortened, embedded with the real model, so query embedding is part of the measured latency.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import bm25s
import numpy as np

from eval.scoring import percentile
from index.embedder import Embedder
from index.search import embed_query
from index.store import HnswConfig, LoadedIndex, dense_index
from index.tokenize import tokenize

VECTOR_ORIGIN = "synthetic: real corpus vectors + Gaussian noise (cos ~0.9 to the original)"


@dataclass
class IndexResult:
    name: str  # "flat" or "hnsw ef=128"
    build_s: float
    memory_mb: float
    dense_ms: list[float]
    total_ms: list[float]  # query embedding + dense + keyword
    recall_at_10: float | None = None  # against flat; None for flat itself

    def p(self, which: str, q: float) -> float | None:
        return percentile(getattr(self, which), q)


@dataclass
class SizeResult:
    size: int
    keyword_build_s: float
    keyword_memory_mb: float
    keyword_ms: list[float]
    embed_ms: list[float]
    indexes: list[IndexResult] = field(default_factory=list)
    vectors: str = VECTOR_ORIGIN


def rss_mb() -> float:
    """Resident memory of this process in MiB (Linux /proc)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def synthetic_vectors(base: np.ndarray, size: int, seed: int = 0, noise_cos: float = 0.9,
                      chunk: int = 50_000) -> np.ndarray:
    """`size` unit vectors: base rows cycled, each plus noise so its cosine to the row is ~noise_cos."""
    rng = np.random.default_rng(seed)
    n, dim = base.shape
    # for unit b and noise e with |e| = s: cos(b, b+e) ~ 1/sqrt(1+s^2)
    s = float(np.sqrt(1 / noise_cos**2 - 1))
    out = np.empty((size, dim), dtype=np.float32)
    for start in range(0, size, chunk):
        rows = np.arange(start, min(size, start + chunk)) % n
        block = base[rows] + rng.standard_normal((len(rows), dim), dtype=np.float32) * (s / np.sqrt(dim))
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start : start + len(rows)] = block
    return out


def synthetic_tokens(base: Sequence[list[str]], size: int, drop: float = 0.2,
                     seed: int = 0) -> list[list[str]]:
    """`size` token lists: base lists cycled, each with about `drop` of its tokens removed."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(size):
        toks = base[i % len(base)]
        keep = rng.random(len(toks)) >= drop
        out.append([t for t, k in zip(toks, keep, strict=True) if k] or toks[:1])
    return out


def query_texts(index: LoadedIndex, n: int, seed: int = 1) -> list[str]:
    """Real query-like texts: a shortened snippet (first 6-14 words / 12-30 characters)."""
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(index.passages), size=min(n, len(index.passages)), replace=False)
    out = []
    for i in picks:
        p = index.passages[int(i)]
        if p.language == "ja":
            out.append(p.text[: int(rng.integers(12, 31))])
        else:
            out.append(" ".join(p.text.split()[: int(rng.integers(6, 15))]))
    return out


def _recall(approx: np.ndarray, exact: np.ndarray) -> float:
    return float(np.mean([len(set(a) & set(e)) / len(e) for a, e in zip(approx, exact, strict=True)]))


def bench_size(index: LoadedIndex, embedder: Embedder, size: int, queries: list[str],
               ef_search: Sequence[int] = (64, 128), hnsw: HnswConfig | None = None,
               log: Callable[[str], None] = print) -> SizeResult:
    """Build flat and HNSW (one per ef_search) over `size` synthetic passages and time queries."""
    hnsw = hnsw or HnswConfig.from_settings()
    base = np.vstack([index.dense.reconstruct(i) for i in range(index.dense.ntotal)]).astype(np.float32)
    log(f"  {size:,}: generating vectors and tokens")
    vectors = synthetic_vectors(base, size)
    tokens = synthetic_tokens([tokenize(p.embed_text) for p in index.passages], size)

    before = rss_mb()
    t0 = time.perf_counter()
    keyword = bm25s.BM25()
    keyword.index(tokens, show_progress=False)
    kw_build = time.perf_counter() - t0
    del tokens
    gc.collect()
    kw_mem = rss_mb() - before

    embed_ms, qvecs = [], []
    for text in queries:
        t0 = time.perf_counter()
        qvecs.append(embed_query(embedder, text))
        embed_ms.append((time.perf_counter() - t0) * 1000)
    qmat = np.vstack(qvecs).astype(np.float32)
    kw_ms = []
    for text in queries:
        t0 = time.perf_counter()
        keyword.get_scores(tokenize(text))
        kw_ms.append((time.perf_counter() - t0) * 1000)

    result = SizeResult(size, kw_build, kw_mem, kw_ms, embed_ms)
    exact = None
    configs: list[tuple[str, int | None]] = [("flat", None)] + [(f"hnsw ef={ef}", ef) for ef in ef_search]
    built_hnsw = None
    hnsw_build, hnsw_mem = 0.0, 0.0
    for name, ef in configs:
        if ef is None or built_hnsw is None:
            log(f"  {size:,}: building {'flat' if ef is None else 'HNSW'}")
            before = rss_mb()
            t0 = time.perf_counter()
            threshold = size + 1 if ef is None else 0
            dense, _ = dense_index(vectors, HnswConfig(threshold, hnsw.m, hnsw.ef_construction, ef or 16))
            build_s, mem = time.perf_counter() - t0, rss_mb() - before
            if ef is not None:
                built_hnsw, hnsw_build, hnsw_mem = dense, build_s, mem
        else:
            dense, build_s, mem = built_hnsw, hnsw_build, hnsw_mem
        if ef is not None:
            dense.hnsw.efSearch = ef
        dense_ms, total_ms, found = [], [], []
        for qi, q in enumerate(qmat):
            t0 = time.perf_counter()
            _, ids = dense.search(q.reshape(1, -1), 10)
            d_ms = (time.perf_counter() - t0) * 1000
            dense_ms.append(d_ms)
            total_ms.append(embed_ms[qi] + d_ms + kw_ms[qi])
            found.append(ids[0])
        found_arr = np.vstack(found)
        if ef is None:
            exact = found_arr
            del dense
            gc.collect()
        result.indexes.append(IndexResult(name, build_s, mem, dense_ms, total_ms,
                                          None if ef is None else _recall(found_arr, exact)))
    del built_hnsw, vectors, keyword
    gc.collect()
    return result


def report_rows(results: Sequence[SizeResult]) -> list[list[str]]:
    """Table rows: size, index, build, memory, dense and total latency, recall, ratios to flat."""
    def f(x: float | None, d: int = 1) -> str:
        return "-" if x is None else f"{x:.{d}f}"

    rows = []
    for r in results:
        flat = r.indexes[0]
        for ix in r.indexes:
            ratio = (f"{ix.p('dense_ms', 50) / flat.p('dense_ms', 50):.2f}x / "
                     f"{ix.build_s / flat.build_s:.1f}x / {ix.memory_mb / max(flat.memory_mb, 1e-9):.2f}x")
            rows.append([f"{r.size:,}", ix.name, f(ix.build_s), f(ix.memory_mb, 0),
                         f"{f(ix.p('dense_ms', 50), 2)} / {f(ix.p('dense_ms', 95), 2)}",
                         f"{f(ix.p('total_ms', 50))} / {f(ix.p('total_ms', 95))}",
                         f(ix.recall_at_10, 3), "1" if ix is flat else ratio])
        rows.append([f"{r.size:,}", "bm25 (keyword)", f(r.keyword_build_s), f(r.keyword_memory_mb, 0),
                     f"{f(percentile(r.keyword_ms, 50), 2)} / {f(percentile(r.keyword_ms, 95), 2)}",
                     f"embed {f(percentile(r.embed_ms, 50))} / {f(percentile(r.embed_ms, 95))}", "-", "-"])
    return rows


REPORT_HEADER = ["passages", "index", "build s", "memory MiB", "search p50/p95 ms",
                 "total p50/p95 ms", "recall@10 vs flat", "vs flat: latency / build / memory"]
