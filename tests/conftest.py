"""Shared fixtures: a deterministic fake embedder for fast unit tests (the real model is used
in tests marked `model`), paths to the hand-written fixture laws, and the corpus mirror."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest

from index.tokenize import tokenize

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


class FakeEmbedder:
    """Hashes keyword tokens into a fixed-size unit vector: similar words, similar vectors."""

    name = "fake-hash-embedder"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for tok in tokenize(text):
                h = int.from_bytes(hashlib.blake2b(tok.encode(), digest_size=4).digest(), "big")
                out[row, h % self.dim] += 1.0
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


def mirror_dir() -> Path | None:
    value = os.environ.get("REGQA_CORPUS_MIRROR")
    if not value:
        return None
    path = Path(value)
    return path if (path / "MANIFEST.json").is_file() else None


@pytest.fixture
def mirror() -> Path:
    path = mirror_dir()
    if path is None:
        pytest.skip("REGQA_CORPUS_MIRROR is not set to a corpus mirror with MANIFEST.json "
                    "(CI sets it to ../shared/corpus)")
    return path
