"""`regqa bench search` at small sizes: how the synthetic vectors are made, the flat-vs-HNSW
run end to end on the widget index (real FAISS, fake embedder), and the HNSW settings."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner
from widget_index import build_widget_index

from core.settings import get_settings
from eval.bench_scale import bench_size, query_texts, report_notes, report_rows, synthetic_vectors
from index.store import HnswConfig, dense_index, dense_index_bytes, load_index


def _low_rank_base(n: int = 60, dim: int = 48, rank: int = 6, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    base = rng.standard_normal((n, rank)) @ rng.standard_normal((rank, dim))
    return (base / np.linalg.norm(base, axis=1, keepdims=True)).astype(np.float32)


def _off_span(vectors: np.ndarray, base: np.ndarray) -> float:
    """Mean norm of the part of each vector outside the span of the base vectors."""
    u, sv, _ = np.linalg.svd(base.T.astype(np.float64), full_matrices=False)
    q = u[:, sv > 1e-6 * sv[0]]
    rest = vectors - (vectors @ q) @ q.T
    return float(np.linalg.norm(rest, axis=1).mean())


def test_corpus_noise_moves_copies_only_where_real_vectors_differ():
    base = _low_rank_base()
    corpus = synthetic_vectors(base, 2000, noise_cos=0.8, noise="corpus")
    iso = synthetic_vectors(base, 2000, noise_cos=0.8, noise="isotropic")
    for vecs in (corpus, iso):
        assert vecs.shape == (2000, 48) and vecs.dtype == np.float32
        assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
        cos = np.sum(vecs * base[np.arange(2000) % len(base)], axis=1)
        assert 0.7 < float(cos.mean()) < 0.9
    assert _off_span(corpus, base) < 1e-3  # stays in the corpus's own subspace
    assert _off_span(iso, base) > 0.3  # spreads over every dimension
    assert np.array_equal(corpus, synthetic_vectors(base, 2000, noise_cos=0.8))  # seeded, corpus default


def test_synthetic_vectors_reject_bad_parameters():
    base = _low_rank_base()
    with pytest.raises(ValueError, match="noise must be one of corpus, isotropic"):
        synthetic_vectors(base, 10, noise="gaussian")
    with pytest.raises(ValueError, match="noise_cos must be between 0 and 1"):
        synthetic_vectors(base, 10, noise_cos=1.0)


def test_index_bytes_count_vectors_and_graph():
    vecs = synthetic_vectors(_low_rank_base(), 1500)
    flat, _ = dense_index(vecs, HnswConfig(threshold=10_000))
    hnsw, meta = dense_index(vecs, HnswConfig(threshold=1, m=8, ef_construction=40, ef_search=20))
    assert dense_index_bytes(flat) == 1500 * 48 * 4
    assert dense_index_bytes(hnsw) > dense_index_bytes(flat) + 1500 * 8 * 4  # at least M links a node
    assert meta["hnsw"] == {"m": 8, "ef_construction": 40, "ef_search": 20}


def test_hnsw_settings_include_ef_construction(monkeypatch):
    monkeypatch.setenv("REGQA_HNSW_M", "24")
    monkeypatch.setenv("REGQA_HNSW_EF_CONSTRUCTION", "300")
    monkeypatch.setenv("REGQA_HNSW_EF_SEARCH", "64")
    get_settings.cache_clear()
    try:
        cfg = HnswConfig.from_settings()
    finally:
        get_settings.cache_clear()
    assert (cfg.m, cfg.ef_construction, cfg.ef_search) == (24, 300, 64)


def test_bench_size_compares_hnsw_with_flat(tmp_path, fake_embedder):
    build_widget_index(tmp_path / "index", fake_embedder)
    index = load_index(tmp_path / "index")
    texts = query_texts(index, 12)
    logs: list[str] = []
    r = bench_size(index, fake_embedder, 2000, texts, ef_search=(16, 64),
                   hnsw=HnswConfig(threshold=0, m=16, ef_construction=100, ef_search=64), log=logs.append)
    assert [ix.name for ix in r.indexes] == ["flat", "hnsw ef=16", "hnsw ef=64"]
    flat, low, high = r.indexes
    assert flat.recall_at_10 is None and 0.0 <= low.recall_at_10 <= high.recall_at_10 <= 1.0
    assert high.recall_at_10 >= 0.9
    assert flat.index_mb == pytest.approx(2000 * fake_embedder.dim * 4 / 2**20)
    assert high.index_mb > flat.index_mb
    assert len(flat.dense_ms) == len(texts) and all(t >= d for t, d in zip(high.total_ms, high.dense_ms,
                                                                            strict=True))
    assert 1 <= r.top10_sources <= 10 and r.gap_10_11 >= 0
    assert "covariance" in r.vectors and any("HNSW (M=16, efConstruction=100)" in m for m in logs)
    rows = report_rows([r])
    assert [row[1] for row in rows] == ["flat", "hnsw ef=16", "hnsw ef=64", "bm25 (keyword)"]
    assert rows[2][6] == f"{high.recall_at_10:.3f}"
    note = report_notes([r])[0]
    assert note.startswith("2,000: HNSW M=16, efConstruction=100;") and "source passages" in note


def test_cli_rejects_an_unknown_noise_kind():
    from cli.main import app

    result = CliRunner().invoke(app, ["bench", "search", "--noise", "uniform"])
    assert result.exit_code == 2
    assert "--noise must be one of corpus, isotropic" in result.output
