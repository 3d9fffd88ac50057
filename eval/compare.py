"""`regqa eval compare RUN_A RUN_B`: what changed between two runs, judged over questions.

A run is an output directory of `regqa eval` (with summary.json: cells under <set>/<config>/)
or one cell's directory (results.jsonl). Cells are paired by (set, configuration); when the two
runs share none, by set when each run has one configuration per set (comparing configuration A
with configuration B). Questions are paired by id. For each metric: A, B, B − A and a paired
bootstrap 95% interval (eval/bootstrap.py); then the questions whose outcome changed: hit@5
hit ↔ miss, citations right ↔ wrong (all cited passages gold, or not), abstained ↔ answered.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.bootstrap import Delta, paired_bootstrap
from eval.matrix import SUMMARY_FILE
from eval.report_md import fmt, md_table
from eval.runner import RESULTS_FILE

Record = dict[str, Any]
Key = tuple[str, str]  # (set, configuration)


class CompareError(ValueError):
    """The runs cannot be read or share nothing to compare."""


def _hit(k: int) -> Callable[[Record], float | None]:
    def get(r: Record) -> float | None:
        hits = r["scores"].get("hit_at_k")
        return None if not hits else float(hits[str(k)])
    return get


def _score(name: str) -> Callable[[Record], float | None]:
    def get(r: Record) -> float | None:
        value = r["scores"].get(name)
        return None if value is None else float(value)
    return get


def _recall10(r: Record) -> float | None:
    recall = r["scores"].get("recall_at_k")
    return None if not recall else float(recall["10"])


def _invented(r: Record) -> float | None:
    refs = r["scores"].get("invented_refs")
    return None if refs is None else float(len(refs))


# (label, per-question value, higher is better)
PER_QUESTION: tuple[tuple[str, Callable[[Record], float | None], bool], ...] = (
    ("hit@1", _hit(1), True),
    ("hit@5", _hit(5), True),
    ("hit@10", _hit(10), True),
    ("recall@10", _recall10, True),
    ("MRR", lambda r: float(r["scores"].get("reciprocal_rank") or 0.0) if r["answerable"] else None, True),
    ("citation precision", _score("citation_precision"), True),
    ("fact recall", _score("fact_recall"), True),
    ("abstention correct", lambda r: float(r["scores"]["abstention_correct"]), True),
    ("grounded share", _score("grounded_share"), True),
    ("invented references / question", _invented, False),
    ("latency ms", _score("latency_ms"), False),
)


@dataclass
class Comparison:
    a: str
    b: str
    n: int
    deltas: list[tuple[str, Delta, bool]] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    only_a: int = 0
    only_b: int = 0


def load_run(path: Path) -> dict[Key, list[Record]]:
    """Every cell of a run directory (or the one cell a directory holds), by (set, config)."""
    if (path / SUMMARY_FILE).is_file():
        summary = json.loads((path / SUMMARY_FILE).read_text(encoding="utf-8"))
        return {(c["set"], c["config"]): _records(path / c["dir"] / RESULTS_FILE) for c in summary["cells"]}
    if (path / RESULTS_FILE).is_file():
        return {(path.parent.name, path.name): _records(path / RESULTS_FILE)}
    raise CompareError(f"{path}: neither {SUMMARY_FILE} nor {RESULTS_FILE} (not a `regqa eval` output)")


def _records(path: Path) -> list[Record]:
    try:
        with path.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        raise CompareError(f"{path}: {exc}") from exc


def pair_cells(a: dict[Key, Any], b: dict[Key, Any]) -> list[tuple[Key, Key]]:
    common = [k for k in a if k in b]
    if common:
        return [(k, k) for k in common]
    if len(a) == 1 and len(b) == 1:
        return [(next(iter(a)), next(iter(b)))]
    by_set_a: dict[str, list[Key]] = {}
    by_set_b: dict[str, list[Key]] = {}
    for k in a:
        by_set_a.setdefault(k[0], []).append(k)
    for k in b:
        by_set_b.setdefault(k[0], []).append(k)
    pairs = [(by_set_a[s][0], by_set_b[s][0]) for s in by_set_a
             if s in by_set_b and len(by_set_a[s]) == 1 and len(by_set_b[s]) == 1]
    if not pairs:
        raise CompareError("the two runs share no (set, configuration) and cannot be paired by set")
    return pairs


def _cited_right(r: Record) -> bool | None:
    cp = r["scores"].get("citation_precision")
    return None if cp is None else cp >= 1.0


def _hit5(r: Record) -> bool | None:
    value = _hit(5)(r)
    return None if value is None else bool(value)


def changed_questions(a: Sequence[Record], b: Sequence[Record]) -> dict[str, list[str]]:
    """Question ids whose outcome changed, by kind of change (a[i] and b[i] are one question)."""
    out: dict[str, list[str]] = {"hit@5: hit → miss": [], "hit@5: miss → hit": [],
                                 "cited right → wrong": [], "cited wrong → right": [],
                                 "answered → abstained": [], "abstained → answered": []}
    for ra, rb in zip(a, b, strict=True):
        qid = ra["id"]
        ha, hb = _hit5(ra), _hit5(rb)
        if ha is True and hb is False:
            out["hit@5: hit → miss"].append(qid)
        if ha is False and hb is True:
            out["hit@5: miss → hit"].append(qid)
        ca, cb = _cited_right(ra), _cited_right(rb)
        if ca is True and cb is False:
            out["cited right → wrong"].append(qid)
        if ca is False and cb is True:
            out["cited wrong → right"].append(qid)
        if ra["abstained"] != rb["abstained"]:
            out["answered → abstained" if rb["abstained"] else "abstained → answered"].append(qid)
    return out


def compare_records(name_a: str, name_b: str, a: Sequence[Record], b: Sequence[Record],
                    resamples: int = 2000, seed: int = 0) -> Comparison:
    by_id_b = {r["id"]: r for r in b}
    pa = [r for r in a if r["id"] in by_id_b]
    pb = [by_id_b[r["id"]] for r in pa]
    ids_a = {r["id"] for r in a}
    comp = Comparison(name_a, name_b, len(pa), only_a=len(a) - len(pa),
                      only_b=sum(1 for r in b if r["id"] not in ids_a))
    for label, get, higher in PER_QUESTION:
        delta = paired_bootstrap([get(r) for r in pa], [get(r) for r in pb], resamples, seed)
        comp.deltas.append((label, delta, higher))
    comp.changed = changed_questions(pa, pb)
    return comp


def compare_runs(run_a: Path, run_b: Path, resamples: int = 2000) -> list[Comparison]:
    a, b = load_run(run_a), load_run(run_b)
    return [compare_records(" · ".join(ka), " · ".join(kb), a[ka], b[kb], resamples)
            for ka, kb in pair_cells(a, b)]


def verdict(delta: Delta, higher_is_better: bool) -> str:
    if delta.delta is None:
        return ""
    if not delta.significant:
        return "within noise"
    better = (delta.delta > 0) == higher_is_better
    return "better" if better else "worse"


def render_comparison(comparisons: Sequence[Comparison]) -> str:
    lines: list[str] = []
    for c in comparisons:
        unpaired = f"; {c.only_a} only in A, {c.only_b} only in B" if c.only_a or c.only_b else ""
        lines += [f"## A = {c.a}  vs  B = {c.b}  ({c.n} questions in both{unpaired})", ""]
        rows = []
        for label, d, higher in c.deltas:
            digits = 1 if label.startswith("latency") else 3
            ci = f"[{d.low:+.{digits}f}, {d.high:+.{digits}f}]" if d.low is not None else "–"
            rows.append([label, fmt(d.a, digits), fmt(d.b, digits),
                         f"{d.delta:+.{digits}f}" if d.delta is not None else "–", ci, d.n,
                         verdict(d, higher)])
        lines += md_table(["metric", "A", "B", "B − A", "95% CI (bootstrap)", "n", "B is"], rows)
        lines += ["", "Questions whose outcome changed:", ""]
        lines += [f"- {kind} ({len(ids)}): {', '.join(ids) if ids else 'none'}"
                  for kind, ids in c.changed.items()]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
