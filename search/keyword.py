"""The keyword ranking (bm25s over the index's tokens) and the defined-term ranking."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from index.store import LoadedIndex
from index.tokenize import topic_tokens
from ingest.records import Passage
from query.references import definition_pattern

Ranking = tuple[list[int], dict[int, float]]  # passage rows best first, and their scores


def keyword_ranking(index: LoadedIndex, query: str, n: int, ja_scheme: str) -> Ranking:
    """The `n` passages with the highest BM25 score for the query's topic tokens, tokenized as the
    index was (`ja_scheme`: the Japanese scheme its manifest names); none scoring 0."""
    tokens = topic_tokens(query, ja_scheme)
    if not tokens:
        return [], {}
    return _best(np.asarray(index.keyword.get_scores(tokens)), n)


def _best(scores: np.ndarray, n: int) -> Ranking:
    """The `n` rows of highest score, none scoring 0."""
    top = np.argsort(-scores, kind="stable")[:n]
    ranked = [int(i) for i in top if scores[i] > 0]
    return ranked, {i: float(scores[i]) for i in ranked}


def weighted_keyword_ranking(index: LoadedIndex, weights: Mapping[str, float], n: int,
                             allowed: np.ndarray) -> Ranking:
    """The `n` allowed passages with the highest BM25 score for tokens weighed each by its
    weight (a translated question's English tokens, index/lexicon.py); none scoring 0."""
    if not weights:
        return [], {}
    scores = np.zeros(len(allowed))
    for token, weight in weights.items():
        scores += weight * np.asarray(index.keyword.get_scores([token]))
    scores[~allowed] = 0.0
    return _best(scores, n)


def definition_ranking(passages: Sequence[Passage], terms: Sequence[str]) -> list[int]:
    """Passages that define a quoted term ("T" means, 「T」とは, T (meaning ...)), term by term."""
    out: list[int] = []
    for term in terms:
        pattern = definition_pattern(term)
        needle = term.lower()
        out.extend(i for i, p in enumerate(passages)
                   if needle in p.text.lower() and pattern.search(p.text) and i not in out)
    return out
