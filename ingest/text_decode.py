"""Turn the bytes of a text source into `str`, refusing what is not text. Pure.

UTF-8 first (a BOM is dropped); failing that, CP932/Shift_JIS, but only when it decodes
cleanly *and* the result reads as Japanese, since almost any byte soup "decodes" in some
legacy code page. Line ends become ``\\n``; form feeds (page breaks) are kept.
"""

from __future__ import annotations

import re

from ingest.records import IngestError

_BOM = "\ufeff"
# C0/C1 controls other than tab, newline, carriage return and form feed
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")
MAX_CONTROL_SHARE = 0.01


def decode_text(data: bytes, origin: str) -> str:
    """Decode a text source or raise IngestError naming `origin` and the reason."""
    if b"\x00" in data[:65536]:
        raise IngestError(f"{origin}: binary data, not text (NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = _try_japanese(data)
        if text is None:
            bad = data[exc.start:exc.start + 1].hex()
            raise IngestError(
                f"{origin}: not UTF-8 text (invalid byte 0x{bad} at offset {exc.start};"
                " not Shift_JIS Japanese either); re-save the file as UTF-8"
            ) from None
    text = text.lstrip(_BOM).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError(f"{origin}: empty file (no text)")
    controls = len(_CONTROL.findall(text))
    if controls and controls / len(text) > MAX_CONTROL_SHARE:
        raise IngestError(f"{origin}: binary data, not text ({controls} control characters)")
    return text


def _try_japanese(data: bytes) -> str | None:
    """CP932 text when it decodes strictly and looks like Japanese prose, else None."""
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        return None
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if not non_ascii or not _KANA.search(text):
        return None
    japanese = sum(1 for ch in non_ascii if _JAPANESE.match(ch))
    return text if japanese / len(non_ascii) >= 0.9 else None
