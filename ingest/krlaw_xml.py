"""Parser for the Korean Law Information Center XML (law.go.kr "elaw" English translations).

Pure: bytes in, provisions out. The schema has no paragraph elements: each ``<Jo>`` holds a
whole article as text in ``<joCts>`` ("Article 3 (Caption) (1) ...\\n  (2) ..."), with numeric
code fields beside it (``chapNo``, ``joNo``, ``joBrNo``, ``joYn``) that are not text. So:

- a ``Jo`` with ``joYn="N"`` is a chapter/section heading (it shares the next article's
  number); its text becomes the `chapter` of the articles that follow ("CHAPTER III ... /
  SECTION 1 ...") and is not filed;
- every other ``Jo`` is one provision, path ``art-N`` (``joBrNo`` 02 -> ``art-17-2``), heading
  "Article N", caption from ``joTtl``; the "Article N (Caption)" prefix is taken off the text;
- spans locate numbered paragraphs "(1)"/"①" (``art-N/para-M``), numbered subparagraphs "1."
  (``.../item-K``, under ``para-1`` when the article has no numbered paragraphs) and lettered
  items "a." (``.../subitem-K``);
- addenda (``<Ar>``): the first block (the enactment's own addenda) is filed as
  ``suppl/art-N`` (or ``suppl/para-1`` when it has no articles); later blocks (addenda of
  amending acts) as ``suppl-amend-K/...``. Articles written only as "Omitted" (or cut short with
  "<omitted>") are not filed; the notes say what was left out.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ingest.plain_text import ensure_unique, norm_line
from ingest.records import IngestError, Provision, Span
from ingest.safe_xml import parse_xml

_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ① .. ⑳
_PARA = re.compile(r"\((\d{1,2})\)\s|([\u2460-\u2473])\s?")
_ITEM = re.compile(r"(\d{1,2})(?:-(\d{1,2}))?\.\s")
_SUBITEM = re.compile(r"([a-z])\.\s")
_ADDENDA_ARTICLE = re.compile(r"Article\s+(\d{1,3})(?:-(\d{1,2}))?\s*(?:\(([^()]{1,80})\))?\s*(.*)$")
_OMITTED = re.compile(r"omitted\.?$", re.IGNORECASE)  # an addenda article's whole text
_OMITTED_RANGE = re.compile(r"Articles\s+\d[\d\s,-]*(?:(?:through|to|and)\s+\d[\d\s,-]*)?omitted\.?$",
                            re.IGNORECASE)


def parse_krlaw(data: bytes, origin: str) -> tuple[list[Provision], list[str]]:
    """Parse one Korean Law Information Center XML file; IngestError names `origin`."""
    root = parse_xml(data, origin)
    if root.tag != "Law":
        raise IngestError(f"{origin}: root element is <{root.tag}>, expected <Law>")
    section = root.find("JoSection")
    if section is None:
        raise IngestError(f"{origin}: <Law> has no <JoSection> (not a Korean law XML file?)")
    notes: list[str] = []
    out: list[Provision] = []
    chapter: list[str] = []  # [chapter title, section title]
    for jo in section.iter("Jo"):
        text = _lines(jo.findtext("joCts"))
        if (jo.findtext("joYn") or "").strip() == "N":
            title = " ".join(text)
            if not title:
                continue
            if re.match(r"(?:SECTION|Section|SUB-?SECTION)\b", title) and chapter:
                chapter = [chapter[0], title]
            else:
                chapter = [title]
            continue
        prov = _article(jo, text, " / ".join(chapter), notes)
        if prov is not None:
            out.append(prov)
    out.extend(_addenda(root, notes))
    if not out:
        raise IngestError(f"{origin}: no articles found in <JoSection>")
    return ensure_unique(out, origin), notes


def _lines(raw: str | None) -> list[str]:
    return [x for x in (norm_line(line) for line in (raw or "").split("\n")) if x]


def _number(jo: ET.Element, text: list[str]) -> str:
    """Article number from the code fields ("0017"+"02" -> "17-2"), else from the text."""
    code, branch = (jo.findtext("joNo") or "").strip(), (jo.findtext("joBrNo") or "").strip()
    if code.isdigit() and int(code):
        return f"{int(code)}-{int(branch)}" if branch.isdigit() and int(branch) else str(int(code))
    m = re.match(r"Article\s+(\d+)(?:-(\d+))?", text[0] if text else "")
    if m:
        return f"{m.group(1)}-{m.group(2)}" if m.group(2) else m.group(1)
    return ""


def _article(jo: ET.Element, text: list[str], chapter: str, notes: list[str]) -> Provision | None:
    number = _number(jo, text)
    where = f"<Jo No={jo.get('No')!r}>"
    if not number:
        notes.append(f"{where}: article without a number; not filed")
        return None
    caption = norm_line(jo.findtext("joTtl") or "").strip("()[]（）")
    heading = f"Article {number}"
    if text:  # take the "Article N (Caption)" prefix off the first line
        prefix = re.match(rf"Article\s+{re.escape(number)}\b\s*(?:\({re.escape(caption)}\)\s*|"
                          r"\([^()]{1,120}\)\s*)?", text[0]) if caption else \
            re.match(rf"Article\s+{re.escape(number)}\b\s*", text[0])
        if prefix:
            rest = text[0][prefix.end():].strip()
            text = ([rest] if rest else []) + text[1:]
    if not text:
        notes.append(f"art-{number}: article without text; not filed")
        return None
    body, spans = _with_spans(f"art-{number}", text)
    return Provision(path=f"art-{number}", text=body, heading=heading, caption=caption,
                     chapter=chapter, spans=spans)


def _with_spans(base: str, lines: list[str]) -> tuple[str, tuple[Span, ...]]:
    """Join lines with "\\n" and locate paragraphs, subparagraphs and items."""
    spans: list[Span] = []
    open_: dict[str, tuple[str, int]] = {}  # level -> (path, start)
    pos = 0
    para = item = ""
    has_paras = any(_PARA.match(x) for x in lines)

    def close(level: str, end: int) -> None:
        if level in open_:
            path, start = open_.pop(level)
            spans.append(Span(path, start, end))

    for i, line in enumerate(lines):
        start = pos + (1 if i else 0)
        end_prev = pos
        pm, im, sm = _PARA.match(line), _ITEM.match(line), _SUBITEM.match(line)
        if pm:
            for level in ("subitem", "item", "para"):
                close(level, end_prev)
            num = int(pm.group(1)) if pm.group(1) else _CIRCLED[pm.group(2)]
            para = f"{base}/para-{num}"
            open_["para"] = (para, start)
            item = ""
        elif im:
            for level in ("subitem", "item"):
                close(level, end_prev)
            parent = para or (f"{base}/para-1" if not has_paras else base)
            num = im.group(1) + (f"-{im.group(2)}" if im.group(2) else "")
            item = f"{parent}/item-{num}"
            open_["item"] = (item, start)
        elif sm and item:
            close("subitem", end_prev)
            open_["subitem"] = (f"{item}/subitem-{ord(sm.group(1)) - ord('a') + 1}", start)
        pos = start + len(line)
    for level in ("subitem", "item", "para"):
        close(level, pos)
    spans.sort(key=lambda s: (s.start, -s.end))
    return "\n".join(lines), tuple(spans)


def _addenda(root: ET.Element, notes: list[str]) -> list[Provision]:
    section = root.find("ArSection")
    if section is None:
        return []
    out: list[Provision] = []
    blocks = [ar for ar in section.iter("Ar") if _lines(ar.findtext("arCts"))]
    for k, ar in enumerate(blocks):
        lines = _lines(ar.findtext("arCts"))
        label = lines[0] if re.match(r"ADDEND", lines[0], re.IGNORECASE) else ""
        if label:
            lines = lines[1:]
        act = ar.findtext("arAncNo") or ""
        prefix = "suppl/" if k == 0 else f"suppl-amend-{k}/"
        chapter = label or (f"Addenda (Act No. {act})" if act else "Addenda")
        articles: list[tuple[str, str, list[str]]] = []  # (number, caption, lines)
        loose: list[str] = []
        for line in lines:
            if _OMITTED_RANGE.match(line):
                notes.append(f"{prefix} ({chapter}): {line!r}; not filed")
                continue
            m = _ADDENDA_ARTICLE.match(line)
            if m:
                num = m.group(1) + (f"-{m.group(2)}" if m.group(2) else "")
                articles.append((num, (m.group(3) or "").strip(), [m.group(4)] if m.group(4) else []))
            elif articles:
                articles[-1][2].append(line)
            else:
                loose.append(line)
        if loose and not articles:
            articles.append(("", "", loose))
        elif loose:
            notes.append(f"{prefix}: text before the first addenda article not filed: {loose[0][:50]!r}")
        for num, caption, body in articles:
            path = f"{prefix}art-{num}" if num else f"{prefix}para-1"
            joined = " ".join(body)
            if not body or _OMITTED.match(joined) or "<omitted>" in joined.lower():
                notes.append(f"{path} ({chapter}): omitted in the source; not filed")
                continue
            out.append(Provision(path=path, text="\n".join(body),
                                 heading=f"Article {num}" if num else "", caption=caption,
                                 chapter=chapter))
    return out
