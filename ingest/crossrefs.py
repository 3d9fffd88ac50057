"""Cross-references inside provision text, resolved to provision paths of the same act. Pure.

English (the Japanese Law Translation style, and plain "Article 12, paragraph 2"):
"Article 13", "Article 5, paragraph (2), item (iii)", "paragraph (1) of the preceding Article",
"item (ii) of that paragraph", "the preceding two Articles", "Articles 18 to 20",
"Article 3 of the Supplementary Provisions". Japanese: 「第十三条」「第五条第二項第三号」「前条」
「次条」「同条第二項」「前項」「前各項」「前二項」「前号」「同号」「附則第三条」「別表第一」, ranges
「第十八条から第二十条まで」, and 「第二条第一項及び第三項」 (the second paragraph is of Article 2).

References to other acts ("Article 2 of the Administrative Procedure Act", 「行政手続法第二条」,
「同法第三条」, 「（平成五年法律第八十八号）第二条」) are not resolved: they are not provisions
of this act. Relative references resolve against the provision the sentence sits in (its
article, paragraph and item), inside the same supplementary provisions when it is in them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from core.numerals import kanji_to_int, roman_to_int

MAX_RANGE = 30  # "Articles 1 to 500" is not expanded beyond this many provisions

_COUNT_EN = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10}


@dataclass(frozen=True)
class Here:
    """Where the referring text sits: ``suppl/art-3/para-2/item-1`` -> prefix, article, ..."""

    prefix: str = ""  # "", "suppl/", "suppl-amend-2/"
    article: str | None = None  # "3", "27-2"
    para: int | None = None
    item: int | None = None

    @classmethod
    def of(cls, path: str) -> Here:
        prefix, article, para, item = "", None, None, None
        for seg in path.split("/"):
            kind, _, num = seg.partition("-")
            try:
                if kind.startswith("suppl"):
                    prefix = seg + "/"
                elif kind == "art":
                    article = num
                elif kind == "para":
                    para = int(num.split("-")[0])
                elif kind == "item":
                    item = int(num.split("-")[0])
            except ValueError:
                continue
        return cls(prefix, article, para, item)


@dataclass(frozen=True)
class Ref:
    """One resolved reference: the text it was found in and the path it names."""

    start: int
    end: int
    path: str


# -- one reference at a time: components per level ------------------------------------------------

# a level's value: explicit numbers, or a relation ("preceding", count) / ("same", 0)
_Value = tuple[str, object]


@dataclass
class _Parts:
    suppl: bool = False
    art: _Value | None = None
    para: _Value | None = None
    item: _Value | None = None
    table: int | None = None


class _Resolver:
    """Turns components into paths, remembering the last article/paragraph/item named."""

    def __init__(self, order: Sequence[str] | None) -> None:
        self.order = list(order or [])
        self.last: dict[str, str] = {}  # "art" -> "suppl/art-3", "para" -> ".../para-2", ...

    def _article_step(self, here: Here, steps: int) -> str | None:
        """The article `steps` before (negative) or after the current one, same prefix."""
        if here.article is None:
            return None
        current = f"{here.prefix}art-{here.article}"
        same = [a for a in self.order if a.rpartition("art-")[0] == here.prefix]
        if current in same:
            j = same.index(current) + steps
            return same[j] if 0 <= j < len(same) else None
        head, *branch = here.article.split("-")
        try:
            n = int(head) + steps if not branch or steps > 0 else int(head) + steps + 1
        except ValueError:
            return None
        return f"{here.prefix}art-{n}" if n > 0 else None

    def articles(self, parts: _Parts, here: Here) -> list[str]:
        if parts.art is None:
            if parts.para is not None and parts.para[0] == "same" and "para" in self.last:
                return [self.last["para"].rsplit("/para-", 1)[0]]
            if parts.item is not None and parts.item[0] == "same" and "item" in self.last:
                return [self.last["item"].rsplit("/para-", 1)[0]]
            return [f"{here.prefix}art-{here.article}"] if here.article else []
        kind, value = parts.art
        if kind == "num":
            if parts.suppl:
                prefix = here.prefix if here.prefix.startswith("suppl-amend") else "suppl/"
            else:
                prefix = ""
            return [f"{prefix}art-{n}" for n in value]  # type: ignore[union-attr]
        if kind == "same":
            return [self.last["art"]] if "art" in self.last else []
        if kind == "preceding":  # in document order: "the preceding two Articles" -> N-2, N-1
            found = [self._article_step(here, -s) for s in range(int(value) or 1, 0, -1)]  # type: ignore[call-overload]
        else:
            found = [self._article_step(here, 1)]
        return [a for a in found if a]

    @staticmethod
    def _level(value: _Value, current: int | None, last: str | None, name: str) -> list[str]:
        kind, v = value
        if kind == "num":
            return [f"{name}-{n}" for n in v]  # type: ignore[union-attr]
        if kind == "same":
            return [last.rsplit("/", 1)[1]] if last else []
        if current is None:
            return []
        if kind == "preceding":
            count = int(v) if v else current - 1  # type: ignore[call-overload]
            return [f"{name}-{n}" for n in range(max(1, current - count), current)]
        return [f"{name}-{current + 1}"]

    def resolve(self, parts: _Parts, here: Here) -> list[str]:
        if parts.table is not None:
            return [f"table-{parts.table}"]
        arts = self.articles(parts, here)
        out: list[str] = []
        for art in arts:
            same_art = art == f"{here.prefix}art-{here.article}"
            if parts.para is None:
                if parts.item is not None and same_art:
                    # 「第三号」 alone: an item of the paragraph the text is in
                    paras = [f"para-{here.para}"] if here.para else []
                elif parts.item is not None:  # 「第二条第一号」: an article of one paragraph
                    paras = ["para-1"]
                else:
                    paras = [""]
            else:
                last = self.last.get("para")
                paras = self._level(parts.para, here.para if same_art else None, last, "para")
            for para in paras:
                base = f"{art}/{para}" if para else art
                if parts.item is None or not para:
                    out.append(base)
                    continue
                same_para = same_art and para == f"para-{here.para}"
                items = self._level(parts.item, here.item if same_para else None,
                                    self.last.get("item"), "item")
                out.extend(f"{base}/{item}" for item in items)
        for path in out:
            segs = path.split("/")
            self.last["art"] = "/".join(s for s in segs if not s.startswith(("para-", "item-")))
            if "/para-" in path:
                self.last["para"] = path.split("/item-")[0]
            if "/item-" in path:
                self.last["item"] = path
        return out


# -- English ------------------------------------------------------------------------------------------

_N = r"\d+(?:-\d+)?"
_ITEM_NUM = r"(?:\((?:[ivxl]+|\d+)\)|(?:[ivxl]+|\d+)\b)"
_LIST_SEP = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s+to\s+|\s+through\s+)"
_EN_COMP = re.compile(
    rf"(?P<art>\b[Aa]rticles?\s+{_N}(?:{_LIST_SEP}{_N}(?![\d(]))*)"
    r"(?:\s?\((?P<cpara>\d+)\)(?:\((?P<citem>[ivxl]+)\))?)?"
    rf"|(?P<para>\b[Pp]aragraphs?\s+\(?\d+\)?(?:{_LIST_SEP}\(?\d+\)?)*)"
    rf"|(?P<item>\b[Ii]tems?\s+{_ITEM_NUM}(?:{_LIST_SEP}{_ITEM_NUM})*)"
    r"|(?P<rel>\b(?:[Ee]ach\s+of\s+)?(?:[Tt]he\s+)?(?P<relkind>preceding|following|same|that)\s+"
    r"(?:(?P<count>two|three|four|five|six|seven|eight|nine|ten)\s+)?"
    r"(?P<relwhat>Articles?|paragraphs?|items?)\b)"
    r"|(?P<suppl>\b(?:the\s+)?Supplementary\s+Provisions\b)"
    r"|(?P<table>\bAppended\s+Table\s+(?P<tnum>\d+))"
)
_EN_SEP = re.compile(r"\s*,\s*|\s+of\s+")
_EN_EXTERNAL = re.compile(
    r"\s+of\s+(?:the|that)\s+(?!preceding|following|same|Supplementary)"
    r"(?:[\w\-'’]+\s+){0,14}?(?:Act|Code|Law|Order|Ordinance|Regulations?|Rules|Constitution|Convention)\b"
    r"|\s+of\s+that\s+(?:Act|Code|Law|Order|Ordinance)\b"
    r"|\s+of\s+(?:the\s+)?(?:Act|Code|Cabinet\s+Order|Order)\s+(?:on|for|of|No\.)"
)
_WORD_NUM = re.compile(r"\d+(?:-\d+)?|\b[ivxl]+\b")


def _en_numbers(text: str, roman: bool = False) -> list[str]:
    """"18 to 20" -> 18, 19, 20; "(1) and (3)" -> 1, 3; roman numerals for items."""
    body = re.sub(r"^\s*\w+\s+", "", text)
    nums: list[str] = []
    pending_range = False
    for m in re.finditer(r"(?P<to>\bto\b|\bthrough\b)|(?P<n>\d+(?:-\d+)?|\b[ivxl]+\b)", body):
        if m.group("to"):
            pending_range = True
            continue
        raw = m.group("n")
        value = str(roman_to_int(raw)) if (roman and not raw[0].isdigit()) else raw
        if not roman and not raw[0].isdigit():
            continue
        if pending_range and nums and value.isdigit() and nums[-1].isdigit():
            lo, hi = int(nums[-1]), int(value)
            if 0 < hi - lo <= MAX_RANGE:
                nums.extend(str(n) for n in range(lo + 1, hi + 1))
                pending_range = False
                continue
        nums.append(value)
        pending_range = False
    return nums


def _en_value(m: re.Match[str]) -> tuple[str, _Value]:
    """(level, value) of one English component match."""
    if m.group("art"):
        return "art", ("num", _en_numbers(m.group("art")))
    if m.group("para"):
        return "para", ("num", [int(n) for n in _en_numbers(m.group("para")) if n.isdigit()])
    if m.group("item"):
        return "item", ("num", [int(n) for n in _en_numbers(m.group("item"), roman=True) if n.isdigit()])
    what = m.group("relwhat").lower().rstrip("s")
    level = {"article": "art", "paragraph": "para", "item": "item"}[what]
    kind = m.group("relkind")
    kind = "same" if kind in ("same", "that") else kind
    count: object = _COUNT_EN.get(m.group("count") or "", 0)
    if kind == "preceding" and not count and not m.group("relwhat").endswith("s"):
        count = 1
    return level, (kind, count)


def _english(text: str, here_at: Callable[[int], Here], resolver: _Resolver) -> list[Ref]:
    refs: list[Ref] = []
    pos = 0
    while True:
        m = _EN_COMP.search(text, pos)
        if m is None:
            return refs
        run = [m]
        end = m.end()
        while True:  # components joined by ", " or " of "
            sep = _EN_SEP.match(text, end)
            nxt = _EN_COMP.match(text, sep.end()) if sep else None
            if nxt is None or sep is None:
                break
            run.append(nxt)
            end = nxt.end()
        pos = end
        if _EN_EXTERNAL.match(text, end):
            continue
        here = here_at(m.start())
        parts = _Parts()
        start = run[0].start()
        for comp in run:
            if comp.group("suppl"):
                parts.suppl = True
                continue
            if comp.group("table"):
                parts.table = int(comp.group("tnum"))
                continue
            level, value = _en_value(comp)
            if getattr(parts, level) is not None:  # "Article 5, Article 6": a new reference
                refs.extend(Ref(start, comp.start(), p) for p in resolver.resolve(parts, here))
                parts, start = _Parts(suppl=parts.suppl), comp.start()
            setattr(parts, level, value)
            if comp.group("art") and comp.group("cpara"):
                parts.para = ("num", [int(comp.group("cpara"))])
                if comp.group("citem"):
                    parts.item = ("num", [roman_to_int(comp.group("citem"))])
        if parts.art or parts.para or parts.item or parts.table is not None:
            refs.extend(Ref(start, end, p) for p in resolver.resolve(parts, here))


# -- Japanese -----------------------------------------------------------------------------------------

_K = r"[0-9０-９〇一二三四五六七八九十百千]+"
_JA_REF = re.compile(
    rf"(?P<suppl>附則)?"
    rf"(?:(?P<artrel>前|次|同)条|前(?P<artcount>{_K})条|第(?P<art>{_K})条(?P<branch>(?:の{_K})*))?"
    rf"(?:(?P<pararel>前|次|同)項|前(?P<paraeach>各)項|前(?P<paracount>{_K})項|第(?P<para>{_K})項)?"
    rf"(?:(?P<itemrel>前|次|同)号|前(?P<itemeach>各)号|前(?P<itemcount>{_K})号|第(?P<item>{_K})号)?"
)
_JA_TABLE = re.compile(rf"別表第(?P<n>{_K})")
_JA_CONJ = re.compile(r"(?:及び|又は|若しくは|並びに|、|，|から|ないし)")
_JA_EXTERNAL_BEFORE = re.compile(r"(?:法|令|律|則|規程|条約|憲法)$|(?:法律|政令|省令|規則)第[^（）]*号）$")


def _ja_value(rel: str | None, count: str | None, each: str | None, num: str | None) -> _Value | None:
    if num:
        return "num", [kanji_to_int(num)]
    if each:
        return "preceding", 0
    if count:
        return "preceding", kanji_to_int(count)
    if rel:
        return {"前": ("preceding", 1), "次": ("following", 1), "同": ("same", 0)}[rel]
    return None


def _japanese(text: str, here_at: Callable[[int], Here], resolver: _Resolver) -> list[Ref]:
    refs: list[Ref] = []
    prev_end, prev_parts, prev_external = -10, None, False
    matches = [m for m in _JA_REF.finditer(text) if m.end() > m.start()
               and any(m.group(g) for g in ("artrel", "artcount", "art", "pararel", "paraeach",
                                            "paracount", "para", "itemrel", "itemeach",
                                            "itemcount", "item"))]
    for m in matches:
        between = text[prev_end:m.start()] if prev_end >= 0 else None
        joined = between is not None and _JA_CONJ.fullmatch(between) is not None
        external = bool(_JA_EXTERNAL_BEFORE.search(text[max(0, m.start() - 40):m.start()]))
        if joined and prev_external:
            external = True
        is_range = joined and between in ("から", "ないし")
        art_value: _Value | None = None
        if m.group("art"):
            art = str(kanji_to_int(m.group("art")))
            for b in re.findall(_K, m.group("branch") or ""):
                art += f"-{kanji_to_int(b)}"
            art_value = ("num", [art])
        elif m.group("artcount"):
            art_value = ("preceding", kanji_to_int(m.group("artcount")))
        elif m.group("artrel"):
            art_value = _ja_value(m.group("artrel"), None, None, None)
        parts = _Parts(
            suppl=bool(m.group("suppl")), art=art_value,
            para=_ja_value(m.group("pararel"), m.group("paracount"), m.group("paraeach"),
                           m.group("para")),
            item=_ja_value(m.group("itemrel"), m.group("itemcount"), m.group("itemeach"),
                           m.group("item")))
        if joined and prev_parts is not None and not external:  # 第二条第一項及び第三項
            if parts.art is None and parts.para is not None and m.group("para"):
                parts.art, parts.suppl = prev_parts.art, prev_parts.suppl
            elif parts.art is None and parts.para is None and m.group("item"):
                parts.art, parts.para, parts.suppl = prev_parts.art, prev_parts.para, prev_parts.suppl
        prev_end, prev_parts, prev_external = m.end(), parts, external
        if external:
            continue
        paths = resolver.resolve(parts, here_at(m.start()))
        if is_range and refs and paths:
            refs.extend(Ref(m.start(), m.end(), p) for p in _expand(refs[-1].path, paths[0]))
        refs.extend(Ref(m.start(), m.end(), p) for p in paths)
    for m in _JA_TABLE.finditer(text):
        refs.append(Ref(m.start(), m.end(), f"table-{kanji_to_int(m.group('n'))}"))
    return refs


def _expand(first: str, last: str) -> list[str]:
    """Paths strictly between two references that differ only in their last number."""
    a_head, _, a_num = first.rpartition("-")
    b_head, _, b_num = last.rpartition("-")
    if a_head != b_head or not (a_num.isdigit() and b_num.isdigit()):
        return []
    lo, hi = int(a_num), int(b_num)
    if not 0 < hi - lo <= MAX_RANGE:
        return []
    return [f"{a_head}-{n}" for n in range(lo + 1, hi)]


# -- the public functions ---------------------------------------------------------------------------


def find_refs(text: str, here: str | Callable[[int], str], order: Sequence[str] | None = None,
              ) -> list[Ref]:
    """Every reference in `text` with the path it resolves to, in order of appearance.

    `here` is the path of the provision the text belongs to, or a function giving the most
    specific path at a character offset (Passage.path_at). `order` lists the act's article
    paths ("art-1", "art-27-2", "suppl/art-1") in document order, for "the preceding Article".
    """
    at: Callable[[int], str] = (lambda _o: here) if isinstance(here, str) else here  # type: ignore[assignment]

    def here_at(offset: int) -> Here:
        return Here.of(at(offset))

    refs = _english(text, here_at, _Resolver(order)) + _japanese(text, here_at, _Resolver(order))
    return sorted(refs, key=lambda r: (r.start, r.end))


def exists(path: str, known: Collection[str]) -> bool:
    """`known` holds `path` or a provision below it (art-13 exists if art-13/para-1 does)."""
    return path in known or any(k.startswith(path + "/") for k in known)


def resolve_cross_refs(text: str, here: str | Callable[[int], str],
                       known: Collection[str] | None = None,
                       order: Sequence[str] | None = None) -> tuple[str, ...]:
    """The distinct paths `text` refers to, in order; only those in `known` when it is given,
    never the provision itself."""
    own = here if isinstance(here, str) else here(0)
    out: list[str] = []
    for ref in find_refs(text, here, order):
        path = ref.path
        if path in out or path == own or own.startswith(path + "/"):
            continue
        if known is not None and not exists(path, known):
            continue
        out.append(path)
    return tuple(out)
