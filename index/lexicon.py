"""A Japanese→English word table learnt from the corpus's own translations. Pure but for `load`.

Japan's laws are indexed in the Japanese original and its English translation, provision by
provision: hundreds of aligned pairs. IBM Model 1 (expectation maximisation over which Japanese
token each English word of a provision's translation comes from, with a null token for words
the original has no counterpart of) learns from them how likely each English index token
(a Snowball stem) is to translate each Japanese one (a character bigram, as the keyword index
tokenizes): 委員 → commiss, 同意 → consent, 漏え → leak. A Japanese question's tokens, so
translated, are English keywords. They let it search texts held in English only (Korea's act,
China's measures), which share no token with it. No table is written by hand and no question is
read: only the texts' own alignment, the article captions' included.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.tokenize import topic_tokens
from ingest.records import Passage

FILE = "lexicon.json"
NULL = ""  # the Japanese side's empty token: an English word with no counterpart in the original


@dataclass(frozen=True)
class Lexicon:
    """Each Japanese token's likeliest English tokens with P(english | japanese), best first."""

    table: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)

    def translate(self, tokens: Iterable[str], per_token: int = 3, floor: float = 0.1) -> dict[str, float]:
        """English tokens for Japanese ones, each weighed by the summed probability of being
        their translation (at most `per_token` a token, none below `floor`)."""
        out: dict[str, float] = {}
        for token in tokens:
            for english, p in self.table.get(token, ())[:per_token]:
                if p >= floor:
                    out[english] = out.get(english, 0.0) + p
        return out

    def to_json(self) -> dict:
        return {ja: [[en, round(p, 4)] for en, p in pairs] for ja, pairs in self.table.items()}

    @classmethod
    def from_json(cls, data: dict) -> Lexicon:
        return cls({ja: tuple((str(en), float(p)) for en, p in pairs) for ja, pairs in data.items()})


def learn(pairs: Sequence[tuple[Sequence[str], Sequence[str]]], iterations: int = 8, keep: float = 0.05,
          most: int = 8) -> Lexicon:
    """IBM Model 1 over (Japanese tokens, English tokens) pairs: P(english | japanese) by EM,
    starting uniform; each Japanese token keeps its `most` English tokens of probability at
    least `keep`."""
    ja_ids: dict[str, int] = {NULL: 0}
    en_ids: dict[str, int] = {}
    cooc: dict[tuple[int, int], int] = {}
    rows: list[int] = []  # the co-occurrence cell of each (pair, English token, Japanese token)
    groups: list[int] = []  # and which (pair, English token) it belongs to
    g = 0
    for ja, en in pairs:
        js = [0] + sorted({ja_ids.setdefault(t, len(ja_ids)) for t in ja})
        for e in sorted({en_ids.setdefault(t, len(en_ids)) for t in en}):
            rows.extend(cooc.setdefault((e, j), len(cooc)) for j in js)
            groups.extend([g] * len(js))
            g += 1
    if not cooc:
        return Lexicon()
    rows_a = np.asarray(rows, dtype=np.int64)
    groups_a = np.asarray(groups, dtype=np.int64)
    cell_ja = np.empty(len(cooc), dtype=np.int64)
    cell_en = np.empty(len(cooc), dtype=np.int64)
    for (e, j), c in cooc.items():
        cell_en[c], cell_ja[c] = e, j
    t = np.ones(len(cooc))
    for _ in range(iterations):
        vals = t[rows_a]
        z = np.bincount(groups_a, weights=vals)
        counts = np.bincount(rows_a, weights=vals / z[groups_a], minlength=len(cooc))
        totals = np.bincount(cell_ja, weights=counts, minlength=len(ja_ids))
        t = counts / np.maximum(totals[cell_ja], 1e-12)
    ja_of = {i: s for s, i in ja_ids.items()}
    en_of = {i: s for s, i in en_ids.items()}
    table: dict[str, list[tuple[str, float]]] = {}
    for c in np.flatnonzero(t >= keep):
        j = int(cell_ja[c])
        if j:
            table.setdefault(ja_of[j], []).append((en_of[int(cell_en[c])], float(t[c])))
    return Lexicon({ja: tuple(sorted(v, key=lambda x: (-x[1], x[0]))[:most])
                    for ja, v in sorted(table.items())})


def aligned_pairs(passages: Sequence[Passage]) -> list[tuple[list[str], list[str]]]:
    """(Japanese tokens, English tokens) of each provision held in both languages (its parts
    joined), and of each article caption so held."""
    texts: dict[tuple[str, str, str], list[Passage]] = {}
    captions: dict[tuple[str, str], dict[str, str]] = {}
    for p in passages:
        texts.setdefault((p.doc_id, p.path, p.language), []).append(p)
        if p.caption:
            captions.setdefault((p.doc_id, p.path.split("/")[0]), {})[p.language] = p.caption
    pairs = []
    for (doc, path, language), parts in sorted(texts.items()):
        other = texts.get((doc, path, "en"))
        if language == "ja" and other:
            ja = " ".join(p.text for p in sorted(parts, key=lambda p: p.part))
            en = " ".join(p.text for p in sorted(other, key=lambda p: p.part))
            pairs.append((topic_tokens(ja), topic_tokens(en)))
    pairs += [(topic_tokens(c["ja"]), topic_tokens(c["en"])) for _, c in sorted(captions.items())
              if "ja" in c and "en" in c]
    return pairs


def to_bytes(lexicon: Lexicon) -> bytes:
    return json.dumps(lexicon.to_json(), ensure_ascii=False, sort_keys=True).encode("utf-8")


def load(directory: Path) -> Lexicon | None:
    """The build's lexicon, or None for a build made without one or with one that cannot be read
    (the search then goes without translated keywords, as before the table existed)."""
    try:
        return Lexicon.from_json(json.loads((directory / FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, AttributeError):
        return None
