"""Search at scale: synthetic indexes of N passages, flat against HNSW.

The corpus's passages are replicated and perturbed up to N. Each copy's vector is the real
passage vector plus Gaussian noise, renormalised (cosine to the original about 0.8 by default).
By default (`noise="corpus"`) the noise has the covariance of the real vectors themselves: a
copy moves along the directions in which real passages differ from one another, so copies of
different passages interleave as distinct real passages would. Isotropic noise
(`noise="isotropic"`) instead makes every passage a tight ball of hundreds of near-duplicates
whose order is decided by random noise spread over all 384 dimensions: the flat top-10 then
comes from one or two source passages with near-tied scores, recall@10 measures how well HNSW
sorts random noise: a worst case, kept as an option (see the README). Each copy's
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
from index.store import HnswConfig, LoadedIndex, dense_index, dense_index_bytes
from index.tokenize import tokenize
from search.dense import embed_query

NOISE_KINDS = ("corpus", "isotropic")
DEFAULT_NOISE_COS = 0.8


def vector_origin(noise: str = "corpus", noise_cos: float = DEFAULT_NOISE_COS) -> str:
    """How the synthetic vectors were made, for the report."""
    shape = ("shaped by the real vectors' covariance" if noise == "corpus"
             else "isotropic over all dimensions")
    return (f"synthetic: real corpus vectors replicated + Gaussian noise {shape} "
            f"(cos ~{noise_cos:g} to the original), renormalised")


VECTOR_ORIGIN = vector_origin()


@dataclass
class IndexResult:
    name: str  # "flat" or "hnsw ef=128"
    build_s: float
    memory_mb: float
    dense_ms: list[float]
    total_ms: list[float]  # query embedding + dense + keyword
    recall_at_10: float | None = None  # against flat; None for flat itself
    index_mb: float | None = None  # vectors (+ graph for HNSW) held by the index

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
    # what makes recall@10 hard: how many distinct source passages the exact top-10 comes
    # from, and the median score gap between the 10th and the 11th exact hit
    top10_sources: float | None = None
    gap_10_11: float | None = None
    hnsw: HnswConfig | None = None


def rss_mb() -> float:
    """Resident memory of this process in MiB (Linux /proc)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _noise_basis(base: np.ndarray, noise: str) -> np.ndarray:
    """A (dim, dim) matrix B such that g @ B, for standard normal g, is noise of total variance 1:
    shaped like the base vectors' covariance ("corpus") or the same in every direction."""
    dim = base.shape[1]
    if noise == "isotropic":
        return np.eye(dim, dtype=np.float32) / np.sqrt(dim)
    if noise != "corpus":
        raise ValueError(f"noise must be one of {', '.join(NOISE_KINDS)}, not {noise!r}")
    centred = base.astype(np.float64) - base.mean(axis=0)
    eigval, eigvec = np.linalg.eigh(centred.T @ centred / max(len(base), 1))
    eigval = np.clip(eigval, 0.0, None)
    if eigval.sum() <= 0:  # a single distinct vector: no spread to copy, fall back to isotropic
        return np.eye(dim, dtype=np.float32) / np.sqrt(dim)
    return ((eigvec * np.sqrt(eigval / eigval.sum())).T).astype(np.float32)


def synthetic_vectors(base: np.ndarray, size: int, seed: int = 0, noise_cos: float = DEFAULT_NOISE_COS,
                      chunk: int = 50_000, noise: str = "corpus") -> np.ndarray:
    """`size` unit vectors: base rows cycled, each plus Gaussian noise so its cosine to the row
    is ~noise_cos. `noise` "corpus" shapes the noise like the base vectors' own covariance."""
    if not 0 < noise_cos < 1:
        raise ValueError(f"noise_cos must be between 0 and 1 (exclusive), not {noise_cos}")
    rng = np.random.default_rng(seed)
    n, dim = base.shape
    basis = _noise_basis(base, noise)
    # for unit b and noise e with E|e|^2 = s^2: cos(b, b+e) ~ 1/sqrt(1+s^2)
    s = float(np.sqrt(1 / noise_cos**2 - 1))
    out = np.empty((size, dim), dtype=np.float32)
    for start in range(0, size, chunk):
        rows = np.arange(start, min(size, start + chunk)) % n
        block = base[rows] + (rng.standard_normal((len(rows), dim), dtype=np.float32) @ basis) * s
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
               ef_search: Sequence[int] = (128, 256), hnsw: HnswConfig | None = None,
               log: Callable[[str], None] = print, noise: str = "corpus",
               noise_cos: float = DEFAULT_NOISE_COS) -> SizeResult:
    """Build flat and HNSW (searched at each ef_search) over `size` synthetic passages and time
    queries one at a time, as the service runs them."""
    hnsw = hnsw or HnswConfig.from_settings()
    base = np.vstack([index.dense.reconstruct(i) for i in range(index.dense.ntotal)]).astype(np.float32)
    log(f"  {size:,}: generating vectors ({noise} noise, cos ~{noise_cos:g}) and tokens")
    vectors = synthetic_vectors(base, size, noise_cos=noise_cos, noise=noise)
    tokens = synthetic_tokens([tokenize(p.embed_text) for p in index.passages], size)

    log(f"  {size:,}: building BM25")
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

    result = SizeResult(size, kw_build, kw_mem, kw_ms, embed_ms, vectors=vector_origin(noise, noise_cos),
                        hnsw=hnsw)
    exact = None
    configs: list[tuple[str, int | None]] = [("flat", None)] + [(f"hnsw ef={ef}", ef) for ef in ef_search]
    built_hnsw = None
    hnsw_build, hnsw_mem = 0.0, 0.0
    for name, ef in configs:
        if ef is None or built_hnsw is None:
            what = "flat" if ef is None else f"HNSW (M={hnsw.m}, efConstruction={hnsw.ef_construction})"
            log(f"  {size:,}: building {what}")
            before = rss_mb()
            t0 = time.perf_counter()
            threshold = size + 1 if ef is None else 0
            dense, _ = dense_index(vectors, HnswConfig(threshold, hnsw.m, hnsw.ef_construction, ef or 16))
            build_s, mem = time.perf_counter() - t0, rss_mb() - before
            if ef is not None:
                built_hnsw, hnsw_build, hnsw_mem = dense, build_s, mem
            log(f"  {size:,}: built in {build_s:.1f} s")
        else:
            dense, build_s, mem = built_hnsw, hnsw_build, hnsw_mem
        if ef is not None:
            dense.hnsw.efSearch = ef
        k = 11 if ef is None else 10  # the 11th exact hit measures near-ties at the cut
        dense.search(qmat[:1], k)  # warm up
        dense_ms, total_ms, found, scores = [], [], [], []
        for qi, q in enumerate(qmat):
            t0 = time.perf_counter()
            dist, ids = dense.search(q.reshape(1, -1), k)
            d_ms = (time.perf_counter() - t0) * 1000
            dense_ms.append(d_ms)
            total_ms.append(embed_ms[qi] + d_ms + kw_ms[qi])
            found.append(ids[0][:10])
            scores.append(dist[0])
        found_arr = np.vstack(found)
        index_mb = dense_index_bytes(dense) / 2**20
        if ef is None:
            exact = found_arr
            result.top10_sources = float(np.median([len(set(row % len(base))) for row in exact]))
            result.gap_10_11 = float(np.median([sc[9] - sc[10] for sc in scores]))
            del dense
            gc.collect()
        result.indexes.append(IndexResult(name, build_s, mem, dense_ms, total_ms,
                                          None if ef is None else _recall(found_arr, exact), index_mb))
    del built_hnsw, vectors, keyword
    gc.collect()
    return result


def report_rows(results: Sequence[SizeResult]) -> list[list[str]]:
    """Table rows: size, index, build, memory, dense and total latency, recall, ratios to flat.
    Memory is what the index holds (vectors, plus the graph for HNSW) and the process's RSS growth
    while building it; the memory ratio is on the former when known."""
    def f(x: float | None, d: int = 1) -> str:
        return "-" if x is None else f"{x:.{d}f}"

    def mem(ix: IndexResult) -> float:
        return ix.memory_mb if ix.index_mb is None else ix.index_mb

    rows = []
    for r in results:
        flat = r.indexes[0]
        for ix in r.indexes:
            ratio = (f"{ix.p('dense_ms', 50) / flat.p('dense_ms', 50):.2f}x / "
                     f"{ix.build_s / flat.build_s:.1f}x / {mem(ix) / max(mem(flat), 1e-9):.2f}x")
            memory = f(ix.memory_mb, 0) if ix.index_mb is None else f"{ix.index_mb:.0f} / +{ix.memory_mb:.0f}"
            rows.append([f"{r.size:,}", ix.name, f(ix.build_s), memory,
                         f"{f(ix.p('dense_ms', 50), 2)} / {f(ix.p('dense_ms', 95), 2)}",
                         f"{f(ix.p('total_ms', 50))} / {f(ix.p('total_ms', 95))}",
                         f(ix.recall_at_10, 3), "1" if ix is flat else ratio])
        rows.append([f"{r.size:,}", "bm25 (keyword)", f(r.keyword_build_s), f"- / +{r.keyword_memory_mb:.0f}",
                     f"{f(percentile(r.keyword_ms, 50), 2)} / {f(percentile(r.keyword_ms, 95), 2)}",
                     f"embed {f(percentile(r.embed_ms, 50))} / {f(percentile(r.embed_ms, 95))}", "-", "-"])
    return rows


def report_notes(results: Sequence[SizeResult]) -> list[str]:
    """One line per size: the HNSW parameters and how hard the exact top-10 is to reproduce."""
    out = []
    for r in results:
        h = r.hnsw
        params = "" if h is None else f"HNSW M={h.m}, efConstruction={h.ef_construction}; "
        sources = "-" if r.top10_sources is None else f"{r.top10_sources:g}"
        gap = "-" if r.gap_10_11 is None else f"{r.gap_10_11:.4f}"
        out.append(f"{r.size:,}: {params}exact top-10 drawn from a median of {sources} source passages, "
                   f"median score gap 10th-11th hit {gap}; vectors {r.vectors}")
    return out


REPORT_HEADER = ["passages", "index", "build s", "index MiB / RSS +MiB", "search p50/p95 ms",
                 "total p50/p95 ms", "recall@10 vs flat", "vs flat: latency / build / memory"]
