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

from index.references import without_document_names
from index.tokenize import tokenize

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


def named_statutes(query: str) -> list[str]:
    """The names of statutes in the query, in order, without repeats (English: capitalised, as
    statutes' names are written; Japanese: names ending in 法)."""
    text = unicodedata.normalize("NFKC", query)
    found = [_TRAILING.sub("", m.group(1)) for m in _EN_ACT_ON.finditer(text)]
    found += [_display(m.group(1)) for m in _EN_STATUTE.finditer(text)]
    found += [m.group(1) for m in _JA_STATUTE.finditer(text) if not _JA_NOT_STATUTE.search(m.group(1))]
    return list(dict.fromkeys(n for n in found if _content(n)))


def name_words(aliases: Mapping[str, Sequence[str]]) -> frozenset[str]:
    """The content words of every indexed document's names (computed once per index)."""
    return frozenset().union(*(_content(name) for names in aliases.values() for name in names))


def unindexed_statutes(query: str, aliases: Mapping[str, Sequence[str]],
                       known: frozenset[str] | None = None) -> list[str]:
    """The statutes the query names that are none of the indexed documents (`aliases`: each
    document id's names; `known`: their `name_words`): names left once the documents' names
    are taken out that share no content word with any of them."""
    known = name_words(aliases) if known is None else known
    rest = without_document_names(query, aliases)
    return [n for n in named_statutes(rest) if not (_content(n) & known)]
