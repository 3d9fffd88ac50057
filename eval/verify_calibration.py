"""Labelled claim/provision pairs built from the indexed texts, and the thresholds of
`answer/verify.py` fitted on them.

How the pairs are built (deterministic, from whatever index is loaded; no hand labels):
- a *true* pair is one sentence of a provision, reworded by rules — legal modal verbs and
  connectives swapped for plain ones ("shall" -> "must", "necessary" -> "needed",
  「しなければならない」 -> 「する必要がある」), a leading clause dropped or the tail cut off —
  checked against that provision;
- a *false* pair is the sentence of another provision of the same document that shares most
  words with this provision (of 15 tried; below 75%, since statutes repeat their formulas and a
  sentence sharing more may well be true of it), reworded by the same rules;
- a *negated* pair is the provision's own sentence with its verb negated ("must" -> "must not"),
  labelled false: only the negation rule can catch it, so it is reported, not fitted.

`fit` picks, per language, the weight of lexical against embedding similarity and the
threshold of least cost when a false "supported" costs twice a missed one (a legal reader must
not be told a provision says what it does not); among equally good thresholds the lowest, as
the rule-made paraphrases stay closer to the text than people's claims do. Pairs are split by provision into
fit and held-out halves; `report` gives held-out accuracy, precision and recall.
Run `python -m eval.verify_calibration` to print the numbers for the live index.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from answer.verify import (
    EXACT,
    PARAPHRASE,
    Similarity,
    Thresholds,
    check,
    lexical_support,
    negated,
    quote_in,
    sentences,
    support,
)
from index.tokenize import tokenize
from ingest.records import Passage

_EN_SWAPS = {
    "shall endeavor to": "should try to", "shall endeavour to": "should try to", "shall": "must",
    "must": "has to", "necessary": "needed", "measures": "steps", "in accordance with": "under",
    "pursuant to": "under", "prescribed": "laid down", "formulate": "draw up", "ensure": "make sure",
    "implement": "carry out", "appropriate": "suitable", "provide": "give", "concerning": "about",
    "regarding": "about", "promote": "advance", "the state": "the national government",
    "persons": "people", "each": "every", "every": "each", "before": "prior to", "until": "up to",
}
_EN_SWAP = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _EN_SWAPS), key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)
_JA_SWAPS = [
    ("しなければならない", "する必要がある"), ("なければならない", "る必要がある"),
    ("努めるものとする", "努める"), ("ものとする", "とする"),
    ("及び", "と"), ("並びに", "と"), ("又は", "か"), ("に関し", "について"), ("講ずる", "実施する"),
    ("必要な", "所要の"), ("、", ""),
]
_EN_NEG = [(r"\bshall\b", "shall not"), (r"\bmust\b", "must not"), (r"\bmay\b", "may not"),
           (r"\bis\b", "is not"), (r"\bare\b", "are not")]
_JA_NEG = [("しなければならない", "してはならない"), ("ものとする", "ものとしない"), ("する。", "しない。")]


def paraphrase(sentence: str, variant: int) -> str:
    """A rule-based rewording of a provision sentence (variant picks the structural change)."""
    if _is_ja(sentence):
        out = sentence
        for a, b in _JA_SWAPS:
            out = out.replace(a, b)
        if variant % 2 and len(out) > 24:
            out = out[: int(len(out) * 0.75)]
        return out
    out = _EN_SWAP.sub(lambda m: _EN_SWAPS[m.group(0).lower()], sentence)
    words = out.split()
    if variant % 3 == 1 and "," in out:
        head, tail = out.split(",", 1)
        if len(tail.split()) >= 0.6 * len(words):
            out = tail.strip()
    elif variant % 3 == 2 and len(words) > 10:
        out = " ".join(words[: int(len(words) * 0.7)])
    return out


def negate(sentence: str) -> str | None:
    rules = _JA_NEG if _is_ja(sentence) else _EN_NEG
    for pattern, repl in rules:
        if _is_ja(sentence):
            if pattern in sentence:
                return sentence.replace(pattern, repl, 1)
        elif re.search(pattern, sentence):
            return re.sub(pattern, repl, sentence, count=1)
    return None


def _is_ja(text: str) -> bool:
    return bool(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text)) and not re.search(r"[A-Za-z]{4}", text)


@dataclass(frozen=True)
class Pair:
    claim: str
    text: str  # the provision text
    language: str
    supported: bool
    kind: str  # "paraphrase" | "other" | "negated"
    key: str  # provision id, for the fit/held-out split


def _usable(sentence: str, language: str) -> bool:
    return len(tokenize(sentence)) >= (12 if language == "ja" else 6) and not negated(sentence)


def build_pairs(passages: Sequence[Passage], per_language: int = 200) -> list[Pair]:
    """True, false and negated pairs from the passages, at most `per_language` of each kind."""
    by_doc: dict[tuple[str, str], list[tuple[Passage, str]]] = {}
    for p in passages:
        if p.kind == "faq":
            continue
        for s in sentences(p.text):
            if _usable(s, p.language):
                by_doc.setdefault((p.doc_id, p.language), []).append((p, s))
    pairs: list[Pair] = []
    counts: dict[tuple[str, str], int] = {}
    # round-robin over documents so that no one document fills the quota
    pools = {key: sorted(items, key=lambda ps: _h(ps[0].passage_id + ps[1]))
             for key, items in sorted(by_doc.items())}
    for i in range(max((len(v) for v in pools.values()), default=0)):
        for (doc_id, lang), items in pools.items():
            if i >= len(items) or len(items) < 2:
                continue
            p, s = items[i]
            other_p, other_s = _hard_negative(items, i, p)
            candidates = [("paraphrase", paraphrase(s, i), True)]
            # a sentence sharing most of its words with this provision may well be true of it
            # (statutes repeat their formulas): not a false pair then
            if other_p.path != p.path and lexical_support(other_s, p.text) < 0.75:
                candidates.append(("other", paraphrase(other_s, i), False))
            neg = negate(s)
            if neg is not None:
                candidates.append(("negated", neg, False))
            for kind, claim, label in candidates:
                if counts.get((lang, kind), 0) >= per_language or quote_in(claim, p.text) and label:
                    continue
                counts[(lang, kind)] = counts.get((lang, kind), 0) + 1
                pairs.append(Pair(claim, p.text, lang, label, kind, f"{doc_id}:{p.path}"))
    return pairs


def _hard_negative(items: list[tuple[Passage, str]], i: int, p: Passage,
                   tries: int = 15) -> tuple[Passage, str]:
    """Of `tries` sentences of other provisions of the document, the one sharing most words
    with provision `p`: a false claim that reads like the document."""
    step = max(1, len(items) // (tries + 1))
    pool = [items[(i + k * step) % len(items)] for k in range(1, tries + 1)]
    pool = [(q, s) for q, s in pool if q.path != p.path] or pool
    scored = [(lexical_support(s, p.text), q, s) for q, s in pool]
    below = [x for x in scored if x[0] < 0.75] or scored
    best = max(below, key=lambda x: x[0])
    return best[1], best[2]


def _h(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=6).digest(), "big")


def held_out(pair: Pair) -> bool:
    return _h(pair.key) % 2 == 1


@dataclass(frozen=True)
class Scored:
    pair: Pair
    lexical: float
    semantic: float | None


def score_pairs(pairs: Sequence[Pair], similarity: Similarity | None) -> list[Scored]:
    """Lexical and embedding support of each pair, as `check` computes them."""
    _warm(pairs, similarity)
    out = []
    for pair in pairs:
        s = support(pair.claim, pair.text, similarity if pair.language == "en" else None,
                    Thresholds(0.5, 0.5))
        out.append(Scored(pair, s.lexical, s.semantic))
    return out


def _warm(pairs: Sequence[Pair], similarity: Similarity | None) -> None:
    warm = getattr(similarity, "warm", None)
    if warm is not None:
        warm([t for p in pairs if p.language == "en" for t in (p.claim, *sentences(p.text))])


def _cost(scored: Sequence[Scored], th: Thresholds) -> float:
    cost = 0.0
    for s in scored:
        w = th.weight if s.semantic is not None else 1.0
        predicted = w * s.lexical + (1 - w) * (s.semantic or 0.0) >= th.threshold
        if predicted and not s.pair.supported:
            cost += 2.0
        elif s.pair.supported and not predicted:
            cost += 1.0
    return cost


def fit(scored: Sequence[Scored]) -> dict[str, Thresholds]:
    """Per language, the (weight, threshold) of least cost on paraphrase/other pairs."""
    out: dict[str, Thresholds] = {}
    for lang in sorted({s.pair.language for s in scored}):
        rows = [s for s in scored if s.pair.language == lang and s.pair.kind != "negated"]
        has_sem = any(s.semantic is not None for s in rows)
        weights = [round(w, 2) for w in np.linspace(0, 1, 11)] if has_sem else [1.0]
        # least cost; among equals, the lowest threshold: the built paraphrases stay closer to
        # the text than people's claims do, so the threshold is as permissive as they allow
        best: tuple[float, float, Thresholds] | None = None
        for w in weights:
            for t in np.linspace(0.3, 0.95, 66):
                th = Thresholds(w, round(float(t), 2))
                key = (_cost(rows, th), th.threshold)
                if best is None or key < best[:2]:
                    best = (*key, th)
        if best is not None:
            out[lang] = best[2]
    return out


@dataclass(frozen=True)
class Metrics:
    language: str
    pairs: int
    accuracy: float
    precision: float
    recall: float
    negated_caught: float  # share of negated pairs judged not supported


def report(pairs: Sequence[Pair], similarity: Similarity | None,
           thresholds: dict[str, Thresholds]) -> list[Metrics]:
    """Run the real `check` on each pair and measure it against the labels."""
    _warm(pairs, similarity)
    out = []
    for lang in sorted({p.language for p in pairs}):
        rows = [p for p in pairs if p.language == lang]
        tp = fp = fn = correct = neg = neg_caught = 0
        for p in rows:
            verdict = check({lang: p.text}, claim=p.claim, similarity=similarity,
                            thresholds=thresholds).verdict
            said = verdict in (EXACT, PARAPHRASE)
            correct += said == p.supported
            tp += said and p.supported
            fp += said and not p.supported
            fn += (not said) and p.supported
            if p.kind == "negated":
                neg += 1
                neg_caught += not said
        out.append(Metrics(lang, len(rows), round(correct / len(rows), 3),
                           round(tp / (tp + fp), 3) if tp + fp else 1.0,
                           round(tp / (tp + fn), 3) if tp + fn else 1.0,
                           round(neg_caught / neg, 3) if neg else 1.0))
    return out


def calibrate(passages: Sequence[Passage], similarity: Similarity | None,
              per_language: int = 200) -> tuple[dict[str, Thresholds], list[Metrics]]:
    """Fit on half of the provisions, report on the other half."""
    pairs = build_pairs(passages, per_language)
    fit_pairs = [p for p in pairs if not held_out(p)]
    test_pairs = [p for p in pairs if held_out(p)]
    thresholds = fit(score_pairs(fit_pairs, similarity))
    return thresholds, report(test_pairs, similarity, thresholds)


def main() -> None:  # pragma: no cover - prints numbers for the README
    import json
    import time
    from dataclasses import asdict

    from answer.verify import embedding_similarity
    from core.settings import get_settings
    from index.embedder import index_embedder
    from index.store import load_index

    settings = get_settings()
    index = load_index(settings.index_root, expected_model=settings.model)
    embedder = index_embedder(index.directory, index.manifest, settings.model, settings.batch_size)
    t0 = time.perf_counter()
    thresholds, metrics = calibrate(index.passages, embedding_similarity(embedder.embed, 50000), 150)
    print(json.dumps({"thresholds": {k: asdict(v) for k, v in thresholds.items()},
                      "held_out": [asdict(m) for m in metrics],
                      "seconds": round(time.perf_counter() - t0, 1)}, indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
