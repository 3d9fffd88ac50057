"""Parser for the Japanese standard law XML schema (e-Gov originals, JLT English translations).

Pure: bytes in, `ParsedLaw` out. One `Provision` per Paragraph (with its items and subitems),
one per appended table. Paths follow ../shared/benchmarks/FORMAT.md:

- main text: ``art-7/para-1`` (``Num="27_2"`` -> ``art-27-2``), items and subitems as `Span`s
  (``art-2/para-1/item-3``, ``.../item-3/subitem-1``, ``.../subitem-1/subitem-2``);
- original supplementary provisions: ``suppl/art-1/para-1`` (or ``suppl/para-1``);
- supplementary provisions of amending acts (``AmendLawNum``): ``suppl-amend-{k}/art-1/para-1``;
- appended tables: ``table-{Num or order}``.

Spent amendment provisions (supplementary articles that amend another act) and supplementary
articles whose number is ambiguous are not filed; `ParsedLaw.skipped` says what was left out.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from ingest.records import IngestError, Provision, Span
from ingest.safe_xml import parse_xml

_DIVISIONS = ("Part", "Chapter", "Section", "Subsection", "Division")
_SUBITEM = re.compile(r"Subitem(\d+)$")
_WS = re.compile(r"[ \t\r\n]+")  # ASCII whitespace only: the ideographic space is text
_BRACKETS = {"(": ")", "（": "）"}
_DELETED = {"en": "Deleted", "ja": "削除"}
_SUPPL = {"en": "Supplementary Provisions", "ja": "附則"}


@dataclass(frozen=True)
class ParsedLaw:
    """A parsed statute: its title, number, language and provisions in document order."""

    title: str
    law_num: str
    language: str  # Law@Lang: "ja" or "en"
    provisions: list[Provision]
    skipped: list[str]  # human notes on what was deliberately not filed


def parse_jplaw(data: bytes, origin: str) -> ParsedLaw:
    """Parse one law file in the Japanese standard law XML schema; IngestError names `origin`."""
    root = parse_xml(data, origin)
    try:
        return _parse_law(root, origin)
    except RecursionError:
        raise IngestError(f"{origin}: elements nested too deeply to be a statute") from None


def _parse_law(root: ET.Element, origin: str) -> ParsedLaw:
    if root.tag != "Law":
        raise IngestError(f"{origin}: root element is <{root.tag}>, expected <Law>")
    body = root.find("LawBody")
    if body is None:
        raise IngestError(f"{origin}: <Law> has no <LawBody>")
    title = _line(body.find("LawTitle"))
    lang = root.get("Lang") or ("ja" if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", title) else "en")
    ctx = _Ctx(lang)
    out: list[Provision] = []
    original_seen = False
    amend_count = table_count = 0
    for child in body:
        tag = child.tag
        if tag == "MainProvision":
            _walk(child, "", [], ctx, out, suppl=False)
        elif tag == "SupplProvision":
            amend = (child.get("AmendLawNum") or "").strip()
            label = _line(child.find("SupplProvisionLabel")) or _SUPPL[ctx.key]
            if not amend and not original_seen:
                original_seen = True
                prefix, chapter = "suppl/", label
            else:  # an amending act's supplementary provisions (or a later unnamed block)
                amend_count += 1
                prefix = f"suppl-amend-{amend_count}/"
                chapter = label
                if amend:
                    chapter = (f"附則（{amend}）" if ctx.key == "ja"
                               else f"Supplementary Provisions ({amend})")
            _walk(child, prefix, [chapter], ctx, out, suppl=True)
        elif tag == "AppdxTable":
            table_count += 1
            out.append(_appdx_table(child, table_count, ctx))
        elif tag not in ("LawTitle", "TOC"):
            ctx.skipped.append(f"<{tag}>: not a provision; not filed")
    seen: set[str] = set()
    for prov in out:
        if prov.path in seen:
            raise IngestError(f"{origin}: duplicate provision path {prov.path}")
        seen.add(prov.path)
    return ParsedLaw(title, _line(root.find("LawNum")), lang, out, ctx.skipped)


@dataclass
class _Ctx:
    lang: str
    skipped: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return "ja" if self.lang == "ja" else "en"

    @property
    def sentence_sep(self) -> str:
        return "" if self.key == "ja" else " "

    @property
    def column_sep(self) -> str:
        return "\u3000" if self.key == "ja" else " "


# -- text helpers ---------------------------------------------------------------------------


def _norm(text: str) -> str:
    """Collapse runs of ASCII whitespace to one space and strip; nothing else changes."""
    return _WS.sub(" ", text).strip(" ")


def inline_text(el: ET.Element) -> str:
    """All text below `el`, ruby readings (<Rt>) dropped."""
    parts = [el.text or ""]
    for child in el:
        if child.tag != "Rt":
            parts.append(inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _line(el: ET.Element | None) -> str:
    return "" if el is None else _norm(inline_text(el))


def _sentences(el: ET.Element | None, ctx: _Ctx) -> str:
    """A sentence container (ParagraphSentence, ItemSentence, TableColumn...) as one line."""
    if el is None:
        return ""
    columns = [c for c in el if c.tag == "Column"]
    if columns:
        return ctx.column_sep.join(t for t in (_sentences(c, ctx) for c in columns) if t)
    sentences = [_line(s) for s in el if s.tag == "Sentence"]
    if not sentences:
        return _line(el)
    return ctx.sentence_sep.join(s for s in sentences if s)


def _strip_brackets(text: str) -> str:
    """"(Purpose)" -> "Purpose", "（目的）" -> "目的"; other text unchanged."""
    close = _BRACKETS.get(text[:1])
    if not close or not text.endswith(close) or len(text) < 2:
        return text
    inner, depth = text[1:-1], 0
    for ch in inner:
        depth += (ch == text[0]) - (ch == close)
        if depth < 0:  # "(a) and (b)": the outer brackets do not pair
            return text
    return inner.strip()


def _num(raw: str | None, order: int) -> str:
    """Path number: Num="27_2" -> "27-2"; a missing Num falls back to the element's order."""
    raw = (raw or "").strip()
    return raw.replace("_", "-") if raw else str(order)


def _is_deleted(el: ET.Element) -> bool:
    return el.get("Delete") == "true"


# -- provisions ------------------------------------------------------------------------------


class _Text:
    """Lines of one provision's text, with spans for items and subitems."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.spans: list[Span] = []
        self.pos = 0  # len(self.text): where the last line ends

    def add(self, line: str) -> None:
        if not line:
            return
        if self.lines:
            self.pos += 1  # the newline before this line
        self.lines.append(line)
        self.pos += len(line)

    @property
    def start_next(self) -> int:
        return self.pos + 1 if self.lines else 0

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _add_block(el: ET.Element, path: str, out: _Text, ctx: _Ctx) -> None:
    """Add an Item or SubitemN line (title, sentence) with its children and record its span."""
    tag = el.tag
    head = _line(el.find(f"{tag}Title"))
    body = _sentences(el.find(f"{tag}Sentence"), ctx)
    start, index = out.start_next, len(out.spans)
    out.add(_norm(f"{head} {body}"))
    _add_children(el, path, out, ctx, skip={f"{tag}Title", f"{tag}Sentence"})
    if out.lines and out.pos > start:
        out.spans.insert(index, Span(path, start, out.pos))


def _add_children(el: ET.Element, path: str, out: _Text, ctx: _Ctx, skip: set[str]) -> None:
    """Items, subitems, tables and lists below a paragraph, item or subitem, in order."""
    orders: dict[str, int] = {}
    for child in el:
        tag = child.tag
        if tag in skip:
            continue
        orders[tag] = orders.get(tag, 0) + 1
        number = _num(child.get("Num"), orders[tag])
        if tag == "Item":
            _add_block(child, f"{path}/item-{number}", out, ctx)
        elif _SUBITEM.match(tag):
            _add_block(child, f"{path}/subitem-{number}", out, ctx)
        elif tag == "TableStruct":
            _add_table(child, out, ctx)
        elif tag in ("List", "Remarks"):
            _add_list(child, out, ctx)
        else:
            ctx.skipped.append(f"{path}: <{tag}> not included in the text")


def _add_table(struct: ET.Element, out: _Text, ctx: _Ctx) -> None:
    """A TableStruct: optional title, then one line per row, cells joined with " | "."""
    out.add(_line(struct.find("TableStructTitle")))
    for row in struct.iter():
        if row.tag in ("TableRow", "TableHeaderRow"):
            cells = [_sentences(c, ctx) for c in row
                     if c.tag in ("TableColumn", "TableHeaderColumn")]
            out.add(" | ".join(cells))
    for remarks in struct.findall("Remarks"):
        _add_list(remarks, out, ctx)


def _add_list(el: ET.Element, out: _Text, ctx: _Ctx) -> None:
    """List/Sublist and Remarks blocks: one line per sentence or item, the label first."""
    label = _line(el.find("RemarksLabel"))
    for child in el:
        tag = child.tag
        if tag.startswith("Sublist"):
            _add_list(child, out, ctx)
            continue
        if tag == "Sentence":
            line = _line(child)
        elif tag.endswith("Sentence"):
            line = _sentences(child, ctx)
        elif tag == "Item":
            line = f"{_line(child.find('ItemTitle'))} {_sentences(child.find('ItemSentence'), ctx)}"
        else:
            continue
        out.add(_norm(f"{label} {line}"))
        label = ""
    out.add(label)


def _paragraph(para: ET.Element, path: str, heading: str, caption: str, chapter: str,
               ctx: _Ctx) -> list[Provision]:
    """A paragraph with its items and subitems as one provision (none if it has no text)."""
    out = _Text()
    out.add(_sentences(para.find("ParagraphSentence"), ctx))
    _add_children(para, path, out, ctx,
                  skip={"ParagraphNum", "ParagraphCaption", "ParagraphSentence", "AmendProvision"})
    if para.find("AmendProvision") is not None:
        ctx.skipped.append(f"{path}: amendment text (<AmendProvision>) not included")
    text = out.text or (_DELETED[ctx.key] if _is_deleted(para) else "")
    if not text:
        ctx.skipped.append(f"{path}: paragraph without text; not filed")
        return []
    own_caption = _strip_brackets(_line(para.find("ParagraphCaption")))
    return [Provision(path=path, text=text, heading=heading, caption=own_caption or caption,
                      chapter=chapter, spans=tuple(out.spans))]


def _article(art: ET.Element, prefix: str, number: str, chapter: str, ctx: _Ctx,
             ) -> list[Provision]:
    """An article's paragraphs; an article without <Paragraph> becomes a single para-1."""
    heading = _line(art.find("ArticleTitle"))
    caption = _strip_brackets(_line(art.find("ArticleCaption")))
    base = f"{prefix}art-{number}"
    paras = art.findall("Paragraph")
    if not paras:  # e.g. a deleted article written without a paragraph
        rest = [c for c in art if c.tag not in ("ArticleTitle", "ArticleCaption")]
        text = _norm(" ".join([art.text or "", *(inline_text(c) + (c.tail or "") for c in rest)]))
        text = text or (_DELETED[ctx.key] if _is_deleted(art) else "")
        if not text:
            ctx.skipped.append(f"{base}: article without text; not filed")
            return []
        return [Provision(f"{base}/para-1", text, heading, caption, chapter)]
    out: list[Provision] = []
    for i, para in enumerate(paras, 1):
        path = f"{base}/para-{_num(para.get('Num'), i)}"
        out.extend(_paragraph(para, path, heading, caption, chapter, ctx))
    return out


def _structural_articles(el: ET.Element) -> list[ET.Element]:
    """Articles reached through Part/Chapter/Section... only (never inside amendment text)."""
    found = []
    for child in el:
        if child.tag == "Article":
            found.append(child)
        elif child.tag in _DIVISIONS:
            found.extend(_structural_articles(child))
    return found


@dataclass
class _Scope:
    """One MainProvision or SupplProvision being walked."""

    prefix: str  # "", "suppl/", "suppl-amend-2/"
    suppl: bool
    ambiguous: dict[str, int]  # supplementary article number -> how many articles share it
    orders: dict[str, int] = field(default_factory=dict)  # for elements without Num


def _walk(el: ET.Element, prefix: str, titles: list[str], ctx: _Ctx, out: list[Provision],
          suppl: bool) -> None:
    """Emit the provisions of a MainProvision or SupplProvision in document order."""
    ambiguous: dict[str, int] = {}
    if suppl:  # duplicated article numbers make a supplementary path ambiguous
        nums = [_num(a.get("Num"), i) for i, a in enumerate(_structural_articles(el), 1)]
        ambiguous = {n: nums.count(n) for n in nums if nums.count(n) > 1}
    _walk_inner(el, titles, ctx, out, _Scope(prefix, suppl, ambiguous))


def _walk_inner(el: ET.Element, titles: list[str], ctx: _Ctx, out: list[Provision],
                scope: _Scope) -> None:
    chapter = " / ".join(t for t in titles if t)
    for child in el:
        tag = child.tag
        if tag in _DIVISIONS:
            _walk_inner(child, [*titles, _line(child.find(f"{tag}Title"))], ctx, out, scope)
            continue
        if tag not in ("Article", "Paragraph"):
            if not (tag.endswith("Title") or tag == "SupplProvisionLabel"):
                ctx.skipped.append(f"{scope.prefix or 'main'}: <{tag}> not a provision; not filed")
            continue
        scope.orders[tag] = scope.orders.get(tag, 0) + 1
        number = _num(child.get("Num"), scope.orders[tag])
        where = f"{scope.prefix}{'art' if tag == 'Article' else 'para'}-{number}"
        if tag == "Article" and number in scope.ambiguous:
            count, scope.ambiguous[number] = scope.ambiguous[number], 0  # note the first only
            if count:
                ctx.skipped.append(f"{where}: {count} articles share this number"
                                   " (ambiguous path); none filed")
        elif scope.suppl and child.find(".//AmendProvision") is not None:
            name = _strip_brackets(_line(child.find("ArticleCaption")))
            ctx.skipped.append(f"{where}{f' ({name})' if name else ''}: amends another act"
                               " (spent amendment provision); not filed")
        elif tag == "Article":
            out.extend(_article(child, scope.prefix, number, chapter, ctx))
        else:
            heading = _line(child.find("ParagraphNum"))
            out.extend(_paragraph(child, where, heading, "", chapter, ctx))


def _appdx_table(el: ET.Element, order: int, ctx: _Ctx) -> Provision:
    """An appended table: title line, then one line per row."""
    out = _Text()
    heading = _line(el.find("AppdxTableTitle"))
    out.add(heading)
    for child in el:
        if child.tag == "TableStruct":
            _add_table(child, out, ctx)
        elif child.tag == "Remarks":
            _add_list(child, out, ctx)
    caption = _strip_brackets(_line(el.find("RelatedArticleNum")))
    return Provision(path=f"table-{_num(el.get('Num'), order)}", text=out.text, heading=heading,
                     caption=caption)
