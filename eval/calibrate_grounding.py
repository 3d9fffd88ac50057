"""Calibrate the grounding guard's thresholds on labelled pairs built from the indexed corpus.

Pairs (sentence, cited passage), built from the passages of the live index, nothing stored:

- supported: a sentence of passage P, shortened to a clause (its first 60-100% of words) —
  what a faithful answer restates;
- unsupported (hard negatives): a sentence of another passage of the same document, cited as
  if P said it (same vocabulary, different provision), and the supported sentence with its
  second half replaced by words of that other passage (a half-true claim).

For each threshold the script prints how many supported pairs are accepted and how many
unsupported pairs slip through, for lexical containment alone and with embedding similarity.
The defaults in core/settings.py (grounding_min_containment etc.) are the values this picks:
the lowest containment letting through at most 2% of unsupported pairs.
Run: `REGQA_HOME=... python -m eval.calibrate_grounding [--pairs 400]`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from answer.grounding import containment
from core.sentences import split_sentences


@dataclass(frozen=True)
class Pair:
    sentence: str
    passage: str
    supported: bool


def _sentences(text: str, min_words: int = 8) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text) if len(text[a:b].split()) >= min_words]


def build_pairs(passages: Sequence, n: int, seed: int = 0) -> list[Pair]:
    """Labelled pairs from English passages (see the module docstring); pure given the seed."""
    rng = random.Random(seed)
    by_doc: dict[str, list] = {}
    for p in passages:
        if p.language == "en" and _sentences(p.text):
            by_doc.setdefault(p.doc_id, []).append(p)
    docs = [d for d, ps in by_doc.items() if len(ps) >= 2]
    pairs: list[Pair] = []
    while len(pairs) < n and docs:
        doc = rng.choice(docs)
        p, other = rng.sample(by_doc[doc], 2)
        s = rng.choice(_sentences(p.text)).split()
        o = rng.choice(_sentences(other.text)).split()
        keep = max(6, int(len(s) * rng.uniform(0.6, 1.0)))
        pairs.append(Pair(" ".join(s[:keep]), p.text, True))
        pairs.append(Pair(" ".join(o), p.text, False))
        half = len(s) // 2
        pairs.append(Pair(" ".join(s[:half] + o[len(o) // 2:]), p.text, False))
    return pairs


def rates(accepted: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """(share of supported pairs accepted, share of unsupported pairs accepted)."""
    pos, neg = labels, ~labels
    return float(accepted[pos].mean()), float(accepted[neg].mean())


def main(argv: Sequence[str] | None = None) -> None:
    import argparse

    from answer.guard import embedding_similarity
    from answer.pipeline import QAPipeline
    from core.settings import get_settings

    ap = argparse.ArgumentParser(description="calibrate the grounding guard")
    ap.add_argument("--pairs", type=int, default=400)
    args = ap.parse_args(argv)
    pipeline = QAPipeline.load(get_settings())
    pairs = build_pairs(pipeline.index.passages, args.pairs)
    labels = np.array([p.supported for p in pairs])
    cont = np.array([containment(p.sentence, p.passage) for p in pairs])
    sim_fn = embedding_similarity(pipeline.embedder)
    sims = np.array([float(np.max(sim_fn(p.sentence, _sentences(p.passage, 1) or [p.passage])))
                     for p in pairs])
    print(f"{len(pairs)} pairs ({int(labels.sum())} supported)")
    print("lexical containment alone:\nthreshold  supported-accepted  unsupported-accepted")
    chosen = None
    for t in np.arange(0.5, 1.001, 0.05):
        tp, fp = rates(cont >= t, labels)
        print(f"{t:9.2f}  {tp:18.3f}  {fp:20.3f}")
        if chosen is None and fp <= 0.02:
            chosen = t
    print(f"\nlowest containment with <= 2% unsupported accepted: {chosen}")
    print("\ncontainment >= 0.5 and similarity >= s:\n        s  supported-accepted  unsupported-accepted")
    for s in np.arange(0.6, 0.96, 0.05):
        tp, fp = rates((cont >= 0.5) & (sims >= s), labels)
        print(f"{s:9.2f}  {tp:18.3f}  {fp:20.3f}")


if __name__ == "__main__":
    main()
