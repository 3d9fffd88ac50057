"""Precision and recall of resolved cross-references on a hand-labelled set of mentions. Pure.

The set (eval/refs/*.jsonl) holds, for each mention, the document, language, provision path and
character offsets of the mention in the provision's text, its kind, and its right targets:
provision paths of the same act, ``law:YEAR-NUMBER`` for another act (``law:?`` when the text
does not give its number), or none at all (the cited provision is not in the indexed text).
No source text is stored.

A predicted reference belongs to a labelled mention when their spans overlap. Per mention,
a predicted target that is among the right ones is a true positive, any other is a false
positive, and a right target not predicted is a false negative. ``law:?`` matches any law.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

AMEND_SUPPL = "amend-suppl"  # supplementary provisions of amending acts (suppl-amend-N/...)
KINDS = ("article", "relative", "suppl", "junyo", "other-law", "substitution", AMEND_SUPPL)


@dataclass(frozen=True)
class Mention:
    doc: str
    language: str
    path: str  # the provision the mention sits in (a paragraph, or an article's only text)
    start: int  # offsets into that provision's whole text
    end: int
    kind: str
    targets: tuple[str, ...]  # right targets; () = nothing in the indexed text to link to
    how: str = "sample"  # "sample" (stratified random) or "issue" (an example named in the issue)


@dataclass(frozen=True)
class Predicted:
    """One resolved reference as ingest stores it: its span and target (None: no link)."""

    start: int
    end: int
    target: str | None


@dataclass(frozen=True)
class Score:
    language: str
    kind: str
    mentions: int
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def read_mentions(path: Path) -> list[Mention]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("kind") not in KINDS:
            raise ValueError(f"{path}:{n}: unknown kind {row.get('kind')!r} (known: {', '.join(KINDS)})")
        out.append(Mention(row["doc"], row["language"], row["path"], int(row["start"]), int(row["end"]),
                           row["kind"], tuple(row.get("targets", ())), row.get("how", "sample")))
    return out


def _same(predicted: str, right: str) -> bool:
    if predicted == right:
        return True
    if predicted.startswith("law:") and right.startswith("law:"):
        return "?" in (predicted[4:], right[4:])
    return False


def judge(mention: Mention, predicted: Iterable[Predicted]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of one mention."""
    found: list[str] = []
    for p in predicted:
        if p.target is not None and p.start < mention.end and p.end > mention.start and p.target not in found:
            found.append(p.target)
    tp = sum(any(_same(f, r) for r in mention.targets) for f in found)
    hit = sum(any(_same(f, r) for f in found) for r in mention.targets)
    return tp, len(found) - tp, len(mention.targets) - hit


def score(mentions: Sequence[Mention],
          predictions: Mapping[tuple[str, str, str], Sequence[Predicted]]) -> list[Score]:
    """Per language and kind, then per language for the main text (every kind but amending
    acts' supplementary provisions) and for all; `predictions` is keyed by (doc, language, path)."""
    counts: dict[tuple[str, str], list[int]] = {}
    for m in mentions:
        tp, fp, fn = judge(m, predictions.get((m.doc, m.language, m.path), ()))
        groups = [m.kind, "main text" if m.kind != AMEND_SUPPL else None, "all"]
        for group in filter(None, groups):
            for lang in (m.language, "all"):
                row = counts.setdefault((lang, group), [0, 0, 0, 0])
                row[0] += 1
                row[1] += tp
                row[2] += fp
                row[3] += fn
    order = {k: n for n, k in enumerate((*KINDS, "main text", "all"))}
    return [Score(lang, kind, *row) for (lang, kind), row in
            sorted(counts.items(), key=lambda kv: (kv[0][0] == "all", kv[0][0], order[kv[0][1]]))]


Predictions = Mapping[tuple[str, str, str], Sequence[Predicted]]


def misses(mentions: Sequence[Mention], predictions: Predictions) -> list[tuple[Mention, list[str]]]:
    """The mentions judged wrong (a false positive or negative), with what was predicted."""
    out = []
    for m in mentions:
        preds = predictions.get((m.doc, m.language, m.path), ())
        tp, fp, fn = judge(m, preds)
        if fp or fn:
            found = [p.target or "-" for p in preds if p.start < m.end and p.end > m.start]
            out.append((m, found))
    return out


def target_of(ref: object) -> str | None:
    """What a resolved reference links to, in the set's notation (None: it links nowhere)."""
    law = getattr(ref, "law", None)
    if law is not None:
        return f"law:{getattr(law, 'key', None) or '?'}"
    return getattr(ref, "path", None)


def predict(provisions: Sequence[object], language: str,
            enacted: Callable[[str], bool] = lambda _path: False) -> dict[str, list[Predicted]]:
    """Each provision's references as ingest resolves and stores them, keyed by path
    (`enacted`: Source.cites_enacted_numbering)."""
    from ingest.law_names import law_table
    from ingest.passages import article_order, known_paths, resolved_refs

    order, known = article_order(provisions), known_paths(provisions)  # type: ignore[arg-type]
    laws = law_table((p.text for p in provisions), language)  # type: ignore[attr-defined]
    return {p.path: [Predicted(r.start, r.end, target_of(r))  # type: ignore[attr-defined]
                     for r in resolved_refs(p, order, known, laws,  # type: ignore[arg-type]
                                            enacted(p.path))]  # type: ignore[attr-defined]
            for p in provisions}
