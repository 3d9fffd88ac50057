"""The source manifest (`corpus/sources.toml`) as typed records. Pure: no network, no writes."""

from __future__ import annotations

import tomllib
from dataclasses import MISSING, dataclass, fields
from pathlib import Path

FORMATS = {"jplaw-xml", "krlaw-xml", "article-text", "plain-text", "explainer-text", "pdf"}
KINDS = {"act", "regulation", "guideline", "faq"}


class ManifestError(ValueError):
    """The manifest file is missing, malformed, or names an invalid value."""


@dataclass(frozen=True)
class Source:
    """One file of one document in one language."""

    doc_id: str
    language: str
    file: str  # relative path in the data dir and in a mirror, e.g. "jp-appi/en.xml"
    format: str
    title: str
    short_title: str
    jurisdiction: str
    kind: str
    legal_effect: bool
    authority: str
    version: str
    licence: str
    attribution: str
    url: str | None = None
    sha256: str | None = None
    note: str | None = None
    # the file regqa ingests is derived from what `url` serves (text extracted from a PDF):
    # `url` stays for attribution and verification, but the file comes from a mirror only
    mirror_only: bool = False
    # other names people use for this document in questions ("APPI", "個人情報保護法")
    aliases: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Unique key of this source: `doc_id:language`."""
        return f"{self.doc_id}:{self.language}"

    @property
    def authority_note(self) -> str:
        """Short human note on legal force, for labels."""
        if self.legal_effect:
            return "原文（法的効力あり）" if self.language == "ja" else "original text with legal effect"
        if self.kind == "act" and self.jurisdiction == "JP":
            return "English reference translation, no legal effect"
        return self.authority


_REQUIRED = [f.name for f in fields(Source) if f.default is MISSING]


def parse_manifest(text: str, origin: str = "sources.toml") -> list[Source]:
    """Parse manifest TOML text into sources, checking every entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"{origin}: not valid TOML: {exc}") from exc
    entries = data.get("source")
    if not isinstance(entries, list) or not entries:
        raise ManifestError(f"{origin}: no [[source]] entries")
    known = {f.name for f in fields(Source)}
    sources: list[Source] = []
    seen: set[str] = set()
    for n, entry in enumerate(entries, 1):
        where = f"{origin}: source #{n}"
        unknown = set(entry) - known
        if unknown:
            raise ManifestError(f"{where}: unknown field(s) {sorted(unknown)}")
        missing = [name for name in _REQUIRED if name not in entry]
        if missing:
            raise ManifestError(f"{where}: missing field(s) {missing}")
        if "aliases" in entry:
            entry = {**entry, "aliases": tuple(entry["aliases"])}
        src = Source(**entry)
        if src.format not in FORMATS:
            raise ManifestError(f"{where} ({src.key}): unknown format {src.format!r}")
        if src.kind not in KINDS:
            raise ManifestError(f"{where} ({src.key}): unknown kind {src.kind!r}")
        if src.sha256 is not None and (len(src.sha256) != 64 or
                                       any(c not in "0123456789abcdef" for c in src.sha256)):
            raise ManifestError(f"{where} ({src.key}): sha256 must be 64 lowercase hex digits")
        if Path(src.file).is_absolute() or ".." in Path(src.file).parts:
            raise ManifestError(f"{where} ({src.key}): file must be a relative path inside the data dir")
        if src.key in seen:
            raise ManifestError(f"{where}: duplicate source {src.key}")
        seen.add(src.key)
        sources.append(src)
    return sources


def load_manifest(path: Path) -> list[Source]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ManifestError(f"cannot read source manifest {path}: {exc.strerror}") from exc
    return parse_manifest(text, origin=str(path))
