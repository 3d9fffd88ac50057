"""Split provision text into quotable sentences with their offsets. Pure."""

from __future__ import annotations

import re

from ingest.chunking import LIST_LABEL  # a list item's label ("a.", "2.") ends no sentence

# An English sentence ends at . ; or : followed by space and a capital, an opening bracket or
# a quote; a Japanese one after 。. Item lines (one per line in passage text) are their own units.
_EN_END = re.compile(r"(?<=[.;:])\s+(?=[A-Z(\"“‘'])")
_OPEN, _CLOSE = "（「『(", "）」』)"
_QUESTION_END = re.compile(r"(?<=[.?!。？！])\s*")


def _ja_cuts(line: str) -> list[int]:
    """Offsets just after each 。 that is not inside brackets (「…という。」 does not end a sentence)."""
    cuts, depth = [], 0
    for i, ch in enumerate(line):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == "。" and depth == 0:
            cuts.append(i + 1)
    return cuts


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence of `text`, in order, trimmed of white space."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        cuts = [0]
        for m in _EN_END.finditer(line):
            if not LIST_LABEL.fullmatch(line[cuts[-1]:m.start()].strip()):
                cuts.append(m.end())
        cuts.extend(_ja_cuts(line))
        cuts = sorted(set(cuts)) + [len(line)]
        for a, b in zip(cuts, cuts[1:], strict=False):
            seg = line[a:b]
            lead = len(seg) - len(seg.lstrip())
            trail = len(seg.rstrip())
            if trail > lead:
                spans.append((line_start + a + lead, line_start + a + trail))
    return spans


def question_parts(question: str) -> list[str]:
    """The sentences of a question ("Korea revises its plan on a cycle. How often is that?"):
    split after any full stop, question or exclamation mark, English or Japanese."""
    return [part for part in _QUESTION_END.split(question.strip()) if part.strip()]
