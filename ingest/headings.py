"""Headings in text extracted from PDFs and plain files: numbered ("1.", "2.1"), divisions
("Part 1", "Appendix A") and short Title Case or ALL CAPS lines that follow a finished
sentence. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:[-‐][^\W\d_]+(?:['’][^\W\d_]+)*)*")
_SMALL = {"a", "an", "the", "and", "or", "nor", "but", "of", "for", "to", "in", "on", "at", "by",
          "with", "from", "into", "vs", "via", "per", "as", "is", "are", "its", "their", "under",
          "over", "than", "about", "between", "without", "within", "through"}
_DIVISION = re.compile(r"(Part|Chapter|Section|Appendix|Annex|Schedule)\s+(\d{1,3}|[IVXLC]{1,6}|[A-Z])"
                       r"(?:[:.]\s*|\s+[-–—]\s*|\s+|$)(.*)$")
_DIVISION_LEVEL = {"Part": 0, "Chapter": 0, "Appendix": 0, "Annex": 0, "Schedule": 0, "Section": 1}
_NUMBERED = re.compile(r"(\d{1,2}(?:\.\d{1,2}){0,3})(\.?)\s+(\S.*)$")


@dataclass(frozen=True)
class Heading:
    title: str
    level: int
    numbered: bool


def title_case(text: str) -> bool:
    """Every significant word capitalised (or the line is ALL CAPS)."""
    words = _WORD.findall(text)
    if not words or not words[0][0].isupper():
        return False
    parts = [p for w in words for p in re.split(r"[-‐]", w)]
    return all(p[:1].isupper() for p in parts if p.lower() not in _SMALL)


def heading_of(text: str, after_sentence: bool, following: str = "X" * 40,
               title_line: bool = False) -> Heading | None:
    """The heading a line is, or None.

    `after_sentence`: the line before finished a paragraph (or this line starts the text or
    follows another heading), which every heading requires. `following`: the next non-blank
    line; a heading is never followed by a line that starts lower case (that is a wrapped
    sentence or a table cell), and a one-word unnumbered heading must be followed by prose.
    `title_line`: the line is the title of a bare "Appendix A:" (it may end with a number).
    """
    if not after_sentence or not text or len(text) > 100 or following[:1].islower():
        return None
    if not re.search(r"[^\W\d_]{2}", text) or text.endswith(("-", "‐")):
        return None
    m = _DIVISION.match(text)
    if m and (not m.group(3) or m.group(3)[:1].isupper() or m.group(3)[:1].isdigit()):
        if m.group(3) and re.search(r"(?:\s\d+|[.,;:])$", text):
            return None  # a table-of-contents line with its page number, or a sentence
        return Heading(text, _DIVISION_LEVEL[m.group(1)], True)
    if re.search(r"[.,;:]$", text) or (re.search(r"\s\d+$", text) and not title_line):
        return None
    m = _NUMBERED.match(text)
    if m:
        rest = m.group(3)
        if rest[:1].isupper() and not re.search(r"[.?!]\s", rest) and len(_WORD.findall(rest)) <= 14:
            return Heading(text, m.group(1).count(".") + 1, True)
        return None
    words = _WORD.findall(text)
    if len(words) > 10 or not re.match(r"[^\W\d_]", text):
        return None
    if len(words) == 1 and len(following) < 30:
        return None
    if text.isupper() or title_case(text):
        return Heading(text, 1, False)
    return None


def is_bare_division(text: str) -> bool:
    """"Appendix A:", "Part 2": a division label whose title is on the next line."""
    m = _DIVISION.match(text)
    return bool(m) and not m.group(3)
