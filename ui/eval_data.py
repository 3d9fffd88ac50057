"""Reading `regqa eval` output (metrics.json + results.jsonl, eval/runner.py) for the Evaluate
page: headline numbers, per-group tables, a latency histogram, the failed questions and the
differences between two runs. Pure, no Streamlit."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

METRICS_FILE = "metrics.json"
RESULTS_FILE = "results.jsonl"


class EvalDataError(ValueError):
    """The files are not a regqa eval output; the message says what is wrong."""


@dataclass
class EvalRun:
    name: str
    metrics: dict[str, Any]
    results: list[dict[str, Any]] = field(default_factory=list)

    @property
    def by_id(self) -> dict[str, dict[str, Any]]:
        return {r["id"]: r for r in self.results}


def parse_run(name: str, metrics_text: str, results_text: str) -> EvalRun:
    try:
        metrics = json.loads(metrics_text)
    except ValueError as exc:
        raise EvalDataError(f"{METRICS_FILE} is not JSON: {exc}") from exc
    if not isinstance(metrics, dict) or "n" not in metrics or "hit_at_k" not in metrics:
        raise EvalDataError(f"{METRICS_FILE} has no `n` / `hit_at_k`: not written by `regqa eval`")
    results = []
    for lineno, line in enumerate(results_text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            raise EvalDataError(f"{RESULTS_FILE} line {lineno} is not JSON: {exc}") from exc
        if not isinstance(rec, dict) or "id" not in rec or "scores" not in rec:
            raise EvalDataError(f"{RESULTS_FILE} line {lineno} has no `id` / `scores`")
        results.append(rec)
    return EvalRun(name, metrics, results)


def load_dir(path: str | Path) -> EvalRun:
    folder = Path(path).expanduser()
    metrics, results = folder / METRICS_FILE, folder / RESULTS_FILE
    missing = [p.name for p in (metrics, results) if not p.is_file()]
    if missing:
        raise EvalDataError(
            f"{folder} has no {' or '.join(missing)} (run `regqa eval BENCHMARK --out {folder}`)"
        )
    return parse_run(
        folder.name or str(folder), metrics.read_text(encoding="utf-8"), results.read_text(encoding="utf-8")
    )


def find_runs(roots: list[Path], depth: int = 3) -> list[Path]:
    """Folders under `roots` (and the roots themselves) holding a metrics.json and results.jsonl."""
    found: list[Path] = []
    for root in roots:
        root = root.expanduser()
        if not root.is_dir():
            continue
        candidates = [root / METRICS_FILE]
        for d in range(1, depth + 1):
            candidates += sorted(root.glob("/".join(["*"] * d + [METRICS_FILE])))
        for metrics in candidates:
            folder = metrics.parent
            if metrics.is_file() and (folder / RESULTS_FILE).is_file() and folder not in found:
                found.append(folder)
    return found


def _f(value: Any) -> float | None:
    return None if value is None else float(value)


def headline(metrics: dict[str, Any]) -> list[tuple[str, float | None, str]]:
    """(label, value, help) of the numbers shown first."""
    k = str(metrics.get("k", 10))
    hits = metrics.get("hit_at_k", {})
    top = k if k in hits else (max(hits, key=int) if hits else k)
    abst = metrics.get("abstention", {})
    lat = metrics.get("latency_ms", {})
    return [
        ("hit@1", _f(hits.get("1")), "share of answerable questions with a gold passage ranked first"),
        (f"hit@{top}", _f(hits.get(top)), f"share with a gold passage in the top {top}"),
        ("MRR", _f(metrics.get("mrr")), "mean reciprocal rank of the first gold passage"),
        (
            "citation precision",
            _f(metrics.get("citation_precision")),
            "share of cited passages that are gold",
        ),
        ("fact recall", _f(metrics.get("fact_recall")), "share of expected facts found in the answers"),
        (
            "abstained when unanswerable",
            _f(abst.get("unanswerable_correct")),
            "share of unanswerable questions the system declined",
        ),
        ("wrongly abstained", _f(abst.get("false_abstain")), "share of answerable questions it declined"),
        ("latency p50 (ms)", _f(lat.get("p50")), "median whole-answer time"),
        ("latency p95 (ms)", _f(lat.get("p95")), "95th percentile whole-answer time"),
    ]


def confidence_rows(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per confidence the run's answers gave: how many, and how often their first
    citation was the right provision (a run made before answers gave one has none)."""
    return [{"confidence": level, "answers": block.get("n", 0),
             "first citation right": _f(block.get("lead_right"))}
            for level, block in (metrics.get("by_confidence") or {}).items()]


def group_rows(metrics: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """One row per category (key='by_category') or language (key='by_lang')."""
    rows = []
    for name, block in (metrics.get(key) or {}).items():
        hits = block.get("hit_at_k") or {}
        rows.append(
            {
                "group": name,
                "questions": block.get("n", 0),
                "answerable": block.get("n_answerable", 0),
                "hit@1": _f(hits.get("1")),
                "hit@5": _f(hits.get("5")),
                "MRR": _f(block.get("mrr")),
                "fact recall": _f(block.get("fact_recall")),
            }
        )
    return rows


def latency_histogram(results: list[dict[str, Any]], bins: int = 12) -> list[dict[str, Any]]:
    """Rows (bin label, from, to, count) over the questions' latencies, equal-width bins."""
    values = [float(r.get("latency_ms") or r.get("scores", {}).get("latency_ms") or 0.0) for r in results]
    if not values:
        return []
    lo, hi = min(values), max(values)
    if hi <= lo:
        return [{"latency (ms)": f"{lo:.0f}", "from": lo, "to": hi, "questions": len(values)}]
    width = (hi - lo) / bins
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int((v - lo) / width))] += 1
    digits = 0 if width >= 5 else 1
    return [
        {
            "latency (ms)": f"{lo + i * width:.{digits}f}–{lo + (i + 1) * width:.{digits}f}",
            "from": lo + i * width,
            "to": lo + (i + 1) * width,
            "questions": c,
        }
        for i, c in enumerate(counts)
    ]


def failure_reasons(rec: dict[str, Any]) -> list[str]:
    """Why a question counts as failed (empty list: it passed)."""
    s = rec.get("scores") or {}
    if rec.get("error"):
        return [f"error: {rec['error']}"]
    if not rec.get("answerable", True):
        reasons = []
        if not s.get("abstention_correct", rec.get("abstained")):
            reasons.append("answered a question the texts do not answer")
        if s.get("cited_when_unanswerable"):
            reasons.append("cited provisions for an unanswerable question")
        return reasons
    reasons = []
    if rec.get("abstained"):
        reasons.append("abstained on an answerable question")
    if s.get("first_match_rank") is None:
        reasons.append("no gold passage retrieved")
    elif s.get("first_match_rank", 1) > 1:
        reasons.append(f"first gold passage at rank {s['first_match_rank']}")
    cp = s.get("citation_precision")
    if cp is not None and cp < 1:
        reasons.append(f"cited passages not in the gold (precision {cp:.2f})")
    fr = s.get("fact_recall")
    if fr is not None and fr < 1:
        reasons.append(f"facts missing ({len(s.get('facts_missing') or [])} of the expected groups)")
    return reasons


def failures(run: EvalRun, strict_rank: bool = False) -> list[dict[str, Any]]:
    """The failed questions, worst first. A gold passage below rank 1 alone counts only if strict."""
    out = []
    for rec in run.results:
        reasons = failure_reasons(rec)
        if not strict_rank:
            reasons = [r for r in reasons if not r.startswith("first gold passage at rank")]
        if reasons:
            s = rec.get("scores") or {}
            missed = rec.get("answerable", True) and s.get("first_match_rank") is None
            badness = len(reasons) + (2 if missed else 0)
            out.append({**rec, "reasons": reasons, "_badness": badness})
    out.sort(key=lambda r: (-r["_badness"], r["id"]))
    return out


def load_gold(text: str) -> dict[str, dict[str, Any]]:
    """{question id: {gold, facts}} from a benchmark JSONL (FORMAT.md); bad lines are skipped."""
    out: dict[str, dict[str, Any]] = {}
    for line in text.splitlines():
        try:
            q = json.loads(line)
        except ValueError:
            continue
        if isinstance(q, dict) and "id" in q:
            out[str(q["id"])] = {"gold": q.get("gold") or [], "facts": q.get("facts") or []}
    return out


def _delta(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)):
        return None
    return round(b - a, 4)


def compare(a: EvalRun, b: EvalRun) -> list[dict[str, Any]]:
    """Headline metrics of two runs side by side with b - a."""
    rows = []
    for (label, va, help_), (_, vb, _) in zip(headline(a.metrics), headline(b.metrics), strict=True):
        rows.append(
            {
                "metric": label,
                f"A: {a.name}": va,
                f"B: {b.name}": vb,
                "change": _delta(va, vb),
                "about": help_,
            }
        )
    return rows


def question_changes(a: EvalRun, b: EvalRun) -> list[dict[str, Any]]:
    """Questions whose outcome differs between the runs (fixed, broken, or moved rank)."""
    rows = []
    b_ids = b.by_id
    for rec_a in a.results:
        rec_b = b_ids.get(rec_a["id"])
        if rec_b is None:
            continue
        fail_a, fail_b = bool(failure_reasons(rec_a)), bool(failure_reasons(rec_b))
        ra = (rec_a.get("scores") or {}).get("first_match_rank")
        rb = (rec_b.get("scores") or {}).get("first_match_rank")
        cpa = (rec_a.get("scores") or {}).get("citation_precision")
        cpb = (rec_b.get("scores") or {}).get("citation_precision")
        if fail_a == fail_b and ra == rb and cpa == cpb:
            continue
        change = "fixed" if fail_a and not fail_b else "broken" if fail_b and not fail_a else "changed"
        rows.append(
            {
                "id": rec_a["id"],
                "change": change,
                "question": rec_a.get("question", ""),
                "gold rank A": ra,
                "gold rank B": rb,
                "citation precision A": cpa,
                "citation precision B": cpb,
            }
        )
    order = {"broken": 0, "fixed": 1, "changed": 2}
    rows.sort(key=lambda r: (order[r["change"]], r["id"]))
    return rows
