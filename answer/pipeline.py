"""Query -> search -> answer, in process. The API, the CLI and eval all go through this one object.

A question is read once (query/analysis.py), searched (search/searcher.py; a comparison's sides
that the first hits lack are searched alone with the part of the question about each), narrowed
to what an answer may quote (a question naming a law is answered from that law), answered
(answer/extractive.py or a generative answerer) and guarded (answer/guard.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from answer import messages
from answer.absence import Absence, absence_reason, absent_roles, held_instead
from answer.backends import make_backend
from answer.candidates import PassageReader
from answer.confidence import with_confidence
from answer.extractive import ExtractiveAnswerer
from answer.guard import guard_answer, make_guard, stream_answer
from answer.protocol import Answerer
from answer.records import Answer
from answer.versions import VersionQuoting
from core.provision_paths import human_ref, nested
from core.settings import Settings
from core.timing import stage
from index.cited_captions import CitedCaptions
from index.embedder import Embedder, index_embedder
from index.lexicon import load as load_lexicon
from index.library import hits_in_effect, not_in_effect_count
from index.reach import load_reach
from index.store import LoadedIndex
from index.stores import make_store
from ingest.abbreviations import Abbreviations
from ingest.records import Passage
from query.analysis import Analyzer, QueryAnalysis
from query.catalog import Catalog
from query.references import ProvisionRef
from search.filters import Filters
from search.hits import Hit
from search.rerank import load_reranker
from search.retrieval import Retrieval
from search.searcher import HybridSearcher, in_named_scope


def answer_basis(hits: list[Hit], named: Sequence[str], places: set[str | None],
                 elsewhere: set[str] | frozenset[str] = frozenset()) -> list[Hit]:
    """The hits an answer may quote. A question that names a law is answered from that law
    (or from commentary on it: explainers, guidelines, FAQs of its jurisdiction, `places`), never
    from another statute that happens to match, e.g. a penalty clause of the APPI for a question
    about the AI Act; the other hits are still returned as related. The texts of another place
    the question names (`elsewhere`: "Korea revises its plan ...; does Japan's AI Act ...?") may
    be quoted too, as the search drew on them. A question that names places and no law ("under
    Japanese law") is answered from those places' texts alone: China's measures do not answer
    it, however well they match."""
    if not named:
        return [h for h in hits if h.passage.jurisdiction in elsewhere] if elsewhere else hits
    return [h for h in hits if in_named_scope(h.passage, tuple(named), places, elsewhere)]


def named_whole(hits: list[Hit], refs: Sequence[ProvisionRef],
                provision: Callable[[str, str, str], Passage | None]) -> list[Hit]:
    """`hits` with a provision the question names by number (`refs`) shown whole where the
    search found one part of it (a long provision is indexed in parts; `provision` reassembles
    one): the question asks about the provision, its opening sentence included, not only the
    part that matched best."""
    out = []
    for h in hits:
        p = h.passage
        named = any(p.doc_id == r.doc_id and nested(p.path, r.path) for r in refs)
        whole = provision(p.doc_id, p.language, p.path) if named and p.parts > 1 else None
        out.append(replace(h, passage=whole) if whole is not None else h)
    return out


def with_sides(hits: list[Hit], side_hits: Sequence[Hit], considered: int) -> list[Hit]:
    """`hits` with the best hit of each side of a comparison that its first `considered` lack
    (`side_hits`, found by searching that side alone) moved into them, last, ahead of the rest;
    ranks renumbered, scores kept non-increasing."""
    shown = {h.passage.passage_id for h in hits[:considered]}
    new = [h for h in side_hits if h.passage.passage_id not in shown]
    if not new:
        return hits
    keep = hits[: max(0, considered - len(new))]
    floor = keep[-1].score if keep else max(h.score for h in new)
    ids = {h.passage.passage_id for h in new}
    merged = keep + [replace(h, score=min(h.score, floor)) for h in new]
    merged += [h for h in hits[len(keep):] if h.passage.passage_id not in ids]
    return [replace(h, rank=r) for r, h in enumerate(merged, 1)]


class QAPipeline:
    def __init__(self, index: LoadedIndex, embedder: Embedder, settings: Settings) -> None:
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self.catalog = Catalog.from_index(index)
        self.analyzer = Analyzer(self.catalog, settings.query)
        self.searcher = HybridSearcher(index, embedder, self.catalog, settings.search,
                                       reranker=load_reranker(settings.reranker),  # off when unset
                                       reach=load_reach(index.directory, len(index.passages)),
                                       lexicon=load_lexicon(index.directory))
        # sentence embeddings at answer time cost ~5x the latency for little gain on dev.jsonl,
        # so sentences are ranked by their passage's similarity plus word overlap
        reader = PassageReader(Abbreviations.from_passages(index.passages),
                               CitedCaptions.from_passages(index.passages))
        self.extractive = ExtractiveAnswerer(reader, self.analyzer.reader, settings.answer, self.passage)
        # REGQA_ANSWERER picks extractive (default) or an LLM; every answer is then guarded
        backend = make_backend(settings, self.extractive)
        self.answerer, self.llm = backend.answerer, backend.client
        self.guard = make_guard(settings, embedder, self.llm)

    @classmethod
    def load(cls, settings: Settings, embedder: Embedder | None = None) -> QAPipeline:
        """The live index and the embedder of its passages: the corpus-adapted model the build
        stored (index/adapt.py) or REGQA_MODEL; a given `embedder` must be the one it was built with."""
        index = make_store(settings).load(expected_model=embedder.name if embedder else settings.model)
        embedder = embedder or index_embedder(index.directory, index.manifest, settings.model,
                                              settings.batch_size)
        return cls(index, embedder, settings)

    def passage(self, doc_id: str, language: str, path: str) -> Passage | None:
        return self.index.store.provision(doc_id, language, path)  # a split provision whole

    def counterpart(self, passage: Passage, language: str) -> Passage | None:
        """The same provision in another language (Japanese original / English translation)."""
        return self.passage(passage.doc_id, language, passage.path)

    @property
    def retrieval(self) -> Retrieval:
        """Question text in, hits out: for benchmarks of the search stage alone."""
        return Retrieval(self.analyzer, self.searcher)

    def analyze(self, question: str) -> QueryAnalysis:
        return self.analyzer.analyze(question)

    def search(self, query: str, k: int = 10, filters: Filters | None = None,
               as_of: date | None = None) -> list[Hit]:
        extra = not_in_effect_count(self.index.passages, as_of)  # as_of: fetch more, then filter
        return hits_in_effect(self.searcher.search(self.analyze(query), k=k + extra, filters=filters),
                              as_of, k)

    def retrieve(self, analysis: QueryAnalysis, k: int | None = None, as_of: date | None = None,
                 filters: Filters | None = None) -> list[Hit]:
        """The passages an answer is drawn from: the question's search (within `filters`, and
        within the one place it asks about when that place's texts are in another language),
        and for a comparison the best passage of each side the first few lack, found by
        searching that side alone with the part of the question about it."""
        k = k or self.settings.top_k
        extra = not_in_effect_count(self.index.passages, as_of)
        base = filters or Filters()
        if analysis.confined_place and base.jurisdiction is None:
            base = replace(base, jurisdiction=analysis.confined_place)
        hits = hits_in_effect(self.searcher.search(analysis, k=k + extra, filters=base), as_of, k)
        comparison = analysis.comparison
        considered = min(k, self.settings.answer.passages_considered)
        held = (self.catalog.jurisdiction.values() if comparison.attr == "jurisdiction"
                else self.catalog.aliases)
        side_hits: list[Hit] = []
        for side in comparison.sides:
            # a side the first hits lack, or one a part of the question asks about on its own
            present = any(getattr(h.passage, comparison.attr) == side.value for h in hits[:considered])
            if side.value not in held or (present and side.question == analysis.question):
                continue
            found = self.searcher.search(self.analyze(side.question), k=1 + extra,
                                         filters=replace(base, **{comparison.attr: side.value}))
            # first in a search of one side alone is no vote on the whole question's first provision
            side_hits += [replace(h, firsts=()) for h in hits_in_effect(found, as_of, 1)]
        return with_sides(hits, side_hits, considered)

    def answer_basis(self, hits: list[Hit], analysis: QueryAnalysis) -> list[Hit]:
        """The hits an answer may quote (see `answer_basis`); for a question about a role the
        named law has no provision in, that law's own hits: they are what it holds instead."""
        absence = absent_roles(analysis, self.catalog)
        if absence is not None:  # what it holds instead (measures, its commencement), first
            own = [h for h in hits if h.passage.doc_id == absence.doc_id]
            first = [p for p, _ in self.instead(absence, analysis.language)]
            paths = {p.path for p in first}
            top = own[0].score if own else 1.0
            lead = [Hit(p, top, n) for n, p in enumerate(first, 1)]
            rest = [replace(h, rank=len(lead) + n) for n, h in enumerate(
                (h for h in own if h.passage.path not in paths), 1)]
            return lead + rest
        places = {self.catalog.jurisdiction.get(d) for d in analysis.documents}
        asked_places = set(analysis.jurisdictions) - set(analysis.unindexed_jurisdictions)
        basis = answer_basis(hits, analysis.documents, places, asked_places - places)
        return named_whole(basis, analysis.refs, self.passage) if analysis.refs else basis

    def instead(self, absence: Absence, language: str) -> list[tuple[Passage, tuple[str, ...]]]:
        """What a law without the role asked for holds instead (answer/absence.py `held_instead`:
        the supervisory measures of a law without penal provisions, the commencement provision of
        one without deadlines), each provision whole."""
        found = held_instead(absence, self.index.passages, language)
        return [(self.passage(p.doc_id, p.language, p.path) or p, words) for p, words in found]

    def refusal(self, analysis: QueryAnalysis) -> str | None:
        """Why the indexed texts cannot answer, when the question itself shows it."""
        ja = analysis.japanese
        held = sorted(self.catalog.place_languages)
        if analysis.out_of_scope:
            return messages.unindexed_places(analysis.unindexed_jurisdictions, held, ja)
        if analysis.confined_place is not None:  # its texts share no words with the question
            languages = sorted(self.catalog.place_languages[analysis.confined_place])
            return messages.other_language_only(analysis.confined_place, languages, ja)
        if analysis.unindexed_statutes:
            return messages.unindexed_statutes(analysis.unindexed_statutes,
                                               self.catalog.indexed_titles(analysis.language), ja)
        if analysis.missing_refs:
            ref = analysis.missing_refs[0]
            return messages.no_such_provision(self.catalog.title(ref.doc_id, analysis.language),
                                              human_ref(ref.path, analysis.language), ja)
        absence = absent_roles(analysis, self.catalog)  # a penalty, registration or deadline it lacks
        if absence is not None:
            return absence_reason(absence, self.catalog, analysis.language,
                                  self.instead(absence, analysis.language))
        return None

    def answerer_for(self, max_words: int | None) -> Answerer:
        """The answerer, with the extractive one's word budget set for one request (None: the
        configured one; an LLM answerer writes its own length), quoting the other language
        version of what it quotes when the question asks about it."""
        if max_words is None or self.answerer is not self.extractive:
            answerer = self.answerer
        else:
            answerer = self.extractive.with_budget(max_words)
        return VersionQuoting(answerer, self.passage)

    def ask_with_hits(self, question: str, k: int | None = None, as_of: date | None = None,
                      filters: Filters | None = None,
                      max_words: int | None = None) -> tuple[Answer, list[Hit]]:
        with stage("analyze"):
            analysis = self.analyze(question)
        hits = self.retrieve(analysis, k, as_of, filters)
        basis = self.answer_basis(hits, analysis)
        with stage("answer"):
            answer = self.answerer_for(max_words).answer(analysis, basis, refusal=self.refusal(analysis))
        with stage("guard"):
            answer = guard_answer(answer, self.guard, analysis.japanese, basis)
        return self.finished(answer, basis), hits

    def ask_stream(self, question: str, k: int | None = None, as_of: date | None = None,
                   filters: Filters | None = None, max_words: int | None = None) -> Iterator[tuple[str, Any]]:
        """("sentence", {...}) events as guarded sentences are ready, then ("answer", Answer)."""
        analysis = self.analyze(question)
        basis = self.answer_basis(self.retrieve(analysis, k, as_of, filters), analysis)
        for kind, payload in stream_answer(self.answerer_for(max_words), self.guard, analysis,
                                           basis, self.refusal(analysis)):
            yield kind, self.finished(payload, basis) if kind == "answer" else payload

    def finished(self, answer: Answer, basis: list[Hit]) -> Answer:
        """A guarded answer with what the pipeline knows of it: the answerer that wrote it and
        how sure it is of the provision it leads with, with the provisions ranked next when it is
        not (answer/confidence.py)."""
        return with_confidence(answer, basis).model_copy(update={"mode": self.settings.answerer})

    def ask(self, question: str, k: int | None = None, as_of: date | None = None,
            filters: Filters | None = None, max_words: int | None = None) -> Answer:
        return self.ask_with_hits(question, k, as_of, filters, max_words)[0]
