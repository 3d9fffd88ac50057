"""Everyday words to the words statutes use.

People ask "can we share customer data with a partner without asking?"; the APPI says "provide
personal data to a third party without the consent of the principal". Keyword search cannot
bridge that gap and a small general-purpose embedder bridges it poorly, so a question is
expanded with the statutory terms for the plain ones it uses. The table is vocabulary (Japanese
statutes in English translation and in the original), not tied to any one question; it is a
data file, `query/vocabulary/thesaurus.toml`, each concept with where it came from and the
general reason it holds. Pure functions and one cached read of that packaged file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

VOCABULARY = ("query", "vocabulary/thesaurus.toml")  # package, file inside it
TABLES = ("en", "ja")  # English concepts (regex triggers), Japanese concepts (substring triggers)


@dataclass(frozen=True)
class Concept:
    """Plain-language triggers and the statutory terms they stand for."""

    triggers: tuple[str, ...]  # English: regexes over the lower-cased question; Japanese: substrings
    terms: str
    source: str = ""  # the question set whose misses it was read off, or where else it came from
    reason: str = ""  # the general reason it holds


@dataclass(frozen=True)
class Thesaurus:
    """The data file's concepts, each table in the file's order."""

    en: tuple[Concept, ...]
    ja: tuple[Concept, ...]


def parse_concepts(entries: list[dict[str, Any]], table: str) -> tuple[Concept, ...]:
    """The concepts of one table of the data file, in order; an entry without triggers, terms, a
    source or a reason is an error naming it."""
    out = []
    for n, e in enumerate(entries, start=1):
        missing = [k for k in ("triggers", "terms", "source", "reason") if not e.get(k)]
        if missing:
            raise ValueError(f"thesaurus [[{table}]] entry {n}: no {', '.join(missing)}")
        triggers, terms = e["triggers"], e["terms"]
        if not (isinstance(triggers, list) and all(isinstance(t, str) and t for t in triggers)
                and isinstance(terms, str)):
            raise ValueError(f"thesaurus [[{table}]] entry {n}: triggers must be strings, terms a string")
        out.append(Concept(tuple(triggers), terms, str(e["source"]), str(e["reason"])))
    return tuple(out)


def parse_thesaurus(text: str) -> Thesaurus:
    """A thesaurus from the data file's text."""
    data = tomllib.loads(text)
    return Thesaurus(*(parse_concepts(data.get(table, []), table) for table in TABLES))


@lru_cache(maxsize=1)
def thesaurus() -> Thesaurus:
    """The packaged thesaurus, read once."""
    package, name = VOCABULARY
    return parse_thesaurus(resources.files(package).joinpath(name).read_text(encoding="utf-8"))


def en_concepts() -> tuple[Concept, ...]:
    return thesaurus().en


def ja_concepts() -> tuple[Concept, ...]:
    return thesaurus().ja


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each English concept's triggers as one pattern matching where any of them does: one scan
    of the question per concept instead of one per trigger (about 4x faster, the same matches)."""
    return tuple((re.compile("|".join(f"(?:{t})" for t in c.triggers)), c.terms) for c in en_concepts())


def statutory_terms(query: str, japanese: bool) -> list[str]:
    """The statutory terms for the plain ones the question uses, each concept once."""
    if japanese:
        return [c.terms for c in ja_concepts() if any(t in query for t in c.triggers)]
    lowered = query.lower()
    return [terms for pattern, terms in _compiled() if pattern.search(lowered)]
