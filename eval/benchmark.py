"""Benchmark files: JSON Lines, one question per line (../shared/benchmarks/FORMAT.md).

`load_benchmark` validates every line and raises `BenchmarkError` naming the file and
line of the first problem. Empty lines are ignored; keys the format does not define are
ignored too, so a set carrying extra annotations still loads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LANGS: tuple[str, ...] = ("en", "ja")
CATEGORIES: tuple[str, ...] = (
    "definition",
    "obligation",
    "institution",
    "procedure",
    "timeline",
    "scope",
    "comparison",
    "faq",
    "crosslingual",
    "version",
    "unanswerable",
)
REQUIRED_FIELDS: tuple[str, ...] = (
    "id", "question", "lang", "category", "answerable", "gold", "facts",
)


class BenchmarkError(ValueError):
    """A benchmark file is malformed; the message starts with "file:line:"."""


@dataclass(frozen=True)
class Gold:
    """One passage that answers a question: a document, a provision path, quotes."""

    doc: str
    ref: str | None = None
    quote_en: str | None = None
    quote_ja: str | None = None

    def quote(self, language: str) -> str | None:
        """The quote for a passage language ("en", "ja"; "en-GB" counts as "en")."""
        lang = language.split("-")[0].lower()
        if lang == "en":
            return self.quote_en
        if lang == "ja":
            return self.quote_ja
        return None


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    lang: str
    category: str
    answerable: bool
    gold: tuple[Gold, ...]
    facts: tuple[tuple[str, ...], ...]
    notes: str = ""


def _fail(where: str, message: str) -> BenchmarkError:
    return BenchmarkError(f"{where}: {message}")


def _opt_str(value: Any, where: str, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"{name} must be a non-empty string or absent, got {value!r}")
    return value


def _parse_gold(items: Any, where: str) -> tuple[Gold, ...]:
    if not isinstance(items, list):
        raise _fail(where, f"'gold' must be a list, got {type(items).__name__}")
    out = []
    for i, item in enumerate(items):
        name = f"gold[{i}]"
        if not isinstance(item, dict):
            raise _fail(where, f"{name} must be an object, got {type(item).__name__}")
        doc = item.get("doc")
        if not isinstance(doc, str) or not doc.strip():
            raise _fail(where, f"{name}.doc is missing or not a non-empty string")
        gold = Gold(
            doc=doc,
            ref=_opt_str(item.get("ref"), where, f"{name}.ref"),
            quote_en=_opt_str(item.get("quote_en"), where, f"{name}.quote_en"),
            quote_ja=_opt_str(item.get("quote_ja"), where, f"{name}.quote_ja"),
        )
        if gold.ref is None and gold.quote_en is None and gold.quote_ja is None:
            raise _fail(where, f"{name} has neither 'ref' nor a quote, so nothing can match it")
        out.append(gold)
    return tuple(out)


def _parse_facts(groups: Any, where: str) -> tuple[tuple[str, ...], ...]:
    if not isinstance(groups, list):
        raise _fail(where, f"'facts' must be a list of lists, got {type(groups).__name__}")
    out = []
    for i, group in enumerate(groups):
        if not isinstance(group, list) or not group:
            raise _fail(where, f"facts[{i}] must be a non-empty list of alternatives")
        for alt in group:
            if not isinstance(alt, str) or not alt.strip():
                raise _fail(where, f"facts[{i}] holds {alt!r}; alternatives are non-empty strings")
        out.append(tuple(group))
    return tuple(out)


def parse_question(data: Any, where: str = "<question>") -> Question:
    """Validate one decoded JSON object; `where` prefixes error messages ("file:line")."""
    if not isinstance(data, dict):
        raise _fail(where, f"expected a JSON object, got {type(data).__name__}")
    missing = [f for f in REQUIRED_FIELDS if f not in data]
    if missing:
        raise _fail(where, f"missing field(s): {', '.join(missing)}")
    for name in ("id", "question"):
        if not isinstance(data[name], str) or not data[name].strip():
            raise _fail(where, f"'{name}' must be a non-empty string, got {data[name]!r}")
    if data["lang"] not in LANGS:
        raise _fail(where, f"unknown lang {data['lang']!r} (expected one of {', '.join(LANGS)})")
    if data["category"] not in CATEGORIES:
        raise _fail(
            where,
            f"unknown category {data['category']!r} (expected one of {', '.join(CATEGORIES)})",
        )
    if not isinstance(data["answerable"], bool):
        raise _fail(where, f"'answerable' must be true or false, got {data['answerable']!r}")
    gold = _parse_gold(data["gold"], where)
    facts = _parse_facts(data["facts"], where)
    if data["answerable"] and not gold:
        raise _fail(where, "an answerable question needs at least one gold passage")
    notes = data.get("notes")
    if notes is not None and not isinstance(notes, str):
        raise _fail(where, f"'notes' must be a string, got {type(notes).__name__}")
    return Question(
        id=data["id"],
        question=data["question"],
        lang=data["lang"],
        category=data["category"],
        answerable=data["answerable"],
        gold=gold,
        facts=facts,
        notes=notes or "",
    )


def load_benchmark(path: str | Path) -> list[Question]:
    """Read and validate a benchmark file; questions keep their file order."""
    path = Path(path)
    questions: list[Question] = []
    first_line: dict[str, int] = {}
    with path.open(encoding="utf-8-sig") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise _fail(where, f"invalid JSON: {exc.msg} (column {exc.colno})") from exc
            question = parse_question(data, where)
            if question.id in first_line:
                raise _fail(
                    where,
                    f"duplicate id {question.id!r} (first used on line {first_line[question.id]})",
                )
            first_line[question.id] = lineno
            questions.append(question)
    if not questions:
        raise BenchmarkError(f"{path}: no questions")
    return questions
