"""Hybrid search over provisions, from a question's analysis.

Dense (the multilingual reach model's vectors, index/reach.py, or the embedder's FAISS index) and
keyword (BM25) rankings are fused by reciprocal rank fusion at the level of
a provision (document + path), so the Japanese original and the English translation of one
provision vote together and the hit is shown in the question's language where it exists. A
question that names a provision gets it first, and one that names an article by its caption
gets that next (query/captions.py); documents and jurisdictions it names are
preferred, and with none named the home jurisdiction's texts are (search/boosts.py). What each
retriever searches with, expansions included, comes from the analysis (query/analysis.py).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property

import numpy as np

from core.settings import SearchSettings
from core.timing import Laps
from index.adapt_pairs import longest_heading
from index.embedder import Embedder
from index.lexicon import Lexicon
from index.reach import Reach
from index.store import LoadedIndex
from index.tokenize import scheme_of, topic_tokens
from ingest.records import Passage
from query.analysis import QueryAnalysis
from query.catalog import Catalog
from search.boosts import Boosts
from search.dense import bridge_vector, dense_ranking, embed_query
from search.filters import Filters, held_values
from search.fusion import first_kept, ranking_firsts, reciprocal_rank_fusion
from search.hits import Hit
from search.keyword import definition_ranking, keyword_ranking, weighted_keyword_ranking
from search.provisions import Key, ProvisionTable
from search.rerank import Reranker, rerank_order

# What `search` runs: one retriever alone, the fused ranking with the query-side priors, or
# all of that plus direct provision references first (the default, what /ask uses).
MODES = ("dense", "bm25", "hybrid", "hybrid+refs")
STATUTE_KINDS = frozenset({"act", "regulation"})


def in_named_scope(p: Passage, named: set[str] | list[str] | tuple[str, ...], places: set[str | None],
                   elsewhere: set[str] | frozenset[str] = frozenset()) -> bool:
    """Whether a question naming the documents `named` (of jurisdictions `places`) may draw on
    the passage: those documents, commentary (non-statute texts) of their jurisdictions, and any
    text of the other jurisdictions `elsewhere` the question names."""
    return (p.doc_id in named or p.jurisdiction in elsewhere
            or (p.kind not in STATUTE_KINDS and p.jurisdiction in places))


class HybridSearcher:
    """Search one loaded index with one embedder."""

    def __init__(self, index: LoadedIndex, embedder: Embedder, catalog: Catalog,
                 settings: SearchSettings | None = None, reranker: Reranker | None = None,
                 mode: str = "hybrid+refs", reach: Reach | None = None,
                 lexicon: Lexicon | None = None) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}; one of {', '.join(MODES)}")
        self.index = index
        self.embedder = embedder
        self.catalog = catalog
        self.settings = settings or SearchSettings()
        self.reranker = reranker
        self.mode = mode  # what `search` runs when not told (eval configurations set it)
        self.reach = reach  # the multilingual ranking of what the embedder cannot read (index/reach.py)
        self.lexicon = lexicon  # Japanese tokens -> English ones, learnt from the texts (index/lexicon.py)
        self.passages = index.passages
        self.table = ProvisionTable(index.passages)
        self.ja_scheme = scheme_of(index.manifest.get("tokenizer"))  # tokenized as the index was
        self.boosts = Boosts(self.table, catalog, self.settings)
        # the longest query the embedder learnt the corpus from (index/adapt_pairs.py)
        self.heading_words = longest_heading(index.passages, (self.settings.bridge_language,))

    @cached_property
    def held(self) -> dict[str, list[str]]:
        return held_values(self.passages)

    def check_filters(self, filters: Filters) -> None:
        filters.check(self.held)

    def allowed(self, filters: Filters) -> list[bool]:
        """Which passages the filters let through (all, without a filter: no test per passage)."""
        if filters == Filters():
            return [True] * len(self.passages)
        return [filters.allows(p) for p in self.passages]

    def named_scope(self, analysis: QueryAnalysis) -> list[bool] | None:
        """Which passages a question that names documents is searched in: those documents, the
        commentary (non-statute texts) of their jurisdictions, and every text of another
        jurisdiction the question names ("Korea's AI law" names no Korean document by its alias
        but asks about Korea). None when it names no document or scoping is off."""
        if not analysis.documents or not self.settings.scope_to_named:
            return None
        named = set(analysis.documents)
        places = {self.catalog.jurisdiction.get(d) for d in named}
        elsewhere = set(analysis.jurisdictions) - places
        return [in_named_scope(p, named, places, elsewhere) for p in self.passages]

    def out_of_language(self, analysis: QueryAnalysis, scope: list[bool] | None) -> bool:
        """Whether every text the question is confined to is in another language than its own:
        the one place it names is held so (QueryAnalysis.confined_place), or the documents it names
        are («NIST AI RMFでは…» with the framework in English only)."""
        if analysis.confined_place is not None:
            return True
        return scope is not None and not any(inside and p.language == analysis.language
                                             for inside, p in zip(scope, self.passages, strict=True))

    @cached_property
    def english(self) -> np.ndarray:
        return np.array([p.language == "en" for p in self.passages], dtype=bool)

    def translated_weight(self, analysis: QueryAnalysis, confined: bool) -> float:
        """The vote of a Japanese question's English keywords (its tokens through the build's word
        table), 0 when none are searched: for a question confined to English-only texts, which
        its own tokens cannot find, and by `translated_weight_ja` for any other (then below the
        first hit, unless `translated_first`)."""
        if self.lexicon is None or not analysis.japanese:
            return 0.0
        s = self.settings
        return s.translated_weight_confined if confined else s.translated_weight_ja

    def translated_ranking(self, analysis: QueryAnalysis, n: int) -> list[int]:
        """The `n` English passages best matching a Japanese question's tokens translated by the
        build's word table (BM25, each English token weighed by its translation probability)."""
        assert self.lexicon is not None
        english = self.lexicon.translate(topic_tokens(analysis.keyword_query, self.ja_scheme))
        return weighted_keyword_ranking(self.index, english, n, self.english)[0]

    def ranked_by_reach(self, analysis: QueryAnalysis, readable: bool, confined: bool) -> bool:
        """Whether the multilingual reach model gives a question its dense ranking: one the
        embedder cannot read (Japanese, for MiniLM; without reach, the bridge does) and one confined
        to texts held only in another language than its own (no keyword is shared with them);
        with a build whose reach vectors cover every passage, also, by `reach_questions`, an
        English question longer than any heading the embedder was adapted on ("long", the
        default: the adapted MiniLM learnt the corpus from headings, e5 from natural questions;
        docs/ranking.md has the numbers), or every question ("all")."""
        if self.reach is None:
            return False
        if confined or not readable:
            return True
        which = self.settings.reach_questions
        if which == "unreadable" or not self.reach.covers(len(self.passages)):
            return False
        return which == "all" or len(analysis.question.split()) > self.heading_words

    def search(self, analysis: QueryAnalysis, k: int = 10, filters: Filters | None = None,
               mode: str | None = None) -> list[Hit]:
        mode = mode or self.mode
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}; one of {', '.join(MODES)}")
        s = self.settings
        lap = Laps()  # per-stage timings for the evaluator (core/timing.py); no-op otherwise
        filters = filters or Filters()
        self.check_filters(filters)
        japanese = analysis.japanese
        n = s.candidates if filters == Filters() else len(self.passages)
        scope = self.named_scope(analysis) if mode in ("hybrid", "hybrid+refs") else None
        if scope is not None:  # ranked within the named documents, so from a deeper cut
            n = max(n, min(len(self.passages), 20 * s.candidates))
        lap("analyze")
        confined = self.out_of_language(analysis, scope)
        readable = analysis.language == s.bridge_language
        reach = mode != "bm25" and self.ranked_by_reach(analysis, readable, confined)
        # the embedder's vector serves nothing once reach ranks the question, but for the passage
        # similarity of a question it reads that reach ranks only because it is confined
        embedder = not reach or (readable and confined)
        qvec = embed_query(self.embedder, analysis.dense_query) if embedder else None
        lap("embed")
        kw_ids, kw_scores = keyword_ranking(self.index, analysis.keyword_query, n, self.ja_scheme)
        translated = self.translated_weight(analysis, confined) if mode in ("hybrid", "hybrid+refs") else 0.0
        tr_ids = self.translated_ranking(analysis, n) if translated > 0 else []
        bridge = None  # the English versions of the best keyword hits, standing in for a question
        if reach:
            dense_ids, dense_scores = self.reach.ranking(analysis.question, [True] * len(self.passages), n,
                                                         s.reach_sentence_weight)
        else:
            bridge = (bridge_vector(self.index, self.table, kw_ids, s.bridge_top, s.bridge_language)
                      if japanese and s.bridge_top else None)
            dense_ids, dense_scores = dense_ranking(self.index, qvec if bridge is None else bridge, n)
        lap("search")
        keep = self.allowed(filters)
        # every language version of a provision votes; the language filter only picks the one shown
        vote = keep if filters.language is None else self.allowed(replace(filters, language=None))
        if scope is not None:  # a question naming a law is searched in it (and its commentary)
            vote = [v and sc for v, sc in zip(vote, scope, strict=True)]
            keep = [v and sc for v, sc in zip(keep, scope, strict=True)]
        best_part = self.table.best_parts((dense_ids, kw_ids, tr_ids), keep)
        rankings = {"dense": [self.table.keys(dense_ids, vote)], "bm25": [self.table.keys(kw_ids, vote)]}
        # the small vote: the dense ranking of a Japanese question (MiniLM's through the bridge, or
        # e5's, which reads it but matches it to the wrong neighbour more often than the keywords
        # do: docs/ranking.md), the keyword ranking of one confined to texts in another language
        small = s.dense_weight_ja
        weights = ([1.0, small, s.definition_weight] if reach and confined else
                   [small if japanese else 1.0, 1.0, s.definition_weight])
        defined = self.table.keys(definition_ranking(self.passages, analysis.defined_terms), vote)
        hybrid = rankings["dense"] + rankings["bm25"] + [defined]
        own, own_weights = hybrid, weights
        if tr_ids:  # the question's English keywords, through the word table
            hybrid, weights = hybrid + [self.table.keys(tr_ids, vote)], weights + [translated]
        fused = dict(reciprocal_rank_fusion(rankings.get(mode, hybrid), k=s.rrf_k,
                                            weights=None if mode in rankings else weights))
        lang = filters.language or analysis.language  # the version each hit is shown in, where held
        if mode not in rankings:
            self.boosts.apply(fused, analysis)
        if tr_ids and not confined and not s.translated_first:
            # beside the question's own rankings, its translation finds more of what answers it
            # among the first five but puts the right provision first less often: it reorders the
            # hits after the first (docs/ranking.md)
            base = dict(reciprocal_rank_fusion(own, k=s.rrf_k, weights=own_weights))
            self.boosts.apply(base, analysis)
            first = next((key for key in sorted(base, key=lambda key: -base[key])  # one it can show
                          if self.table.pick(key, lang, keep, best_part) is not None), None)
            fused = first_kept(fused, {first: base[first]} if first is not None else {})
        direct = ([key for r in analysis.refs for key in self.table.named(r.doc_id, r.path)]
                  if mode == "hybrid+refs" else [])
        captioned = self._captioned(analysis, fused) if mode == "hybrid+refs" else []
        firsts = self._firsts(rankings, bridge is not None, analysis, mode)
        top = max(fused.values(), default=0.0)
        for rank, key in enumerate(captioned):  # after those named by number
            fused[key] = top + 0.5 - rank * 1e-3
        for rank, key in enumerate(direct):
            fused[key] = top + 1.0 - rank * 1e-3
        ranked = sorted(fused.items(), key=lambda kv: -kv[1])
        hits: list[Hit] = []
        rerank = self.reranker is not None and mode in ("hybrid", "hybrid+refs")
        wanted = max(k, s.rerank_top) if rerank else k
        for key, score in ranked:
            i = self.table.pick(key, lang, keep, best_part)
            if i is None:
                continue
            dense = None if reach else dense_scores.get(i)  # Hit.dense is the embedder's, if run
            if dense is None and qvec is not None:
                dense = float(np.dot(self.index.dense.reconstruct(i), qvec))
            hits.append(Hit(self.passages[i], score, len(hits) + 1, dense=dense, keyword=kw_scores.get(i),
                            firsts=firsts.get(key, ())))
            if len(hits) == wanted:
                break
        lap("fuse")
        if rerank:
            fixed = set(direct) | set(captioned)  # named by number or by caption: they stay first
            n_fixed = next((i for i, h in enumerate(hits) if (h.passage.doc_id, h.passage.path) not in fixed),
                           len(hits))
            hits = self._rerank(analysis.question, hits, n_fixed=n_fixed)
            lap("rerank")
        return hits[:k]

    def _captioned(self, analysis: QueryAnalysis, fused: dict[Key, float]) -> list[Key]:
        """The provisions of the articles the question names by its caption: each article's in
        reading order, the article the fused ranking puts highest first."""
        articles = [self.table.named(r.doc_id, r.path) for r in analysis.captioned]
        articles.sort(key=lambda keys: -max((fused.get(k, 0.0) for k in keys), default=0.0))
        return [key for keys in articles for key in keys]

    def _firsts(self, rankings: dict[str, list[list[Key]]], bridged: bool, analysis: QueryAnalysis,
                mode: str) -> dict[Key, tuple[str, ...]]:
        """The rankings that put each provision first, for the answer's confidence
        (answer/confidence.py): the dense and the keyword ranking, but not a dense ranking drawn
        from the keyword hits (the bridge: it would agree with them by construction); "named"
        for the first provision of each reference the question makes ("Article 28" names 28(1),
        not whichever paragraph of it ranks first), and "caption" for that of each article it
        names by its caption (query/captions.py)."""
        votes = {name: ranked[0] for name, ranked in rankings.items() if not (bridged and name == "dense")}
        firsts = ranking_firsts(votes)
        if mode == "hybrid+refs":
            for refs, name in ((analysis.refs, "named"), (analysis.captioned, "caption")):
                for ref in refs:
                    for key in self.table.named(ref.doc_id, ref.path)[:1]:
                        firsts[key] = (*firsts.get(key, ()), name)
        return firsts

    def _rerank(self, query: str, hits: list[Hit], n_fixed: int) -> list[Hit]:
        """Reorder the candidates by the cross-encoder; direct references stay first."""
        fixed, rest = hits[:n_fixed], hits[n_fixed:]
        scores = self.reranker.scores(query, [h.passage.embed_text for h in rest])
        ordered = fixed + [rest[i] for i in rerank_order(scores)]
        return [replace(h, rank=r) for r, h in enumerate(ordered, 1)]
