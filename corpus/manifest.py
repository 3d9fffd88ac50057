"""The source manifest (`corpus/sources.toml`) as typed records. Pure: no network, no writes."""

from __future__ import annotations

import tomllib
from dataclasses import MISSING, dataclass, fields
from datetime import date
from pathlib import Path

FORMATS = {"jplaw-xml", "krlaw-xml", "article-text", "plain-text", "explainer-text", "pdf"}
FORMATS |= {"markdown", "html"}  # user documents (regqa ingest)
KINDS = {"act", "regulation", "guideline", "faq"}


class ManifestError(ValueError):
    """The manifest file is missing, malformed, or names an invalid value."""


def covers(prefix: str, path: str) -> bool:
    """`art-48` covers `art-48` and `art-48/para-1`, not `art-480`."""
    return path == prefix or path.startswith(prefix + "/")


@dataclass(frozen=True)
class Effective:
    """A `[[source.effective]]` entry: the provisions under `paths` are in force from `from_`."""

    from_: str  # ISO date
    paths: tuple[str, ...]
    note: str = ""


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
    # in force from (ISO date) unless an `effective` entry names a later date for a provision
    effective_from: str | None = None
    effective: tuple[Effective, ...] = ()
    # a translation made from an older version of the original: what it translates
    # ("as amended by Act No. 37 of 2021") and which provisions of the original changed since
    translation_of: str | None = None
    translation_outdated: bool = False
    changed_paths: tuple[str, ...] = ()
    # provisions that cite this act as it was enacted (its original supplementary provisions),
    # while the main text has been renumbered since: their references to the main text are
    # not linked, since a link would point at whatever article holds that number today
    enacted_numbering: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Unique key of this source: `doc_id:language`."""
        return f"{self.doc_id}:{self.language}"

    @property
    def authority_note(self) -> str:
        """Short human note on legal force, for labels."""
        if self.legal_effect:
            return "原文（法的効力あり）" if self.language == "ja" else "original text with legal effect"
        if self.authority == "user document":  # regqa ingest: never labelled as official
            return self.authority
        if self.kind == "act" and self.jurisdiction == "JP":
            if self.translation_outdated:
                of = f"{self.translation_of}; " if self.translation_of else ""
                return (f"English reference translation ({of}older than the current Japanese text),"
                        " no legal effect")
            return "English reference translation, no legal effect"
        return self.authority

    def effective_for(self, path: str) -> str | None:
        """The date from which the provision at `path` is in force (latest matching entry wins)."""
        found = self.effective_from
        best = -1
        for entry in self.effective:
            for prefix in entry.paths:
                if covers(prefix, path) and len(prefix) > best:
                    found, best = entry.from_, len(prefix)
        return found

    def cites_enacted_numbering(self, path: str) -> bool:
        """The provision at `path` cites the act's articles as numbered when it was enacted."""
        return any(covers(p, path) for p in self.enacted_numbering)

    def changed_since_translation(self, path: str) -> bool:
        """The original's text of this provision changed after this (outdated) translation."""
        return self.translation_outdated and any(covers(p, path) for p in self.changed_paths)


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
        entry = _version_fields(entry, where)
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


def _iso_date(value: object, where: str) -> str:
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError as exc:
        raise ManifestError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from exc


def _paths(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
        raise ManifestError(f"{where}: paths must be a list of provision paths like \"art-18\"")
    return tuple(p.strip().strip("/") for p in value)


def _version_fields(entry: dict, where: str) -> dict:
    """Check and convert the optional effective-date and translation-version fields."""
    entry = dict(entry)
    if entry.get("effective_from") is not None:
        entry["effective_from"] = _iso_date(entry["effective_from"], f"{where}: effective_from")
    if "effective" in entry:
        items = entry["effective"]
        if not isinstance(items, list):
            raise ManifestError(f"{where}: effective must be [[source.effective]] tables")
        out = []
        for k, item in enumerate(items, 1):
            at = f"{where}: effective #{k}"
            if not isinstance(item, dict) or set(item) - {"from", "paths", "note"}:
                raise ManifestError(f"{at}: allowed keys are from, paths, note")
            if "from" not in item or "paths" not in item:
                raise ManifestError(f"{at}: needs both from and paths")
            out.append(Effective(_iso_date(item["from"], at), _paths(item["paths"], at),
                                 str(item.get("note", ""))))
        entry["effective"] = tuple(out)
    if "enacted_numbering" in entry:
        entry["enacted_numbering"] = _paths(entry["enacted_numbering"], f"{where}: enacted_numbering")
    if "changed_paths" in entry:
        entry["changed_paths"] = _paths(entry["changed_paths"], f"{where}: changed_paths")
        if not entry.get("translation_outdated"):
            raise ManifestError(f"{where}: changed_paths needs translation_outdated = true")
    if entry.get("translation_outdated") and entry.get("legal_effect"):
        raise ManifestError(f"{where}: an original with legal effect cannot be an outdated translation")
    return entry
