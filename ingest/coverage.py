"""Text coverage: how much of a source's text the passages hold. Pure: bytes and passages in.

The source's text is cut into units (a sentence element of law XML, a table cell, a title; a
line of a text file or PDF page) and a unit counts as covered when it occurs, after the same
normalisation on both sides, in the text of the source's passages (whole provisions, with their
captions, chapter titles and references). Two shares are reported:

- raw: every text unit of the source (law XML: everything in <LawBody> but the table of
  contents; text/PDF: every non-blank line);
- content: the units a passage should hold, i.e. without what the parser deliberately leaves
  out and reports (law XML: only sentence and table-cell text, without amendment text of
  spent amendment provisions and supplementary articles with an ambiguous number; text/PDF:
  without running headers, footers and page numbers).
"""

from __future__ import annotations

import re
import statistics
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field

from ingest.jplaw_xml import inline_text
from ingest.records import Passage

_WS = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00ad": None})
_XML_FORMATS = {"jplaw-xml", "krlaw-xml"}
_CONTENT_TAGS = {"Sentence", "TableColumn", "TableHeaderColumn"}


def normalise(text: str) -> str:
    """NFKC, case-folded, straight quotes, no soft hyphens, white space collapsed: for comparing."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text).translate(_QUOTES)).strip().casefold()


@dataclass(frozen=True)
class Units:
    raw: list[str]
    content: list[str]


@dataclass
class Coverage:
    raw_chars: int = 0
    raw_found: int = 0
    content_chars: int = 0
    content_found: int = 0
    missing: list[str] = field(default_factory=list)  # content units not found, for a reader

    @property
    def raw(self) -> float:
        return self.raw_found / self.raw_chars if self.raw_chars else 1.0

    @property
    def content(self) -> float:
        return self.content_found / self.content_chars if self.content_chars else 1.0


# -- units of a source -----------------------------------------------------------------------------


def _own_text(el: ET.Element) -> str:
    return (el.text or "") + "".join(c.tail or "" for c in el)


def _jplaw_skipped(body: ET.Element) -> set[int]:
    """ids of elements the parser leaves out on purpose (see ingest/jplaw_xml.py)."""
    out: set[int] = set()
    for el in body.iter("AmendProvision"):
        out.add(id(el))
    for suppl in body.iter("SupplProvision"):
        arts = [a for a in suppl.iter("Article")]
        nums = [a.get("Num") for a in arts]
        for art in arts:
            if nums.count(art.get("Num")) > 1 or art.find(".//AmendProvision") is not None:
                out.add(id(art))
    return out


def jplaw_units(root: ET.Element) -> Units:
    body = root.find("LawBody")
    if body is None:
        return Units([], [])
    skipped = _jplaw_skipped(body)
    raw: list[str] = []
    content: list[str] = []

    def walk(el: ET.Element, excluded: bool) -> None:
        excluded = excluded or id(el) in skipped
        if el.tag == "TOC" or el.tag == "Rt":
            return
        if el.tag in _CONTENT_TAGS and (el.tag == "Sentence" or el.find(".//Sentence") is None):
            text = inline_text(el)
            raw.append(text)
            if not excluded:
                content.append(text)
            return
        raw.append(_own_text(el))
        for child in el:
            walk(child, excluded)

    walk(body, False)
    return Units([u for u in raw if u.strip()], [u for u in content if u.strip()])


_ADDENDA_ARTICLE = re.compile(r"^\s*Articles?\s+\d", re.MULTILINE)


def _not_omitted(text: str) -> list[str]:
    """Addenda text by article, without the articles the source marks as omitted (the Korean
    parser leaves those out with a note)."""
    cuts = [m.start() for m in _ADDENDA_ARTICLE.finditer(text)]
    blocks = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return [b for b in blocks if b.strip() and "omitted" not in b.lower()]


def xml_units(root: ET.Element) -> Units:
    """Any other XML (the Korean schema): every element's own text; numeric code fields and
    addenda articles marked as omitted are not content."""
    raw: list[str] = []
    content: list[str] = []
    for el in root.iter():
        text = _own_text(el)
        if not text.strip():
            continue
        raw.append(text)
        if re.fullmatch(r"[\d\s.\-:/]+", text):
            continue
        content.extend(_not_omitted(text) if el.tag == "arCts" else [text])
    return Units(raw, content)


def text_units(raw_lines: Iterable[str], kept_lines: Iterable[str]) -> Units:
    """A text source: all non-blank lines, and the lines left after page furniture was removed."""
    return Units([x for x in raw_lines if x.strip()], [x for x in kept_lines if x.strip()])


def source_units(fmt: str, data: bytes, origin: str) -> Units:
    """The text units of one source file by its manifest format (IngestError on bad input)."""
    if fmt in _XML_FORMATS:
        from ingest.safe_xml import parse_xml

        root = parse_xml(data, origin)
        return jplaw_units(root) if fmt == "jplaw-xml" else xml_units(root)
    from ingest.plain_text import page_lines, split_pages

    if fmt == "pdf":
        from ingest.pdf_text import _extract_pages

        pages = [t.replace("\r\n", "\n").replace("\r", "\n").split("\n")
                 for t in _extract_pages(data, origin)]
    else:
        from ingest.text_decode import decode_text

        pages = split_pages(decode_text(data, origin))
    kept, _ = page_lines(pages)
    content = [line.text for line in kept]
    if fmt == "article-text":  # the header before Article 1 is skipped with a note
        from ingest.article_text import article_head

        first = next((i for i, x in enumerate(content) if article_head(x, None)), 0)
        content = content[first:]
    return text_units([x for page in pages for x in page], content)


# -- measuring --------------------------------------------------------------------------------------


def passage_blob(passages: Iterable[Passage]) -> str:
    """Everything a reader sees of the passages, normalised: texts, captions, chapters, refs."""
    seen: set[str] = set()
    out: list[str] = []
    for p in passages:
        for piece in (p.title, p.short_title, p.chapter, p.caption, p.ref, p.text):
            if piece and (piece not in seen or piece is p.text):
                seen.add(piece)
                out.append(piece)
    return "\n".join(normalise(x) for x in out)


def _unit_key(unit: str) -> str:
    key = normalise(unit)
    return key[:-1].rstrip() if key.endswith("-") and len(key) > 1 else key  # "trans-" / "parent"


# a unit not found whole is split, step by step, into lines; an "Article N (Caption)" heading
# (kept as the passage's reference and caption, not in its text) and the rest; sentences
_HEADING = re.compile(r"^((?:article|art\.)\s*\d+(?:-\d+)?)\s*(?:\(([^()]{1,200})\))?\s*")
_SENTENCE_END = re.compile(r"(?<=[.;:。?!])\s+")


def _pieces(unit: str, level: int) -> list[str]:
    if level == 0:
        return unit.split("\n")
    if level == 1:
        key = normalise(unit)
        m = _HEADING.match(key)
        return [x for x in (m.group(1), m.group(2), key[m.end():]) if x] if m else [key]
    return _SENTENCE_END.split(normalise(unit))


def covered(unit: str, blob: str, level: int = 0) -> tuple[int, int]:
    """(characters, characters found in `blob`) of one unit, looking at its parts when needed."""
    key = _unit_key(unit)
    if not key:
        return 0, 0
    if key in blob:
        return len(key), len(key)
    if level > 2:
        return len(key), 0
    pieces = _pieces(unit, level)
    if len(pieces) == 1:
        return covered(unit, blob, level + 1)
    total = found = 0
    for piece in pieces:
        n, f = covered(piece, blob, level + 1)
        total, found = total + n, found + f
    return total, found


def measure(units: Units, blob: str, examples: int = 5) -> Coverage:
    cov = Coverage()
    cache: dict[str, tuple[int, int]] = {}

    def found(unit: str) -> tuple[int, int]:
        if unit not in cache:
            cache[unit] = covered(unit, blob)
        return cache[unit]

    for unit in units.raw:
        n, f = found(unit)
        cov.raw_chars += n
        cov.raw_found += f
    for unit in units.content:
        n, f = found(unit)
        cov.content_chars += n
        cov.content_found += f
        if f < n and len(cov.missing) < examples:
            cov.missing.append(_unit_key(unit)[:80])
    return cov


# -- length distribution ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Lengths:
    count: int
    min: int
    median: int
    p95: int
    max: int


def lengths(passages: list[Passage]) -> Lengths:
    sizes = sorted(len(p.text) for p in passages)
    if not sizes:
        return Lengths(0, 0, 0, 0, 0)
    p95 = sizes[min(len(sizes) - 1, max(0, round(0.95 * len(sizes)) - 1))]
    return Lengths(len(sizes), sizes[0], int(statistics.median(sizes)), p95, sizes[-1])
