"""A question read and searched: the query stage and the searcher over one index, for callers
that start from text (the `/search` endpoint, benchmarks, tests)."""

from __future__ import annotations

from dataclasses import dataclass

from core.settings import QuerySettings, SearchSettings
from index.embedder import Embedder
from index.store import LoadedIndex
from query.analysis import Analyzer
from query.catalog import Catalog
from search.filters import Filters
from search.hits import Hit
from search.rerank import Reranker
from search.searcher import HybridSearcher


@dataclass(frozen=True)
class Retrieval:
    analyzer: Analyzer
    searcher: HybridSearcher

    @classmethod
    def over(cls, index: LoadedIndex, embedder: Embedder, query: QuerySettings | None = None,
             search: SearchSettings | None = None, reranker: Reranker | None = None,
             mode: str = "hybrid+refs") -> Retrieval:
        catalog = Catalog.from_index(index)
        return cls(Analyzer(catalog, query or QuerySettings()),
                   HybridSearcher(index, embedder, catalog, search, reranker, mode))

    def search(self, question: str, k: int = 10, filters: Filters | None = None,
               mode: str | None = None) -> list[Hit]:
        return self.searcher.search(self.analyzer.analyze(question), k, filters, mode)
