"""The build cache under REGQA_HOME/cache: parsed passages per source version, and their vectors
per embedding model, so an unchanged source is neither re-parsed nor re-embedded.

A cache *entry* is one version of one source: its key is the sha256 of the file's sha256, the
source's manifest record (labels come from it) and a fingerprint of the ingest code (so a
parser change re-parses). Layout::

    cache/entries/<entry>/passages.jsonl    the passages, in order
    cache/entries/<entry>/notes.json        the parser's notes
    cache/entries/<entry>/vectors-<model>.npz   one row per passage + sha256 of each embed text

Every file is written to a temp file and moved into place, so a killed build leaves either a
whole entry or none; an unreadable entry is a cache miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import re
from contextlib import suppress
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

import numpy as np

from corpus.atomic import atomic_write
from corpus.manifest import Source
from ingest.records import Passage

CACHE_FORMAT = 1
_ROOT = Path(__file__).resolve().parent.parent
# code whose change can change the passages of an unchanged file
_INGEST_CODE = ("ingest", "corpus/manifest.py")


@lru_cache(maxsize=1)
def ingest_fingerprint() -> str:
    """sha256 over the source of the ingest code (and the manifest records), 16 hex digits."""
    digest = hashlib.sha256(f"cache-format-{CACHE_FORMAT}".encode())
    for rel in _INGEST_CODE:
        base = _ROOT / rel
        files = sorted(base.rglob("*.py")) if base.is_dir() else [base]
        for path in files:
            with suppress(OSError):
                digest.update(str(path.relative_to(_ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def entry_key(source: Source, file_sha256: str) -> str:
    """The cache key of one version of one source (pure given the fingerprint)."""
    record = json.dumps(asdict(source), sort_keys=True, ensure_ascii=False, default=str)
    text = f"{file_sha256}\n{record}\n{ingest_fingerprint()}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def text_sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _model_slug(model: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", model)[:60]
    return f"{slug}-{hashlib.sha256(model.encode()).hexdigest()[:8]}"




class PassageCache:
    """Parsed passages and their vectors, keyed by `entry_key`."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _dir(self, entry: str) -> Path:
        return self.root / "entries" / entry

    # -- passages ------------------------------------------------------------------------------

    def load_passages(self, entry: str) -> tuple[list[Passage], list[str]] | None:
        """The cached passages and notes of an entry, or None (missing or unreadable)."""
        folder = self._dir(entry)
        try:
            with open(folder / "passages.jsonl", encoding="utf-8") as fh:
                passages = [Passage.from_dict(json.loads(line)) for line in fh if line.strip()]
            notes = json.loads((folder / "notes.json").read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError, KeyError):
            return None
        return (passages, list(notes)) if passages else None

    def save_passages(self, entry: str, passages: list[Passage], notes: list[str]) -> None:
        folder = self._dir(entry)
        lines = "".join(json.dumps(p.to_dict(), ensure_ascii=False) + "\n" for p in passages)
        # notes first: passages.jsonl is what marks the entry as present
        atomic_write(folder / "notes.json", json.dumps(notes, ensure_ascii=False).encode("utf-8"))
        atomic_write(folder / "passages.jsonl", lines.encode("utf-8"))

    # -- vectors -------------------------------------------------------------------------------

    def load_vectors(self, entry: str, model: str) -> dict[str, np.ndarray]:
        """{sha256 of embed text: vector} cached for an entry under a model ({} if none)."""
        path = self._dir(entry) / f"vectors-{_model_slug(model)}.npz"
        try:
            with np.load(path, allow_pickle=False) as data:
                shas, vectors = list(data["shas"]), np.asarray(data["vectors"], dtype=np.float32)
        except (OSError, ValueError, KeyError, EOFError):
            return {}
        if len(shas) != len(vectors):
            return {}
        return {str(s): v for s, v in zip(shas, vectors, strict=True)}

    def save_vectors(self, entry: str, model: str, shas: list[str], vectors: np.ndarray) -> None:
        import io

        buf = io.BytesIO()
        np.savez(buf, shas=np.asarray(shas, dtype="U64"), vectors=np.asarray(vectors, dtype=np.float32))
        atomic_write(self._dir(entry) / f"vectors-{_model_slug(model)}.npz", buf.getvalue())

    def has_entry(self, entry: str) -> bool:
        return (self._dir(entry) / "passages.jsonl").is_file()

    def prune(self, keep: set[str]) -> int:
        """Delete entries not in `keep` (the live and the new build's); returns how many."""
        import shutil

        removed = 0
        folder = self.root / "entries"
        if not folder.is_dir():
            return 0
        for path in folder.iterdir():
            if path.is_dir() and path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)
                removed += 1
        return removed
