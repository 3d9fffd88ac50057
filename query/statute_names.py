"""Statutes a question names that the index does not hold. Pure functions, no I/O.

"How many days of paid leave does the Labor Standards Act give?" names a statute that is not
among the indexed texts. Its words are common enough ("days", "leave") that retrieval always
finds some provision, and an extractive answer from it would answer a question nobody asked.
A question that names a statute no indexed document is called by, and names no indexed
document, is answered by saying which texts are indexed instead.

A name counts as an indexed document's when they share a content word ("Privacy Act" and
"Japan's privacy law", 「AI基本法」 and 「AI推進法」): the rule is meant to fire only on names
that are plainly something else (労働基準法, the Copyright Act, the Road Traffic Act).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from index.tokenize import tokenize
from query.places import JURISDICTIONS, place_before, place_name
from query.references import without_document_names

# "the Labor Standards Act", "Japan's Copyright Act", "Civil Code": capitalised words before a
# statute's generic noun, with "of/on/for/and/the" between them
_EN_STATUTE = re.compile(
    r"\b((?:[A-Z][A-Za-z'’-]*\s+(?:(?:of|on|for|and|the)\s+)*){1,8}(?:Act|Code|Law|Directive|Ordinance))\b")
# "the Act on the Protection of Lamps": the title form of Japanese statutes in translation
_EN_ACT_ON = re.compile(
    r"\b(Act (?:on|for|concerning|regarding)(?:\s+(?:the|of|and|for|on|in|by|to|[A-Z][A-Za-z'’-]*))+)")
_TRAILING = re.compile(r"(?:\s+(?:the|of|and|for|on|in|by|to))+$")
# 労働基準法, 著作権法, 民法: a run of kanji/katakana (and Latin: 「AI基本法」) ending in 法, but not
# 法律/法令/法人/法的/法務/法定/法案/法規/法則/法学, which are other words
_JA_STATUTE = re.compile(r"([\u4e00-\u9fff\u30a0-\u30ffA-Za-z]{1,15}法)(?![律令人的務廷案定規則学])")
# words ending in 法 that name no statute (方法 "method", 違法 "unlawful") and words that refer
# back to one without naming it (同法 "the said Act", 本法 "this Act")
_JA_NOT_STATUTE = re.compile(
    r"(?:方法|手法|違法|適法|不法|合法|司法|立法|用法|文法|作法|寸法|技法|製法|工法|療法|論法|話法|根拠法)$"
    r"|^(?:同法|本法|新法|旧法|前法|各法|当該法|関係法|関連法|他法|特別法|一般法|基本法|法)$")
# words of a statute's name that say what kind of text it is, not which one
_GENERIC = frozenset(tokenize(
    "act acts law laws code codes directive ordinance regulation regulations this these that the "
    "said such relevant other japan japanese national basic what which whose does do is are can "
    "must under about how when where who why"))


def _content(name: str) -> set[str]:
    """The name's keyword tokens that say which statute it is (法 itself left out)."""
    return {t for t in tokenize(name.removesuffix("法")) if t not in _GENERIC}


def _display(name: str) -> str:
    """The name as a user would write it: "Is Japan's Labor Standards Act" -> "Labor Standards Act"."""
    words = name.split()
    while len(words) > 1 and (not _content(words[0]) or re.search(r"['’]s$", words[0])):
        words.pop(0)
    return " ".join(words)


def _statute_matches(text: str) -> list[tuple[int, str]]:
    """(start, name) of every statute's name in the NFKC-normalised text (English: capitalised, as
    statutes' names are written; Japanese: names ending in 法)."""
    found = [(m.start(1), _TRAILING.sub("", m.group(1))) for m in _EN_ACT_ON.finditer(text)]
    for m in _EN_STATUTE.finditer(text):
        name = _display(m.group(1))
        found.append((text.rindex(name.split()[0], m.start(1), m.end(1)), name))
    found += [(m.start(1), m.group(1)) for m in _JA_STATUTE.finditer(text)
              if not _JA_NOT_STATUTE.search(m.group(1))]
    return [(start, name) for start, name in found if _content(name)]


def named_statutes(query: str) -> list[str]:
    """The names of statutes in the query, in order, without repeats."""
    text = unicodedata.normalize("NFKC", query)
    return list(dict.fromkeys(name for _, name in _statute_matches(text)))


def _leading_place(name: str) -> str | None:
    """The place a statute's name begins with ("EU AI Act" -> "EU"), or None."""
    return place_before(name, len(name.split()[0]) + 1)


def qualified_statutes(query: str) -> list[tuple[str, str]]:
    """(name, jurisdiction code) of the statutes the query names with a place's name before them
    or leading them ("China's Personal Information Protection Law", "the EU AI Act",
    「中国の個人情報保護法」)."""
    text = unicodedata.normalize("NFKC", query)
    out: list[tuple[str, str]] = []
    for start, name in _statute_matches(text):
        place = place_before(text, start) or _leading_place(name)
        if place is not None and (name, place) not in out:
            out.append((name, place))
    return out


def name_words(aliases: Mapping[str, Sequence[str]]) -> frozenset[str]:
    """The content words of every indexed document's names (computed once per index)."""
    return frozenset().union(*(_content(name) for names in aliases.values() for name in names))


def place_name_words(aliases: Mapping[str, Sequence[str]],
                     jurisdiction_of: Mapping[str, str | None]) -> dict[str, frozenset[str]]:
    """Per jurisdiction code, the content words of the names of its indexed documents (none for a
    place nothing of which is indexed)."""
    out = {code: frozenset[str]() for code in JURISDICTIONS}
    for doc_id, names in aliases.items():
        code = jurisdiction_of.get(doc_id)
        if code is not None:
            out[code] = out.get(code, frozenset()).union(*(_content(name) for name in names))
    return out


def unindexed_statutes(query: str, aliases: Mapping[str, Sequence[str]],
                       known: frozenset[str] | None = None,
                       by_place: Mapping[str, frozenset[str]] | None = None) -> list[str]:
    """The statutes the query names that are none of the indexed documents (`aliases`: each
    document id's names; `known`: their `name_words`): names left once the documents' names
    are taken out that share no content word with any of them. With `by_place`
    (`place_name_words`), a name a place qualifies is compared with that place's documents only:
    "China's Personal Information Protection Law" is none of the indexed Chinese texts, however
    close its words are to the Japanese APPI's names; it is reported with its place."""
    known = name_words(aliases) if known is None else known
    rest = without_document_names(query, aliases)
    out = [n for n in named_statutes(rest) if not (_content(n) & known)]
    for name, place in qualified_statutes(query) if by_place is not None else ():
        if name in out or _content(name) & by_place.get(place, frozenset()):
            continue
        if _leading_place(name):  # "EU AI Act" says its place itself
            out.append(name)
        elif re.search(r"[\u3040-\u9fff]", name):
            out.append(f"{place_name(place, True)}の{name}")
        else:
            out.append(f"{name} ({place_name(place)})")
    return list(dict.fromkeys(out))
