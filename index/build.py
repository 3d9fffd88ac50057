"""Embed passages and write a new live index."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from corpus.manifest import Source
from index.cited_captions import CitedCaptions, keyword_text
from index.embedder import Embedder
from index.store import write_index
from index.tokenize import tokenize
from ingest.records import Passage

CODE_VERSION = "0.1.0"


def embed_passages(
    passages: list[Passage], embedder: Embedder, batch: int = 64,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """Vectors of every passage's embed_text, in batches so a progress bar can advance."""
    parts = []
    for start in range(0, len(passages), batch):
        chunk = passages[start : start + batch]
        parts.append(embedder.embed([p.embed_text for p in chunk]))
        if progress:
            progress(len(chunk))
    if not parts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.vstack(parts)


def documents_meta(sources: list[Source]) -> dict[str, dict]:
    """Per document: jurisdiction, kind and every name it goes by, for query analysis."""
    docs: dict[str, dict] = {}
    for s in sources:
        doc = docs.setdefault(s.doc_id, {"jurisdiction": s.jurisdiction, "kind": s.kind,
                                         "aliases": [], "titles": {}})
        doc["titles"][s.language] = s.title
        for name in (s.short_title, *s.aliases):
            if name not in doc["aliases"]:
                doc["aliases"].append(name)
    return docs


def build_index(
    passages: list[Passage], embedder: Embedder | None, root: Path, sources: dict[str, str],
    progress: Callable[[int], None] | None = None, documents: dict[str, dict] | None = None,
    *, vectors: np.ndarray | None = None, model: str | None = None, extra_meta: dict | None = None,
    encoder: Path | None = None, extra_files: dict[str, bytes] | None = None,
) -> Path:
    """Embed, tokenize and write; returns the new live build directory.

    `sources` maps each ingested source key to its sha256, recorded in the manifest;
    `documents` is `documents_meta(...)` of the ingested sources. Incremental builds
    (index/rebuild.py) pass `vectors` already computed (cached or fresh, one row per passage)
    and the `model` that made them, so `embedder` may then be None; `extra_meta` is merged
    into the index manifest; `encoder` is the adapted model folder the build keeps (index/adapt.py);
    `extra_files` are written into the build as they are (the reach vectors, index/reach.py).
    """
    if vectors is None:
        if embedder is None:
            raise ValueError("build_index needs an embedder or precomputed vectors")
        vectors = embed_passages(passages, embedder, progress=progress)
    model = model or (embedder.name if embedder is not None else None)
    cited = CitedCaptions.from_passages(passages)  # a provision is also found by what it cites
    tokens = [tokenize(keyword_text(p, cited)) for p in passages]
    meta = {"model": model, "sources": sources, "code_version": CODE_VERSION,
            "tokenizer": "en-snowball+ja-bigram", "documents": documents or {}, **(extra_meta or {})}
    return write_index(root, passages, vectors, tokens, meta, encoder=encoder, extra_files=extra_files)
