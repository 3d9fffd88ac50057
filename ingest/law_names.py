"""Other acts named in a statute's text: their names, law numbers and defined abbreviations. Pure.

Japanese statutes name another act with its number on first mention (an invented example:
「ウィジェット流通法（平成十一年法律第八十八号）」), and sometimes define a short name for it
(「（令和二年法律第三十三号。以下「部品法」という。）」); later mentions use the name alone. The
English translations do the same: "the Widget Trade Act (Act No. 88 of 1999)", '(Act No. 33 of
2020; hereinafter referred to as the "Parts Act")'. A law's key is its number as ``YEAR-NUMBER``
with the Western year ("2020-33"), the same in both languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from core.numerals import kanji_to_int

ERAS = {"明治": 1868, "大正": 1912, "昭和": 1926, "平成": 1989, "令和": 2019}
_K = r"[0-9０-９〇一二三四五六七八九十百千元]+"
JA_LAW_NUMBER = re.compile(rf"(?P<era>明治|大正|昭和|平成|令和)(?P<year>{_K})年(?:[^（）。]{{0,12}}?)"
                           rf"法律第(?P<num>{_K})号")
EN_LAW_NUMBER = re.compile(r"Act\s+No\.\s*(?P<num>\d+)\s+of\s+(?P<year>\d{4})")
# the name of an act just before a position: the text after the last delimiter, ending in a
# word that names an act (法, 法律, 政令, 規則, ...)
_JA_DELIM = re.compile(r"(?:[、。，「」（）\s]|及び|又は|並びに|若しくは|により|による|に規定する"
                       r"|において|における|について|に基づく|準用する|適用する|に係る|とあるのは|をいう"
                       r"|第[^条項号]{1,8}(?:条|項|号)(?:の[一二三四五六七八九十]+)*中?)")
_JA_ACT_END = re.compile(r"(?:法|法律|政令|省令|府令|規則|条約|憲法)$")
_VERSION = re.compile(r"^(?:新|旧)|改正(?:後|前)")  # the act as amended / before: another version
_JA_ABBREV = re.compile(r"以下(?:[^「」。]{0,20})?「(?P<abbr>[^「」]{1,30}?(?:法|法律|令|規則))」という")
_EN_ABBREV = re.compile(r"hereinafter\s+referred\s+to\s+as\s+(?:the\s+)?\"(?P<abbr>[^\"]{2,80}?)\"")


@dataclass(frozen=True)
class LawCite:
    """Another act a reference points into: its name as the text gives it, and its number."""

    name: str
    number: str = ""  # as written: 「平成十一年法律第八十八号」 / "Act No. 88 of 1999"
    key: str | None = None  # "2002-99"; None when the text never gives the number

    def with_number(self, table: dict[str, LawCite]) -> LawCite:
        """The same act with the number another mention of it (or its abbreviation) gives."""
        if self.key is not None:
            return self
        known = table.get(self.name)
        return LawCite(self.name, known.number, known.key) if known else self


def is_version(name: str) -> bool:
    """「新個人情報保護法」「改正後個人情報保護法」: this act at another time, not in the text."""
    return bool(_VERSION.search(name))


def ja_key(number: str) -> str | None:
    m = JA_LAW_NUMBER.search(number)
    if m is None:
        return None
    year = m.group("year")
    y = 1 if year == "元" else kanji_to_int(year)
    return f"{ERAS[m.group('era')] + y - 1}-{kanji_to_int(m.group('num'))}"


def en_key(number: str) -> str | None:
    m = EN_LAW_NUMBER.search(number)
    return f"{m.group('year')}-{m.group('num')}" if m else None


def _paren_before(text: str, end: int) -> tuple[int, str] | None:
    """The parenthesis closing just before `end`: (where it opens, its content)."""
    if end == 0 or text[end - 1] not in "）)":
        return None
    depth = 0
    for i in range(end - 1, max(-1, end - 400), -1):
        if text[i] in "）)":
            depth += 1
        elif text[i] in "（(":
            depth -= 1
            if depth == 0:
                return i, text[i + 1:end - 1]
    return None


def ja_name_before(text: str, end: int) -> tuple[str, str] | None:
    """The act named right before `end` (a reference follows): (name, law number or "").

    「ウィジェット流通法（平成十一年法律第八十八号）第二条」, 「部品法第十二条」,
    「（令和二年法律第三十三号。以下「部品法」という。）第十二条」 (invented examples)."""
    number = ""
    paren = _paren_before(text, end)
    if paren is not None:
        opens, content = paren
        m = JA_LAW_NUMBER.match(content)
        if m is None:
            return None
        number, end = m.group(0), opens
    head = text[max(0, end - 60):end]
    cut = 0
    for m in _JA_DELIM.finditer(head):
        cut = m.end()
    name = head[cut:]
    if not name or not _JA_ACT_END.search(name) or name in ("この法律", "法律", "政令", "法"):
        return None
    return name, number


def law_table(texts: Iterable[str], language: str) -> dict[str, LawCite]:
    """Every act a statute names with its number, by name and by defined abbreviation."""
    table: dict[str, LawCite] = {}
    for text in texts:
        if language == "ja":
            for m in re.finditer(r"（", text):
                close = _matching(text, m.start())
                if close is None:
                    continue
                content = text[m.start() + 1:close]
                num = JA_LAW_NUMBER.match(content)
                if num is None:
                    continue
                named = ja_name_before(text, m.start())
                cite = LawCite(named[0] if named else "", num.group(0), ja_key(num.group(0)))
                if named:
                    table.setdefault(named[0], cite)
                abbr = _JA_ABBREV.search(content)
                if abbr:
                    table.setdefault(abbr.group("abbr"), cite)
        else:
            for m in re.finditer(r"\((?P<c>Act\s+No\.[^()]*)\)", text):
                num = EN_LAW_NUMBER.match(m.group("c"))
                if num is None:
                    continue
                named = en_name_before(text, m.start())
                cite = LawCite(named or "", num.group(0), en_key(num.group(0)))
                if named:
                    table.setdefault(named, cite)
                abbr = _EN_ABBREV.search(m.group("c")) or _EN_ABBREV.match(text, m.end() + 2)
                if abbr:
                    table.setdefault(abbr.group("abbr"), cite)
    return table


def _matching(text: str, opens: int) -> int | None:
    depth = 0
    for i in range(opens, min(len(text), opens + 400)):
        if text[i] == "（":
            depth += 1
        elif text[i] == "）":
            depth -= 1
            if depth == 0:
                return i
    return None


_EN_CONNECT = {"of", "on", "for", "and", "the", "to", "by", "in", "with", "a", "an", "Related"}
_EN_WORD = re.compile(r"[A-Za-z][\w\-'’.]*")
_EN_ACT_WORD = re.compile(r"\b(?:Act|Code|Law|Order|Ordinance|Constitution|Convention)\b")


def _name_words(words: list[str]) -> str | None:
    while words and (words[0] in _EN_CONNECT or words[0] == "The"):
        words = words[1:]
    while words and words[-1] in _EN_CONNECT:
        words = words[:-1]
    name = " ".join(words)
    return name if words and _EN_ACT_WORD.search(name) else None


def en_name_before(text: str, end: int) -> str | None:
    """The act named right before `end`: "... the Act on the Registration of Widget Lamps" ->
    its name (capitalised words and the small words between them)."""
    words: list[str] = []
    for w in reversed(text[max(0, end - 200):end].split()):
        if _EN_WORD.fullmatch(w) and (w[0].isupper() or w in _EN_CONNECT):
            words.insert(0, w)
            continue
        break
    return _name_words(words)


def en_name_after(text: str, start: int) -> str | None:
    """The act named from `start` on: "Widget Trade Act apply ..." -> its name."""
    words: list[str] = []
    for w in re.split(r"(\s+)", text[start:start + 200]):
        if not w or w.isspace():
            continue
        bare = w.rstrip(",;:)")
        if _EN_WORD.fullmatch(bare) and (bare[0].isupper() or bare in _EN_CONNECT):
            words.append(bare)
            if bare != w:
                break
            continue
        break
    return _name_words(words)
