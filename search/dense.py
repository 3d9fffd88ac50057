"""The dense ranking: the query's vector against the index store's dense side (`index.dense`: the
FAISS index, or the PostgreSQL store's pgvector table, index/stores/), and the bridge vector that
stands in for a question the embedder cannot read."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import numpy as np

from index.embedder import Embedder
from index.store import LoadedIndex
from search.keyword import Ranking
from search.provisions import Key, ProvisionTable


def embed_query(embedder: Embedder, text: str) -> np.ndarray:
    """One query's vector, computed on one torch thread: for a single short text, more threads
    only add synchronisation, and on a busy 2-core machine they cost ~400 ms instead of ~10 ms."""
    torch = sys.modules.get("torch")
    if torch is None:
        return embedder.embed([text])[0]
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return embedder.embed([text])[0]
    finally:
        torch.set_num_threads(threads)


def dense_ranking(index: LoadedIndex, query_vec: np.ndarray, n: int) -> Ranking:
    """The `n` nearest passages by inner product, from whichever store holds the vectors."""
    scores, ids = index.dense.search(query_vec.reshape(1, -1), min(n, len(index.passages)))
    pairs = [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]
    return [i for i, _ in pairs], dict(pairs)


def bridge_vector(index: LoadedIndex, table: ProvisionTable, kw_ids: Sequence[int], top: int,
                  language: str) -> np.ndarray | None:
    """A dense query for a question the embedder cannot read (Japanese, for MiniLM): the mean
    vector of the `language` versions of the `top` best keyword-matched provisions."""
    keys: list[Key] = []
    for i in kw_ids:
        if table.key_of[i] not in keys:
            keys.append(table.key_of[i])
        if len(keys) == top:
            break
    rows = [table.by_key[key].get(language) for key in keys]
    vecs = [index.dense.reconstruct(i) for i in rows if i is not None]
    if not vecs:
        return None
    centroid = np.mean(vecs, axis=0)
    norm = float(np.linalg.norm(centroid))
    return (centroid / norm).astype(np.float32) if norm else None
