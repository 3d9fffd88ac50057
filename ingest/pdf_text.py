"""Parser for PDFs with a text layer (pypdf). Pure: bytes in, provisions out.

Text is extracted page by page; pages without text are skipped with a note (all of them
without text: IngestError, probably a scan). Page furniture is dropped (lone page numbers and
lines repeated at the top or bottom of many pages). A text with "Article N" headings is split
into ``art-N`` provisions by the article-text logic (same wrapped cross-reference guard); the
text before the first article (a promulgation decree, the title) is filed as ``preamble``.
Any other text is split into sections like plain text. Every provision has `page`: the
1-based PDF page on which it starts.
"""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

from ingest.article_text import articles_from_lines, has_articles
from ingest.plain_text import (
    Vocab,
    ensure_unique,
    page_lines,
    paragraphs,
    sections_from_lines,
    wrap_width,
)
from ingest.records import IngestError, Provision

_MAGIC = b"%PDF-"


def _extract_pages(data: bytes, origin: str) -> list[str]:
    if not data.strip():
        raise IngestError(f"{origin}: empty file")
    if _MAGIC not in data[:1024]:
        raise IngestError(f"{origin}: not a PDF (no %PDF- header)")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed input is reported below
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:  # an owner-password-only PDF opens with the empty user password
                if not reader.decrypt(""):
                    raise IngestError(f"{origin}: encrypted PDF (a password is needed to read it)")
            except (NotImplementedError, DependencyError) as exc:
                raise IngestError(f"{origin}: encrypted PDF ({exc})") from None
        return [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except FileNotDecryptedError:
        raise IngestError(f"{origin}: encrypted PDF (a password is needed to read it)") from None
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError, OSError) as exc:
        raise IngestError(f"{origin}: malformed PDF ({type(exc).__name__}: {exc})") from None


def parse_pdf(data: bytes, origin: str) -> tuple[list[Provision], list[str]]:
    """Parse a PDF's text layer into provisions with pages; IngestError names `origin`."""
    texts = _extract_pages(data, origin)
    if not texts:
        raise IngestError(f"{origin}: PDF has no pages")
    empty = [i for i, t in enumerate(texts, 1) if not t.strip()]
    if len(empty) == len(texts):
        raise IngestError(f"{origin}: no text layer on any of its {len(texts)} pages (scanned PDF?)")
    pages = [t.replace("\r\n", "\n").replace("\r", "\n").split("\n") for t in texts]
    lines, notes = page_lines(pages)
    if empty:
        notes.insert(0, f"pages without text skipped: {', '.join(map(str, empty))}")
    if has_articles(lines):
        provisions, preamble, more = articles_from_lines(lines, layout=True)
        notes += more
        paras = paragraphs(preamble, True, wrap_width(lines), Vocab.of(lines))
        if paras:
            provisions.insert(0, Provision(path="preamble", text="\n".join(p.text for p in paras),
                                           heading="Preamble", page=paras[0].page))
    else:
        provisions = sections_from_lines(lines, layout=True)
    if not provisions:
        raise IngestError(f"{origin}: no text found")
    return ensure_unique(provisions, origin), notes
