"""Scoring as ../shared/benchmarks/FORMAT.md defines it. Pure: no I/O, no clock.

Matching (FORMAT.md, "Provision paths"): a passage matches a gold entry when the
document ids are equal and one provision path is a prefix of the other at a segment
boundary; failing paths (the gold entry has no `ref`, or the passage has no path) when
the passage text contains the gold quote of the passage's language, both after Unicode
NFKC and whitespace collapsing.

Per question, retrieval is kept as `rank_matches`: for each retrieved passage, best
first, the indices of the gold entries it matches. hit@k, recall@k and the reciprocal
rank are read off that. Unanswerable questions count only for abstention and latency.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from answer.grounding import normalize as fold_whitespace
from answer.trim import size as text_size
from api.schemas import Answer, Citation
from eval.benchmark import CATEGORIES, Gold, Question
from eval.calibration import by_confidence
from eval.invented_refs import invented_references
from search.hits import Hit

KS: tuple[int, ...] = (1, 3, 5, 10)
STAGES: tuple[str, ...] = ("analyze", "embed", "search", "fuse", "rerank", "answer", "guard")
MRR_K: int = max(KS)
_ROUND = 4


# --------------------------------------------------------------------------- matching


def normalize(text: str, *, casefold: bool = False) -> str:
    """Unicode NFKC, whitespace runs collapsed to one space, ends stripped; optionally casefolded.

    NFKC turns full-width letters, digits and the ideographic space into their plain
    forms, so "ＡＩ　Act" and "AI Act" normalise alike.
    """
    out = fold_whitespace(text)
    return out.casefold() if casefold else out


def _clean_path(path: str | None) -> str:
    return (path or "").strip().strip("/")


def paths_match(a: str | None, b: str | None) -> bool:
    """True when one provision path is a prefix of the other at a segment boundary.

    "art-20" and "art-20/para-1" match (either way round); "art-2" and "art-20" do not.
    An empty path matches nothing.
    """
    a, b = _clean_path(a), _clean_path(b)
    if not a or not b:
        return False
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def quote_in_text(quote: str | None, text: str | None) -> bool:
    """The quote occurs in the text after NFKC and whitespace collapsing (case kept)."""
    q = normalize(quote or "")
    return bool(q) and q in normalize(text or "")


def passage_matches(
    doc_id: str, path: str | None, language: str, text: str | None, gold: Gold
) -> bool:
    """Does a passage (or a citation) match one gold entry? See the module docstring."""
    if doc_id != gold.doc:
        return False
    if gold.ref and _clean_path(path):
        return paths_match(path, gold.ref)
    return quote_in_text(gold.quote(language or ""), text)


def matched_gold(
    doc_id: str, path: str | None, language: str, text: str | None, gold: Sequence[Gold]
) -> tuple[int, ...]:
    """Indices of the gold entries a passage matches (empty when it matches none)."""
    return tuple(i for i, g in enumerate(gold) if passage_matches(doc_id, path, language, text, g))


def hit_matches(hit: Hit, gold: Sequence[Gold]) -> tuple[int, ...]:
    p = hit.passage
    return matched_gold(p.doc_id, p.path, p.language, p.text, gold)


def citation_matches(citation: Citation, gold: Sequence[Gold]) -> bool:
    """A citation matches by its doc_id and path; failing paths, by its full passage
    text (`text`), or by its quote when the text is empty."""
    text = citation.text or citation.quote
    return bool(matched_gold(citation.doc_id, citation.path, citation.language, text, gold))


# --------------------------------------------------------------------------- retrieval


def hit_at_k(rank_matches: Sequence[Collection[int]], k: int) -> bool:
    """Any gold entry matched among the first k retrieved passages."""
    return any(rank_matches[:k])


def recall_at_k(rank_matches: Sequence[Collection[int]], n_gold: int, k: int) -> float:
    """Share of the gold entries matched among the first k retrieved passages."""
    if n_gold <= 0:
        return 0.0
    found: set[int] = set()
    for m in rank_matches[:k]:
        found.update(m)
    return len(found) / n_gold


def first_match_rank(rank_matches: Sequence[Collection[int]], k: int = MRR_K) -> int | None:
    """1-based rank of the first matching passage within the top k, or None."""
    for rank, m in enumerate(rank_matches[:k], start=1):
        if m:
            return rank
    return None


def reciprocal_rank(rank_matches: Sequence[Collection[int]], k: int = MRR_K) -> float:
    """1/rank of the first matching passage within the top k; 0 if none."""
    rank = first_match_rank(rank_matches, k)
    return 0.0 if rank is None else 1.0 / rank


# --------------------------------------------------------------------------- answer


def citation_precision(flags: Sequence[bool]) -> float | None:
    """Share of cited passages that match a gold entry; None when nothing was cited."""
    return sum(map(bool, flags)) / len(flags) if flags else None


def fact_found(answer_text: str, group: Iterable[str]) -> bool:
    """At least one alternative occurs in the answer (case-insensitive, whitespace-normalised)."""
    hay = normalize(answer_text, casefold=True)
    needles = (normalize(alt, casefold=True) for alt in group)
    return any(needle and needle in hay for needle in needles)


def missing_facts(answer_text: str, facts: Sequence[Sequence[str]]) -> list[int]:
    """Indices of the fact groups none of whose alternatives the answer contains."""
    return [i for i, group in enumerate(facts) if not fact_found(answer_text, group)]


def fact_recall(answer_text: str, facts: Sequence[Sequence[str]]) -> float | None:
    """Share of fact groups found in the answer; None when there are no groups."""
    if not facts:
        return None
    return 1.0 - len(missing_facts(answer_text, facts)) / len(facts)


_MARKER = re.compile(r"\[\d+\]")


def answer_size(text: str, ja: bool) -> int:
    """An answer's length without its [n] markers: words in English, half its characters in
    Japanese (about a word; answer/trim.py's measure)."""
    return text_size(_MARKER.sub(" ", text), ja)


def abstention_correct(answerable: bool, abstained: bool) -> bool:
    """Unanswerable questions should be abstained on; answerable ones should not."""
    return abstained != answerable


# --------------------------------------------------------------------------- per question


@dataclass
class QuestionScore:
    """Everything scored about one question; `to_dict` gives the JSON form."""

    id: str
    lang: str
    category: str
    answerable: bool
    k: int
    n_gold: int
    rank_matches: list[tuple[int, ...]] = field(default_factory=list)
    hit_at_k: dict[int, bool] = field(default_factory=dict)  # answerable only
    recall_at_k: dict[int, float] = field(default_factory=dict)  # answerable only
    reciprocal_rank: float | None = None  # answerable only
    first_match_rank: int | None = None
    abstained: bool = False
    citation_matches: list[bool] = field(default_factory=list)
    citation_precision: float | None = None  # answered (not abstained) answerable, >=1 citation
    fact_recall: float | None = None  # answerable with facts; 0 when abstained
    facts_missing: list[int] = field(default_factory=list)
    abstention_correct: bool = True
    cited_when_unanswerable: bool = False
    latency_ms: float = 0.0
    error: str | None = None
    grounded_share: float | None = None  # the guard's share of supported sentences, when answered
    unsupported_sentences: int | None = None  # sentences the guard dropped or flagged (guarded answers)
    invented_refs: list[str] | None = None  # None: not checked (no document paths, e.g. the peer)
    stage_ms: dict[str, float] = field(default_factory=dict)  # per-stage timings, when collected
    answer_words: int | None = None  # the answer's length, when an answerable question is answered
    confidence: str | None = None  # the answer's own (answer/confidence.py), when it gives one
    lead_right: bool | None = None  # answered answerable: its first citation matches a gold entry

    def to_dict(self) -> dict[str, Any]:
        return {
            "hit_at_k": {str(k): v for k, v in self.hit_at_k.items()} or None,
            "recall_at_k": {str(k): v for k, v in self.recall_at_k.items()} or None,
            "reciprocal_rank": self.reciprocal_rank,
            "first_match_rank": self.first_match_rank,
            "gold_found": sorted({i for m in self.rank_matches for i in m}),
            "n_gold": self.n_gold,
            "citation_precision": self.citation_precision,
            "fact_recall": self.fact_recall,
            "facts_missing": self.facts_missing,
            "abstention_correct": self.abstention_correct,
            "cited_when_unanswerable": self.cited_when_unanswerable,
            "latency_ms": round(self.latency_ms, 3),
            "grounded_share": self.grounded_share,
            "unsupported_sentences": self.unsupported_sentences,
            "invented_refs": self.invented_refs,
            "stage_ms": {k: round(v, 3) for k, v in self.stage_ms.items()},
            "answer_words": self.answer_words,
            "confidence": self.confidence,
            "lead_right": self.lead_right,
        }


def score_question(
    question: Question,
    answer: Answer | None,
    hits: Sequence[Hit],
    latency_ms: float,
    k: int = MRR_K,
    error: str | None = None,
    doc_paths: Mapping[str, Collection[str]] | None = None,
    stage_ms: Mapping[str, float] | None = None,
    items_known: bool = True,
) -> QuestionScore:
    """Score one answered question. `hits` are ranked best first; only the first k count.

    `answer` is None when the pipeline failed (`error` says how): nothing retrieved,
    nothing answered, not abstained. With `doc_paths` (document id -> its provision paths) the
    answer's own references are checked (eval/invented_refs.py).
    """
    hits = list(hits)[:k]
    rank_matches = [hit_matches(h, question.gold) for h in hits]
    text = answer.answer if answer is not None else ""
    abstained = bool(answer.abstained) if answer is not None else False
    citations = list(answer.citations) if answer is not None else []
    cit_flags = [citation_matches(c, question.gold) for c in citations]

    score = QuestionScore(
        id=question.id,
        lang=question.lang,
        category=question.category,
        answerable=question.answerable,
        k=k,
        n_gold=len(question.gold),
        rank_matches=rank_matches,
        abstained=abstained,
        citation_matches=cit_flags,
        abstention_correct=abstention_correct(question.answerable, abstained),
        latency_ms=float(latency_ms),
        error=error,
        stage_ms=dict(stage_ms or {}),
    )
    if answer is not None and not abstained:
        score.grounded_share = getattr(answer, "grounded_share", None)
    if answer is not None and answer.grounded_share is not None:
        score.unsupported_sentences = len(answer.removed)
    if answer is not None and doc_paths is not None:
        score.invented_refs = invented_references(answer, doc_paths, items_known)
    if question.answerable:
        score.hit_at_k = {kk: hit_at_k(rank_matches, kk) for kk in KS}
        score.recall_at_k = {kk: recall_at_k(rank_matches, len(question.gold), kk) for kk in KS}
        score.reciprocal_rank = reciprocal_rank(rank_matches, MRR_K)
        score.first_match_rank = first_match_rank(rank_matches, MRR_K)
        if not abstained:
            score.answer_words = answer_size(text, question.lang == "ja")
        if not abstained and citations:
            score.citation_precision = citation_precision(cit_flags)
            score.lead_right = cit_flags[0]
            score.confidence = getattr(answer, "confidence", None)
        if question.facts:
            if abstained:
                score.fact_recall = 0.0
                score.facts_missing = list(range(len(question.facts)))
            else:
                score.facts_missing = missing_facts(text, question.facts)
                score.fact_recall = fact_recall(text, question.facts)
    else:
        score.cited_when_unanswerable = bool(citations)
    return score


# --------------------------------------------------------------------------- aggregate


def _mean(values: Iterable[float | bool]) -> float | None:
    vals = [float(v) for v in values]
    return round(sum(vals) / len(vals), _ROUND) if vals else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0..100) with linear interpolation between order statistics."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def _retrieval_block(scores: Sequence[QuestionScore]) -> dict[str, Any]:
    ans = [s for s in scores if s.answerable]
    unans = [s for s in scores if not s.answerable]
    facts = [s.fact_recall for s in ans if s.fact_recall is not None]
    return {
        "n": len(scores),
        "n_answerable": len(ans),
        "hit_at_k": {str(k): _mean(s.hit_at_k[k] for s in ans) for k in KS},
        "recall_at_k": {str(k): _mean(s.recall_at_k[k] for s in ans) for k in KS},
        "mrr": _mean(s.reciprocal_rank or 0.0 for s in ans),
        "citation_precision": _mean(s.citation_precision for s in ans if s.citation_precision is not None),
        "fact_recall": _mean(facts),
        "unanswerable_correct": _mean(s.abstained for s in unans),
        "false_abstain": _mean(s.abstained for s in ans),
    }


def latency_block(values: Sequence[float]) -> dict[str, float | None]:
    """p50 / p95 / p99 / mean of some timings, in ms."""
    return {
        "p50": _round_opt(percentile(values, 50), 2),
        "p95": _round_opt(percentile(values, 95), 2),
        "p99": _round_opt(percentile(values, 99), 2),
        "mean": _round_opt(sum(values) / len(values) if values else None, 2),
    }


def length_block(values: Sequence[int]) -> dict[str, float | int | None]:
    """Median, p90 and longest of some answer lengths, with how many."""
    return {"p50": _round_opt(percentile(values, 50), 1), "p90": _round_opt(percentile(values, 90), 1),
            "max": max(values, default=None), "n": len(values)}


def stage_latency(scores: Sequence[QuestionScore]) -> dict[str, dict[str, float | None]]:
    """Per stage, over the questions that timed it; known stages first, in pipeline order."""
    names = [n for n in STAGES if any(n in s.stage_ms for s in scores)]
    names += sorted({n for s in scores for n in s.stage_ms} - set(names))
    return {n: latency_block([s.stage_ms[n] for s in scores if n in s.stage_ms]) for n in names}


def _group(scores: Sequence[QuestionScore], key: str, order: Sequence[str] = ()) -> dict:
    groups: dict[str, list[QuestionScore]] = {}
    for s in scores:
        groups.setdefault(getattr(s, key), []).append(s)
    names = [n for n in order if n in groups] + sorted(n for n in groups if n not in order)
    return {name: _retrieval_block(groups[name]) for name in names}


def aggregate(per_question: Sequence[QuestionScore]) -> dict[str, Any]:
    """The benchmark metrics (the content of metrics.json); None where nothing was counted."""
    scores = list(per_question)
    ans = [s for s in scores if s.answerable]
    unans = [s for s in scores if not s.answerable]
    cp = [s.citation_precision for s in ans if s.citation_precision is not None]
    facts = [s.fact_recall for s in ans if s.fact_recall is not None]
    lat = [s.latency_ms for s in scores]
    return {
        "n": len(scores),
        "n_answerable": len(ans),
        "n_unanswerable": len(unans),
        "k": max((s.k for s in scores), default=MRR_K),
        "n_errors": sum(1 for s in scores if s.error),
        "hit_at_k": {str(k): _mean(s.hit_at_k[k] for s in ans) for k in KS},
        "recall_at_k": {str(k): _mean(s.recall_at_k[k] for s in ans) for k in KS},
        "mrr": _mean(s.reciprocal_rank or 0.0 for s in ans),
        "citation_precision": _mean(cp),
        "citation_precision_n": len(cp),
        "answered_without_citations": sum(
            1 for s in ans if not s.abstained and not s.citation_matches
        ),
        "fact_recall": _mean(facts),
        "fact_recall_n": len(facts),
        "grounded_share": _mean(s.grounded_share for s in scores if s.grounded_share is not None),
        "grounded_share_n": sum(1 for s in scores if s.grounded_share is not None),
        "abstention": {
            "unanswerable_correct": _mean(s.abstained for s in unans),
            "false_abstain": _mean(s.abstained for s in ans),
            "cited_when_unanswerable": sum(1 for s in unans if s.cited_when_unanswerable),
        },
        "unsupported_sentences": _sum_opt(s.unsupported_sentences for s in scores),
        "invented_references": _sum_opt(len(s.invented_refs) if s.invented_refs is not None else None
                                        for s in scores),
        "invented_references_list": [f"{s.id}: {ref}" for s in scores for ref in (s.invented_refs or [])],
        "latency_ms": latency_block(lat),
        "stage_latency_ms": stage_latency(scores),
        "answer_words": {lang: length_block([s.answer_words for s in ans if s.lang == lang
                                             and s.answer_words is not None]) for lang in ("en", "ja")},
        "by_lang": _group(scores, "lang", ("en", "ja")),
        "by_category": _group(scores, "category", CATEGORIES),
        "by_confidence": by_confidence((s.confidence, s.lead_right) for s in ans),
    }


def _sum_opt(values: Iterable[int | None]) -> int | None:
    """The sum of the counted values; None when nothing was counted."""
    counted = [v for v in values if v is not None]
    return sum(counted) if counted else None


def _round_opt(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
