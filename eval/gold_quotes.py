"""Quotes for gold entries that give only a provision path, so that a system without paths (the
peer baseline) can be scored on such sets too. Pure: the provision texts come from a look-up.

FORMAT.md scores a path-less system through `quote_en` / `quote_ja`; several of our sets give
paths only. For those entries a quote is taken, in memory only, from the indexed text of the
gold provision in each language: its longest sentence, cut to `max_chars` characters. Entries
that carry quotes are left exactly as they are. Reports say which sets were scored this way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from eval.benchmark import Gold, Question

ProvisionText = Callable[[str, str, str], str | None]  # (doc_id, language, path) -> text
_SENTENCE_END = re.compile(r"(?<=[.;:。；])\s*")


def quote_from(text: str, max_chars: int = 100) -> str | None:
    """The longest sentence of a provision, cut to max_chars (whitespace collapsed)."""
    sentences = [" ".join(s.split()) for s in _SENTENCE_END.split(text or "")]
    sentences = [s for s in sentences if s]
    if not sentences:
        return None
    return max(sentences, key=len)[:max_chars].strip() or None


def with_quotes(gold: Gold, provision_text: ProvisionText, max_chars: int = 100) -> Gold:
    if not gold.ref or (gold.quote_en and gold.quote_ja):
        return gold
    found = {}
    for lang in ("en", "ja"):
        if gold.quote(lang) is None:
            text = provision_text(gold.doc, lang, gold.ref)
            found[f"quote_{lang}"] = quote_from(text, max_chars) if text else None
    return replace(gold, **{k: v for k, v in found.items() if v})


def derive_quotes(questions: Sequence[Question], provision_text: ProvisionText,
                  max_chars: int = 100) -> tuple[list[Question], int]:
    """The questions with quotes filled in where missing, and how many gold entries gained one."""
    out, gained = [], 0
    for q in questions:
        gold = tuple(with_quotes(g, provision_text, max_chars) for g in q.gold)
        gained += sum(1 for a, b in zip(q.gold, gold, strict=True) if a != b)
        out.append(replace(q, gold=gold))
    return out, gained


def quoted_share(questions: Sequence[Question]) -> float | None:
    """Share of gold entries that carry at least one quote."""
    gold = [g for q in questions for g in q.gold]
    return sum(1 for g in gold if g.quote_en or g.quote_ja) / len(gold) if gold else None
