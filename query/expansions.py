"""Words a question abbreviates that the texts spell out, and the statutory terms for its plain
words: what a question is expanded with before search, each expansion recorded with its reason.

One table of abbreviations serves search and answering. Search adds the full form in the
question's own language (its retrievers match that language's texts); the answerer counts the
question's terms in both languages (its term weights were calibrated that way).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from query.thesaurus import statutory_terms


@dataclass(frozen=True)
class Abbreviation:
    short: str  # as a Latin-letter word, matched case-insensitively in the English form
    en: str
    ja: str


@dataclass(frozen=True)
class Expansion:
    """Words added to a question, and why."""

    added: str
    reason: str  # "abbreviation AI" | "thesaurus"


# general usage: statutes and their translations write "artificial intelligence" / 人工知能
ABBREVIATIONS: tuple[Abbreviation, ...] = (Abbreviation("AI", "artificial intelligence", "人工知能"),)

_LATIN_LOWER = re.compile(r"[a-z]+")
_LATIN_WORD = re.compile(r"[A-Za-zＡ-Ｚ]+")


def _full_width(text: str) -> str:
    return text.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})


def search_abbreviations(question: str, japanese: bool) -> list[Expansion]:
    """The full forms search adds, in the question's language: "AI" -> "artificial intelligence"
    in English; 人工知能 for "AI" or "ＡＩ" anywhere in a Japanese question."""
    if japanese:
        return [Expansion(a.ja, f"abbreviation {a.short}") for a in ABBREVIATIONS
                if a.short in question or _full_width(a.short) in question]
    words = set(_LATIN_LOWER.findall(question.lower()))
    return [Expansion(a.en, f"abbreviation {a.short}") for a in ABBREVIATIONS if a.short.lower() in words]


def answer_abbreviations(question: str) -> list[str]:
    """The full forms the answerer counts, in both languages: the English form for the word in
    any case, the Japanese one for the word as written upper-case (half- or full-width)."""
    words = set(_LATIN_WORD.findall(question))
    lowered = {w.lower() for w in words}
    extra: list[str] = []
    for a in ABBREVIATIONS:
        if a.short.lower() in lowered:
            extra.append(a.en)
        if a.short in words or _full_width(a.short) in words:
            extra.append(a.ja)
    return list(dict.fromkeys(extra))


def thesaurus_expansions(question: str, japanese: bool) -> list[Expansion]:
    return [Expansion(terms, "thesaurus") for terms in statutory_terms(question, japanese)]


def expanded(question: str, expansions: list[Expansion]) -> str:
    return " ".join([question, *(e.added for e in expansions)])
