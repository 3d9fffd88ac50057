"""The extractive answerer over hand-made hits, for pure tests: a question is read by the real
query stage (query/analysis.py) over a small catalog, then answered; no index, no model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from answer.candidates import Candidate, PassageReader, score_candidates
from answer.extractive import Decision, ExtractiveAnswerer
from answer.records import Answer
from answer.selection import Provision
from core.settings import AnswerSettings, QuerySettings, ScoringWeights
from index.cited_captions import CitedCaptions
from ingest.abbreviations import Abbreviations
from query.analysis import Analyzer, QueryAnalysis
from query.catalog import Catalog, TermWeights
from query.statute_names import name_words, place_name_words
from search.hits import Hit


def catalog(aliases: Mapping[str, list[str]] | None = None, weights: TermWeights | None = None,
            paths: Mapping[str, frozenset[str]] | None = None,
            captions: Sequence[tuple[str, str, str]] = ()) -> Catalog:
    aliases = dict(aliases or {})
    jurisdiction = {d: "JP" for d in aliases}
    return Catalog(aliases=aliases, jurisdiction=jurisdiction, kind={d: "act" for d in aliases},
                   paths=paths or {},
                   place_languages={}, name_words=name_words(aliases),
                   place_words=place_name_words(aliases, jurisdiction), titles={}, weights=weights,
                   captions=tuple(captions))


class Reading:
    """Read a question, then answer it from the given hits."""

    def __init__(self, threshold: float = 0.1, term_weights: TermWeights | None = None,
                 aliases: Mapping[str, list[str]] | None = None, abbreviations: Abbreviations | None = None,
                 cited: CitedCaptions | None = None, paths: Mapping[str, frozenset[str]] | None = None,
                 query: QuerySettings | None = None, provision: Provision | None = None,
                 captions: Sequence[tuple[str, str, str]] = (), **answer: object) -> None:
        self.analyzer = Analyzer(catalog(aliases, term_weights, paths, captions), query or QuerySettings())
        self.reader = PassageReader(abbreviations, cited)
        weights = {k: answer.pop(k) for k in list(answer) if k in ScoringWeights.model_fields}
        self.settings = AnswerSettings(threshold=threshold, weights=ScoringWeights(**weights), **answer)
        self.answerer = ExtractiveAnswerer(self.reader, self.analyzer.reader, self.settings, provision)

    def analyze(self, question: str) -> QueryAnalysis:
        return self.analyzer.analyze(question)

    def answer(self, question: str, hits: Sequence[Hit], refusal: str | None = None) -> Answer:
        return self.answerer.answer(self.analyze(question), hits, refusal)

    def known_share(self, question: str) -> float:
        return self.analyze(question).known_share

    def decide(self, question: str, hits: Sequence[Hit]) -> Decision:
        return self.answerer.decide(self.analyze(question), hits)

    def candidates(self, question: str, hits: Sequence[Hit]) -> list[Candidate]:
        return score_candidates(self.analyze(question), hits, self.reader, self.settings.weights,
                                self.settings.passages_considered)
