"""Read synced source files and turn them into passages, one source at a time.

A source that fails to parse is reported with its reason and contributes no passages; the
others still ingest. Parsers are chosen by the manifest's `format`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from corpus.manifest import Source
from ingest.article_text import parse_article_text
from ingest.explainer_text import parse_explainer
from ingest.html_text import parse_html
from ingest.jplaw_xml import parse_jplaw
from ingest.krlaw_xml import parse_krlaw
from ingest.markdown_text import parse_markdown
from ingest.passages import to_passages
from ingest.pdf_text import parse_pdf
from ingest.plain_text import parse_plain_text
from ingest.records import IngestError, Passage, Provision

MAX_BYTES = 100 * 1024 * 1024


def _jplaw(data: bytes, origin: str) -> tuple[list[Provision], list[str]]:
    law = parse_jplaw(data, origin)
    return law.provisions, law.skipped


Parser = Callable[[bytes, str], tuple[list[Provision], list[str]]]
PARSERS: dict[str, Parser] = {
    "jplaw-xml": _jplaw,
    "krlaw-xml": parse_krlaw,
    "article-text": parse_article_text,
    "plain-text": parse_plain_text,
    "explainer-text": parse_explainer,
    "pdf": parse_pdf,
    "markdown": parse_markdown,
    "html": parse_html,
}


@dataclass
class IngestResult:
    source: Source
    passages: list[Passage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def read_source_bytes(path: Path, max_bytes: int = MAX_BYTES,
                      hint: str = "; run `regqa corpus sync`") -> bytes:
    """Read a file with the checks every format shares: a regular file, not empty, and not
    over `max_bytes` (checked from its size, before anything is read)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror}){hint}") from None
    if not path.is_file():
        raise IngestError(f"{path}: not a regular file")
    if size == 0:
        raise IngestError(f"{path}: file is empty")
    if size > max_bytes:
        raise IngestError(f"{path}: refused without reading: {size:,} bytes is over the "
                          f"{max_bytes:,}-byte limit")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror}){hint}") from None


def ingest_source(source: Source, path: Path) -> IngestResult:
    """Parse one source file into labelled passages; errors are returned, not raised."""
    parser = PARSERS.get(source.format)
    if parser is None:
        return IngestResult(source, error=f"{source.key}: no parser for format {source.format!r} yet")
    try:
        provisions, notes = parser(read_source_bytes(path), str(path))
    except IngestError as exc:
        return IngestResult(source, error=str(exc))
    if not provisions:
        return IngestResult(source, error=f"{path}: no provisions found")
    return IngestResult(source, to_passages(source, provisions), notes)
