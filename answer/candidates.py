"""Candidate sentences for an extractive answer, scored against the question's analysis.

Each sentence of the top passages is scored by the share of the question's subject terms it
holds (idf-weighted: a rare term such as "pseudonymized" counts more than "person"), the same
share for its whole passage, the passage's retrieval rank and score relative to the best and,
for English, the passage's embedding similarity (weights: settings.answer.weights). When the
question asks what a term means, a sentence that defines one scores higher; a sentence that only
rewords another provision for a new context (読み替え) scores lower: it repeats a rule's words,
and the rule itself, or the provision that applies it, is the answer.

A passage's words are read with the full names of the short forms its statute defines
(ingest/abbreviations.py), the captions of the provisions it cites (index/cited_captions.py) and
the wordings that stand for its words (answer/equivalents.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from answer.equivalents import equivalent_tokens
from answer.trim import excerpt
from core.sentences import split_sentences
from core.settings import ScoringWeights
from index.cited_captions import CitedCaptions
from index.tokenize import tokenize
from ingest.abbreviations import Abbreviations
from ingest.records import Passage
from query.analysis import QueryAnalysis
from search.hits import Hit

_NUMBER = re.compile(r"\d|percent|％|%|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
                     r"|fifteen|twenty|thirty|sixty|hundred|thousand|million|billion|once|twice|annual(?:ly)?"
                     r"|yearly|monthly|weekly|daily)\b|[一二三四五六七八九十百千万億]+(?:円|パーセント|割|人|日|年|歳"
                     r"|回|か月|ヶ月|箇月|月|週間|時間|件|倍)|毎年|毎月",
                     re.IGNORECASE)
# numbers that name a text, not a quantity: a law's number, a provision's, a page's
_CITATION = re.compile(
    r"\b(?:Act|Order|Ordinance|Rules?|Notice|Law)\s+No\.\s*\d+(?:\s+of\s+\d{4})?"
    r"|\b(?:Articles?|Art\.|paragraphs?|para\.|items?|sub-?items?|subparagraphs?|Sections?|parts?|Chapters?"
    r"|pp?\.)\s*\(?\d+(?:-\d+)?\)?(?:\(\w{1,4}\))*(?:\s*(?:,|and|through|to|or)\s*\(?\d+(?:-\d+)?\)?)*"
    # a paragraph's or an item's own number: "(1) A business operator shall ...", "2. Providers ..."
    r"|\(\d{1,3}\)|^\s*\d{1,3}\.(?!\d)"
    r"|(?:明治|大正|昭和|平成|令和)[元一二三四五六七八九十\d]+年(?:[^。]{0,12}?第[一二三四五六七八九十百千\d]+号)?"
    r"|第[一二三四五六七八九十百千\d]+(?:条|項|号|章|節)(?:の[一二三四五六七八九十\d]+)?",
    re.IGNORECASE)
# a sentence that defines a term answers a definition question most directly
_DEFINES = re.compile(r"\bmeans\b|\(meaning\b|\bis defined as\b|\brefers? to\b|」とは|をいう", re.IGNORECASE)
# a sentence that only rewords another provision for a new context (読み替え: "the phrase "X" in
# Article 23 is deemed to be replaced with "Y"", 「「X」とあるのは「Y」と読み替える」)
_REWORDS = re.compile(r"\b(?:phrase|term|word)s?\s+[“\"][^”\"]*[”\"][^.;]{0,80}?\b(?:is|are)\s+"
                      r"(?:deemed to be\s+)?replaced with|」とあるのは、?「", re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    hit: Hit
    start: int
    end: int
    score: float
    lexical: float = 0.0  # share of the question's terms in this sentence
    pieces: tuple[tuple[int, int], ...] = ()  # the parts quoted, when trimmed (answer/trim.py)

    @property
    def text(self) -> str:
        return self.hit.passage.text[self.start : self.end]

    @property
    def quote(self) -> str:
        """The sentence as quoted: whole, or its kept pieces with each cut marked "…"."""
        if not self.pieces:
            return self.text
        rel = [(a - self.start, b - self.start) for a, b in self.pieces]
        return excerpt(self.text, rel, self.hit.passage.language == "ja")


def in_item(p: Passage, start: int) -> bool:
    """The text at `start` is an item of a list in the passage (its path names an item below the
    passage's), not the passage's own text or one of its paragraphs."""
    return "item-" in p.path_at(start)[len(p.path):]


def term_coverage(terms: dict[str, float], tokens: set[str]) -> float:
    """Share of the terms' weight found among the tokens (0 when there are no terms)."""
    total = sum(terms.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in terms.items() if t in tokens) / total


def has_number(text: str) -> bool:
    """The text states a quantity; the numbers of laws, provisions and pages do not count
    ("Act No. 57 of 2007", "Article 2, paragraph (9)", 平成十九年法律第五十七号)."""
    return bool(_NUMBER.search(_CITATION.sub(" ", text)))


def rewords_another_provision(text: str) -> bool:
    """The sentence replaces words of another provision for a new context (読み替え規定)."""
    return bool(_REWORDS.search(text))


@dataclass(frozen=True)
class PassageReader:
    """The keyword tokens of a passage or one sentence of it, read with what the index knows.

    The reading of a passage's sentence depends on nothing but the passage, so each is kept once
    read (up to `MEMO_SIZE`; the whole corpus's 4,949 sentences and passages take ~21 MiB): the
    top passages of one question are mostly the top passages of others."""

    abbreviations: Abbreviations | None = None  # a statute's short forms read as its full names
    cited: CitedCaptions | None = None  # the captions of the provisions a provision cites
    memo: dict[tuple[str, str, int, int], frozenset[str]] = field(
        default_factory=dict, compare=False, repr=False)

    MEMO_SIZE = 8192

    def tokens(self, p: Passage, text: str, cites: str = "") -> set[str]:
        full = self.abbreviations.full_names(p.doc_id, p.language, text) if self.abbreviations else []
        tokens = set(tokenize(" ".join([text, *full, cites])))
        return tokens | equivalent_tokens(tokens)

    def sentence(self, p: Passage, start: int, end: int) -> frozenset[str]:
        key = (p.passage_id, p.text, start, end)
        found = self.memo.get(key)
        if found is None:
            cites = self.cited.of_span(p, start, end) if self.cited is not None else ""
            # its own provision's caption describes it as much as a cited one's describes the
            # sentence citing it; an item of a list is described by its own words (the caption
            # names what the list is of, as its lead-in does)
            own = "" if in_item(p, start) else p.caption or ""
            found = self._remember(key, self.tokens(p, p.text[start:end], f"{cites} {own}"))
        return found

    def passage(self, p: Passage) -> frozenset[str]:
        key = (p.passage_id, p.text, -1, -1)  # the whole passage, its caption with it
        found = self.memo.get(key)
        if found is None:
            cites = self.cited.of_passage(p) if self.cited is not None else ""
            found = self._remember(key, self.tokens(p, f"{p.caption or ''} {p.text}", cites))
        return found

    def _remember(self, key: tuple[str, str, int, int], tokens: set[str]) -> frozenset[str]:
        if len(self.memo) >= self.MEMO_SIZE:
            self.memo.clear()
        frozen = frozenset(tokens)
        self.memo[key] = frozen
        return frozen


def score_candidates(analysis: QueryAnalysis, hits: Sequence[Hit], reader: PassageReader,
                     weights: ScoringWeights, considered: int) -> list[Candidate]:
    """Every sentence of the first `considered` hits, best first."""
    terms = analysis.terms
    spans = [(hit, a, b) for hit in hits[:considered] for a, b in split_sentences(hit.passage.text)]
    if not spans:
        return []
    top = max(h.score for h in hits[:considered]) or 1.0
    # the words and the ranking alone when the embedder read nothing: a Japanese question (MiniLM
    # reads no Japanese) or one the reach model ranked in its place (no hit carries a similarity)
    words_only = analysis.japanese or all(h.dense is None for h in hits[:considered])
    context: dict[str, float] = {}
    w = weights
    out = []
    for hit, a, b in spans:
        p = hit.passage
        text = p.text[a:b]
        if p.passage_id not in context:
            context[p.passage_id] = term_coverage(terms, reader.passage(p))
        lexical = term_coverage(terms, reader.sentence(p, a, b))
        prior = 0.5 * (1.0 / hit.rank) + 0.5 * max(0.0, hit.score / top)
        if words_only:
            score = w.lexical_ja * lexical + w.context_ja * context[p.passage_id] + w.prior_ja * prior
        else:
            score = (w.similarity * float(hit.dense or 0.0) + w.lexical * lexical
                     + w.context * context[p.passage_id] + w.prior * prior)
        if analysis.definition and _DEFINES.search(text):
            score += w.definition_bonus
        if rewords_another_provision(text):
            score -= w.rewording_penalty
        out.append(Candidate(hit, a, b, score, lexical))
    out.sort(key=lambda c: -c.score)
    return out
