"""Aligning a provision's Japanese original with its English translation, item by item.

A paragraph's text comes as lines: the paragraph's own sentence(s), then one line per item
(`一 …` / `(i) …`), subitem (`イ …` / `(a) …`) and sub-subitem (`（１） …` / `1. …`). Each
line is keyed by its place in that hierarchy (`1`, `1-2`, `3.a`, `3.b.2`), so the two
languages line up even where one has an item the other lacks. Pure, no Streamlit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KANJI_DIGITS = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

JA_ITEM = re.compile(r"^([一二三四五六七八九十百〇]+)((?:の[一二三四五六七八九十]+)*)[\s\u3000]+")
JA_SUB1 = re.compile(rf"^([{IROHA}])[\s\u3000]+")
JA_SUB2 = re.compile(r"^[（(]([0-9０-９]+)[）)][\s\u3000]*")
EN_ITEM = re.compile(r"^\(([ivxlc]+)\)((?:-\d+)*)\s+")
EN_SUB1 = re.compile(r"^\(([a-z])\)\s+")
EN_SUB2 = re.compile(r"^(\d+)\.\s+")


def kanji_number(text: str) -> int:
    """一 -> 1, 十二 -> 12, 二十 -> 20, 百五 -> 105 (the numbers items are labelled with)."""
    total, digit = 0, 0
    for ch in text:
        if ch == "百":
            total += (digit or 1) * 100
            digit = 0
        elif ch == "十":
            total += (digit or 1) * 10
            digit = 0
        else:
            digit = KANJI_DIGITS.get(ch, 0)
    return total + digit


def roman_number(text: str) -> int:
    values = [_ROMAN_VALUES[c] for c in text.lower()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


@dataclass
class Unit:
    """One aligned row: `key` says where it sits, `label` how its text numbers it."""

    key: str
    label: str
    text: str
    depth: int = 0


def _label_of(line: str, lang: str) -> tuple[int, str, str, str] | None:
    """(depth, number as a key part, label, rest of the line) of an item line, else None."""
    if lang == "ja":
        m = JA_ITEM.match(line)
        if m:
            num = str(kanji_number(m.group(1)))
            branches = [str(kanji_number(b)) for b in m.group(2).split("の") if b]
            return 1, "-".join([num, *branches]), m.group(1) + m.group(2), line[m.end() :]
        m = JA_SUB1.match(line)
        if m:
            return 2, str(IROHA.index(m.group(1)) + 1), m.group(1), line[m.end() :]
        m = JA_SUB2.match(line)
        if m:
            return 3, m.group(1).translate(_FULLWIDTH), f"（{m.group(1)}）", line[m.end() :]
        return None
    m = EN_ITEM.match(line)
    if m:
        branches = [b for b in m.group(2).split("-") if b]
        return (
            1,
            "-".join([str(roman_number(m.group(1))), *branches]),
            f"({m.group(1)}){m.group(2)}",
            line[m.end() :],
        )
    m = EN_SUB1.match(line)
    if m:
        return 2, str(ord(m.group(1)) - ord("a") + 1), f"({m.group(1)})", line[m.end() :]
    m = EN_SUB2.match(line)
    if m:
        return 3, m.group(1), f"{m.group(1)}.", line[m.end() :]
    return None


def _letter_continues(line: str, stack: list[str]) -> bool:
    """Is an English `(i)`, `(v)`, `(x)`, `(l)` or `(c)` line the next subitem letter rather than
    a roman-numbered item? Yes when the subitem before it has the letter before it."""
    m = re.match(r"^\(([a-z])\)\s", line)
    return bool(m) and len(stack) >= 2 and stack[1] == str(ord(m.group(1)) - ord("a"))


def split_units(text: str, lang: str) -> list[Unit]:
    """A paragraph's text as units: the lead (key `0`), then its items and subitems."""
    units: list[Unit] = []
    stack: list[str] = []  # key parts of the enclosing item / subitem
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        found = _label_of(line, lang)
        if found and found[0] == 1 and lang != "ja" and _letter_continues(line, stack):
            found = (2, str(ord(line[1]) - ord("a") + 1), line[:3], line[3:].lstrip())
        if found is None:
            if units:
                units[-1].text += "\n" + line
            else:
                units.append(Unit("0", "", line, 0))
            continue
        depth, part, label, rest = found
        stack = stack[: depth - 1] + [part]
        while len(stack) < depth:  # a subitem with no item above it
            stack.insert(0, "?")
        units.append(Unit(".".join(stack), label, rest, depth))
    return units


def align(left: list[Unit], right: list[Unit]) -> list[tuple[str, Unit | None, Unit | None]]:
    """Rows (key, left unit, right unit) in the left text's order; right-only units where they fall."""
    right_by_key = {u.key: u for u in right}
    left_keys = {u.key for u in left}
    rows: list[tuple[str, Unit | None, Unit | None]] = []
    pending = [u for u in right if u.key not in left_keys]
    right_order = [u.key for u in right]
    for unit in left:
        # right-only units that come before this one in the right text go first
        if unit.key in right_by_key:
            pos = right_order.index(unit.key)
            while pending and right_order.index(pending[0].key) < pos:
                extra = pending.pop(0)
                rows.append((extra.key, None, extra))
        rows.append((unit.key, unit, right_by_key.get(unit.key)))
    rows.extend((u.key, None, u) for u in pending)
    return rows


def unit_key_of(path: str) -> str | None:
    """The unit key a provision path points at inside its paragraph: `art-2/para-1/item-3` -> `3`,
    `.../item-1-2` -> `1-2`, `.../item-3/subitem-2` -> `3.2`; None for a whole paragraph."""
    parts = []
    for seg in path.strip("/").split("/"):
        kind, _, num = seg.partition("-")
        if kind.startswith("item") or kind.startswith("subitem"):
            parts.append(num)
    return ".".join(parts) or None


def paragraph_of(path: str) -> str:
    """The paragraph a path sits in: `art-2/para-1/item-3` -> `art-2/para-1`."""
    segs = path.strip("/").split("/")
    for i, seg in enumerate(segs):
        if seg.startswith("item-") or seg.startswith("subitem"):
            return "/".join(segs[:i])
    return "/".join(segs)
