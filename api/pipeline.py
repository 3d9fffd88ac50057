"""Search + answer, in process. The API, the CLI and eval all go through this one object."""

from __future__ import annotations

from api.answer import ExtractiveAnswerer
from api.schemas import Answer
from corpus.settings import Settings
from index.embedder import Embedder, load_embedder
from index.hits import Hit
from index.search import Filters, HybridSearcher, QueryAnalysis
from index.store import LoadedIndex, load_index
from ingest.records import Passage
from ingest.refs import human_ref


class QAPipeline:
    def __init__(self, index: LoadedIndex, embedder: Embedder, settings: Settings) -> None:
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self.searcher = HybridSearcher(index, embedder)
        # sentence embeddings at answer time cost ~5x the latency for little gain on dev.jsonl,
        # so sentences are ranked by their passage's similarity plus word overlap
        self.answerer = ExtractiveAnswerer(None, threshold=settings.abstain_threshold)
        self._by_key = {(p.doc_id, p.language, p.path): p for p in index.passages}

    @classmethod
    def load(cls, settings: Settings, embedder: Embedder | None = None) -> QAPipeline:
        embedder = embedder or load_embedder(settings.model, settings.batch_size)
        index = load_index(settings.index_root, expected_model=embedder.name)
        return cls(index, embedder, settings)

    def passage(self, doc_id: str, language: str, path: str) -> Passage | None:
        return self._by_key.get((doc_id, language, path))

    def counterpart(self, passage: Passage, language: str) -> Passage | None:
        """The same provision in another language (Japanese original / English translation)."""
        return self.passage(passage.doc_id, language, passage.path)

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        return self.searcher.search(query, k=k, filters=filters)

    def ask_with_hits(self, question: str, k: int | None = None) -> tuple[Answer, list[Hit]]:
        analysis = self.searcher.analyze(question)
        hits = self.searcher.search(question, k=k or self.settings.top_k, analysis=analysis)
        return self.answerer.answer(question, hits, refusal=self.refusal(analysis)), hits

    def refusal(self, analysis: QueryAnalysis) -> str | None:
        """Why the indexed texts cannot answer, when the question itself shows it."""
        ja = analysis.language == "ja"
        if analysis.out_of_scope:
            places = ", ".join(analysis.unindexed_jurisdictions)
            held = ", ".join(sorted({p.jurisdiction for p in self.index.passages}))
            return (f"（索引には {places} の文書がありません。収録: {held}）" if ja else
                    f"No text from {places} is indexed (indexed jurisdictions: {held}).")
        if analysis.missing_refs:
            ref = analysis.missing_refs[0]
            of_doc = [p for p in self.index.passages if p.doc_id == ref.doc_id]
            some = next((p for p in of_doc if p.language == analysis.language), of_doc[0])
            name = human_ref(ref.path, "ja" if ja else "en")
            return (f"（{some.short_title}に{name}はありません。）" if ja else
                    f"The {some.short_title} as indexed has no {name}.")
        return None

    def ask(self, question: str, k: int | None = None) -> Answer:
        return self.ask_with_hits(question, k)[0]
