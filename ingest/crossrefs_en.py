"""Cross-references in the English translations: "Article 13", "Article 5, paragraph (2), item
(iii)", "paragraph (1) of the preceding Article", "item (ii) of that paragraph", "the preceding two
Articles", "Articles 18 to 20", "Article 3 of the Supplementary Provisions", and another act's
articles ("of the X Act", "of that Act"). Pure."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from core.numerals import roman_to_int
from ingest.law_names import (
    EN_LAW_NUMBER,
    LawCite,
    en_key,
    en_name_after,
    en_name_before,
)
from ingest.ref_parts import COUNT_EN, MAX_RANGE, Here, Parts, Ref, Resolver, Value, substituted_spans, typed

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


def _en_value(m: re.Match[str]) -> tuple[str, Value]:
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
    count: object = COUNT_EN.get(m.group("count") or "", 0)
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


def english_refs(text: str, here_at: Callable[[int], Here], resolver: Resolver,
             laws: Mapping[str, LawCite]) -> list[Ref]:
    refs: list[Ref] = []
    runs = _en_runs(text)
    flagged = substituted_spans(text, "en")
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
    prev: Parts | None = None
    for n, run in enumerate(runs):
        start, end = run[0].start(), run[-1].end()
        if any(a <= start < b for a, b in flagged):
            prev = None
            continue
        here = here_at(start)
        parts = Parts(suppl=suppl[n])
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
                refs.extend(typed(Ref(start, comp.start(), p), contexts)
                            for p in resolver.resolve(parts, here))
                parts, start = Parts(suppl=parts.suppl, scope=parts.scope), comp.start()
            setattr(parts, level, value)
            if comp.group("art") and comp.group("cpara"):
                parts.para = ("num", [int(comp.group("cpara"))])
                if comp.group("citem"):
                    parts.item = ("num", [roman_to_int(comp.group("citem"))])
        prev = parts
        if parts.scope and parts.art is None and parts.para is not None and parts.para[0] == "num":
            continue  # "paragraph (2) of that Act": no article to read it in
        if parts.art or parts.para or parts.item or parts.table is not None:
            refs.extend(typed(Ref(start, end, p), contexts) for p in resolver.resolve(parts, here))
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


