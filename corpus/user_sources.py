"""The user manifest: documents added with `regqa ingest`, kept in REGQA_HOME/user_sources.toml
(same fields as corpus/sources.toml) with their files under REGQA_HOME/sources/user/, so every
later `regqa build` keeps them.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from corpus.atomic import atomic_write
from corpus.manifest import ManifestError, Source, parse_manifest

USER_MANIFEST = "user_sources.toml"
USER_DIR = "user"  # under the sources dir
USER_AUTHORITY = "user document"

_HEADER = (
    "# Documents added with `regqa ingest`. Edit with care: `regqa build` reads this file.\n"
    "# Each file lives under sources/user/ beside it; sha256 is verified on every build.\n"
)


def user_manifest_path(home: Path) -> Path:
    return Path(home) / USER_MANIFEST


def load_user_sources(home: Path) -> list[Source]:
    """The user documents (none if the file does not exist); ManifestError if it is broken."""
    path = user_manifest_path(home)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise ManifestError(f"cannot read user manifest {path}: {exc.strerror}") from exc
    if "[[source]]" not in text:
        return []
    return parse_manifest(text, origin=str(path))


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value)
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    escaped = "".join(ch if ord(ch) >= 0x20 else f"\\u{ord(ch):04x}" for ch in escaped)
    return f'"{escaped}"'


def to_toml(sources: list[Source]) -> str:
    """Manifest TOML for sources (only simple fields: strings, booleans, string lists). Pure."""
    blocks = []
    for source in sources:
        lines = ["[[source]]"]
        for f in fields(Source):
            value = getattr(source, f.name)
            if value is None or value == () or (f.name == "mirror_only" and not value):
                continue
            if isinstance(value, tuple) and not all(isinstance(v, str) for v in value):
                continue  # structured fields (effective dates) are not set for user documents
            lines.append(f"{f.name} = {_toml_value(value)}")
        blocks.append("\n".join(lines))
    return _HEADER + "\n" + "\n\n".join(blocks) + ("\n" if blocks else "")


def save_user_sources(home: Path, sources: list[Source]) -> Path:
    """Write the user manifest atomically; it is parsed back first, so a bad record never lands."""
    text = to_toml(sources)
    if sources:
        parse_manifest(text, origin="user manifest (about to be written)")
    path = user_manifest_path(home)
    atomic_write(path, text)
    return path


def upsert(sources: list[Source], new: Source) -> list[Source]:
    """The list with `new` replacing any source of the same key (else appended). Pure."""
    out = [s for s in sources if s.key != new.key]
    out.append(new)
    return out
