"""Search + answer, in process. The API, the CLI and eval all go through this one object."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from answer.extractive import ExtractiveAnswerer
from answer.guard import guard_answer, make_answerer, make_guard, stream_answer
from api.schemas import Answer
from core.provision_paths import human_ref
from core.sentences import question_parts
from core.settings import Settings
from core.timing import stage
from index.cited_captions import CitedCaptions
from index.embedder import Embedder, index_embedder
from index.library import hits_in_effect, not_in_effect_count
from index.store import LoadedIndex, load_index
from ingest.abbreviations import Abbreviations
from ingest.records import Passage
from query.references import place_name
from search.hits import Hit
from search.rerank import load_reranker
from search.searcher import Filters, HybridSearcher, QueryAnalysis, in_named_scope, term_idf

_LANGUAGE_NAMES = {"en": ("English", "英語"), "ja": ("Japanese", "日本語")}


def answer_basis(hits: list[Hit], named: list[str], places: set[str | None],
                 elsewhere: set[str] | frozenset[str] = frozenset()) -> list[Hit]:
    """The hits an answer may quote. A question that names a law is answered from that law
    (or from commentary on it: explainers, guidelines, FAQs of its jurisdiction, `places`), never
    from another statute that happens to match, e.g. a penalty clause of the APPI for a question
    about the AI Act; the other hits are still returned as related. The texts of another place
    the question names (`elsewhere`: "Korea revises its plan ...; does Japan's AI Act ...?") may
    be quoted too, as the search drew on them."""
    if not named:
        return hits
    return [h for h in hits if in_named_scope(h.passage, named, places, elsewhere)]


def side_question(question: str, mentions: Callable[[str], bool]) -> str:
    """The part of a question about one side of a comparison: its sentences that name that side
    ("If a foreign firm serves Korean users, what must it set up? And what do China's rules
    say?" -> its first sentence for Korea), or the whole question when no sentence, or every
    sentence, names it."""
    sentences = question_parts(question)
    own = [s for s in sentences if mentions(s)]
    return " ".join(own) if own and len(own) < len(sentences) else question


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
        self.searcher = HybridSearcher(
            index, embedder, rerank_top=settings.rerank_top,
            reranker=load_reranker(settings.reranker),  # off when unset
            home_jurisdiction=settings.home_jurisdiction, foreign_weight=settings.foreign_weight,
            thesaurus=settings.thesaurus, strip_names=settings.strip_names,
            strip_places=settings.strip_places, scope_to_named=settings.scope_to_named)
        # sentence embeddings at answer time cost ~5x the latency for little gain on dev.jsonl,
        # so sentences are ranked by their passage's similarity plus word overlap
        weights = term_idf(index)  # the answerer weighs the question's terms by their rarity
        self.place_languages: dict[str, set[str]] = {}  # jurisdiction -> languages of its texts
        for p in index.passages:
            self.place_languages.setdefault(p.jurisdiction, set()).add(p.language)
        self.extractive = ExtractiveAnswerer.from_settings(
            settings, weights, abbreviations=Abbreviations.from_passages(index.passages),
            aliases=self.searcher.aliases, cited=CitedCaptions.from_passages(index.passages))
        # REGQA_ANSWERER picks extractive (default) or an LLM; every answer is then guarded
        self.answerer, self.llm = make_answerer(settings, self.extractive)
        self.guard = make_guard(settings, embedder, self.llm)

    @classmethod
    def load(cls, settings: Settings, embedder: Embedder | None = None) -> QAPipeline:
        """The live index and the embedder of its passages: the corpus-adapted model the build
        stored (index/adapt.py) or REGQA_MODEL; a given `embedder` must be the one it was built with."""
        index = load_index(settings.index_root,
                           expected_model=embedder.name if embedder else settings.model)
        embedder = embedder or index_embedder(index.directory, index.manifest, settings.model,
                                              settings.batch_size)
        return cls(index, embedder, settings)

    def passage(self, doc_id: str, language: str, path: str) -> Passage | None:
        return self.index.store.provision(doc_id, language, path)  # a split provision whole

    def counterpart(self, passage: Passage, language: str) -> Passage | None:
        """The same provision in another language (Japanese original / English translation)."""
        return self.passage(passage.doc_id, language, passage.path)

    def search(self, query: str, k: int = 10, filters: Filters | None = None,
               as_of: date | None = None) -> list[Hit]:
        extra = not_in_effect_count(self.index.passages, as_of)  # as_of: fetch more, then filter
        return hits_in_effect(self.searcher.search(query, k=k + extra, filters=filters), as_of, k)

    def retrieve(self, question: str, analysis: QueryAnalysis, k: int | None = None,
                 as_of: date | None = None) -> list[Hit]:
        """The passages an answer is drawn from: the question's search, and for a comparison the
        best passage of each side the first few lack, found by searching that side alone with
        the part of the question about it."""
        k = k or self.settings.top_k
        extra = not_in_effect_count(self.index.passages, as_of)
        hits = hits_in_effect(self.searcher.search(question, k=k + extra, analysis=analysis,
                                                   filters=self.untranslated_place(analysis)), as_of, k)
        attr, sides = self.extractive.compared(question)
        considered = min(k, self.extractive.passages_considered)
        held = self.searcher.doc_jurisdiction.values() if attr == "jurisdiction" else self.searcher.aliases
        side_hits: list[Hit] = []
        for side in sides:
            asked = side_question(question, lambda text, side=side: side in self.extractive.named(attr, text))
            # a side the first hits lack, or one a part of the question asks about on its own
            present = any(getattr(h.passage, attr) == side for h in hits[:considered])
            if side not in held or (present and asked == question):
                continue
            found = self.searcher.search(asked, k=1 + extra, filters=Filters(**{attr: side}))
            side_hits += hits_in_effect(found, as_of, 1)
        return with_sides(hits, side_hits, considered)

    def untranslated_place(self, analysis: QueryAnalysis) -> Filters | None:
        """A question that names one place, and no document, whose texts are all in another
        language than the question's («韓国のAI基本法では…» with Korea's act in English only) is
        searched in that place's texts: its words cannot find them, and the place prior cannot
        lift what was never found, so Japan's AI act would answer a question about Korea's."""
        places = [j for j in analysis.jurisdictions if j not in analysis.unindexed_jurisdictions]
        if analysis.documents or len(places) != 1:
            return None
        held = self.place_languages.get(places[0], set())
        return Filters(jurisdiction=places[0]) if held and analysis.language not in held else None

    def ask_with_hits(self, question: str, k: int | None = None,
                      as_of: date | None = None) -> tuple[Answer, list[Hit]]:
        with stage("analyze"):  # per-stage timings for the evaluator (core/timing.py)
            analysis = self.searcher.analyze(question)
        hits = self.retrieve(question, analysis, k, as_of)
        with stage("answer"):
            basis = self.answer_basis(hits, analysis)
            answer = self.answerer.answer(question, basis, refusal=self.refusal(analysis))
        with stage("guard"):
            answer = guard_answer(answer, self.guard, question, basis, self.extractive)
        return answer.model_copy(update={"mode": self.settings.answerer}), hits

    def ask_stream(self, question: str, k: int | None = None,
                   as_of: date | None = None) -> Iterator[tuple[str, Any]]:
        """("sentence", {...}) events as guarded sentences are ready, then ("answer", Answer)."""
        analysis = self.searcher.analyze(question)
        hits = self.retrieve(question, analysis, k, as_of)
        for kind, payload in stream_answer(self.answerer, self.guard, question,
                                           self.answer_basis(hits, analysis),
                                           self.refusal(analysis), self.extractive):
            if kind == "answer":
                payload = payload.model_copy(update={"mode": self.settings.answerer})
            yield kind, payload

    def answer_basis(self, hits: list[Hit], analysis: QueryAnalysis) -> list[Hit]:
        places = {self.searcher.doc_jurisdiction.get(d) for d in analysis.documents}
        return answer_basis(hits, analysis.documents, places, set(analysis.jurisdictions) - places)

    def indexed_titles(self, language: str) -> list[str]:
        """Each indexed document's short title, in `language` where that version exists."""
        titles: dict[str, str] = {}
        for p in self.index.passages:
            if p.doc_id not in titles or p.language == language:
                titles[p.doc_id] = p.short_title
        return list(titles.values())

    def refusal(self, analysis: QueryAnalysis) -> str | None:
        """Why the indexed texts cannot answer, when the question itself shows it."""
        ja = analysis.language == "ja"
        if analysis.out_of_scope:
            places = ("、" if ja else ", ").join(place_name(j, ja) for j in analysis.unindexed_jurisdictions)
            held = ("、" if ja else ", ").join(
                place_name(j, ja) for j in sorted({p.jurisdiction for p in self.index.passages}))
            return (f"（索引には {places} の文書がありません。収録: {held}）" if ja else
                    f"No text from {places} is indexed (indexed jurisdictions: {held}).")
        untranslated = self.untranslated_place(analysis)
        if untranslated is not None:  # its texts share no words with the question to quote by
            place = place_name(untranslated.jurisdiction or "", ja)
            held = ("・" if ja else " and ").join(
                _LANGUAGE_NAMES.get(lang, (lang, lang))[ja] for lang in
                sorted(self.place_languages[untranslated.jurisdiction or ""]))
            return (f"（{place}の文書は{held}版のみが索引にあり、日本語の質問からは該当する規定を"
                    f"特定できません。{held}で質問してください。関連しうる規定を示します。）" if ja else
                    f"The texts of {place} are indexed in {held} only; ask in {held} to have a "
                    f"provision quoted. The passages below may be related.")
        if analysis.unindexed_statutes:
            names = ("、" if ja else ", ").join(analysis.unindexed_statutes)
            held = ("、" if ja else "; ").join(self.indexed_titles("ja" if ja else "en"))
            return (f"（{names}は索引にありません。収録: {held}）" if ja else
                    f"The indexed texts do not include the {names} (indexed: {held}).")
        if analysis.missing_refs:
            ref = analysis.missing_refs[0]
            of_doc = [p for p in self.index.passages if p.doc_id == ref.doc_id]
            some = next((p for p in of_doc if p.language == analysis.language), of_doc[0])
            name = human_ref(ref.path, "ja" if ja else "en")
            return (f"（{some.short_title}に{name}はありません。）" if ja else
                    f"The {some.short_title} as indexed has no {name}.")
        return None

    def ask(self, question: str, k: int | None = None, as_of: date | None = None) -> Answer:
        return self.ask_with_hits(question, k, as_of)[0]
