"""Abbreviations a statute defines for itself, so that its short forms can be read in full. Pure.

Statutes name a body or a concept once in full and then by a short form: "A widget safety
council (referred to below as the "council")", 「部品安全本部（以下「本部」という。）」. Every later
"the council" / 「本部」 means the full name, which later provisions no longer spell out. A
question that spells it out ("Which office serves the Widget Safety Council?") should find the
full name's words in them too.

Only abbreviations whose full name holds the short form are taken: at its end ("widget safety
council" → "council") or before a preposition ("chairperson of the widget safety council" →
"chairperson"); in Japanese the full name ends with the short form (部品安全本部 → 本部). Short
forms for a description ("persons who sell widgets in their business" → "widget trader") have
no full name to recover and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.records import Passage

# "(referred to below as the "X")", "(hereinafter referred to as a "X" in this Chapter)",
# "(hereinafter collectively referred to as an "X")", "(hereinafter referred to as providers)"
_EN_DEF = re.compile(
    r"\((?:hereinafter\s+)?(?:each\s+such\s+\w+\s+is\s+)?(?:collectively\s+)?referred\s+to\s+"
    r"(?:below\s+)?as\s+(?:an?\s+|the\s+)?"
    r"(?:[\"“](?P<quoted>[A-Za-z][^\"“”()]{0,60})[\"”]|(?P<bare>[A-Za-z][A-Za-z \-]{0,60}?)(?=\)|\s+in\s))",
    re.IGNORECASE)
# 「（以下「X」という。）」, 「（以下この章において「X」という。）」, 「…「X」と総称する。）」
_JA_DEF = re.compile(r"（以下[^「」（）]{0,30}「(?P<short>[^「」]{1,30})」(?:という|と総称する)。?）")
_JA_NAME = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ffー々〇Ａ-Ｚａ-ｚA-Za-z0-9０-９]+$")
_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*")
# words at which an English full name stops, once its head word has been taken
_EN_STOP = frozenset(re.findall(r"\w+", (
    "a an the this that these those its their his her our any each every such is are was be been "
    "as by to for with and or in on at from which who whom whose than into under upon")))
_MAX_WORDS = 12
_MAX_CHARS = 40  # a Japanese full name is at most this long (an English one ten times)
_VERB = re.compile(r"\b(?:is|are|was|were|be|been|that|which|who|shall|must|may)\b|\d")


@dataclass(frozen=True)
class Abbreviation:
    short: str  # the short form as the text writes it: "council", 「本部」
    full: str  # the full name it stands for: "widget safety council"
    language: str


def _english_full(before: str, short: str) -> str | None:
    """The full name ending just before the parenthesis: longer than the short form, holding it
    at its end ("... safety council") or before a preposition ("chairperson of the ...",
    "Presidential Council on ...")."""
    words = _WORD.findall(before)[-_MAX_WORDS:]
    head = short.split()[-1].lower()
    taken: list[str] = []
    seen_head = False
    for word in reversed(words):
        low = word.lower()
        if seen_head and low in _EN_STOP:
            break
        taken.append(word)
        if low == head:
            seen_head = True
    if not seen_head:
        return None
    full = " ".join(reversed(taken))
    low_full, low_short = full.lower(), short.lower()
    if len(full.split()) <= len(short.split()) or _VERB.search(low_full):
        return None
    if re.search(rf"\b{re.escape(low_short)}(?:$| (?:of|on|for) )", low_full):
        return full
    return None


def find_abbreviations(text: str, language: str) -> list[Abbreviation]:
    """The head-sharing abbreviations `text` defines, in order of appearance."""
    out: list[Abbreviation] = []
    if language == "ja":
        for m in _JA_DEF.finditer(text):
            short = m.group("short")
            name = _JA_NAME.search(text[max(0, m.start() - _MAX_CHARS) : m.start()])
            full = name.group(0) if name else ""
            if len(full) > len(short) and full.endswith(short):
                out.append(Abbreviation(short, full, language))
        return out
    for m in _EN_DEF.finditer(text):
        short = (m.group("quoted") or m.group("bare") or "").strip(" ,.")
        full = _english_full(text[max(0, m.start() - 10 * _MAX_CHARS) : m.start()], short) if short else None
        if full:
            out.append(Abbreviation(short, full, language))
    return out


class Abbreviations:
    """The abbreviations each document defines, per language, and what a text's short forms
    stand for."""

    def __init__(self, found: dict[tuple[str, str], list[Abbreviation]]) -> None:
        self._patterns: dict[tuple[str, str], list[tuple[re.Pattern[str], str]]] = {
            key: [(re.compile(re.escape(a.short) if a.language == "ja" else rf"\b{re.escape(a.short)}\b",
                              re.IGNORECASE), a.full) for a in abbreviations]
            for key, abbreviations in found.items()}

    @classmethod
    def from_passages(cls, passages: Iterable[Passage]) -> Abbreviations:
        found: dict[tuple[str, str], list[Abbreviation]] = {}
        for p in passages:
            if p.kind not in ("act", "regulation"):
                continue  # an explainer's parentheses are not definitions binding its text
            for a in find_abbreviations(p.text, p.language):
                known = found.setdefault((p.doc_id, p.language), [])
                if all(k.short.lower() != a.short.lower() for k in known):
                    known.append(a)
        return cls(found)

    def full_names(self, doc_id: str, language: str, text: str) -> list[str]:
        """The full names of the short forms of this document that occur in `text`."""
        return [full for pattern, full in self._patterns.get((doc_id, language), ())
                if pattern.search(text)]

    def __len__(self) -> int:
        return sum(len(v) for v in self._patterns.values())
