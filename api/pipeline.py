"""Search + answer, in process. The API, the CLI and eval all go through this one object."""

from __future__ import annotations

import numpy as np

from api.answer import ExtractiveAnswerer
from api.schemas import Answer
from corpus.settings import Settings
from index.embedder import Embedder, load_embedder
from index.hits import Hit
from index.search import Filters, HybridSearcher
from index.store import LoadedIndex, load_index
from ingest.records import Passage


class QAPipeline:
    def __init__(self, index: LoadedIndex, embedder: Embedder, settings: Settings) -> None:
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self.searcher = HybridSearcher(index, embedder)
        self.answerer = ExtractiveAnswerer(self.similarity, threshold=settings.abstain_threshold)
        self._by_key = {(p.doc_id, p.language, p.path): p for p in index.passages}

    @classmethod
    def load(cls, settings: Settings, embedder: Embedder | None = None) -> QAPipeline:
        embedder = embedder or load_embedder(settings.model, settings.batch_size)
        index = load_index(settings.index_root, expected_model=embedder.name)
        return cls(index, embedder, settings)

    def similarity(self, question: str, sentences: list[str]) -> np.ndarray:
        vecs = self.embedder.embed([question, *sentences])
        return vecs[1:] @ vecs[0]

    def passage(self, doc_id: str, language: str, path: str) -> Passage | None:
        return self._by_key.get((doc_id, language, path))

    def counterpart(self, passage: Passage, language: str) -> Passage | None:
        """The same provision in another language (Japanese original / English translation)."""
        return self.passage(passage.doc_id, language, passage.path)

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        return self.searcher.search(query, k=k, filters=filters)

    def ask_with_hits(self, question: str, k: int | None = None) -> tuple[Answer, list[Hit]]:
        hits = self.search(question, k=k or self.settings.top_k)
        return self.answerer.answer(question, hits), hits

    def ask(self, question: str, k: int | None = None) -> Answer:
        return self.ask_with_hits(question, k)[0]
