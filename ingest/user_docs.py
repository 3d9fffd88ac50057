"""Admit a user's file (`regqa ingest PATH`) into the data directory as a source.

The file is checked before anything is written: a supported type (by extension), not empty,
under the size limit (checked with stat, before reading), and parsed once with its format's
parser, so a file that cannot be ingested is refused with a one-line reason naming it and
never reaches the user manifest. An accepted file is copied (atomically) to
``sources/user/<doc_id>/<language><ext>`` and described by a `Source` labelled "user document"
with its sha256; `regqa build` verifies the copy against that checksum every time.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from pathlib import Path

from corpus.atomic import atomic_write
from corpus.manifest import KINDS, Source
from corpus.user_sources import USER_AUTHORITY, USER_DIR
from ingest.pipeline import MAX_BYTES, PARSERS, read_source_bytes
from ingest.records import IngestError, Provision

EXTENSIONS = {".xml": "jplaw-xml", ".pdf": "pdf", ".txt": "plain-text", ".md": "markdown",
              ".markdown": "markdown", ".html": "html", ".htm": "html"}
_JA = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_LETTER = re.compile(r"[^\W\d_]")
_DOC_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_LANG = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True)
class UserDocOptions:
    kind: str = "guideline"
    title: str | None = None
    language: str | None = None  # detected from the text when None
    doc_id: str | None = None  # "user-<file name>" when None
    jurisdiction: str = "unspecified"


@dataclass(frozen=True)
class Admitted:
    source: Source
    provisions: int
    notes: list[str]


def detect_language(provisions: list[Provision]) -> str:
    """"ja" when Japanese script makes up a fair share of the letters, else "en". Pure."""
    sample = "".join(p.text for p in provisions)[:20000]
    letters = len(_LETTER.findall(sample))
    return "ja" if letters and len(_JA.findall(sample)) / letters >= 0.2 else "en"


def slug(text: str) -> str:
    """A doc id part from a file name: lower case ASCII letters, digits and hyphens. Pure."""
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:50] or "document"


def check_options(opts: UserDocOptions) -> None:
    """Refuse bad option values before any file is read (IngestError names the option)."""
    if opts.kind not in KINDS:
        raise IngestError(f"--kind {opts.kind!r} is not one of {', '.join(sorted(KINDS))}")
    if opts.language is not None and not _LANG.fullmatch(opts.language):
        raise IngestError(f"--lang {opts.language!r}: use a language code like en or ja")
    if opts.doc_id is not None and not _DOC_ID.fullmatch(opts.doc_id):
        raise IngestError(f"--doc-id {opts.doc_id!r}: use lower-case letters, digits and hyphens")


def read_checked(path: Path, max_bytes: int = MAX_BYTES) -> tuple[str, bytes]:
    """(format, bytes) of a user file, or IngestError naming it; the size is checked before reading."""
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise IngestError(f"{path}: unsupported file type {path.suffix or '(no extension)'!r}; "
                          f"supported: {', '.join(sorted(EXTENSIONS))}")
    return fmt, read_source_bytes(path, max_bytes, hint="")


def admit(path: Path, opts: UserDocOptions, sources_dir: Path, max_bytes: int = MAX_BYTES,
          taken: dict[str, str] | None = None) -> Admitted:
    """Check, parse once, copy into `sources_dir/user/` and describe one user file.

    `taken` maps source keys that may not be used to the reason. Raises IngestError (one line,
    naming the file) when it cannot be ingested; nothing is written then.
    """
    check_options(opts)
    path = Path(path)
    fmt, data = read_checked(path, max_bytes)
    provisions, notes = PARSERS[fmt](data, str(path))
    if not provisions:
        raise IngestError(f"{path}: no text found")
    language = opts.language or detect_language(provisions)
    doc_id = opts.doc_id or f"user-{slug(path.stem)}"
    title = (opts.title or path.stem).strip() or path.name
    key = f"{doc_id}:{language}"
    if taken and key in taken:
        raise IngestError(f"{path}: document {key} {taken[key]}; pass another --doc-id (or --lang)")
    digest = hashlib.sha256(data).hexdigest()
    rel = f"{USER_DIR}/{doc_id}/{language}{path.suffix.lower()}"
    source = Source(
        doc_id=doc_id, language=language, file=rel, format=fmt, title=title, short_title=title,
        jurisdiction=opts.jurisdiction, kind=opts.kind, legal_effect=False, authority=USER_AUTHORITY,
        version=f"added {time.strftime('%Y-%m-%d')} (sha256 {digest[:12]})", licence="user-supplied",
        attribution="user-supplied", sha256=digest,
        note=f"user document, ingested from {path.resolve()}",
    )
    dest = Path(sources_dir) / rel
    try:
        atomic_write(dest, data)
    except OSError as exc:
        raise IngestError(f"{path}: cannot copy into {dest} ({exc.strerror}); check REGQA_HOME is "
                          "writable") from None
    return Admitted(source, len(provisions), list(notes))
