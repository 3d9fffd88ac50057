"""Invented references: an article, paragraph or item number an answer states in its own words
that does not exist in the document it cites. Pure: no I/O.

Text inside quotation marks (“…”, 「…」, "…") is the source's own wording, quoted verbatim, and is
not checked. The rest of the answer is read in units, each ending at a group of citation markers
([1] [2]); a reference in a unit is checked against the documents that unit cites (all cited
documents when it has no marker). A reference exists when the document has that path or a path
below it (`art-21` exists when `art-21/para-1` does). When the paths known are not the finest
(a table of contents read over HTTP lists passages, not the paragraphs and items inside them),
`items_known=False` accepts a reference below a listed path that has nothing listed below it
(`art-6/para-2` when `art-6` is listed alone), which cannot be checked further.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from api.schemas import Answer
from query.references import parse_references

_QUOTED = re.compile(r"“[^”]*”|「[^」]*」|\"[^\"]*\"|『[^』]*』")
_MARKERS = re.compile(r"(?:\s*\[\d+\])+")
_MARKER = re.compile(r"\[(\d+)\]")


def claim_units(text: str) -> list[tuple[str, list[int]]]:
    """The answer's own words (quotes blanked) in units ending at citation markers."""
    plain = _QUOTED.sub("“”", text)
    units: list[tuple[str, list[int]]] = []
    start = 0
    for m in _MARKERS.finditer(plain):
        units.append((plain[start:m.start()], [int(n) for n in _MARKER.findall(m.group())]))
        start = m.end()
    if plain[start:].strip():
        units.append((plain[start:], []))
    return units


def path_exists(paths: Collection[str], path: str, items_known: bool = True) -> bool:
    if any(p == path or p.startswith(path + "/") for p in paths):
        return True
    if items_known:
        return False
    parts = path.split("/")
    for cut in range(len(parts) - 1, 0, -1):
        ancestor = "/".join(parts[:cut])
        if ancestor in paths:  # the finest listed path above it: a leaf cannot be checked further
            return not any(p.startswith(ancestor + "/") for p in paths)
    return False


def invented_references(answer: Answer, doc_paths: Mapping[str, Collection[str]],
                        items_known: bool = True) -> list[str]:
    """'Article 99(1) (art-99/para-1) not in jp-appi' for each such reference; an abstention or
    an answer citing nothing is not checked (a refusal may name a provision that is missing)."""
    if answer.abstained or not answer.citations:
        return []
    cited = {c.n: c.doc_id for c in answer.citations}
    out: list[str] = []
    for unit, markers in claim_units(answer.answer):
        docs = sorted({cited[m] for m in markers if m in cited} or set(cited.values()))
        for ref in parse_references(unit):
            if not any(path_exists(doc_paths.get(d, ()), ref.path, items_known) for d in docs):
                out.append(f"{ref.path} not in {', '.join(docs)}")
    return out
