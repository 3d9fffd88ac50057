"""Cutting a long quoted sentence down to the parts that bear on the question. Pure.

A statute's sentence often carries, besides the rule a question asks about, conditions and
exceptions for other cases and asides that define or qualify a word in passing; quoted whole, the
rule is lost among them. A sentence longer than `min_size` is cut into clauses where a statute
starts a new one: a semicolon, a proviso or an exception (", provided that", ", except",
", unless", 「ただし、」, 「…を除き、」), and in Japanese a condition ending in 「場合（には）、」 or
「とき（は）、」 (with `phrases`, English qualifying phrases too: ", in accordance with ...",
", for ..."). A clause is kept when it holds something of the question the clauses kept before it
lack (`bears` says what a text holds: its terms, a stated quantity); so are an English sentence's
first clause unless it opens with a condition (its subject), every clause stating a rule ("shall",
"must", "is to", "means"), a Japanese sentence's last clause (its verb), and a proviso after a
kept rule (its exception). In the kept clauses, a bracketed aside （…）/(...) holding nothing of
the question is cut, unless it glosses a word that does ("data set (meaning ...)") or names the
subject briefly ("(referred to below as ...)"). Each cut shows as "…" between the kept pieces,
every piece verbatim, so the grounding guard checks each; the whole provision stays with the
citation. A cut saving less than `min_cut` is not made.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from core.settings import TrimSettings

Bears = Callable[[str], frozenset[str]]  # what of the question a text holds (its terms, ...)

ELLIPSIS = "…"
_OPEN, _CLOSE = "(（", ")）"
# where an English clause starts: after a semicolon; after a comma, at a proviso or an exception
_EN_CLAUSES = re.compile(r";\s+|,\s+(?=(?:provided|except|excluding|unless|notwithstanding)\b)",
                         re.IGNORECASE)
# with `phrases`, also after a comma at a condition or a qualifying phrase (a reference, a purpose,
# a manner): shorter, but such a phrase may hold what the question did not name and the answer needs
_EN_PHRASES = re.compile(
    r";\s+|,\s+(?=(?:provided|except|excluding|including|unless|notwithstanding|if|when"
    r"|where|whereas|while|which|who|in cases?|in light of|in accordance with|pursuant to|with regard to"
    r"|regarding|based on|in order to|to the extent|in conjunction with|subject to|after|before|without"
    r"|through|for)\b)", re.IGNORECASE)
# a clause that states a rule: what someone shall, must, may or is to do, or what a term means
_RULE = re.compile(r"\b(?:shall|must|may|is to|are to|means|refers? to|is required|are required)\b",
                   re.IGNORECASE)
# an English sentence's first clause is its subject and rule unless it opens with a condition,
# an exception or another adverbial
_EN_ADVERBIAL = re.compile(r"^\s*(?:\(\w{1,4}\)\s*|\d{1,3}\.\s*|[a-z]\.\s*)?"
                           r"(?:except|notwithstanding|unless|without"
                           r"|if|when|where|whereas|before|after|while|in|for|with|under|pursuant|as|to|by"
                           r"|regardless|subject|upon|on|due|because|since|although|though)\b", re.IGNORECASE)
# where a Japanese clause starts: after a semicolon, a condition (…場合には、…ときは、) or an
# exception (…を除き、); before a proviso (ただし、)
_JA_CUTS = re.compile(r"；|(?:場合|とき)(?:には|においては|は|に)?、|を除(?:き|いて|くほか)、|(?=ただし、)")
# an aside that says what the word before it means
_GLOSS = re.compile(r"^[(（]\s*(?:meaning|that is|i\.e\.|which means|namely)\b|をいう", re.IGNORECASE)
_PROVISO = re.compile(r"provided\b|ただし", re.IGNORECASE)
# an aside that names what the sentence is about, as the text calls it from then on
_NAMES = re.compile(r"^[(（]\s*(?:hereinafter|referred to|以下[^（）]{0,40}という)", re.IGNORECASE)
_EDGE = " \t\n,;、；"


def size(text: str, ja: bool) -> int:
    """A text's length in words (English) or in half its characters (Japanese: about a word)."""
    return len("".join(text.split())) // 2 if ja else len(text.split())


def _top_level(text: str) -> list[int]:
    """Bracket depth (round brackets, half- and full-width) before each character."""
    depth, out = 0, []
    for ch in text:
        if ch in _CLOSE:
            depth = max(0, depth - 1)
        out.append(depth)
        if ch in _OPEN:
            depth += 1
    return out


def asides(text: str, ja: bool, least: int) -> list[tuple[int, int]]:
    """(start, end) of each top-level bracketed aside of at least `least` words, brackets included."""
    out, start, depth = [], None, 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            if depth == 0:
                start = i
            depth += 1
        elif ch in _CLOSE and depth > 0:
            depth -= 1
            if depth == 0 and start is not None and size(text[start + 1 : i], ja) >= least:
                out.append((start, i + 1))
    return out


def clause_starts(text: str, ja: bool, phrases: bool = False) -> list[int]:
    """Offsets where a clause (with `phrases`, an English qualifying phrase too) starts, outside
    brackets, ascending, beginning with 0."""
    depth = _top_level(text)
    cuts = {0}
    for m in (_JA_CUTS if ja else _EN_PHRASES if phrases else _EN_CLAUSES).finditer(text):
        if m.end() < len(text) and depth[m.start()] == 0:
            cuts.add(m.end())
    return sorted(cuts)


def _pieces(text: str, keep: list[bool]) -> list[tuple[int, int]]:
    """The runs of kept characters, without white space and clause punctuation at their edges."""
    out, i, n = [], 0, len(text)
    while i < n:
        if not keep[i]:
            i += 1
            continue
        j = i
        while j < n and keep[j]:
            j += 1
        a, b = i, j
        while a < b and text[a] in _EDGE:
            a += 1
        while b > a and text[b - 1] in _EDGE:
            b -= 1
        if b > a and any(ch.isalnum() for ch in text[a:b]):  # not a stop or a colon alone
            out.append((a, b))
        i = j
    return out


def _plain(text: str, a: int, b: int, inside: list[bool]) -> str:
    """text[a:b] without its asides."""
    return "".join(ch for i, ch in enumerate(text[a:b], start=a) if not inside[i])


def trim(text: str, bears: Bears, ja: bool, weights: Mapping[str, float] | None = None,
         settings: TrimSettings | None = None, keep_last: bool = False) -> list[tuple[int, int]]:
    """The (start, end) pieces of `text` worth quoting, in order: the whole text when it is
    short, when nothing in it bears on the question, or when cutting would save too little.
    Clauses are kept best first (by the `weights` of what they bear on, 1 each by default) while
    each adds something the kept ones lack; an aside is cut when it holds nothing bearing on the
    question (or less than `settings.aside_share` of the question's terms' weight). `keep_last`
    keeps the last clause (a lead-in's, which introduces the items quoted after it)."""
    s = settings or TrimSettings()
    w = weights or {}
    whole = [(0, len(text))]
    if size(text, ja) <= s.min_size or not bears(text):
        return whole

    def weigh(found: frozenset[str]) -> float:
        return sum(w.get(t, 1.0) for t in found)

    spans = [(x, y) for x, y in asides(text, ja, s.min_aside)
             if not (_NAMES.search(text[x:y]) and size(text[x:y], ja) <= s.max_name)]
    starts = clause_starts(text, ja, s.phrases)
    clauses = list(zip(starts, [*starts[1:], len(text)], strict=True))
    inside = [False] * len(text)
    for x, y in spans:
        inside[x:y] = [True] * (y - x)
    held = [bears(_plain(text, a, b, inside)) for a, b in clauses]
    # the verb of a Japanese sentence comes last; the subject of an English one first
    kept: set[int] = {len(clauses) - 1} if ja or keep_last else set()
    if not ja and not _EN_ADVERBIAL.match(text):
        kept.add(0)
    if not ja:  # the clauses that state the sentence's rules
        kept |= {i for i, (a, b) in enumerate(clauses) if _RULE.search(_plain(text, a, b, inside))}
    covered = frozenset().union(*(held[i] for i in kept))
    for i in sorted(range(len(clauses)), key=lambda i: -weigh(held[i])):
        if held[i] - covered:
            kept.add(i)
            covered |= held[i]
    # a proviso limits the rule before it: quoted with that rule, it is its exception
    kept |= {i for i in range(1, len(clauses)) if min(kept) < i and _PROVISO.match(text, clauses[i][0])}
    # a short phrase between two kept ones stays: a cut there would save little and break the reading
    kept |= {i for i in range(1, len(clauses) - 1) if i - 1 in kept and i + 1 in kept
             and size(text[slice(*clauses[i])], ja) < s.min_aside}
    keep = [False] * len(text)
    for i in kept:
        a, b = clauses[i]
        keep[a:b] = [True] * (b - a)
    total = weigh(frozenset(w)) if w else weigh(bears(text))
    for x, y in spans:
        if not keep[x]:
            continue
        before = text[max(0, x - 40) : x].split()[-3:] if not ja else [text[max(0, x - 8) : x]]
        glosses = bool(_GLOSS.search(text[x:y])) and bool(bears(" ".join(before)))
        held_w = weigh(bears(text[x:y]) - (covered if s.aside_new else frozenset()))
        if not glosses and (held_w == 0 or held_w < s.aside_share * total):
            keep[x:y] = [False] * (y - x)
    pieces = _pieces(text, keep)
    saved = size(text, ja) - sum(size(text[a:b], ja) for a, b in pieces)
    return pieces if pieces and saved >= s.min_cut else whole


def excerpt(text: str, pieces: list[tuple[int, int]], ja: bool = False) -> str:
    """The pieces joined, each cut marked "…" (at the start and the end too, when cut there)."""
    if not pieces:
        return text
    mark = ELLIPSIS if ja else f" {ELLIPSIS} "
    head = mark.lstrip() if pieces[0][0] > 0 else ""
    tail = mark.rstrip() if text[pieces[-1][1] :].strip(_EDGE + ".。:：") else ""
    return head + mark.join(text[a:b] for a, b in pieces) + tail
