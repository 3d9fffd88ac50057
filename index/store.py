"""The index directory on disk: passages, FAISS vectors, BM25 keyword index and a manifest.

A build is written to a fresh directory next to the live one and then made live by
atomically replacing the `CURRENT` pointer file, so a crash mid-build leaves the previous
index serving and a reader never sees a half-written one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol

import bm25s
import faiss
import numpy as np

from corpus.atomic import atomic_write
from index.passage_store import PassageStore
from ingest.records import Passage

FORMAT_VERSION = 1
CURRENT = "CURRENT"
ENCODER_DIR = "encoder"  # the build's own embedding model, when it was adapted to the corpus


class IndexUnavailable(RuntimeError):
    """No usable index: the message says what is wrong and what to run."""


class DenseStore(Protocol):
    """The dense side of an index, in FAISS's call shape (a FAISS index is one as it is; the
    PostgreSQL store's pgvector table is another, index/stores/pg_dense.py)."""

    ntotal: int
    d: int

    def search(self, x: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, rows), each of shape (queries, k); a missing row is -1."""

    def reconstruct(self, i: int) -> np.ndarray:
        """Row `i`'s stored vector."""


@dataclass
class LoadedIndex:
    directory: Path
    manifest: dict
    passages: list[Passage]
    dense: DenseStore
    keyword: bm25s.BM25
    generation: str = ""  # what the store calls this build (FAISS: its directory; Postgres: its id)

    def __len__(self) -> int:
        return len(self.passages)

    @cached_property
    def store(self) -> PassageStore:
        """Look-ups by provision: its parts, its whole text, its other language."""
        return PassageStore(self.passages)


@dataclass(frozen=True)
class HnswConfig:
    threshold: int = 100_000  # passage count from which the dense index is HNSW
    m: int = 32
    ef_construction: int = 200
    ef_search: int = 256

    @classmethod
    def from_settings(cls) -> HnswConfig:
        from core.settings import get_settings

        s = get_settings()
        return cls(threshold=s.hnsw_threshold, m=s.hnsw_m, ef_construction=s.hnsw_ef_construction,
                   ef_search=s.hnsw_ef_search)


def dense_index_bytes(index: faiss.Index) -> int:
    """Bytes an in-memory flat or HNSW-flat index holds: the vectors, plus the graph for HNSW."""
    size = index.ntotal * index.d * 4
    if isinstance(index, faiss.IndexHNSW):
        h = index.hnsw
        size += h.neighbors.size() * 4 + h.offsets.size() * 8 + h.levels.size() * 4
    return size


def dense_index(vectors: np.ndarray, hnsw: HnswConfig | None = None) -> tuple[faiss.Index, dict]:
    """Inner-product index over unit vectors: flat below the threshold, HNSW from it on.
    Returns the index and what the manifest records about it."""
    hnsw = hnsw or HnswConfig.from_settings()
    n, dim = vectors.shape
    if n < hnsw.threshold:
        index = faiss.IndexFlatIP(dim)
        index.add(vectors)
        return index, {"dense_index": "IndexFlatIP"}
    index = faiss.IndexHNSWFlat(dim, hnsw.m, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = hnsw.ef_construction
    index.hnsw.efSearch = hnsw.ef_search
    index.add(vectors)
    return index, {"dense_index": "IndexHNSWFlat", "hnsw": {
        "m": hnsw.m, "ef_construction": hnsw.ef_construction, "ef_search": hnsw.ef_search}}


def _file_digests(build: Path) -> dict[str, str]:
    """sha256 of every file of a build (the manifest aside), to catch a corrupted copy."""
    out = {}
    for p in sorted(build.rglob("*")):
        if p.is_file() and p.name != "manifest.json":
            digest = hashlib.sha256()
            with open(p, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
            out[str(p.relative_to(build))] = digest.hexdigest()
    return out


def _file_sizes(build: Path) -> dict[str, int]:
    """Byte size of every file of a build (the manifest aside), to catch truncated copies."""
    return {str(p.relative_to(build)): p.stat().st_size for p in sorted(build.rglob("*"))
            if p.is_file() and p.name != "manifest.json"}


def write_index(
    root: Path,
    passages: list[Passage],
    vectors: np.ndarray,
    keyword_tokens: list[list[str]],
    meta: dict,
    keep: int = 2,
    hnsw: HnswConfig | None = None,
    encoder: Path | None = None,
    extra_files: dict[str, bytes] | None = None,
) -> Path:
    """Write a complete index build and make it the live one. Returns the build directory.

    `encoder`: a model folder (the corpus-adapted embedder, index/adapt.py) stored in the build as
    `encoder/`, hard-linked where the file system allows, so queries use the model that embedded
    the passages. `extra_files`: more files of the build, by name (index/reach.py's vectors).

    The dense index is flat (exact) below `hnsw.threshold` passages and HNSW from there on;
    `hnsw` defaults to the settings (REGQA_HNSW_THRESHOLD, REGQA_HNSW_M,
    REGQA_HNSW_EF_CONSTRUCTION, REGQA_HNSW_EF_SEARCH)."""
    if len(passages) != len(vectors) or len(passages) != len(keyword_tokens):
        raise ValueError("passages, vectors and keyword tokens must have the same length")
    if not passages:
        raise ValueError("refusing to write an empty index: no passages were ingested")
    root.mkdir(parents=True, exist_ok=True)
    name = time.strftime("build-%Y%m%dT%H%M%S-") + uuid.uuid4().hex[:6]
    tmp = root / f".tmp-{name}"
    tmp.mkdir()
    try:
        lines = "".join(json.dumps(p.to_dict(), ensure_ascii=False) + "\n" for p in passages)
        atomic_write(tmp / "passages.jsonl", lines.encode("utf-8"))
        dense, dense_meta = dense_index(np.ascontiguousarray(vectors, dtype=np.float32), hnsw)
        faiss.write_index(dense, str(tmp / "dense.faiss"))
        keyword = bm25s.BM25()
        keyword.index(keyword_tokens, show_progress=False)
        keyword.save(str(tmp / "keyword"))
        if encoder is not None:
            from index.adapt import link_tree

            link_tree(encoder, tmp / ENCODER_DIR)
        for file_name, data in (extra_files or {}).items():
            atomic_write(tmp / file_name, data)
        manifest = {
            **meta,
            "format_version": FORMAT_VERSION,
            "passage_count": len(passages),
            "dimension": int(vectors.shape[1]),
            **dense_meta,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "files": _file_sizes(tmp),
            "sha256": _file_digests(tmp),
        }
        atomic_write(tmp / "manifest.json", json.dumps(manifest, indent=2).encode("utf-8"))
        final = root / name
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    atomic_write(root / CURRENT, name)
    _prune(root, keep)
    return final


def _prune(root: Path, keep: int) -> None:
    live = (root / CURRENT).read_text(encoding="utf-8").strip()
    builds = sorted(p for p in root.glob("build-*") if p.is_dir())
    old = [p for p in builds if p.name != live][: max(0, len(builds) - keep)]
    for path in old:
        shutil.rmtree(path, ignore_errors=True)
    for stale in root.glob(".tmp-build-*"):
        if time.time() - stale.stat().st_mtime > 24 * 3600:
            shutil.rmtree(stale, ignore_errors=True)


def live_build(root: Path) -> Path:
    pointer = root / CURRENT
    if not pointer.is_file():
        raise IndexUnavailable(f"no index in {root}: run `regqa build` first")
    build = root / pointer.read_text(encoding="utf-8").strip()
    if not build.is_dir():
        raise IndexUnavailable(f"the live index {build} is missing: run `regqa build` again")
    return build


def read_manifest(root: Path) -> dict:
    build = live_build(root)
    try:
        return json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexUnavailable(f"index manifest in {build} is unreadable ({exc}): run `regqa build`") from exc


def check_manifest(manifest: dict, where: str, expected_model: str | None) -> None:
    """The index's format is this regqa's and its model the configured one, else what to run."""
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexUnavailable(
            f"index in {where} has format {manifest.get('format_version')}, this regqa reads "
            f"{FORMAT_VERSION}: run `regqa build`"
        )
    if expected_model is not None and manifest.get("model") != expected_model:
        raise IndexUnavailable(
            f"index in {where} was built with model {manifest.get('model')!r} but REGQA_MODEL is "
            f"{expected_model!r}: run `regqa build` (or set REGQA_MODEL back)"
        )


def load_index(root: Path, expected_model: str | None = None) -> LoadedIndex:
    """Load the live index, checking it against its manifest and the configured model."""
    build = live_build(root)
    manifest = read_manifest(root)
    check_manifest(manifest, str(build), expected_model)
    sizes = manifest.get("files")
    if sizes:
        actual = _file_sizes(build)
        wrong = sorted(f for f, size in sizes.items() if actual.get(f) != size)
        if wrong:
            raise IndexUnavailable(
                f"index in {build} is corrupt: {', '.join(wrong)} missing or of the wrong size: "
                "run `regqa build --force`")
    digests = manifest.get("sha256")
    if digests:
        actual_digests = _file_digests(build)
        bad = sorted(f for f, d in digests.items() if actual_digests.get(f) != d)
        if bad:
            raise IndexUnavailable(f"index in {build} is corrupt: {', '.join(bad)} changed since the "
                                   "build (checksum mismatch): run `regqa build --force`")
    try:
        with open(build / "passages.jsonl", encoding="utf-8") as fh:
            passages = [Passage.from_dict(json.loads(line)) for line in fh if line.strip()]
        dense = faiss.read_index(str(build / "dense.faiss"), faiss.IO_FLAG_MMAP)
        if isinstance(dense, faiss.IndexHNSW):
            dense.hnsw.efSearch = int(manifest.get("hnsw", {}).get("ef_search", dense.hnsw.efSearch))
        keyword = bm25s.BM25.load(str(build / "keyword"), mmap=True)
    except Exception as exc:  # noqa: BLE001 - any corruption gets the same advice
        raise IndexUnavailable(f"index in {build} is corrupt ({exc}): run `regqa build --force`") from exc
    n = manifest.get("passage_count")
    if not (len(passages) == dense.ntotal == n):
        raise IndexUnavailable(
            f"index in {build} is inconsistent: manifest says {n} passages, store has "
            f"{len(passages)}, vectors {dense.ntotal}: run `regqa build`"
        )
    if dense.d != manifest.get("dimension"):
        raise IndexUnavailable(f"index in {build}: vector dimension mismatch: run `regqa build`")
    return LoadedIndex(build, manifest, passages, dense, keyword, generation=build.name)
