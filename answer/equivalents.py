"""Words a question or a claim may use for the words a statute uses. Pure functions and one
cached read of a packaged data file, `answer/vocabulary/equivalents.toml`. `/verify` counts a
claim's words in a provision with them (answer/verify.py); the extractive answerer counts a
question's terms in a sentence with them (answer/extractive.py).

A legal reader writes "the State must draw up guidelines" for a provision that reads "The
national government is to establish guidelines": every content word differs, and counting shared
words calls a correct paraphrase unsupported. Each group of the data file lists wordings that
stand for one another in statutes and in English translations of Japanese statutes (国 is
rendered both "the State" and "the national government"; 策定 "formulate", "establish" and "draw
up"). A claim's word counts as found in a provision when the provision holds any wording of one
of its groups. The table is general vocabulary, not tied to any one provision; a word that
statutes use in several senses ("handle", "develop", "disclose") is left out, since matching it
to a synonym would make unrelated provisions look like support or like an answer. Each entry
says where it came from and the general reason it holds.

Also there: the claim's framing words ("must", "requires", "should") are left out of the count,
since statutes write the same duty as "shall", "must", "is to" or "is responsible for", and so
are the function words the index's stop list keeps ("them", "when", "about": "an individual may
ask a business to delete data about them" is not less true of a provision that never says "about
them"); possessives stay counted (see README, "Verifying a citation").
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from index.tokenize import tokenize

VOCABULARY = ("answer", "vocabulary/equivalents.toml")  # package, file inside it


@dataclass(frozen=True)
class Entry:
    """One entry of the data file: a group's wordings, or a list of words not counted."""

    words: tuple[str, ...]  # [[group]]: its wordings; [[framing]] / [[function_words]]: its words
    source: str  # the claim or question set whose misses it was read off, or where else it came from
    reason: str  # the general reason it holds


@dataclass(frozen=True)
class Equivalents:
    """The data file's entries, each table in the file's order."""

    groups: tuple[Entry, ...]
    framing: tuple[Entry, ...]
    function_words: tuple[Entry, ...]


def parse_entries(data: dict[str, Any], table: str, field: str) -> tuple[Entry, ...]:
    """Every [[table]] entry, in order, with its `field` as words (a list of wordings, or one
    string of words split on spaces); an entry without it, a source or a reason is an error
    naming it."""
    out = []
    for n, e in enumerate(data.get(table, []), start=1):
        missing = [k for k in (field, "source", "reason") if not e.get(k)]
        if missing:
            raise ValueError(f"equivalents [[{table}]] entry {n}: no {', '.join(missing)}")
        value = e[field]
        words = tuple(value.split()) if isinstance(value, str) else tuple(value)
        if not all(isinstance(w, str) and w for w in words):
            raise ValueError(f"equivalents [[{table}]] entry {n}: {field} must be strings")
        out.append(Entry(words, str(e["source"]), str(e["reason"])))
    return tuple(out)


def parse_equivalents(text: str) -> Equivalents:
    """The equivalents from the data file's text."""
    data = tomllib.loads(text)
    return Equivalents(parse_entries(data, "group", "wordings"), parse_entries(data, "framing", "words"),
                       parse_entries(data, "function_words", "words"))


@lru_cache(maxsize=1)
def equivalents() -> Equivalents:
    """The packaged table, read once."""
    package, name = VOCABULARY
    return parse_equivalents(resources.files(package).joinpath(name).read_text(encoding="utf-8"))


def groups() -> tuple[tuple[str, ...], ...]:
    """Each group's wordings, in the data file's order."""
    return tuple(g.words for g in equivalents().groups)


@lru_cache(maxsize=1)
def framing() -> frozenset[str]:
    """How a claim frames a duty or a permission, not what it is about (keyword tokens)."""
    return frozenset(tokenize(" ".join(w for e in equivalents().framing for w in e.words)))


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Function words the index's stop list keeps (keyword tokens)."""
    return frozenset(tokenize(" ".join(w for e in equivalents().function_words for w in e.words)))


@lru_cache(maxsize=1)
def not_counted() -> frozenset[str]:
    """A claim's tokens that are not counted as what it says."""
    return framing() | function_words()


@lru_cache(maxsize=1)
def _groups() -> tuple[tuple[frozenset[str], ...], ...]:
    """Each group's wordings as keyword-token sets (stemmed like the index), empty ones dropped."""
    out = []
    for group in groups():
        members = tuple(frozenset(tokenize(w)) for w in group)
        out.append(tuple(m for m in members if m))
    return tuple(out)


@lru_cache(maxsize=1)
def _groups_by_token() -> dict[str, tuple[int, ...]]:
    """Which groups (by position in `_groups()`) have a wording holding each token: a text can
    hold a wording of a group only if it holds one of that group's tokens."""
    index: dict[str, list[int]] = {}
    for g, members in enumerate(_groups()):
        for token in frozenset().union(*members):
            index.setdefault(token, []).append(g)
    return {token: tuple(gs) for token, gs in index.items()}


def equivalent_tokens(text_tokens: set[str]) -> set[str]:
    """The tokens of every wording of each group the text holds a wording of: a text saying
    "the national government" also holds "state"."""
    groups_, by_token = _groups(), _groups_by_token()
    out: set[str] = set()
    for g in {g for token in text_tokens for g in by_token.get(token, ())}:  # order-free: a union
        members = groups_[g]
        if any(m <= text_tokens for m in members):
            for m in members:
                out |= m
    return out


def found_tokens(claim_tokens: set[str], text_tokens: set[str]) -> set[str]:
    """The claim's tokens the text holds, directly or through a wording of the same group."""
    return claim_tokens & (text_tokens | equivalent_tokens(text_tokens))
