"""Sentences with their offsets, pure: `split_sentences` cuts provision text into quotable
sentences (answers, /verify, the grounding guard), `sentence_starts` into the units a long
provision is split at (ingest/chunking.py), `question_parts` a question into its sentences.

Both provision splitters end an English sentence at . ; or : followed by white space and a
capital, an opening bracket or a quote, and a Japanese one at 。 outside brackets; a list item's
label ("a.", "2.", "iv.") ends none. `sentence_starts` also keeps abbreviations ("Art. 5",
"U.S.") whole; `split_sentences` does not, and treats each line as its own unit. (Making them
one rule changes which sentences answers quote: that is answer-quality work, measured on the
question sets, not a restructure.)
"""

from __future__ import annotations

import re

_EN_END = re.compile(r"(?<=[.;:])\s+(?=[A-Z(\"“‘'])")
_EN_END_IN_LINE = re.compile(r"(?<=[.;:])[ \t]+(?=[A-Z(\"“‘'])")
_ABBREV = re.compile(r"(?:\b(?:No|Nos|Art|Arts|para|paras|e\.g|i\.e|etc|cf|vs|Mr|Ms|Dr|U\.S|Inc|Co|Ltd"
                     r"|St|Vol|p|pp)|\b[A-Z])\.$")
_OPEN, _CLOSE = "（「『(", "）」』)"
_QUESTION_END = re.compile(r"(?<=[.?!。？！])\s*")
# a list item's label at the start of its line ("a.", "2.", "iv.") ends no sentence
LIST_LABEL = re.compile(r"\(?(?:[A-Za-z]|[ivxlcdm]+|\d{1,3})[.)]", re.IGNORECASE)


def _ja_cuts(line: str) -> list[int]:
    """Offsets just after each 。 that is not inside brackets (「…という。」 does not end a sentence)."""
    if "。" not in line:  # an English line: nothing to scan for
        return []
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


def sentence_starts(text: str) -> list[int]:
    """Offsets where a sentence (or a line) starts, ascending, always beginning with 0."""
    cuts = {0}
    depth = 0
    for i, ch in enumerate(text):
        if ch == "\n":
            cuts.add(i + 1)
            depth = 0
        elif ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == "。" and depth == 0:
            j = i + 1
            while j < len(text) and text[j] in " \u3000\t":
                j += 1
            cuts.add(j)
    for m in _EN_END_IN_LINE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        window = text[max(line_start, m.start() - 16):m.start()]
        if m.start() - 16 > line_start:
            window = "x" + window  # cut inside a word: no word boundary at the window's start
        if not _ABBREV.search(window) and not LIST_LABEL.fullmatch(text[line_start:m.start()].strip()):
            cuts.add(m.end())
    return sorted(c for c in cuts if c == 0 or (c < len(text) and not text[c].isspace()))
