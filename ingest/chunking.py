"""Split long provisions into overlapping parts of whole sentences. Pure.

A provision longer than `MAX_CHARS` becomes parts of at most about `MAX_CHARS` characters that
end at sentence (or line) boundaries; each part after the first repeats the last sentence of
the part before it, so a reader (or the embedder) never sees a sentence without the one before
it. A single sentence longer than the limit is never cut: it becomes a part of its own.

Measured on the mirror (2026-11): the median provision is 100-600 characters (Japanese ~100,
English ~400, Korean articles ~1,200, NIST sections ~1,270); p95 1,500 in the English APPI and
4,300 in the Korean act; the longest 8,000. 34 provisions exceed 2,000 characters. On
dev.jsonl a 1,200 limit (161 provisions split) lowered hit@3 from 0.784 to 0.703 and MRR from
0.694 to 0.671 (shorter parts of long Korean articles crowd out the Japanese act); 2,000 left
hit@1/3/5 unchanged (hit@10 0.946 -> 0.919, one question from rank 8 to 11), so 2,000 it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CHARS = 2000

# an English sentence ends at . ; or : followed by white space and a capital, an opening
# bracket or a quote (as api/sentences.py); a Japanese one at 。 outside brackets
_EN_END = re.compile(r"(?<=[.;:])[ \t]+(?=[A-Z(\"“‘'])")
_ABBREV = re.compile(r"(?:\b(?:No|Nos|Art|Arts|para|paras|e\.g|i\.e|etc|cf|vs|Mr|Ms|Dr|U\.S|Inc|Co|Ltd"
                     r"|St|Vol|p|pp)|\b[A-Z])\.$")
_OPEN, _CLOSE = "（「『(", "）」』)"
# a list item's label at the start of its line ("a.", "2.", "iv.") ends no sentence
LIST_LABEL = re.compile(r"\(?(?:[A-Za-z]|[ivxlcdm]+|\d{1,3})[.)]", re.IGNORECASE)


@dataclass(frozen=True)
class Chunk:
    """One part of a provision's text: `text == whole[start:end]`."""

    start: int
    end: int
    text: str


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
    for m in _EN_END.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        window = text[max(line_start, m.start() - 16):m.start()]
        if m.start() - 16 > line_start:
            window = "x" + window  # cut inside a word: no word boundary at the window's start
        if not _ABBREV.search(window) and not LIST_LABEL.fullmatch(text[line_start:m.start()].strip()):
            cuts.add(m.end())
    return sorted(c for c in cuts if c == 0 or (c < len(text) and not text[c].isspace()))


def split_text(text: str, max_chars: int = MAX_CHARS) -> list[Chunk]:
    """Parts of `text`, each a run of whole sentences, overlapping by one sentence.

    Text no longer than `max_chars` is one part. Parts are in order, every character lies in
    some part (the text's own trailing white space aside), `text[c.start:c.end] == c.text`, and
    each part starts where the one before it ends or inside it.
    """
    if len(text) <= max_chars:
        return [Chunk(0, len(text), text)]
    starts = sentence_starts(text)
    units = list(zip(starts, [*starts[1:], len(text)], strict=True))
    groups: list[tuple[int, int]] = []  # each part is units[i:j]
    i, repeated = 0, False
    while i < len(units):
        j = i + 1  # a part holds at least one sentence
        while j < len(units) and units[j][1] - units[i][0] <= max_chars:
            j += 1
        if repeated and j == i + 1:  # the repeated sentence leaves no room: do not repeat it
            i, repeated = i + 1, False
            continue
        groups.append((i, j))
        if j >= len(units):
            break
        repeated = j - 1 > i
        i = j - 1 if repeated else j  # repeat the last sentence, unless it was the only one
    chunks: list[Chunk] = []
    for k, (i, j) in enumerate(groups):
        start, end = units[i][0], units[j - 1][1]
        # white space at the end is dropped where the next part repeats it (or at the end of
        # the text); kept where the next part starts after it, so the parts reassemble exactly
        overlapped = k + 1 < len(groups) and groups[k + 1][0] < j
        body = text[start:end].rstrip() if overlapped or k + 1 == len(groups) else text[start:end]
        chunks.append(Chunk(start, start + len(body), body))
    return chunks
