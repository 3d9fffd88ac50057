"""The extractive answerer: quote the provisions that answer, verbatim, each with its citation.

Every sentence of an answer is a verbatim quote of the passage its [n] marker cites, introduced
by the provision it comes from, so nothing in an answer is unsupported. Sentences are scored in
answer/candidates.py, chosen in answer/selection.py and written out in answer/compose.py.

It abstains, listing the closest passages as related, when the best evidence scores below the
threshold, when the cited passages hold too few of the question's terms (in its own words or the
thesaurus's statutory ones), when most of an English question's words occur in no indexed text,
when the question asks for an amount and no quoted sentence holds a number, or when the
question's analysis shows the texts cannot answer (a refusal).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from answer import messages
from answer.absence import left_to_unindexed
from answer.candidates import Candidate, PassageReader, has_number, score_candidates, term_coverage
from answer.compose import abstain, compose
from answer.protocol import Draft
from answer.records import Answer
from answer.selection import Provision, Selector, cited_by_number, faq_answer
from core.settings import AnswerSettings
from ingest.delegations import sets_quantity
from query.analysis import QueryAnalysis
from query.terms import TermReader
from search.hits import Hit


@dataclass(frozen=True)
class Decision:
    """The sentences an answer would quote and the signals that decide whether it abstains."""

    chosen: list[Candidate]
    evidence: float  # the best sentence's score
    coverage: float  # share of the question's subject terms (idf-weighted) in the cited passages,
    # in its own words or the thesaurus's statutory ones
    amount_missing: bool  # the question asks for an amount and no quoted sentence holds a number
    known: float = 1.0  # share of the (English) question's subject words the indexed texts use
    named: bool = False  # the answer leads with a provision the question names by number


class ExtractiveAnswerer:
    mode = "extractive"

    def __init__(self, reader: PassageReader, terms: TermReader, settings: AnswerSettings,
                 provision: Provision | None = None) -> None:
        self.reader = reader
        self.terms = terms  # reads an FAQ entry's own question as a question
        self.settings = settings
        self.provision = provision  # a long provision indexed in parts, reassembled
        self.selector = Selector(reader, settings, provision)

    def with_budget(self, max_words: int) -> ExtractiveAnswerer:
        """The same answerer with another word budget for supporting sentences (0: none)."""
        budget = self.settings.model_copy(update={"max_words": max_words})
        return ExtractiveAnswerer(self.reader, self.terms, budget, self.provision)

    def decide(self, analysis: QueryAnalysis, hits: Sequence[Hit]) -> Decision:
        """What the answer would quote, with the signals abstention is decided on."""
        s = self.settings
        ranked = score_candidates(analysis, hits, self.reader, s.weights, s.passages_considered)
        known = analysis.known_share
        if not ranked:
            return Decision([], 0.0, 0.0, False, known)
        chosen = faq_answer(analysis.terms, hits, self.terms, s) or self.selector.select(ranked, analysis)
        chosen = self.selector.trimmed(chosen, analysis)
        cited = {c.hit.passage.passage_id: c.hit.passage for c in chosen}
        tokens = set().union(*(self.reader.passage(p) for p in cited.values()))
        coverage = max(term_coverage(analysis.terms, tokens), term_coverage(analysis.statutory_terms, tokens))
        gap = analysis.asks_amount and not any(has_number(c.quote) for c in chosen)
        named = bool(chosen) and cited_by_number(chosen[0], analysis.refs)
        return Decision(chosen, ranked[0].score, coverage, gap, known, named)

    def abstains(self, decision: Decision) -> bool:
        """Whether the evidence is too weak to answer from. A provision the question names by
        number (and the index holds: a missing one is refused before) is the evidence itself:
        "What does Article 31 require?" holds no other word for the passage to match."""
        s = self.settings
        weak = decision.evidence < s.threshold or decision.coverage < s.min_coverage
        return (not decision.chosen or (weak and not decision.named)
                or decision.known < s.min_known or decision.amount_missing)

    def answer(self, analysis: QueryAnalysis, hits: Sequence[Hit], refusal: str | None = None) -> Answer:
        if refusal:
            return abstain(hits, analysis.japanese, refusal)
        decision = self.decide(analysis, hits)
        if self.abstains(decision):
            return abstain(hits, analysis.japanese, self.why(analysis, decision))
        return compose(decision.chosen, analysis.japanese)

    def draft(self, analysis: QueryAnalysis, hits: Sequence[Hit]) -> Draft | None:
        return None  # quotes are chosen whole

    def why(self, analysis: QueryAnalysis, decision: Decision) -> str | None:
        """What the question shows about why it is not answered, when a rule says so plainly."""
        if decision.known < self.settings.min_known:
            return messages.unknown_words(analysis.unknown_words)
        if decision.amount_missing and decision.chosen:
            left = left_to_instrument(decision.chosen, analysis.language)
            return left or messages.no_number(analysis.japanese)
        return None


def left_to_instrument(chosen: Sequence[Candidate], language: str) -> str | None:
    """When a quoted sentence leaves the matter asked about to another instrument (「政令で定める」,
    "prescribed by Presidential Decree": ingest/delegations.py), the abstention says so: no
    indexed text holds a Cabinet Order, Commission rules or a decree, so the number is not in
    the texts, and saying where it is helps more than saying that no provision states one. Only
    a delegation of a quantity ("for a period ... prescribed by ...", 「…で定める期間」) is
    said to hold "this"; one of the manner of doing something is said to leave details there."""
    found = [(c.hit.passage, d, sets_quantity(c.hit.passage.text, d)) for c in chosen
             for d in c.hit.passage.delegations if c.start <= d.start < c.end]
    if not found:
        return None
    p, d, specific = min(found, key=lambda pds: not pds[2])  # the first of a quantity, else the first
    return left_to_unindexed([(p.path_at(d.start), d.body)], p.short_title, (), language, specific=specific)
