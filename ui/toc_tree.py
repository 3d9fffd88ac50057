"""A document's table of contents (GET /documents/{id} `toc`) as a tree: chapter -> article ->
paragraphs, in text order. Pure, no Streamlit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ui.query_state import article_of

NO_CHAPTER = "(outside any chapter)"
_PARA_SUFFIX = [
    re.compile(r"\s*\(\d+\)$"),
    re.compile(r"\s+part \d+(?=,|$)"),
    re.compile(r"第[一二三四五六七八九十百千〇]+項$"),
]


@dataclass
class Article:
    key: str  # the article's path: art-27, suppl/art-1, sec-4
    label: str  # as people write it, in the reading language
    caption: str
    entries: list[dict[str, Any]] = field(default_factory=list)  # the toc entries (paragraphs)

    @property
    def paths(self) -> list[str]:
        return [e["path"] for e in self.entries]


@dataclass
class Chapter:
    title: str
    articles: list[Article] = field(default_factory=list)


def article_label(entry: dict[str, Any], lang: str) -> str:
    """The article's name from one of its paragraphs' refs: `Article 3(2)` -> `Article 3`."""
    refs = entry.get("refs") or {}
    ref = refs.get(lang) or next(iter(refs.values()), entry.get("path", ""))
    for pattern in _PARA_SUFFIX:
        ref = pattern.sub("", ref)
    return ref


def _pick(mapping: dict[str, str], lang: str) -> str:
    return (mapping or {}).get(lang) or next(iter((mapping or {}).values()), "")


def build_tree(toc: list[dict[str, Any]], lang: str = "en") -> list[Chapter]:
    """Chapters in the order they first appear; articles grouped under them, paragraphs in order."""
    chapters: list[Chapter] = []
    by_title: dict[str, Chapter] = {}
    current: dict[str, Article] = {}
    for entry in toc:
        title = (entry.get("chapter") or "").strip() or NO_CHAPTER
        chapter = by_title.get(title)
        if chapter is None:
            chapter = by_title[title] = Chapter(title)
            chapters.append(chapter)
        key = article_of(entry["path"])
        art = current.get(key)
        if art is None:
            art = Article(key, article_label(entry, lang), _pick(entry.get("captions", {}), lang))
            current[key] = art
            chapter.articles.append(art)
        art.entries.append(entry)
    return chapters


def find_article(chapters: list[Chapter], path: str | None) -> Article | None:
    """The article holding `path` (an article, a paragraph or an item inside one)."""
    if not path:
        return None
    key = article_of(path)
    for chapter in chapters:
        for art in chapter.articles:
            if art.key == key or path in art.paths:
                return art
    return None


def filter_tree(chapters: list[Chapter], text: str) -> list[Chapter]:
    """Only the articles whose label, caption or path contains `text` (case-insensitive)."""
    needle = (text or "").strip().lower()
    if not needle:
        return chapters
    out = []
    for chapter in chapters:
        arts = [
            a for a in chapter.articles if needle in f"{a.label} {a.caption} {a.key} {chapter.title}".lower()
        ]
        if arts:
            out.append(Chapter(chapter.title, arts))
    return out
