"""Parser for HTML pages (user documents added with `regqa ingest`), reduced to their main text.
Pure: bytes in, provisions out.

The page is read with the standard library's `html.parser` (tolerant of broken markup; it
knows only HTML's fixed named character references, has no DTDs, expands no entities and
fetches nothing). Dropped: scripts, styles, templates, SVG, forms, navigation, headers,
footers, asides and anything marked `hidden` / `aria-hidden`. When the page has a `<main>`
(or `role="main"`) or `<article>`, only that is kept. Headings `<h1>`..`<h6>` open sections
exactly like Markdown headings (see `ingest.markdown_text.provisions_from_blocks`); list items
become "- item" lines, table rows "cell | cell" lines.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from ingest.markdown_text import Block, provisions_from_blocks
from ingest.plain_text import ensure_unique
from ingest.records import IngestError, Provision
from ingest.text_decode import decode_text

SKIP = {"script", "style", "noscript", "template", "svg", "math", "nav", "header", "footer", "aside",
        "form", "button", "select", "textarea", "iframe", "object", "canvas", "head", "dialog", "menu"}
MAIN = {"main", "article"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "param"}
BLOCK = {"p", "div", "section", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "thead", "tbody",
         "blockquote", "pre", "figure", "figcaption", "address", "br", "hr", "main", "article",
         "body", "caption", "details", "summary", "center"}
HEADINGS = {f"h{n}": n for n in range(1, 7)}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_WS = re.compile(r"\s+")


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[Block, bool]] = []  # (block, inside main/article)
        self.title = ""
        self._buf: list[str] = []
        self._skip: list[str] = []  # open skipped elements
        self._main = 0
        self._heading: int | None = None
        self._pre = 0
        self._in_title = False
        self._row: list[str] | None = None
        self._li = False

    # -- structure -------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "title":
            self._in_title = True
        if self._skip:
            if tag not in VOID:
                self._skip.append(tag)
            return
        hidden = "hidden" in a or (a.get("aria-hidden") or "").lower() == "true" or \
            (a.get("role") or "").lower() in ("navigation", "banner", "contentinfo", "search")
        if (tag in SKIP or hidden) and tag not in VOID:
            if tag != "head":
                self._flush()
            self._skip.append(tag)
            return
        if tag in MAIN or (a.get("role") or "").lower() == "main":
            self._flush()
            self._main += 1
        if tag in HEADINGS:
            self._flush()
            self._heading = HEADINGS[tag]
        elif tag in ("td", "th"):
            self._cell_end()
        elif tag == "tr":
            self._flush()
            self._row = []
        elif tag == "li":
            self._flush()
            self._li = True
        elif tag in BLOCK:
            self._flush()
        if tag == "pre":
            self._pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._skip:
            if tag in self._skip:  # close up to the matching skipped element (tolerates bad nesting)
                while self._skip and self._skip.pop() != tag:
                    pass
            return
        if tag in HEADINGS and self._heading is not None:
            text = _WS.sub(" ", "".join(self._buf)).strip()
            self._buf.clear()
            if text:
                self.blocks.append((Block("heading", text, self._heading), self._main > 0))
            self._heading = None
        elif tag in ("td", "th"):
            self._cell_end()
        elif tag == "tr":
            self._cell_end()
            if self._row:
                self._add(" | ".join(self._row))
            self._row = None
        elif tag in BLOCK or tag == "li":
            self._flush()
        if tag == "pre":
            self._pre = max(0, self._pre - 1)
        if tag in MAIN and self._main:
            self._flush()
            self._main -= 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK and not self._skip:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title and not self.title:
            self.title = _WS.sub(" ", data).strip()
        if self._skip:
            return
        self._buf.append(data)

    # -- text ------------------------------------------------------------------------------------

    def _cell_end(self) -> None:
        if self._row is not None:
            text = _WS.sub(" ", "".join(self._buf)).strip()
            self._buf.clear()
            if text:
                self._row.append(text)

    def _add(self, text: str) -> None:
        if text:
            self.blocks.append((Block("para", text), self._main > 0))

    def _flush(self) -> None:
        if self._row is not None or self._heading is not None:
            return  # a table row or heading collects its text until it ends
        raw = "".join(self._buf)
        self._buf.clear()
        text = "\n".join(_WS.sub(" ", x).strip() for x in raw.split("\n")).strip() if self._pre \
            else _WS.sub(" ", raw).strip()
        if text:
            self._add(f"- {text}" if self._li else text)
            self._li = False

    def close(self) -> None:
        super().close()
        self._heading = None
        self._row = None
        self._flush()


def _decode(data: bytes, origin: str) -> str:
    """Text of an HTML file: a declared <meta charset> is honoured, else UTF-8 / Shift_JIS."""
    m = _META_CHARSET.search(data[:4096])
    if m and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name = m.group(1).decode("ascii", "replace").lower()
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            codec = None
        if codec and codec not in ("utf-8",):
            if b"\x00" in data[:65536]:
                raise IngestError(f"{origin}: binary data, not HTML (NUL bytes)")
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise IngestError(f"{origin}: declares charset {name} but is not valid {name} "
                                  f"(byte offset {exc.start})") from None
    return decode_text(data, origin)


def html_blocks(text: str) -> tuple[list[Block], str]:
    """The main text's headings and blocks, and the page <title>. Pure."""
    parser = _Extractor()
    parser.feed(text)
    parser.close()
    pairs = parser.blocks
    if any(in_main for _, in_main in pairs):
        pairs = [(b, m) for b, m in pairs if m]
    return [b for b, _ in pairs], parser.title


def parse_html(data: bytes, origin: str) -> tuple[list[Provision], list[str]]:
    """Parse an HTML page's main text into sections; IngestError names `origin`."""
    text = _decode(data, origin)
    blocks, title = html_blocks(text)
    provisions = provisions_from_blocks(blocks)
    if not provisions:
        raise IngestError(f"{origin}: no text found in the HTML page (after dropping scripts, styles "
                          "and navigation)")
    notes = [f"page title: {title}"] if title else []
    return ensure_unique(provisions, origin), notes
