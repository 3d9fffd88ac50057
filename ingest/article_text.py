"""Parser for plain-text statutes with "Article N" headings (e.g. a translation of Chinese
measures). Pure: bytes in, provisions out; the article logic is shared with the PDF parser.

- Lines before the first heading (a provenance header) are not filed; a note says so.
- "Chapter I ..." / "Section 1 ..." lines set `chapter` for the articles that follow.
- A line starts an article only if it is "Article N" alone or followed by whitespace or
  punctuation other than a comma, the text after it does not start lower case, and N is
  greater than the previous article's number. A wrapped cross-reference that happens to start
  a line ("Article 29, paragraphs 2 and 3 of ...", "Article 3 of the Law") stays body text.
- Each article becomes ``art-N`` (``Article 17-2`` -> ``art-17-2``); its paragraphs (blank-line
  separated, or inferred from the layout for PDF text) are joined with "\\n". When there is
  more than one paragraph, or numbered items "(1)", "(2)" ... follow a paragraph, spans locate
  them: ``art-N/para-M`` and ``art-N/para-M/item-K`` (items belong to the paragraph before
  them, as in the source's own cross-references "item (2) of paragraph 1").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.plain_text import (
    Line,
    Para,
    Vocab,
    ensure_unique,
    page_lines,
    paragraphs,
    split_pages,
    uses_layout,
    wrap_width,
)
from ingest.records import IngestError, Provision, Span
from ingest.text_decode import decode_text

_ARTICLE = re.compile(r"Article\s+(\d{1,4})(?:-(\d{1,3}))?(?![\d\w-])(.*)$")
_DIVISION = re.compile(r"(Chapter|CHAPTER|Section|SECTION|Part|PART)\s+(\d{1,3}|[IVXLC]{1,7})(?![\w-])(.*)$")
_ITEM = re.compile(r"\((\d{1,3})\)")
_LEAD_PUNCT = " \t.:：—–-"


@dataclass(frozen=True)
class ArticleHead:
    number: tuple[int, int]  # (17, 2) for Article 17-2; (17, 0) for Article 17
    heading: str  # "Article 17-2"
    caption: str
    rest: str  # text on the heading line after the number (and caption)

    @property
    def path(self) -> str:
        n, branch = self.number
        return f"art-{n}-{branch}" if branch else f"art-{n}"


def article_head(text: str, previous: tuple[int, int] | None) -> ArticleHead | None:
    """The article heading a line starts, or None (see the module docstring for the rules)."""
    m = _ARTICLE.match(text)
    if not m:
        return None
    number = (int(m.group(1)), int(m.group(2) or 0))
    rest = m.group(3)
    if rest and rest[0] not in _LEAD_PUNCT and not rest[0].isspace():
        return None  # "Article 5," "Article 5)" ...
    body = rest.lstrip(_LEAD_PUNCT)
    if body[:1].islower() or (previous is not None and number <= previous):
        return None
    caption = ""
    cap = re.match(r"[(（]([^()（）]{1,80})[)）](?:\s+|$)", body)
    if cap:
        caption, body = cap.group(1).strip(), body[cap.end():]
    heading = f"Article {m.group(1)}" + (f"-{m.group(2)}" if m.group(2) else "")
    return ArticleHead(number, heading, caption, body.strip())


def division_of(text: str) -> tuple[str, str] | None:
    """("chapter" | "section", title as written) for a chapter/section heading line."""
    m = _DIVISION.match(text)
    if not m or len(text) > 120 or text.endswith((",", ";")):
        return None
    rest = m.group(3).lstrip(_LEAD_PUNCT)
    if rest[:1].islower():
        return None  # "Chapter 3 of the Law ..." is a wrapped cross-reference
    kind = "section" if m.group(1).lower() == "section" else "chapter"
    return kind, text


def has_articles(lines: list[Line]) -> bool:
    return any(article_head(line.text, None) is not None for line in lines)


@dataclass
class _Article:
    head: ArticleHead
    chapter: str
    page: int | None
    lines: list[Line] = field(default_factory=list)


def articles_from_lines(lines: list[Line], layout: bool | None = None,
                        ) -> tuple[list[Provision], list[Line], list[str]]:
    """Articles of a text with "Article N" headings: (provisions, preamble lines, notes)."""
    layout = uses_layout(lines) if layout is None else layout
    width = wrap_width(lines)
    vocab = Vocab.of(lines)
    chapter = section = ""
    previous: tuple[int, int] | None = None
    preamble: list[Line] = []
    articles: list[_Article] = []
    notes: list[str] = []
    for line in lines:
        if not line.text:
            (articles[-1].lines if articles else preamble).append(line)
            continue
        head = article_head(line.text, previous)
        if head is not None:
            previous = head.number
            articles.append(_Article(head, " / ".join(x for x in (chapter, section) if x), line.page))
            if head.rest:
                articles[-1].lines.append(Line(head.rest, line.page))
            continue
        div = division_of(line.text)
        if div is not None:
            if div[0] == "chapter":
                chapter, section = div[1], ""
            else:
                section = div[1]
            continue
        if articles and _ARTICLE.match(line.text):
            notes.append(f"{articles[-1].head.path}: line starting with a cross-reference"
                         f" ({line.text[:40]!r}...) kept as text, not a heading")
        (articles[-1].lines if articles else preamble).append(line)
    out: list[Provision] = []
    for art in articles:
        prov = _provision(art, paragraphs(art.lines, layout, width, vocab))
        if prov is None:
            notes.append(f"{art.head.path}: article without text; not filed")
        else:
            out.append(prov)
    return out, preamble, notes


def _provision(art: _Article, paras: list[Para]) -> Provision | None:
    if not paras:
        return None
    base = art.head.path
    texts: list[str] = []
    spans: list[Span] = []
    para_no = 0
    para_start = 0
    items = False
    pos = 0

    def close_para(end: int) -> None:
        if para_no:
            spans.append(Span(f"{base}/para-{para_no}", para_start, end))

    for para in paras:
        start = pos + (1 if texts else 0)
        m = _ITEM.match(para.text)
        if m and para_no:
            items = True
            spans.append(Span(f"{base}/para-{para_no}/item-{int(m.group(1))}", start,
                              start + len(para.text)))
        else:
            close_para(pos)
            para_no += 1
            para_start = start
            if m:  # an item list with no lead-in paragraph
                items = True
                spans.append(Span(f"{base}/para-{para_no}/item-{int(m.group(1))}", start,
                                  start + len(para.text)))
        texts.append(para.text)
        pos = start + len(para.text)
    close_para(pos)
    if para_no < 2 and not items:
        spans = []
    spans.sort(key=lambda s: (s.start, -s.end))
    return Provision(path=base, text="\n".join(texts), heading=art.head.heading,
                     caption=art.head.caption, chapter=art.chapter, spans=tuple(spans),
                     page=art.page)


def parse_article_text(data: bytes, origin: str) -> tuple[list[Provision], list[str]]:
    """Parse a plain-text statute with "Article N" headings; IngestError names `origin`."""
    text = decode_text(data, origin)
    lines, notes = page_lines(split_pages(text))
    provisions, preamble, more = articles_from_lines(lines)
    if not provisions:
        raise IngestError(f"{origin}: no \"Article N\" headings found")
    header = [x for x in preamble if x.text]
    if header:
        notes.append(f"skipped {len(header)} header lines before {provisions[0].heading}"
                     f" (provenance, not a provision): {header[0].text[:60]!r}...")
    return ensure_unique(provisions, origin), notes + more
