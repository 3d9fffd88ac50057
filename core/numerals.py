"""Numerals as statutes write them: kanji (二十七) and lower-case roman (iv), both ways. Pure."""

from __future__ import annotations

import unicodedata

_KANJI_DIGITS = "〇一二三四五六七八九"


def to_kanji(n: int) -> str:
    """Write a positive integer in kanji numerals as statutes do: 27 -> 二十七, 100 -> 百."""
    if n <= 0:
        raise ValueError("kanji numerals are for positive integers")
    out = []
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        q, n = divmod(n, value)
        if q:
            out.append(("" if q == 1 else to_kanji(q)) + unit)
    if n:
        out.append(_KANJI_DIGITS[n])
    return "".join(out)


def to_roman(n: int) -> str:
    """Lower-case roman numerals, as the English translations number items: 4 -> iv."""
    if n <= 0:
        raise ValueError("roman numerals are for positive integers")
    table = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
             (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = []
    for value, sym in table:
        q, n = divmod(n, value)
        out.append(sym * q)
    return "".join(out)


_KANJI = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def kanji_to_int(text: str) -> int:
    """二十七 -> 27, 百四十八 -> 148, also plain digits ("27")."""
    text = unicodedata.normalize("NFKC", text)
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _KANJI:
            current = current * 10 + _KANJI[ch] if current else _KANJI[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            raise ValueError(f"not a kanji numeral: {text!r}")
    return total + current


def roman_to_int(text: str) -> int:
    values = [_ROMAN[c] for c in text.lower()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
