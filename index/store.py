"""The index directory on disk: passages, FAISS vectors, BM25 keyword index and a manifest.

A build is written to a fresh directory next to the live one and then made live by
atomically replacing the `CURRENT` pointer file, so a crash mid-build leaves the previous
index serving and a reader never sees a half-written one.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import bm25s
import faiss
import numpy as np

from ingest.records import Passage

FORMAT_VERSION = 1
CURRENT = "CURRENT"


class IndexUnavailable(RuntimeError):
    """No usable index: the message says what is wrong and what to run."""


@dataclass
class LoadedIndex:
    directory: Path
    manifest: dict
    passages: list[Passage]
    dense: faiss.Index
    keyword: bm25s.BM25

    def __len__(self) -> int:
        return len(self.passages)


def _fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def write_index(
    root: Path,
    passages: list[Passage],
    vectors: np.ndarray,
    keyword_tokens: list[list[str]],
    meta: dict,
    keep: int = 2,
) -> Path:
    """Write a complete index build and make it the live one. Returns the build directory."""
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
        _fsync_write(tmp / "passages.jsonl", lines.encode("utf-8"))
        dense = faiss.IndexFlatIP(vectors.shape[1])
        dense.add(np.ascontiguousarray(vectors, dtype=np.float32))
        faiss.write_index(dense, str(tmp / "dense.faiss"))
        keyword = bm25s.BM25()
        keyword.index(keyword_tokens, show_progress=False)
        keyword.save(str(tmp / "keyword"))
        manifest = {
            **meta,
            "format_version": FORMAT_VERSION,
            "passage_count": len(passages),
            "dimension": int(vectors.shape[1]),
            "dense_index": "IndexFlatIP",
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        _fsync_write(tmp / "manifest.json", json.dumps(manifest, indent=2).encode("utf-8"))
        final = root / name
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    pointer = root / f".{CURRENT}.tmp"
    _fsync_write(pointer, name.encode("utf-8"))
    os.replace(pointer, root / CURRENT)
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


def load_index(root: Path, expected_model: str | None = None) -> LoadedIndex:
    """Load the live index, checking it against its manifest and the configured model."""
    build = live_build(root)
    manifest = read_manifest(root)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexUnavailable(
            f"index in {build} has format {manifest.get('format_version')}, this regqa reads "
            f"{FORMAT_VERSION}: run `regqa build`"
        )
    if expected_model is not None and manifest.get("model") != expected_model:
        raise IndexUnavailable(
            f"index in {build} was built with model {manifest.get('model')!r} but REGQA_MODEL is "
            f"{expected_model!r}: run `regqa build` (or set REGQA_MODEL back)"
        )
    try:
        with open(build / "passages.jsonl", encoding="utf-8") as fh:
            passages = [Passage.from_dict(json.loads(line)) for line in fh if line.strip()]
        dense = faiss.read_index(str(build / "dense.faiss"), faiss.IO_FLAG_MMAP)
        keyword = bm25s.BM25.load(str(build / "keyword"), mmap=True)
    except Exception as exc:  # noqa: BLE001 - any corruption gets the same advice
        raise IndexUnavailable(f"index in {build} is corrupt ({exc}): run `regqa build`") from exc
    n = manifest.get("passage_count")
    if not (len(passages) == dense.ntotal == n):
        raise IndexUnavailable(
            f"index in {build} is inconsistent: manifest says {n} passages, store has "
            f"{len(passages)}, vectors {dense.ntotal}: run `regqa build`"
        )
    if dense.d != manifest.get("dimension"):
        raise IndexUnavailable(f"index in {build}: vector dimension mismatch: run `regqa build`")
    return LoadedIndex(build, manifest, passages, dense, keyword)
