"""Hybrid search over provisions.

Dense (FAISS) and keyword (BM25) rankings are fused by reciprocal rank fusion at the level of
a provision (document + path), so the Japanese original and the English translation of one
provision vote together and the hit is shown in the question's language where it exists. A
query that names a provision gets it first; documents and jurisdictions the query names are
preferred, and with none named the home jurisdiction's texts are. The keyword query carries the
statutory terms for the question's plain words (query/thesaurus.py).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, replace

import numpy as np

from core.timing import Laps
from index.embedder import Embedder
from index.store import LoadedIndex
from index.tokenize import is_japanese, is_topic_token, scheme_of, tokenize
from ingest.records import Passage
from query.references import (
    DEFINITION_QUESTION,
    ProvisionRef,
    asked_terms,
    definition_pattern,
    mentioned_documents,
    mentioned_jurisdictions,
    parse_references,
    quoted_terms,
    without_document_names,
    without_place_names,
)
from query.statute_names import name_words, place_name_words, unindexed_statutes
from query.thesaurus import statutory_terms
from search.fusion import reciprocal_rank_fusion
from search.hits import Hit
from search.rerank import Reranker, rerank_order

_DEFINITION_CAPTION = re.compile(r"definition|meaning of terms|interpretation|定義|用語の意味", re.IGNORECASE)
_EXPANSIONS_EN = {"ai": "artificial intelligence"}
_EXPANSIONS_JA = {"AI": "人工知能", "ＡＩ": "人工知能"}

Key = tuple[str, str]  # (doc_id, path)

# Primary law first: a secondary explainer or a voluntary framework is preferred only when it
# matches clearly better than the statute.
AUTHORITY_WEIGHT = {"act": 1.0, "regulation": 1.0, "guideline": 0.9, "faq": 0.75}
STATUTE_KINDS = frozenset({"act", "regulation"})
# Supplementary provisions (附則) hold commencement, transitional measures and review clauses;
# they answer a question about when, about the changeover or about review, and otherwise
# rank below the main provisions they resemble (a transitional rule on consent given before
# 2005 is no answer to "is consent needed?").
SUPPLEMENTARY_WEIGHT = 0.7
# The APPI's chapter on administrative entities (行政機関等の義務等) repeats the business chapter's
# rules for public bodies; a question that names no public body is read as asked by a business.
PUBLIC_SECTOR_WEIGHT = 0.7
_PUBLIC_CHAPTER = re.compile(r"Obligations of Administrative Entities|行政機関等の義務")
_ASKS_PUBLIC = re.compile(
    r"\b(?:administrative (?:organ|entit|agenc|bod)\w*|ministr(?:y|ies)"
    r"|government (?:bod|agenc|offic|organ)\w*|public (?:bod|sector|authorit|entit)\w*"
    r"|local (?:government|authorit)\w*|municipal\w*|prefectur\w*|national universit\w*)"
    r"|行政機関|地方公共団体|独立行政法人|国の機関|自治体|省庁|官公庁|都道府県|市町村", re.IGNORECASE)
_ASKS_WHEN = re.compile(
    r"\b(?:when|date|dates|effective|effect|force|start\w*|begin\w*|commenc\w*|promulgat\w*|review\w*|"
    r"revis\w*|transition\w*|grace|deadline|until|since|before the (?:act|law|amendment)|supplementary)\b"
    r"|施行|公布|いつ|見直|経過|検討|改正前|改正後|附則|までに", re.IGNORECASE)

# What `search` runs: one retriever alone, the fused ranking with the query-side priors, or
# all of that plus direct provision references first (the default, what /ask uses).
MODES = ("dense", "bm25", "hybrid", "hybrid+refs")


def in_named_scope(p: Passage, named: set[str] | list[str], places: set[str | None],
                   elsewhere: set[str] | frozenset[str] = frozenset()) -> bool:
    """Whether a question naming the documents `named` (of jurisdictions `places`) may draw on
    the passage: those documents, commentary (non-statute texts) of their jurisdictions, and any
    text of the other jurisdictions `elsewhere` the question names."""
    return (p.doc_id in named or p.jurisdiction in elsewhere
            or (p.kind not in STATUTE_KINDS and p.jurisdiction in places))


class FilterError(ValueError):
    """A filter value the index does not hold; `field` names the filter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Filters:
    doc_id: str | None = None
    language: str | None = None
    jurisdiction: str | None = None
    kind: str | None = None

    def allows(self, p: Passage) -> bool:
        return all(
            want is None or getattr(p, attr) == want
            for attr, want in (("doc_id", self.doc_id), ("language", self.language),
                               ("jurisdiction", self.jurisdiction), ("kind", self.kind))
        )


@dataclass
class QueryAnalysis:
    """What the query names, and what of that the index does not hold."""

    language: str
    refs: list[ProvisionRef] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    jurisdictions: list[str] = field(default_factory=list)
    unindexed_jurisdictions: list[str] = field(default_factory=list)
    missing_refs: list[ProvisionRef] = field(default_factory=list)
    # statutes named that are none of the indexed documents ("the Labor Standards Act", 民法),
    # when the query names no indexed document
    unindexed_statutes: list[str] = field(default_factory=list)
    definition: bool = False
    asks_when: bool = False  # about commencement, transition or review: supplementary provisions
    asks_public: bool = False  # names a public body (an administrative organ, a local government)
    terms: list[str] = field(default_factory=list)  # quoted in the query: 'data set', 「…」

    @property
    def out_of_scope(self) -> bool:
        """The query names only jurisdictions of which nothing is indexed."""
        return bool(self.jurisdictions) and self.jurisdictions == self.unindexed_jurisdictions


def expand_query(query: str, japanese: bool) -> str:
    """Spell out abbreviations the texts write in full ("AI" -> "artificial intelligence")."""
    if japanese:
        extra = [v for k, v in _EXPANSIONS_JA.items() if k in query]
    else:
        words = set(re.findall(r"[a-z]+", query.lower()))
        extra = [v for k, v in _EXPANSIONS_EN.items() if k in words]
    return " ".join([query, *extra])


def embed_query(embedder: Embedder, text: str) -> np.ndarray:
    """One query's vector, computed on one torch thread: for a single short text, more threads
    only add synchronisation, and on a busy 2-core machine they cost ~400 ms instead of ~10 ms."""
    torch = sys.modules.get("torch")
    if torch is None:
        return embedder.embed([text])[0]
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return embedder.embed([text])[0]
    finally:
        torch.set_num_threads(threads)


class HybridSearcher:
    """Search one loaded index with one embedder."""

    def __init__(self, index: LoadedIndex, embedder: Embedder, candidates: int = 100,
                 rrf_k: int = 60, dense_weight_ja: float = 0.3, definition_weight: float = 2.0,
                 bridge_top: int = 3, bridge_language: str = "en",
                 reranker: Reranker | None = None, rerank_top: int = 20,
                 home_jurisdiction: str = "JP", foreign_weight: float = 0.7,
                 thesaurus: str = "keyword", strip_names: str = "ja", strip_places: bool = False,
                 scope_to_named: bool = True, mode: str = "hybrid+refs") -> None:
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}; one of {', '.join(MODES)}")
        self.index = index
        self.mode = mode  # what `search` runs when not told (eval configurations set it)
        self.embedder = embedder
        self.candidates = candidates
        self.rrf_k = rrf_k
        self.dense_weight_ja = dense_weight_ja
        self.definition_weight = definition_weight
        self.bridge_top = bridge_top
        self.bridge_language = bridge_language
        self.reranker = reranker
        self.rerank_top = rerank_top
        self.home_jurisdiction = home_jurisdiction
        self.foreign_weight = foreign_weight
        self.thesaurus = thesaurus  # where statutory terms are added: off, keyword, both
        # questions whose document names are taken out before retrieval: off, ja, all. In Japanese
        # a name's characters (AI推進法 -> 人工知能...) match every provision alike; in English the
        # words of a name ("personal information") often are the topic, so they stay by default.
        self.strip_names = strip_names
        self.strip_places = strip_places  # jurisdiction names out of the keyword query
        self.scope_to_named = scope_to_named  # a question naming documents is searched in them
        self.passages = index.passages
        self._values: dict[str, list[str]] = {}
        self.ja_scheme = scheme_of(index.manifest.get("tokenizer"))
        self.key_of: list[Key] = [(p.doc_id, p.path) for p in self.passages]
        self.by_key: dict[Key, dict[str, int]] = {}
        self.parts_of: dict[tuple[str, str, str], list[int]] = {}
        for i, p in enumerate(self.passages):
            self.by_key.setdefault((p.doc_id, p.path), {}).setdefault(p.language, i)  # first part
            # a long provision is split into parts that keep its path (ingest/chunking.py)
            self.parts_of.setdefault((p.doc_id, p.path, p.language), []).append(i)
        docs = index.manifest.get("documents", {})
        self.aliases = {d: info.get("aliases", []) for d, info in docs.items()}
        self.name_words = name_words(self.aliases)  # to tell an unindexed statute's name
        self.doc_jurisdiction = {d: info.get("jurisdiction") for d, info in docs.items()}
        self.doc_kind = {d: info.get("kind") for d, info in docs.items()}
        for p in self.passages:
            self.doc_jurisdiction.setdefault(p.doc_id, p.jurisdiction)
            self.doc_kind.setdefault(p.doc_id, p.kind)
        # a statute a place's name qualifies is compared with that place's documents' names
        self.place_words = place_name_words(self.aliases, self.doc_jurisdiction)
        self.public_sector = {(p.doc_id, p.path) for p in self.passages
                              if _PUBLIC_CHAPTER.search(p.chapter or "")}
        self.articles: dict[str, set[str]] = {}
        for doc_id, path in self.by_key:
            head = path.split("/para-")[0].split("/item-")[0]
            self.articles.setdefault(doc_id, set()).add(head)


    # -- the parts ---------------------------------------------------------------------------

    def analyze(self, query: str) -> QueryAnalysis:
        japanese = is_japanese(query)
        analysis = QueryAnalysis(language="ja" if japanese else "en")
        analysis.documents = mentioned_documents(query, self.aliases, self.doc_jurisdiction)
        analysis.jurisdictions = mentioned_jurisdictions(query)
        indexed = set(self.doc_jurisdiction.values())
        analysis.unindexed_jurisdictions = [j for j in analysis.jurisdictions if j not in indexed]
        if not analysis.documents:
            analysis.unindexed_statutes = unindexed_statutes(query, self.aliases, self.name_words,
                                                             self.place_words)
        analysis.definition = bool(DEFINITION_QUESTION.search(query))
        analysis.asks_when = bool(_ASKS_WHEN.search(query))
        analysis.asks_public = bool(_ASKS_PUBLIC.search(query))
        analysis.terms = quoted_terms(query) or (asked_terms(query) if analysis.definition else [])
        for ref in parse_references(query):
            docs = analysis.documents or self._docs_of(analysis.jurisdictions) or list(self.articles)
            owners = [d for d in docs if self._has(d, ref)]
            if owners:
                analysis.refs.extend(ProvisionRef(ref.article, ref.paragraph, ref.item, ref.suppl, d)
                                     for d in owners)
            elif analysis.documents:
                analysis.missing_refs.append(
                    ProvisionRef(ref.article, ref.paragraph, ref.item, ref.suppl, docs[0]))
        return analysis

    def named_scope(self, analysis: QueryAnalysis) -> list[bool] | None:
        """Which passages a question that names documents is searched in: those documents, the
        commentary (non-statute texts) of their jurisdictions, and every text of another
        jurisdiction the question names ("Korea's AI law" names no Korean document by its alias
        but asks about Korea). None when it names no document or scoping is off."""
        if not analysis.documents or not self.scope_to_named:
            return None
        named = set(analysis.documents)
        places = {self.doc_jurisdiction.get(d) for d in named}
        elsewhere = set(analysis.jurisdictions) - places
        return [in_named_scope(p, named, places, elsewhere) for p in self.passages]

    def _docs_of(self, jurisdictions: list[str]) -> list[str]:
        return [d for d, j in self.doc_jurisdiction.items() if j in jurisdictions]

    def _has(self, doc_id: str, ref: ProvisionRef) -> bool:
        path = ref.path
        return any(p == path or p.startswith(path + "/") for d, p in self.by_key if d == doc_id)

    def dense_ranking(self, query_vec: np.ndarray, n: int) -> tuple[list[int], dict[int, float]]:
        scores, ids = self.index.dense.search(query_vec.reshape(1, -1), min(n, len(self.passages)))
        pairs = [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]
        return [i for i, _ in pairs], dict(pairs)

    def keyword_ranking(self, query: str, n: int) -> tuple[list[int], dict[int, float]]:
        tokens = [t for t in tokenize(query, self.ja_scheme) if is_topic_token(t)]
        if not tokens:
            return [], {}
        scores = np.asarray(self.index.keyword.get_scores(tokens))
        top = np.argsort(-scores, kind="stable")[:n]
        ranked = [int(i) for i in top if scores[i] > 0]
        return ranked, {i: float(scores[i]) for i in ranked}

    def bridge_vector(self, kw_ids: list[int]) -> np.ndarray | None:
        """A dense query for a question the embedder cannot read (Japanese, for MiniLM): the mean
        vector of the `bridge_language` versions of the top keyword-matched provisions."""
        keys: list[Key] = []
        for i in kw_ids:
            if self.key_of[i] not in keys:
                keys.append(self.key_of[i])
            if len(keys) == self.bridge_top:
                break
        rows = [self.by_key[key].get(self.bridge_language) for key in keys]
        vecs = [self.index.dense.reconstruct(i) for i in rows if i is not None]
        if not vecs:
            return None
        centroid = np.mean(vecs, axis=0)
        norm = float(np.linalg.norm(centroid))
        return (centroid / norm).astype(np.float32) if norm else None

    def definition_ranking(self, terms: list[str]) -> list[int]:
        """Passages that define a quoted term ("T" means, 「T」とは, T (meaning ...)), term by term."""
        out: list[int] = []
        for term in terms:
            pattern = definition_pattern(term)
            needle = term.lower()
            out.extend(i for i, p in enumerate(self.passages)
                       if needle in p.text.lower() and pattern.search(p.text) and i not in out)
        return out

    def _keys(self, ids: list[int], keep: list[bool]) -> list[Key]:
        out: list[Key] = []
        seen: set[Key] = set()
        for i in ids:
            key = self.key_of[i]
            if keep[i] and key not in seen:
                seen.add(key)
                out.append(key)
        return out

    # -- search ------------------------------------------------------------------------------

    def search(self, query: str, k: int = 10, filters: Filters | None = None,
               analysis: QueryAnalysis | None = None, mode: str | None = None) -> list[Hit]:
        mode = mode or self.mode
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}; one of {', '.join(MODES)}")
        lap = Laps()  # per-stage timings for the evaluator (core/timing.py); no-op otherwise
        filters = filters or Filters()
        self.check_filters(filters)
        analysis = analysis or self.analyze(query)
        japanese = analysis.language == "ja"
        n = self.candidates if filters == Filters() else len(self.passages)
        scope = self.named_scope(analysis) if mode in ("hybrid", "hybrid+refs") else None
        if scope is not None:  # ranked within the named documents, so from a deeper cut
            n = max(n, min(len(self.passages), 20 * self.candidates))
        strip = self.strip_names == "all" or (self.strip_names == "ja" and japanese)
        content = without_document_names(query, self.aliases) if strip else query
        dense_q = self._query_text(content, japanese, self.thesaurus == "both")
        # a place name says where to look (the jurisdiction prior), not what to look for: "Japan"
        # would otherwise favour every provision that mentions Japan
        kw_content = without_place_names(content) if self.strip_places else content
        kw_q = self._query_text(kw_content, japanese, self.thesaurus in ("keyword", "both"))
        lap("analyze")
        qvec = embed_query(self.embedder, dense_q)
        lap("embed")
        kw_ids, kw_scores = self.keyword_ranking(kw_q, n)
        bridge = self.bridge_vector(kw_ids) if japanese and self.bridge_top else None
        dense_ids, dense_scores = self.dense_ranking(qvec if bridge is None else bridge, n)
        lap("search")
        keep = [filters.allows(p) for p in self.passages]
        # every language version of a provision votes; the language filter only picks the one shown
        vote = keep if filters.language is None else [replace(filters, language=None).allows(p)
                                                      for p in self.passages]
        if scope is not None:  # a question naming a law is searched in it (and its commentary)
            vote = [v and s for v, s in zip(vote, scope, strict=True)]
            keep = [v and s for v, s in zip(keep, scope, strict=True)]
        best_part = self._best_parts(dense_ids, kw_ids, keep)
        rankings = {"dense": [self._keys(dense_ids, vote)], "bm25": [self._keys(kw_ids, vote)]}
        weights = [self.dense_weight_ja if japanese else 1.0, 1.0, self.definition_weight]
        defined = self._keys(self.definition_ranking(analysis.terms), vote)
        fused = dict(reciprocal_rank_fusion(
            rankings.get(mode, rankings["dense"] + rankings["bm25"] + [defined]), k=self.rrf_k,
            weights=None if mode in rankings else weights))
        if mode not in rankings:
            self._boost(fused, analysis)
        if mode == "hybrid+refs":
            direct = [(r.doc_id, p) for r in analysis.refs for (d, p) in self.by_key
                      if d == r.doc_id and (p == r.path or p.startswith(r.path + "/"))]
        else:
            direct = []
        top = max(fused.values(), default=0.0)
        for rank, key in enumerate(direct):
            fused[key] = top + 1.0 - rank * 1e-3
        ranked = sorted(fused.items(), key=lambda kv: -kv[1])
        hits: list[Hit] = []
        lang = filters.language or analysis.language
        rerank = self.reranker is not None and mode in ("hybrid", "hybrid+refs")
        wanted = max(k, self.rerank_top) if rerank else k
        for key, score in ranked:
            i = self._pick(key, lang, keep, best_part)
            if i is None:
                continue
            dense = dense_scores.get(i)
            if dense is None:
                dense = float(np.dot(self.index.dense.reconstruct(i), qvec))
            hits.append(Hit(self.passages[i], score, len(hits) + 1, dense=dense,
                            keyword=kw_scores.get(i)))
            if len(hits) == wanted:
                break
        lap("fuse")
        if rerank:
            hits = self._rerank(query, hits, n_fixed=len(direct))
            lap("rerank")
        return hits[:k]

    @staticmethod
    def _query_text(query: str, japanese: bool, statutory: bool) -> str:
        """The query as one retriever sees it: abbreviations spelled out and, with `statutory`,
        the thesaurus's statutory terms added."""
        expanded = expand_query(query, japanese)
        return " ".join([expanded, *statutory_terms(query, japanese)]) if statutory else expanded

    def _rerank(self, query: str, hits: list[Hit], n_fixed: int) -> list[Hit]:
        """Reorder the candidates by the cross-encoder; direct references stay first."""
        fixed, rest = hits[:n_fixed], hits[n_fixed:]
        scores = self.reranker.scores(query, [h.passage.embed_text for h in rest])
        ordered = fixed + [rest[i] for i in rerank_order(scores)]
        return [replace(h, rank=r) for r, h in enumerate(ordered, 1)]

    def check_filters(self, filters: Filters) -> None:
        """A filter value the index does not hold is a mistake, not an empty result."""
        for attr, label in (("doc_id", "doc id"), ("language", "language"),
                            ("jurisdiction", "jurisdiction"), ("kind", "kind")):
            want = getattr(filters, attr)
            if want is None:
                continue
            known = self._values.setdefault(attr, sorted({getattr(p, attr) for p in self.passages}))
            if want not in known:
                raise FilterError(attr, f"unknown {label} filter {want!r}; "
                                        f"the index holds: {', '.join(known)}")

    def _boost(self, fused: dict[Key, float], analysis: QueryAnalysis) -> None:
        named = set(analysis.documents)
        places = set(analysis.jurisdictions) - set(analysis.unindexed_jurisdictions)
        for key in fused:
            doc_id = key[0]
            factor = AUTHORITY_WEIGHT.get(self.doc_kind.get(doc_id, ""), 1.0)
            if doc_id in named:
                factor *= 2.0
            elif places and self.doc_jurisdiction.get(doc_id) in places:
                factor *= 1.5
            elif not named and not places and self.doc_jurisdiction.get(doc_id) != self.home_jurisdiction:
                factor *= self.foreign_weight  # comparison texts only when the question asks abroad
            if key[1].startswith("suppl") and not analysis.asks_when:
                factor *= SUPPLEMENTARY_WEIGHT
            if key in self.public_sector and not analysis.asks_public:
                factor *= PUBLIC_SECTOR_WEIGHT
            if analysis.definition:
                i = next(iter(self.by_key[key].values()))
                if _DEFINITION_CAPTION.search(self.passages[i].caption or ""):
                    factor *= 1.5
            fused[key] *= factor

    def _best_parts(self, dense_ids: list[int], kw_ids: list[int], keep: list[bool],
                    ) -> dict[tuple[str, str, str], int]:
        """For provisions split into parts: the part ranked best by either retriever."""
        best: dict[tuple[str, str, str], tuple[int, int]] = {}
        for ids in (dense_ids, kw_ids):
            for rank, i in enumerate(ids):
                p = self.passages[i]
                key = (p.doc_id, p.path, p.language)
                if keep[i] and len(self.parts_of.get(key, ())) > 1 and rank < best.get(key, (rank + 1,))[0]:
                    best[key] = (rank, i)
        return {key: i for key, (_, i) in best.items()}

    def _pick(self, key: Key, language: str, keep: list[bool],
              best_part: dict[tuple[str, str, str], int] | None = None) -> int | None:
        """The passage of a provision to show: the asked language first, then any allowed."""
        versions = self.by_key[key]
        order = [language] + [lang for lang in versions if lang != language]
        for lang in order:
            i = (best_part or {}).get((*key, lang), versions.get(lang))
            if i is not None and keep[i]:
                return i
        return None


def term_idf(index: LoadedIndex) -> tuple[dict[str, float], float]:
    """Inverse document frequency of every keyword token, and the idf of an unseen token."""
    kw = index.keyword
    indptr = np.asarray(kw.scores["indptr"])
    df = np.diff(indptr)
    n = int(kw.scores["num_docs"])
    idf = np.log((n + 1) / (df + 0.5))
    return {tok: float(idf[i]) for tok, i in kw.vocab_dict.items() if i < len(idf)}, float(np.log(n + 1) + 1)

