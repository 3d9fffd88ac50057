"""Finding a name in a question: case-insensitively, and not inside a longer Latin word. Pure."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1024)
def alias_pattern(alias: str) -> re.Pattern[str]:
    """Match a name case-insensitively, not inside a longer Latin word ("AI" not in "AIM")."""
    alias = unicodedata.normalize("NFKC", alias)
    head = r"(?<![A-Za-z0-9])" if re.match(r"[A-Za-z0-9]", alias) else ""
    tail = r"(?![A-Za-z0-9])" if re.search(r"[A-Za-z0-9.]$", alias) else ""
    return re.compile(head + re.escape(alias) + tail, re.IGNORECASE)
