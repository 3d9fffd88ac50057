"""Cross-references in the Japanese originals: 「第十三条」「第五条第二項第三号」「前条」「次条」
「同条第二項」「前項」「前各項」「前二項」「前号」「同号」「附則第三条」「別表第一」, ranges
「第十八条から第二十条まで」, enumerations carrying their article or 附則 scope, and another act's
articles. Pure."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from core.numerals import kanji_to_int
from ingest.law_names import (
    JA_LAW_NUMBER,
    LawCite,
    is_version,
    ja_key,
    ja_name_before,
)
from ingest.ref_parts import MAX_RANGE, Here, Parts, Ref, Resolver, Value, same_act, substituted_spans, typed

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


def _ja_value(rel: str | None, count: str | None, each: str | None, num: str | None) -> Value | None:
    if num:
        return "num", [kanji_to_int(num)]
    if each:
        return "preceding", 0
    if count:
        return "preceding", kanji_to_int(count)
    if rel:
        return {"前": ("preceding", 1), "次": ("following", 1), "同": ("same", 0)}[rel]
    return None


def japanese_refs(text: str, here_at: Callable[[int], Here], resolver: Resolver,
              laws: Mapping[str, LawCite]) -> list[Ref]:
    refs: list[Ref] = []
    flagged = substituted_spans(text, "ja")
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
        art_value: Value | None = None
        if m.group("art"):
            art = str(kanji_to_int(m.group("art")))
            for b in re.findall(_K, m.group("branch") or ""):
                art += f"-{kanji_to_int(b)}"
            art_value = ("num", [art])
        elif m.group("artcount"):
            art_value = ("preceding", kanji_to_int(m.group("artcount")))
        elif m.group("artrel"):
            art_value = _ja_value(m.group("artrel"), None, None, None)
        parts = Parts(
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
                parts.scope = same_act(text, m.start(), flagged, laws, contexts) or last_law
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
            refs.extend(typed(Ref(m.start(), m.end(), p), contexts)
                        for p in _expand(prev_paths[-1], paths[0]))
        refs.extend(typed(Ref(m.start(), m.end(), p), contexts) for p in paths)
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


