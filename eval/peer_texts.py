"""The source files as plain text, read the simple way a team starting with LlamaIndex would.

Files are found by the synced layout `<sources>/<doc_id>/<language>.<ext>` (corpus/manifest.py);
`user/` (documents added with `regqa ingest`) is left out. Text files are read as they are;
XML and HTML have their text nodes joined by newlines (no structure, no provision paths); PDFs
go through pypdf page by page. Nothing here knows about articles or paragraphs: that is the
point of the peer baseline.
"""

from __future__ import annotations

import html.parser
from dataclasses import dataclass
from pathlib import Path

import defusedxml.ElementTree as SafeET

SUFFIXES = (".txt", ".md", ".xml", ".html", ".htm", ".pdf")


@dataclass(frozen=True)
class PlainDocument:
    """One source file as text, with the ids the benchmark's gold entries use."""

    doc_id: str
    language: str
    path: Path
    text: str


def xml_text(data: bytes) -> str:
    """Every text node of an XML document, one per line (entity declarations refused)."""
    root = SafeET.fromstring(data)
    return "\n".join(t.strip() for t in root.itertext() if t.strip())


class _HTMLText(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def html_text(data: bytes) -> str:
    """The text of an HTML page, scripts and styles left out, one text node per line."""
    parser = _HTMLText()
    parser.feed(data.decode("utf-8", errors="replace"))
    return "\n".join(parser.parts)


def pdf_text(path: Path) -> str:
    """pypdf's text of every page, pages separated by a blank line."""
    from pypdf import PdfReader

    return "\n\n".join((page.extract_text() or "") for page in PdfReader(str(path)).pages)


def file_text(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return pdf_text(path)
    data = path.read_bytes()
    if suffix == ".xml":
        return xml_text(data)
    if suffix in (".html", ".htm"):
        return html_text(data)
    return data.decode("utf-8-sig", errors="replace")


def source_files(sources_dir: Path) -> list[tuple[str, str, Path]]:
    """(doc_id, language, file) for every synced source, sorted; `user/` is skipped."""
    found = []
    for doc_dir in sorted(p for p in sources_dir.iterdir() if p.is_dir() and p.name != "user"):
        for f in sorted(doc_dir.iterdir()):
            if f.is_file() and f.suffix.lower() in SUFFIXES:
                found.append((doc_dir.name, f.stem.split(".")[0], f))
    return found


def read_sources(sources_dir: Path) -> list[PlainDocument]:
    """Every synced source file as plain text."""
    return [PlainDocument(doc, lang, f, file_text(f)) for doc, lang, f in source_files(sources_dir)]
