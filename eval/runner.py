"""Run a pipeline over a benchmark and write what it did.

`run_benchmark` asks every question through `ask_with_hits`, timing each call with
`time.perf_counter` (the whole-answer latency), and scores it with `eval.scoring`.
A question whose gold documents are not indexed simply misses; an exception raised by
the pipeline is recorded against that question (and counted in `n_errors`) rather than
ending the run, unless `raise_errors=True`.

`write_outputs` writes, into one directory:

- ``metrics.json``  the aggregate metrics (`eval.scoring.aggregate`);
- ``results.jsonl`` one line per question: what was retrieved and cited (ids, paths,
  match flags; no passage texts beyond the citation quotes), the answer and its scores;
- ``report.md``     the metric tables and the failed questions, by id.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from rich.table import Table

from api.schemas import Answer
from core.timing import collect_stages
from eval.benchmark import Question
from eval.scoring import KS, QuestionScore, aggregate, matched_gold, score_question
from search.hits import Hit

METRICS_FILE = "metrics.json"
RESULTS_FILE = "results.jsonl"
REPORT_FILE = "report.md"


@runtime_checkable
class SupportsAskWithHits(Protocol):
    """What the evaluator needs of a pipeline (answer.pipeline implements it)."""

    def ask_with_hits(self, question: str, k: int) -> tuple[Answer, list[Hit]]:
        """The answer and the ranked retrieved passages, best first; len(hits) <= k."""
        ...


@dataclass
class QuestionResult:
    question: Question
    answer: Answer | None  # None when the pipeline raised
    hits: list[Hit]
    latency_ms: float
    score: QuestionScore
    error: str | None = None

    def to_record(self) -> dict[str, Any]:
        """The results.jsonl line: no passage texts beyond the citation quotes."""
        q, s = self.question, self.score
        retrieved = [
            {
                "rank": rank,
                "passage_id": h.passage.passage_id,
                "doc_id": h.passage.doc_id,
                "path": h.passage.path,
                "language": h.passage.language,
                "score": h.score,
                "match": bool(matches),
            }
            for rank, (h, matches) in enumerate(zip(self.hits, s.rank_matches, strict=False), 1)
        ]
        citations = [
            {
                "n": c.n,
                "doc_id": c.doc_id,
                "path": c.path,
                "language": c.language,
                "quote": c.quote,
                "match": match,
            }
            for c, match in zip(
                self.answer.citations if self.answer else [], s.citation_matches, strict=False
            )
        ]
        related = [  # listed, not quoted: beside an abstention or an answer that is not sure
            {"doc_id": r.doc_id, "path": r.path, "language": r.language,
             "match": bool(matched_gold(r.doc_id, r.path, r.language, r.text, q.gold))}
            for r in (self.answer.related if self.answer else [])
        ]
        return {
            "id": q.id,
            "lang": q.lang,
            "category": q.category,
            "answerable": q.answerable,
            "question": q.question,
            "gold": _gold_desc(q),
            "retrieved": retrieved,
            "answer": self.answer.answer if self.answer else "",
            "abstained": s.abstained,
            "citations": citations,
            "related": related,
            "scores": s.to_dict(),
            "latency_ms": round(self.latency_ms, 3),
            "error": self.error,
        }


@dataclass
class EvalRun:
    results: list[QuestionResult]
    metrics: dict[str, Any]
    k: int
    started_at: str  # ISO 8601, UTC
    wall_seconds: float

    @property
    def scores(self) -> list[QuestionScore]:
        return [r.score for r in self.results]


Progress = Callable[[int, int, QuestionResult], None]


def run_benchmark(
    pipeline: SupportsAskWithHits,
    questions: Sequence[Question],
    k: int = 10,
    progress: Progress | None = None,
    *,
    raise_errors: bool = False,
    doc_paths: Mapping[str, Collection[str]] | None = None,
    items_known: bool = True,
) -> EvalRun:
    """Ask every question with `k` passages retrieved; `progress(done, total, result)`
    is called after each one. Stage timings are collected (core/timing.py); a system that
    times its own end-to-end latency (over HTTP: the /ask round trip alone) reports it as
    the stage `end_to_end`. With `doc_paths` answers are checked for invented references."""
    if k < 1:
        raise ValueError("k must be at least 1")
    started = datetime.now(UTC).isoformat(timespec="seconds")
    t_run = time.perf_counter()
    results: list[QuestionResult] = []
    total = len(questions)
    for done, q in enumerate(questions, start=1):
        answer: Answer | None = None
        hits: list[Hit] = []
        error: str | None = None
        t0 = time.perf_counter()
        with collect_stages() as stages:
            try:
                answer, hits = pipeline.ask_with_hits(q.question, k)
            except Exception as exc:  # one failing question must not end the run
                if raise_errors:
                    raise
                error = f"{type(exc).__name__}: {exc}"
        latency_ms = (time.perf_counter() - t0) * 1000.0
        latency_ms = stages.pop("end_to_end", latency_ms)
        hits = list(hits or [])[:k]
        score = score_question(q, answer, hits, latency_ms, k=k, error=error, doc_paths=doc_paths,
                               stage_ms=stages, items_known=items_known)
        result = QuestionResult(q, answer, hits, latency_ms, score, error)
        results.append(result)
        if progress is not None:
            progress(done, total, result)
    return EvalRun(
        results=results,
        metrics=aggregate([r.score for r in results]),
        k=k,
        started_at=started,
        wall_seconds=time.perf_counter() - t_run,
    )


# --------------------------------------------------------------------------- output


def write_outputs(run: EvalRun, out_dir: str | Path) -> dict[str, Path]:
    """Write metrics.json, results.jsonl and report.md into out_dir (created if needed)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "metrics": out / METRICS_FILE,
        "results": out / RESULTS_FILE,
        "report": out / REPORT_FILE,
    }
    paths["metrics"].write_text(
        json.dumps(run.metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    with paths["results"].open("w", encoding="utf-8") as fh:
        for r in run.results:
            fh.write(json.dumps(r.to_record(), ensure_ascii=False) + "\n")
    paths["report"].write_text(render_report(run), encoding="utf-8")
    return paths


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def metric_rows(metrics: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, formatted value) pairs, in display order; shared by the CLI and report."""
    m = metrics
    rows: list[tuple[str, str]] = [
        ("questions", f"{m['n']} ({m['n_answerable']} answerable, "
                      f"{m['n_unanswerable']} unanswerable)"),
        ("retrieval depth k", _fmt(m.get("k"))),
    ]
    rows += [(f"hit@{k}", _fmt(m["hit_at_k"][str(k)])) for k in KS]
    rows += [(f"recall@{k}", _fmt(m["recall_at_k"][str(k)])) for k in KS]
    rows += [
        ("MRR", _fmt(m["mrr"])),
        ("citation precision", f"{_fmt(m['citation_precision'])} "
                               f"(n={m['citation_precision_n']})"),
        ("fact recall", f"{_fmt(m['fact_recall'])} (n={m['fact_recall_n']})"),
        ("grounded share", f"{_fmt(m.get('grounded_share'))} (n={m.get('grounded_share_n', 0)})"),
        ("unanswerable: abstained", _fmt(m["abstention"]["unanswerable_correct"])),
        ("answerable: false abstain", _fmt(m["abstention"]["false_abstain"])),
        ("unanswerable: cited anyway", _fmt(m["abstention"]["cited_when_unanswerable"])),
        ("latency p50 (ms)", _fmt(m["latency_ms"]["p50"], 1)),
        ("latency p95 (ms)", _fmt(m["latency_ms"]["p95"], 1)),
        ("latency mean (ms)", _fmt(m["latency_ms"]["mean"], 1)),
    ]
    if m.get("n_errors"):
        rows.append(("pipeline errors", str(m["n_errors"])))
    return rows


def metrics_table(metrics: dict[str, Any]) -> Table:
    """The aggregate metrics as a rich table, for the CLI."""
    table = Table(title="Benchmark metrics", show_header=True, header_style="bold")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for label, value in metric_rows(metrics):
        table.add_row(label, value)
    return table


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(_md_cell(h) for h in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return lines


def _group_table(title: str, groups: dict[str, dict[str, Any]]) -> list[str]:
    header = [title, "n", "answerable", *(f"hit@{k}" for k in KS), "MRR", "fact recall"]
    rows = [
        [name, g["n"], g["n_answerable"], *(_fmt(g["hit_at_k"][str(k)]) for k in KS),
         _fmt(g["mrr"]), _fmt(g["fact_recall"])]
        for name, g in groups.items()
    ]
    return _md_table(header, rows)


def _gold_desc(q: Question) -> str:
    return "; ".join(f"{g.doc} {g.ref}" if g.ref else g.doc for g in q.gold)


def _section(title: str, items: list[str]) -> list[str]:
    return [f"### {title} ({len(items)})", "", *(items or ["none"]), ""]


def render_report(run: EvalRun) -> str:
    """report.md: the metric tables and the failed questions, by id."""
    m = run.metrics
    lines = [
        "# Benchmark report",
        "",
        f"- started {run.started_at}, {run.wall_seconds:.1f} s in all",
        f"- {m['n']} questions ({m['n_answerable']} answerable, "
        f"{m['n_unanswerable']} unanswerable), {run.k} passages retrieved per question",
        "",
        "## Metrics",
        "",
        *_md_table(["metric", "value"], metric_rows(m)),
        "",
        "## By language",
        "",
        *_group_table("lang", m["by_lang"]),
        "",
        "## By category",
        "",
        *_group_table("category", m["by_category"]),
        "",
        "## Failed questions",
        "",
    ]

    missed, wrong_cites, missing, false_abstain, answered_unans, errors = [], [], [], [], [], []
    for r in run.results:
        q, s = r.question, r.score
        tag = f"`{q.id}` ({q.lang}, {q.category})"
        if r.error:
            errors.append(f"- {tag}: {r.error}")
        if q.answerable:
            if not s.first_match_rank:
                missed.append(f"- {tag}: no gold passage in the top {s.k}; "
                              f"gold: {_gold_desc(q)}")
            if s.citation_precision is not None and s.citation_precision < 1.0:
                cits = r.answer.citations if r.answer else []
                bad = [f"[{c.n}] {c.doc_id} {c.path}".rstrip()
                       for c, ok in zip(cits, s.citation_matches, strict=False) if not ok]
                missing_n = len(s.citation_matches) - sum(s.citation_matches)
                wrong_cites.append(f"- {tag}: {missing_n} of {len(s.citation_matches)} "
                                   f"citations match no gold entry: {', '.join(bad)}")
            if s.abstained:
                false_abstain.append(f"- {tag}")
            elif s.facts_missing:
                groups = [" / ".join(f'"{a}"' for a in q.facts[i]) for i in s.facts_missing]
                missing.append(f"- {tag}: missing {'; '.join(groups)}")
        elif not s.abstained:
            cited = len(s.citation_matches)
            answered_unans.append(f"- {tag}: answered instead of abstaining"
                                  + (f", citing {cited} passage(s)" if cited else ""))
        elif s.cited_when_unanswerable:
            answered_unans.append(f"- {tag}: abstained but cited "
                                  f"{len(s.citation_matches)} passage(s)")

    lines += _section("Missed retrieval", missed)
    lines += _section("Wrong citations", wrong_cites)
    lines += _section("Missing facts", missing)
    lines += _section("False abstentions", false_abstain)
    lines += _section("Unanswerable, not abstained", answered_unans)
    if errors:
        lines += _section("Pipeline errors", errors)
    return "\n".join(lines).rstrip() + "\n"
