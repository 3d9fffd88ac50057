"""Parser for plain text extracted from a PDF (pdftotext output), plus the layout helpers the
other text parsers share. Pure: bytes in, provisions out.

What pdftotext leaves behind and how it is undone:

- pages are separated by form feeds; the running header/footer lines repeated at the top or
  bottom of many pages and lone page numbers ("7", "Page 7", "iv") are dropped;
- words hyphenated at a line end are rejoined ("trans-" + "parent" -> "transparent") when the
  next line starts lower case, unless the document itself writes the hyphenated compound
  ("third-party") or the hyphen is suspended ("high- or low-risk");
- wrapped lines are joined with a space; paragraphs end at blank lines or, in text without
  blank lines, at a short line that ends a sentence;
- headings (numbered "1.", "2.1", "Part 1", "Appendix A", or short Title Case / ALL CAPS lines
  that follow a finished sentence) open sections.

Each section becomes ``sec-N`` (N counts the sections that have text, in order); a section
longer than about 1500 characters is cut at paragraph (failing that, sentence) boundaries into
``sec-N/part-M``. `Provision.page` is the 1-based page (form-feed count) where a piece starts.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from ingest.headings import Heading, heading_of, is_bare_division
from ingest.records import IngestError, Provision
from ingest.text_decode import decode_text

MAX_PART_CHARS = 1500
_WS = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f]+")
_PAGE_NUMBER = re.compile(
    r"(?:page\s+)?(?:\d{1,4}|(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3}))"
    r"(?:\s+(?:of|/)\s+\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]",
    re.IGNORECASE)
_TERMINAL = re.compile(r"[.?!:;。？！：；][\"”’')\]]*$")
_BLOCK_START = re.compile(r"(?:[•▪●◦■□➢►]\s|\(\d{1,3}\)\s?|\([a-z]\)\s|\d{1,2}\)\s)")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:[-‐][^\W\d_]+(?:['’][^\W\d_]+)*)*")
_SUSPENDED = {"or", "and", "to", "nor", "as", "than", "versus", "vs"}
_SENTENCE_SPLIT = re.compile(r"(?<=[.?!])([\"”’')\]]*)\s+(?=[\"“‘(\[]?[A-Z0-9])")


# -- lines and pages -------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of a source, whitespace-normalised ("" for a blank line), with its page."""

    text: str
    page: int | None = None


def norm_line(text: str) -> str:
    """Collapse runs of (ASCII and typographic) spaces to one and strip; nothing else changes."""
    return _WS.sub(" ", text).strip()


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.fullmatch(text))


def page_lines(pages: list[list[str]], min_share: float = 0.1) -> tuple[list[Line], list[str]]:
    """Lines of all pages in order, without page furniture; notes say what was dropped.

    Furniture is a lone page number among the first two or last three non-blank lines of a page,
    or a line whose text (digits ignored) sits at such a page edge on at least three pages and
    `min_share` of them and does not end like a sentence (it is then dropped wherever it
    occurs). With one page nothing is.
    """
    pages = [[norm_line(x) for x in page] for page in pages]
    paged = len(pages) > 1
    edges: list[set[int]] = []
    for page in pages:
        filled = [i for i, x in enumerate(page) if x]
        edges.append(set(filled[:2] + filled[-3:]))
    counts: Counter[str] = Counter()
    for page, edge in zip(pages, edges, strict=True):
        counts.update({_furniture_key(page[i]) for i in edge})
    threshold = max(3, math.ceil(min_share * len(pages)))
    repeated = {k for k, n in counts.items()
                if n >= threshold and re.search(r"[^\W\d_]", k) and not re.search(r"[.,;:!?]$", k)}
    out: list[Line] = []
    dropped: Counter[str] = Counter()
    numbers = 0
    for number, (page, edge) in enumerate(zip(pages, edges, strict=True), 1):
        for i, text in enumerate(page):
            if paged and i in edge and is_page_number(text):
                numbers += 1
                continue
            if paged and text and _furniture_key(text) in repeated:
                dropped[text] += 1
                continue
            out.append(Line(text, number if paged else None))
    notes = []
    if dropped:
        examples = ", ".join(repr(t) for t, _ in dropped.most_common(3))
        notes.append(f"dropped {sum(dropped.values())} running header/footer lines (e.g. {examples})")
    if numbers:
        notes.append(f"dropped {numbers} page-number lines")
    return out, notes


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text)


def split_pages(text: str) -> list[list[str]]:
    """Form-feed separated pages as lists of raw lines (a final empty page is dropped)."""
    pages = [page.rstrip("\n").split("\n") for page in text.split("\f")]
    if len(pages) > 1 and not any(x.strip() for x in pages[-1]):
        pages.pop()
    return pages


# -- joining wrapped lines ----------------------------------------------------------------------


@dataclass
class Vocab:
    """Words the document writes whole, and the hyphenated compounds it writes."""

    words: set[str] = field(default_factory=set)
    compounds: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, lines: list[Line]) -> Vocab:
        vocab = cls()
        for line in lines:
            tokens = _WORD.findall(line.text)
            if line.text.endswith(("-", "‐")) and tokens:
                tokens = tokens[:-1]  # a fragment cut by the line end
            for tok in tokens:
                low = tok.lower().replace("‐", "-")
                (vocab.compounds if "-" in low else vocab.words).add(low)
        return vocab


def join_paragraph(parts: list[str], vocab: Vocab | None = None) -> str:
    """Join the wrapped lines of one paragraph with spaces, undoing line-end hyphenation."""
    vocab = vocab or Vocab()
    out = ""
    for part in parts:
        if part:
            out = _join_two(out, part, vocab) if out else part
    return out


def _join_two(left: str, right: str, vocab: Vocab) -> str:
    """Two wrapped lines as one: "trans-" + "parent" -> "transparent", "third-" + "party" ->
    "third-party" (the document writes that compound), "high-" + "or" -> "high- or"."""
    m = re.search(r"([^\W\d_]+)[-‐]$", left)
    if not m:
        return f"{left} {right}"
    head = m.group(1)
    n = re.match(r"[^\W\d_]+", right)
    if not n:
        return left + right  # "non-" + "2023": keep the hyphen, no space
    tail = n.group(0)
    joined, compound = (head + tail).lower(), f"{head}-{tail}".lower()
    if tail.lower() in _SUSPENDED and right[:1].islower():
        return f"{left} {right}"  # a suspended hyphen: "high- or low-impact"
    if compound in vocab.compounds and joined not in vocab.words:
        return left + right  # a real compound cut at its hyphen
    if right[:1].islower() or joined in vocab.words:
        return left[:-1] + right  # a word hyphenated at the line end
    return left + right


# -- paragraphs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    text: str
    page: int | None


def wrap_width(lines: list[Line]) -> int:
    """The usual length of a full line: the 90th percentile of non-blank line lengths."""
    lengths = sorted(len(x.text) for x in lines if x.text)
    return lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0


def uses_layout(lines: list[Line]) -> bool:
    """True for text without blank lines between paragraphs (paragraphs must be inferred)."""
    filled = sum(1 for x in lines if x.text)
    blank = sum(1 for i, x in enumerate(lines) if not x.text and 0 < i < len(lines) - 1)
    return filled > 0 and blank < 0.02 * filled


def ends_paragraph(text: str, width: int, following: str = "") -> bool:
    """A line that finishes a sentence although the next line's first word would have fit on it
    (so the line break is the writer's, not the wrap's)."""
    if not _TERMINAL.search(text):
        return False
    first = following.split(" ", 1)[0] if following else ""
    return len(text) + 1 + len(first) < 0.97 * width


def paragraphs(lines: list[Line], layout: bool, width: int, vocab: Vocab) -> list[Para]:
    """Group body lines into paragraphs: blank lines, list markers and (in layout mode) short
    sentence-final lines end them; wrapped lines are joined."""
    out: list[Para] = []
    cur: list[Line] = []

    def close() -> None:
        if cur:
            text = join_paragraph([x.text for x in cur], vocab)
            if text:
                out.append(Para(text, cur[0].page))
            cur.clear()

    for line in lines:
        if not line.text:
            close()
            continue
        if cur and (_BLOCK_START.match(line.text)
                    or (layout and ends_paragraph(cur[-1].text, width, line.text)
                        and not line.text[:1].islower())):
            close()
        cur.append(line)
    close()
    return out


# -- splitting long sections ----------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    """Split a paragraph at sentence ends (". " before a capital), keeping the punctuation."""
    out, start = [], 0
    for m in _SENTENCE_SPLIT.finditer(text):
        piece = text[start:m.start()] + m.group(1)
        if _looks_abbrev(piece):
            continue
        out.append(piece)
        start = m.end()
    out.append(text[start:])
    return [s for s in out if s]


def _looks_abbrev(piece: str) -> bool:
    """"e.g.", "Fig. 2", "No. 5", "U.S." end a token, not a sentence."""
    return bool(re.search(r"(?:\b(?:e\.g|i\.e|etc|Fig|No|Art|Sec|Vol|pp|cf|vs|Mr|Ms|Dr|St)\.|"
                          r"\b[A-Z]\.)$", piece))


def chunk(paras: list[Para], limit: int = MAX_PART_CHARS) -> list[list[Para]]:
    """Cut paragraphs into pieces of about `limit` characters at paragraph boundaries; a single
    paragraph longer than `limit` is cut between sentences (a sentence is never cut)."""
    units: list[Para] = []
    for para in paras:
        if len(para.text) <= limit:
            units.append(para)
            continue
        buf = ""
        for sent in sentences(para.text):
            if buf and len(buf) + 1 + len(sent) > limit:
                units.append(Para(buf, para.page))
                buf = sent
            else:
                buf = f"{buf} {sent}" if buf else sent
        if buf:
            units.append(Para(buf, para.page))
    pieces: list[list[Para]] = []
    size = 0
    for unit in units:
        if pieces and size + 1 + len(unit.text) <= limit and size:
            pieces[-1].append(unit)
            size += 1 + len(unit.text)
        else:
            pieces.append([unit])
            size = len(unit.text)
    return pieces


def section_provisions(number: int, title: str, chapter: str, paras: list[Para],
                       limit: int = MAX_PART_CHARS, prefix: str = "sec") -> list[Provision]:
    """`sec-N` for a short section, `sec-N/part-M` pieces for a long one."""
    pieces = chunk(paras, limit)
    total = sum(len(p.text) for p in paras) + len(paras) - 1
    if total <= limit or len(pieces) == 1:
        pieces = [paras]
    out = []
    for m, piece in enumerate(pieces, 1):
        path = f"{prefix}-{number}" if len(pieces) == 1 else f"{prefix}-{number}/part-{m}"
        text = "\n".join(p.text for p in piece)
        out.append(Provision(path=path, text=text, heading=title, caption=title, chapter=chapter,
                             page=piece[0].page))
    return out


def ensure_unique(provisions: list[Provision], origin: str) -> list[Provision]:
    seen: set[str] = set()
    for prov in provisions:
        if prov.path in seen:
            raise IngestError(f"{origin}: duplicate provision path {prov.path}")
        seen.add(prov.path)
    return provisions


# -- sections -------------------------------------------------------------------------------------


def sections_from_lines(lines: list[Line], limit: int = MAX_PART_CHARS,
                        layout: bool | None = None) -> list[Provision]:
    """Sections (`sec-N`, `sec-N/part-M`) of a heading-structured text."""
    layout = uses_layout(lines) if layout is None else layout
    width = wrap_width(lines)
    vocab = Vocab.of(lines)
    out: list[Provision] = []
    stack: list[Heading] = []  # enclosing headings, outermost first
    title, body = "", []
    last_was_heading = False
    after_sentence = True
    count = [0]

    def flush() -> None:
        paras = paragraphs(body, layout, width, vocab)
        if paras:
            chapter = " / ".join(h.title for h in stack[:-1]) if stack else ""
            count[0] += 1
            out.extend(section_provisions(count[0], title, chapter, paras, limit))
        body.clear()

    following = _following_lines(lines)
    page = None
    for line, nxt in zip(lines, following, strict=True):
        if not line.text:
            body.append(line)
            after_sentence = True
            continue
        new_page = line.page is not None and line.page != page
        page = line.page
        head = heading_of(line.text, after_sentence or new_page, nxt)
        if head is None and last_was_heading and stack and is_bare_division(stack[-1].title):
            head = heading_of(line.text, True, title_line=True)  # the title line of "Appendix A:"
        if head is not None:
            if last_was_heading and stack and not head.numbered and not any(x.text for x in body) \
                    and (not stack[-1].numbered or is_bare_division(stack[-1].title)):
                both = stack[-1].title if head.title in stack[-1].title \
                    else f"{stack[-1].title} {head.title}"
                merged = Heading(both, stack[-1].level, stack[-1].numbered)
                stack[-1] = merged
                title = merged.title
                continue
            flush()
            while stack and stack[-1].level >= head.level:
                stack.pop()
            stack.append(head)
            title = head.title
            last_was_heading = True
            after_sentence = True
            continue
        body.append(line)
        last_was_heading = False
        after_sentence = bool(_TERMINAL.search(line.text))
    flush()
    return out


def _following_lines(lines: list[Line]) -> list[str]:
    """For each line, the text of the next non-blank line ("" at the end)."""
    out, nxt = [], ""
    for line in reversed(lines):
        out.append(nxt)
        if line.text:
            nxt = line.text
    return out[::-1]


def parse_plain_text(data: bytes, origin: str) -> tuple[list[Provision], list[str]]:
    """Parse pdftotext-style text into sections; IngestError names `origin`."""
    text = decode_text(data, origin)
    lines, notes = page_lines(split_pages(text))
    provisions = sections_from_lines(lines)
    if not provisions:
        raise IngestError(f"{origin}: no text found")
    return ensure_unique(provisions, origin), notes
