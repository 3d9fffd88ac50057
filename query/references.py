"""What a query names: provisions ("Article 16", "Art. 7(1)", 「第十六条」), documents (by title
or alias; places are in query/places.py) and defined terms. Pure."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from core.numerals import kanji_to_int, roman_to_int
from query.names import alias_pattern
from query.places import place_before


@dataclass(frozen=True)
class ProvisionRef:
    """A provision named in a query; `doc_id` is filled in when the document is known."""

    article: str  # "16", "27-2"
    paragraph: str | None = None
    item: str | None = None
    suppl: bool = False
    doc_id: str | None = None

    @property
    def path(self) -> str:
        parts = (["suppl"] if self.suppl else []) + [f"art-{self.article}"]
        if self.paragraph:
            parts.append(f"para-{self.paragraph}")
            if self.item:
                parts.append(f"item-{self.item}")
        return "/".join(parts)


_NUM_JA = r"[0-9０-９〇一二三四五六七八九十百千]+"
_EN_REF = re.compile(
    r"\b(?P<suppl>supplementary provisions?,?\s+)?(?:article|art\.?)\s*(?P<art>\d+(?:-\d+)?)"
    r"(?:\s*\((?P<para>\d+)\)|,?\s+paragraph\s*\(?(?P<para2>\d+)\)?)?"
    r"(?:\s*\((?P<item>[ivxl]+|\d+)\)|,?\s+item\s*\(?(?P<item2>[ivxl]+|\d+)\)?)?",
    re.IGNORECASE,
)
_JA_REF = re.compile(
    rf"(?P<suppl>附則)?第(?P<art>{_NUM_JA})条(?:の(?P<branch>{_NUM_JA}))?"
    rf"(?:第(?P<para>{_NUM_JA})項)?(?:第(?P<item>{_NUM_JA})号)?"
)


def parse_references(query: str) -> list[ProvisionRef]:
    """Every provision reference in a query, in order of appearance."""
    found: list[tuple[int, ProvisionRef]] = []
    for m in _EN_REF.finditer(query):
        item = m.group("item") or m.group("item2")
        if item and not item.isdigit():
            item = str(roman_to_int(item))
        found.append((m.start(), ProvisionRef(
            article=m.group("art"), paragraph=m.group("para") or m.group("para2"), item=item,
            suppl=bool(m.group("suppl")))))
    for m in _JA_REF.finditer(query):
        art = str(kanji_to_int(m.group("art")))
        if m.group("branch"):
            art += f"-{kanji_to_int(m.group('branch'))}"
        para = str(kanji_to_int(m.group("para"))) if m.group("para") else None
        item = str(kanji_to_int(m.group("item"))) if m.group("item") else None
        found.append((m.start(), ProvisionRef(art, para, item, suppl=bool(m.group("suppl")))))
    return [ref for _, ref in sorted(found, key=lambda x: x[0])]


# the question asks what a term means (or what a term it quotes is: "What is 'personal data'?")
DEFINITION_QUESTION = re.compile(
    r"\b(counts? as|what is meant by|what does .{1,40} mean|defin(e|es|ed|ition)s?|meaning of)\b"
    r"|\bwhat (?:is|are) (?:an? |the )?[\"'“‘]"
    r"|とは|定義|意味",
    re.IGNORECASE,
)


def mentioned_documents(query: str, aliases: Mapping[str, Sequence[str]],
                        jurisdiction_of: Mapping[str, str | None] | None = None) -> list[str]:
    """Document ids whose names appear in the query; longer names win over names inside them.
    With `jurisdiction_of` (document id -> jurisdiction code), a name that another place's name
    qualifies is that place's statute, not the indexed document: "China's personal information
    protection law", 「中国の個人情報保護法」 and "the EU AI Act" name no Japanese act."""
    text = unicodedata.normalize("NFKC", query)
    seen: list[str] = []
    for start, _, doc_id in _document_spans(query, aliases):
        place = place_before(text, start) if jurisdiction_of is not None else None
        if place is not None and place != jurisdiction_of.get(doc_id):
            continue
        if doc_id not in seen:
            seen.append(doc_id)
    return seen


def without_references(query: str) -> str:
    """The query without the provision references it makes ("Article 27(1)", 第二十七条第一項):
    their numbers say where to look, not what about."""
    return _JA_REF.sub(" ", _EN_REF.sub(" ", query))


def without_document_names(query: str, aliases: Mapping[str, Sequence[str]]) -> str:
    """The query with the documents' names taken out ("What is the purpose of the AI Promotion
    Act?" -> "What is the purpose of the ?"): a name says where to look, not what to look for, and
    its words ("promotion", 人工知能) would otherwise match every provision of that document and
    of others alike. Returned NFKC-normalised; the query itself when nothing else is left."""
    text = unicodedata.normalize("NFKC", query)
    spans = _document_spans(query, aliases)
    if not spans:
        return query
    out, last = [], 0
    for start, end, _ in spans:
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    rest = " ".join(" ".join(out).split())
    return rest if re.search(r"\w{2,}", rest) else query


def _document_spans(query: str, aliases: Mapping[str, Sequence[str]]) -> list[tuple[int, int, str]]:
    """(start, end, doc id) of every document name in the NFKC-normalised query, in text order;
    of overlapping names the longest wins."""
    text = unicodedata.normalize("NFKC", query)
    matches = []
    for doc_id, names in aliases.items():
        for name in names:
            for m in alias_pattern(name).finditer(text):
                matches.append((m.start(), m.end(), doc_id))
    matches.sort(key=lambda m: -(m[1] - m[0]))
    taken: list[tuple[int, int, str]] = []
    for start, end, doc_id in matches:
        if any(start < e and s < end for s, e, _ in taken):
            continue
        taken.append((start, end, doc_id))
    return sorted(taken)


# -- defined terms -------------------------------------------------------------------------

_QUOTED = re.compile(
    r"(?<![A-Za-z])'([^']{2,60})'(?![A-Za-z])|\"([^\"]{2,60})\"|“([^”]{2,60})”|‘([^’]{2,60})’"
    r"|「([^」]{1,40})」|『([^』]{1,40})』")


def quoted_terms(query: str) -> list[str]:
    """Terms a query puts in quotes ('data set', 「仮名加工情報」), in order, without duplicates."""
    out: list[str] = []
    for m in _QUOTED.finditer(unicodedata.normalize("NFKC", query)):
        term = next(g for g in m.groups() if g).strip()
        if term and term not in out:
            out.append(term)
    return out


# the term an unquoted definition question asks about: "What counts as personal information
# under the APPI?", "What does pseudonymized personal information mean?", 個人情報とは何ですか
_ASKED_TERM_EN = re.compile(
    r"\b(?:what\s+(?:counts|count|qualifies)\s+as|what\s+is\s+meant\s+by|definition\s+of|meaning\s+of|"
    r"define)\s+(?:an?\s+|the\s+)?(?P<a>[A-Za-z][\w -]{1,60}?)"
    r"(?=\s+(?:under|in|according|for|within|as|when|if)\b|\s*[?.,]|\s*$)"
    r"|\bwhat\s+does\s+(?:the\s+term\s+)?(?:an?\s+|the\s+)?(?P<b>[A-Za-z][\w -]{1,60}?)\s+mean\b",
    re.IGNORECASE)
_ASKED_TERM_JA = re.compile(r"([\u4e00-\u9fff\u30a0-\u30ff]{2,20})(?:とは|の定義|の意味)")


def asked_terms(query: str) -> list[str]:
    """The term a definition question asks about without quoting it; [] when there is none."""
    text = unicodedata.normalize("NFKC", query)
    m = _ASKED_TERM_EN.search(text)
    if m:
        term = (m.group("a") or m.group("b")).strip()
        return [term] if len(term) >= 3 else []
    m = _ASKED_TERM_JA.search(text)
    return [m.group(1)] if m else []


def definition_pattern(term: str) -> re.Pattern[str]:
    """How statutes define a term, in either language:

    "T" means / "T" in this Act means / T (meaning ...) / (referred to below as "T") /
    「T」とは / T（...をいう。） / （以下「T」という。）. Plural -s and ' or " quotes tolerated.
    """
    t = re.escape(unicodedata.normalize("NFKC", term))
    if re.search(r"[A-Za-z]$", term):
        t += r"s?"
    q = r"[\"'“”‘’]"
    return re.compile(
        rf"{q}{t}{q},?\s+(?:in\s+this\s+\w+(?:\s+\w+)?,?\s+)?(?:means|refers\s+to|shall\s+mean)"
        rf"|(?<![A-Za-z]){t}\s*\(meaning\b"
        rf"|(?:referred\s+to|hereinafter)\s+(?:below\s+)?(?:simply\s+)?as\s+(?:an?\s+|the\s+)?{q}{t}{q}"
        rf"|「{t}」とは|(?<![\u3040-\u9fff]){t}（[^）]{{0,200}}をいう"
        rf"|以下(?:単に)?「{t}」という",
        re.IGNORECASE,
    )
