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
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from core.numerals import kanji_to_int, roman_to_int
from ingest.law_names import (
    EN_LAW_NUMBER,
    JA_LAW_NUMBER,
    LawCite,
    en_key,
    en_name_after,
    en_name_before,
    is_version,
    ja_key,
    ja_name_before,
)

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
    """One resolved reference: the text it was found in and the path it names; `law` is set
    when the path is a provision of another act (then never a path of this one)."""

    start: int
    end: int
    path: str
    law: LawCite | None = None


# -- one reference at a time: components per level ------------------------------------------------

# a level's value: explicit numbers, or a relation ("preceding", count) / ("same", 0)
_Value = tuple[str, object]


@dataclass
class _Parts:
    suppl: bool = False
    scope: str = ""  # prefix of numbered articles: "suppl/", "law#0/" (another act), "nowhere/"
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
        # an amending act's supplementary provisions are an excerpt (抄): the article before
        # Article 9 is Article 8 even when Article 8 was left out, and then there is no target
        if current in same and not here.prefix.startswith("suppl-amend"):
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
            if parts.scope:
                prefix = parts.scope
            elif parts.suppl:
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
        for path in out:  # what 同条/同項/同号 ("that Article") will mean: the last one named
            segs = path.split("/")
            if parts.art is not None or parts.para is not None:  # not by 「次号」 alone
                self.last["art"] = "/".join(s for s in segs if not s.startswith(("para-", "item-")))
            if "/para-" in path and (parts.para is not None or parts.art is not None):
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
    r"|(?P<rel>\b(?P<each>[Ee]ach\s+(?:of\s+)?)?(?:[Tt]he\s+)?(?P<relkind>preceding|following|same|that)\s+"
    r"(?:(?P<count>two|three|four|five|six|seven|eight|nine|ten)\s+)?"
    r"(?P<relwhat>Articles?|paragraphs?|items?)\b)"
    r"|(?P<suppl>\b(?:the\s+)?Supplementary\s+Provisions\b)"
    r"|(?P<table>\bAppended\s+Table\s+(?P<tnum>\d+))"
)
_EN_SEP = re.compile(r"\s*,\s*|\s+of\s+")
_EN_LIST = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+")
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
    if kind == "preceding" and not count and not m.group("relwhat").endswith("s") and not m.group("each"):
        count = 1
    return level, (kind, count)


def _en_runs(text: str) -> list[list[re.Match[str]]]:
    """Components joined by ", " or " of " ("paragraph (1) of the preceding Article")."""
    runs: list[list[re.Match[str]]] = []
    pos = 0
    while True:
        m = _EN_COMP.search(text, pos)
        if m is None:
            return runs
        run = [m]
        end = m.end()
        while True:
            sep = _EN_SEP.match(text, end)
            nxt = _EN_COMP.match(text, sep.end()) if sep else None
            if nxt is None or sep is None:
                break
            run.append(nxt)
            end = nxt.end()
        pos = end
        runs.append(run)


def _bare_articles(run: list[re.Match[str]]) -> bool:
    return all(c.group("art") and not c.group("cpara") for c in run)


def _en_law(text: str, end: int, last: LawCite | None, laws: Mapping[str, LawCite]) -> LawCite | None:
    """The act "... of the X Act (Act No. N of Y)" names after a reference ending at `end`."""
    of = re.compile(r"\s+of\s+(?:(?P<that>that|the)\s+)?").match(text, end)
    name = en_name_after(text, of.end()) if of else None
    if of is None or name is None:
        return last
    if name in ("Act", "Code", "Law", "Order") and of.group("that"):
        return last if last is not None else LawCite(name)
    after = text[of.end() + len(name):of.end() + len(name) + 40]
    number = EN_LAW_NUMBER.match(after.lstrip(" (")) if after.lstrip().startswith("(") else None
    found = number.group(0) if number else ""
    return LawCite(name, found, en_key(found)).with_number(dict(laws))


def _english(text: str, here_at: Callable[[int], Here], resolver: _Resolver,
             laws: Mapping[str, LawCite]) -> list[Ref]:
    refs: list[Ref] = []
    runs = _en_runs(text)
    flagged = _substituted(text, "en")
    # "Article 3 and Article 4 of the Supplementary Provisions", "Article 101, ..., and Article
    # 109 of the Code": what the last of a list of bare articles belongs to, the others do too
    external = [bool(_EN_EXTERNAL.match(text, run[-1].end())) for run in runs]
    suppl = [any(c.group("suppl") for c in run) for run in runs]
    for i in range(len(runs) - 2, -1, -1):
        between = text[runs[i][-1].end():runs[i + 1][0].start()]
        if _bare_articles(runs[i]) and _EN_LIST.fullmatch(between) and (
                _bare_articles(runs[i + 1]) or suppl[i + 1]):
            external[i] = external[i] or external[i + 1]
            suppl[i] = suppl[i] or suppl[i + 1]
    contexts: list[LawCite] = []
    last_law: LawCite | None = None
    prev: _Parts | None = None
    for n, run in enumerate(runs):
        start, end = run[0].start(), run[-1].end()
        if any(a <= start < b for a, b in flagged):
            prev = None
            continue
        here = here_at(start)
        parts = _Parts(suppl=suppl[n])
        listed = (prev is not None and n > 0
                  and _EN_LIST.fullmatch(text[runs[n - 1][-1].end():start]) is not None)
        if listed and prev is not None and prev.art is not None and prev.art[0] == "num":
            # "Article 41, paragraph (7) or paragraph (8)": the second is of Article 41 too
            if run[0].group("para") and prev.para is not None and not any(c.group("art") for c in run):
                parts.art, parts.suppl, parts.scope = prev.art, prev.suppl, prev.scope
            elif (run[0].group("item") and prev.item is not None and len(run) == 1):
                parts.art, parts.para, parts.suppl, parts.scope = prev.art, prev.para, prev.suppl, prev.scope
        if external[n]:
            j = n
            while j + 1 < len(runs) and not _EN_EXTERNAL.match(text, runs[j][-1].end()):
                j += 1
            last_law = _en_law(text, runs[j][-1].end(), last_law, laws)
            if last_law is None:
                continue
            contexts.append(last_law)
            parts.scope = f"law#{len(contexts) - 1}/"
        for comp in run:
            if comp.group("suppl"):
                continue
            if comp.group("table"):
                parts.table = int(comp.group("tnum"))
                continue
            level, value = _en_value(comp)
            if getattr(parts, level) is not None:  # "Article 5, Article 6": a new reference
                refs.extend(_typed(Ref(start, comp.start(), p), contexts)
                            for p in resolver.resolve(parts, here))
                parts, start = _Parts(suppl=parts.suppl, scope=parts.scope), comp.start()
            setattr(parts, level, value)
            if comp.group("art") and comp.group("cpara"):
                parts.para = ("num", [int(comp.group("cpara"))])
                if comp.group("citem"):
                    parts.item = ("num", [roman_to_int(comp.group("citem"))])
        prev = parts
        if parts.scope and parts.art is None and parts.para is not None and parts.para[0] == "num":
            continue  # "paragraph (2) of that Act": no article to read it in
        if parts.art or parts.para or parts.item or parts.table is not None:
            refs.extend(_typed(Ref(start, end, p), contexts) for p in resolver.resolve(parts, here))
    refs.extend(_en_law_names(text, flagged, laws))
    return [r for r in refs if r.path or r.law is not None]


def _en_law_names(text: str, flagged: list[tuple[int, int]], laws: Mapping[str, LawCite]) -> list[Ref]:
    """"the Administrative Procedure Act (Act No. 88 of 1993)": a link to the act itself."""
    out = []
    for m in re.finditer(r"\((?P<n>Act\s+No\.\s*\d+\s+of\s+\d{4})[^()]*\)", text):
        name = en_name_before(text, m.start())
        if name is None or any(a <= m.start() < b for a, b in flagged):
            continue
        start = text.rfind(name, max(0, m.start() - 200), m.start())
        out.append(Ref(start if start >= 0 else m.start(), m.end(), "",
                       LawCite(name, m.group("n"), en_key(m.group("n")))))
    return out


def _quoted(text: str, opening: str, closing: str) -> list[tuple[int, int]]:
    """Spans of outermost quotations (「…」 may nest: 「…（以下「審査庁」という。）」)."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == opening:
            if depth == 0:
                start = i
            depth += 1
        elif ch == closing and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def _same_act(text: str, pos: int, flagged: list[tuple[int, int]], laws: Mapping[str, LawCite],
              contexts: list[LawCite]) -> str | None:
    """The scope of 「同法」 at `pos`: the last act named before it (「行政不服審査法第二章…同法」)."""
    for m in reversed(list(re.finditer(r"(?<=法)(?:第|（)", text[:pos]))):
        if any(a <= m.start() < b for a, b in flagged):
            continue
        named = ja_name_before(text, m.start())
        if named is None or named[0].endswith("同法"):
            continue
        if is_version(named[0]):
            return "nowhere/"
        contexts.append(LawCite(named[0], named[1], ja_key(named[1])).with_number(dict(laws)))
        return f"law#{len(contexts) - 1}/"
    return None


def _typed(ref: Ref, contexts: Sequence[LawCite]) -> Ref:
    """A resolver path of another act ("law#0/art-2") becomes a typed link; one that has no
    target ("nowhere/...") links nowhere (an empty path)."""
    if ref.path.startswith("law#"):
        head, _, rest = ref.path.partition("/")
        return Ref(ref.start, ref.end, rest, contexts[int(head[4:])])
    if ref.path.startswith("nowhere/"):
        return Ref(ref.start, ref.end, "")
    return ref


def _substituted(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans of wording that another provision is read with (substitution tables, and the
    quoted words of 「…」とあるのは「…」 / "the term "…" is deemed to be replaced with "…""):
    references in them are the other provision's own words, flagged and not linked."""
    spans: list[tuple[int, int]] = []
    substituting = ("読み替" in text or "字句" in text) if lang == "ja" else "deemed to be replaced" in text
    if not substituting:
        return spans
    pos = 0
    for line in text.split("\n"):
        if " | " in line:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    if lang == "ja":
        for a, b in _quoted(text, "「", "」"):
            if text.startswith("とあるのは", b) or text[:a].endswith("とあるのは"):
                spans.append((a, b))
    else:
        for m in re.finditer(r"[\"“][^\"“”]*[\"”]", text):
            before = text[max(0, m.start() - 30):m.start()]
            if not re.search(r"referred\s+to\s+as\s+(?:the\s+|a\s+)?$", before):
                spans.append((m.start(), m.end()))
    return spans


# -- Japanese -----------------------------------------------------------------------------------------

_K = r"[0-9０-９〇一二三四五六七八九十百千]+"
_JA_REF = re.compile(
    rf"(?P<suppl>附則)?"
    rf"(?:(?P<artrel>前|次|同)条|前(?P<artcount>{_K})条|第(?P<art>{_K})条(?P<branch>(?:の{_K})*))?"
    rf"(?:(?P<pararel>前|次|同)項|前(?P<paraeach>各)項|前(?P<paracount>{_K})項|第(?P<para>{_K})項)?"
    rf"(?:(?P<itemrel>前|次|同)号|前(?P<itemeach>各)号|前(?P<itemcount>{_K})号|第(?P<item>{_K})号)?"
)
_JA_TABLE = re.compile(rf"別表第(?P<n>{_K})")
_JA_CONJ = re.compile(r"(?:各号|各項)?(?:及び|又は|若しくは|並びに|、|，|から|ないし)")


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


def _japanese(text: str, here_at: Callable[[int], Here], resolver: _Resolver,
              laws: Mapping[str, LawCite]) -> list[Ref]:
    refs: list[Ref] = []
    flagged = _substituted(text, "ja")
    contexts: list[LawCite] = []
    last_law = "nowhere/"  # scope of the act 「同法」 means
    prev_end, prev_parts, prev_paths = -10, None, []  # type: ignore[var-annotated]
    matches = [m for m in _JA_REF.finditer(text) if m.end() > m.start()
               and any(m.group(g) for g in ("artrel", "artcount", "art", "pararel", "paraeach",
                                            "paracount", "para", "itemrel", "itemeach",
                                            "itemcount", "item"))]
    numbers = [(n.start(), n.end()) for n in JA_LAW_NUMBER.finditer(text)]  # 「平成五年法律第八十八号」
    for m in matches:
        if any(a <= m.start() < b for a, b in numbers):
            continue
        if any(a <= m.start() < b for a, b in flagged):
            prev_end, prev_parts = -10, None
            continue
        between = text[prev_end:m.start()] if prev_end >= 0 else None
        joined = between is not None and _JA_CONJ.fullmatch(between) is not None
        qualifying = between == "（"  # 「第六十六条第二項（第四号…」: the items of that paragraph
        is_range = joined and between in ("から", "ないし")
        here = here_at(m.start())
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
        follows = (joined or qualifying) and prev_parts is not None
        if follows and prev_parts is not None:  # 第二条第一項及び第三項, 第二条（第一項…
            if parts.art is None and parts.para is not None and m.group("para"):
                parts.art, parts.suppl = prev_parts.art, prev_parts.suppl
                parts.scope = prev_parts.scope
            elif parts.art is None and parts.para is None and m.group("item"):
                parts.art, parts.para, parts.suppl = prev_parts.art, prev_parts.para, prev_parts.suppl
                parts.scope = prev_parts.scope
        numbered = parts.art is not None and parts.art[0] == "num"
        amending = here.prefix.startswith("suppl-amend")
        named = ja_name_before(text, m.start()) if numbered or m.group("suppl") else None
        if named is not None:  # 「行政手続法第二条」「番号利用法第十二条」「同法第三条」
            name, number = named
            if name.endswith("同法"):
                parts.scope = _same_act(text, m.start(), flagged, laws, contexts) or last_law
            elif is_version(name):
                parts.scope = last_law = "nowhere/"
            else:
                contexts.append(LawCite(name, number, ja_key(number)).with_number(dict(laws)))
                parts.scope = last_law = f"law#{len(contexts) - 1}/"
        elif numbered and parts.scope:
            pass  # carried from the reference it is enumerated with
        elif parts.suppl:
            parts.scope = here.prefix if amending else "suppl/"
        elif (numbered and joined and prev_parts is not None and prev_parts.scope
              and between != "並びに"):  # 「附則第三条及び第四条」「同法第五条及び第六条」
            parts.scope, parts.suppl = prev_parts.scope, prev_parts.suppl
        elif numbered and amending:  # an amending act's own article: not in the text
            parts.scope = "nowhere/"
        prev_end, prev_parts = m.end(), parts
        paths = resolver.resolve(parts, here)
        if is_range and prev_paths and paths:
            refs.extend(_typed(Ref(m.start(), m.end(), p), contexts)
                        for p in _expand(prev_paths[-1], paths[0]))
        refs.extend(_typed(Ref(m.start(), m.end(), p), contexts) for p in paths)
        prev_paths = paths
    for m in _JA_TABLE.finditer(text):
        if any(a <= m.start() < b for a, b in flagged):
            continue
        named = ja_name_before(text, m.start())
        before = [r for r in refs if r.end <= m.start() and _JA_CONJ.fullmatch(text[r.end:m.start()])]
        if named is None and before and before[-1].law is not None:  # 「番号利用法第十九条及び別表第一」
            named = (before[-1].law.name, before[-1].law.number)
        if named is None:
            refs.append(Ref(m.start(), m.end(), f"table-{kanji_to_int(m.group('n'))}"))
        elif not is_version(named[0]) and not named[0].endswith("同法"):
            cite = LawCite(named[0], named[1], ja_key(named[1])).with_number(dict(laws))
            refs.append(Ref(m.start(), m.end(), f"table-{kanji_to_int(m.group('n'))}", cite))
    for m in re.finditer(r"（", text):  # 「地方自治法（昭和二十二年法律第六十七号）」: the act itself
        number = JA_LAW_NUMBER.match(text, m.end())
        named = ja_name_before(text, m.start()) if number else None
        if number is None or named is None or is_version(named[0]):
            continue
        if any(a <= m.start() < b for a, b in flagged):
            continue
        refs.append(Ref(m.start() - len(named[0]), number.end(), "",
                        LawCite(named[0], number.group(0), ja_key(number.group(0)))))
    return [r for r in refs if r.path or r.law is not None]


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
              laws: Mapping[str, LawCite] | None = None) -> list[Ref]:
    """Every reference in `text` with the path it resolves to, in order of appearance.

    `here` is the path of the provision the text belongs to, or a function giving the most
    specific path at a character offset (Passage.path_at). `order` lists the act's article
    paths ("art-1", "art-27-2", "suppl/art-1") in document order, for "the preceding Article".
    """
    at: Callable[[int], str] = (lambda _o: here) if isinstance(here, str) else here  # type: ignore[assignment]

    def here_at(offset: int) -> Here:
        return Here.of(at(offset))

    table = laws or {}
    refs = (_english(text, here_at, _Resolver(order), table)
            + _japanese(text, here_at, _Resolver(order), table))
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
        if ref.law is not None or path in out or path == own or own.startswith(path + "/"):
            continue
        if known is not None and not exists(path, known):
            continue
        out.append(path)
    return tuple(out)
