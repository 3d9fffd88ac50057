"""A build big enough to be caught mid-write (the fault tests kill it, or fill its disk): the
widget passages repeated as `n` distinct invented passages with random unit vectors, written by
the same writer as every build (index/store.py `write_index`).

    python tests/slow_build.py INDEX_ROOT N             # FAISS: a new live build
    python tests/slow_build.py INDEX_ROOT N --publish URL  # then publish it to PostgreSQL
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def synthetic_build(root: Path, n: int, dim: int = 64) -> Path:
    from widget_index import FIXTURES, widget_sources

    from index.store import HnswConfig, write_index
    from index.tokenize import tokenize
    from ingest.pipeline import ingest_source

    base = []
    for source in widget_sources():
        base.extend(ingest_source(source, FIXTURES / source.file).passages)
    passages = [replace(p, path=f"art-{i}/para-1", passage_id=f"{p.doc_id}:{p.language}:art-{i}/para-1")
                for i, p in ((i, base[i % len(base)]) for i in range(n))]
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    tokens = [tokenize(p.text) for p in passages]
    meta = {"model": "fake-hash-embedder", "sources": {}, "tokenizer": "en-snowball+ja-bigram",
            "documents": {}}
    return write_index(root, passages, vectors, tokens, meta, hnsw=HnswConfig(threshold=10**9))


if __name__ == "__main__":
    build = synthetic_build(Path(sys.argv[1]), int(sys.argv[2]))
    print(build, flush=True)
    if len(sys.argv) > 4 and sys.argv[3] == "--publish":
        from index.stores.postgres_store import PostgresStore

        print(PostgresStore(sys.argv[4], Path(sys.argv[1]).parent / "pgcache").publish(build), flush=True)
