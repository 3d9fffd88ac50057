"""report.md of a run of several sets and configurations, from summary.json and the results.
Pure: data in, text out. The headline rows are shared with the CLI table and report.html."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from answer.records import CONFIDENCE_LEVELS

Metrics = dict[str, Any]


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    get: Callable[[Metrics], float | int | None]
    higher_is_better: bool = True
    digits: int = 3
    latency: bool = False


def _dig(*keys: str) -> Callable[[Metrics], Any]:
    def get(m: Metrics) -> Any:
        for key in keys:
            if not isinstance(m, dict) or key not in m:
                return None
            m = m[key]
        return m
    return get


HEADLINE: tuple[Metric, ...] = (
    Metric("hit_at_1", "hit@1", _dig("hit_at_k", "1")),
    Metric("hit_at_5", "hit@5", _dig("hit_at_k", "5")),
    Metric("hit_at_10", "hit@10", _dig("hit_at_k", "10")),
    Metric("recall_at_10", "recall@10", _dig("recall_at_k", "10")),
    Metric("mrr", "MRR", _dig("mrr")),
    Metric("citation_precision", "citation precision", _dig("citation_precision")),
    Metric("fact_recall", "fact recall", _dig("fact_recall")),
    Metric("unanswerable_correct", "unanswerable: abstained", _dig("abstention", "unanswerable_correct")),
    Metric("false_abstain", "answerable: false abstain", _dig("abstention", "false_abstain"), False),
    Metric("grounded_share", "grounded share", _dig("grounded_share")),
    Metric("unsupported_sentences", "unsupported sentences", _dig("unsupported_sentences"), False, 0),
    Metric("invented_references", "invented references", _dig("invented_references"), False, 0),
    Metric("answer_words_en_p50", "English answer words p50", _dig("answer_words", "en", "p50"), False, 0),
    Metric("answer_words_en_p90", "English answer words p90", _dig("answer_words", "en", "p90"), False, 0),
    Metric("latency_p50", "latency p50 (ms)", _dig("latency_ms", "p50"), False, 1, True),
    Metric("latency_p95", "latency p95 (ms)", _dig("latency_ms", "p95"), False, 1, True),
    Metric("latency_p99", "latency p99 (ms)", _dig("latency_ms", "p99"), False, 1, True),
)
METRICS = {m.key: m for m in HEADLINE}


def fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}" if digits else f"{value:.0f}"
    return str(value)


def ratio(ours: Any, peer: Any) -> str:
    """ours / peer, or – when either is missing or the peer's is 0."""
    if not isinstance(ours, int | float) or not isinstance(peer, int | float) or not peer:
        return "–"
    return f"{ours / peer:.2f}×"


def cells_of(summary: Metrics, set_name: str) -> list[Metrics]:
    return [c for c in summary["cells"] if c["set"] == set_name]


def peer_and_ours(cells: Sequence[Metrics]) -> tuple[Metrics | None, Metrics | None]:
    """The first peer cell and the first regqa cell of a set (the ratio's two sides)."""
    peer = next((c for c in cells if c["peer"]), None)
    ours = next((c for c in cells if not c["peer"]), None)
    return peer, ours


def headline_table(summary: Metrics, set_name: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows: one column per configuration, then regqa ÷ peer when both ran."""
    cells = cells_of(summary, set_name)
    peer, ours = peer_and_ours(cells)
    header = ["metric", *(c["config"] for c in cells)]
    with_ratio = peer is not None and ours is not None
    if with_ratio:
        header.append(f"{ours['config']} ÷ {peer['config']}")
    rows = []
    for m in HEADLINE:
        row = [m.label, *(fmt(m.get(c["metrics"]), m.digits) for c in cells)]
        if with_ratio:
            row.append(ratio(m.get(ours["metrics"]), m.get(peer["metrics"])))
        rows.append(row)
    return header, rows


POOLED_LABELS = {"citation_precision": "citation precision", "mrr": "MRR", "hit_at_5": "hit@5",
                 "fact_recall": "fact recall", "false_abstain": "answerable: false abstain",
                 "unanswerable_correct": "unanswerable: abstained"}


def interval_text(i: Metrics | None) -> str:
    if not i or i.get("mean") is None:
        return "–"
    return f"{i['mean']:.3f} [{i['low']:.3f}, {i['high']:.3f}] (n {i['n']})"


def pooled_table(summary: Metrics) -> tuple[list[str], list[list[str]]]:
    """The untouched sets pooled: one column per configuration, mean [95% interval] (n)."""
    pools = summary.get("untouched_pooled") or []
    header = ["metric", *(p["config"] for p in pools)]
    rows = [[label, *(interval_text(p.get(key)) for p in pools)] for key, label in POOLED_LABELS.items()]
    for lang in ("en", "ja"):
        rows.append([f"hit@5, {lang} questions",
                     *(interval_text(p["by_lang"][lang]["hit_at_5"]) for p in pools)])
    rows.append(["English answer words p50 / p90", *(
        f"{fmt(p['answer_words_en']['p50'], 0)} / {fmt(p['answer_words_en']['p90'], 0)}" for p in pools)])
    for level in CONFIDENCE_LEVELS:
        rows.append([f"first citation right, confidence {level}",
                     *(interval_text(p.get("lead_right_by_confidence", {}).get(level)) for p in pools)])
    return header, rows


def md_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    def cell(text: Any) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")
    return (["| " + " | ".join(cell(h) for h in header) + " |", "|" + "|".join("---" for _ in header) + "|"]
            + ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows])


def group_table(summary: Metrics, set_name: str, group: str) -> tuple[list[str], list[list[str]]]:
    """hit@5 / citation precision per language or category, one column pair per configuration."""
    cells = cells_of(summary, set_name)
    names: list[str] = []
    for c in cells:
        names += [n for n in c["metrics"][group] if n not in names]
    header = [group.removeprefix("by_"), "n", *(f"{c['config']} hit@5 / cit. prec." for c in cells)]
    rows = []
    for name in names:
        first = next(c["metrics"][group][name] for c in cells if name in c["metrics"][group])
        row = [name, str(first["n"])]
        for c in cells:
            g = c["metrics"][group].get(name, {})
            row.append(f"{fmt(_dig('hit_at_k', '5')(g))} / {fmt(g.get('citation_precision'))}")
        rows.append(row)
    return header, rows


def stage_table(summary: Metrics, set_name: str) -> tuple[list[str], list[list[str]]]:
    """p50 / p95 / p99 per stage and end to end, one row per configuration and stage."""
    rows = []
    for c in cells_of(summary, set_name):
        m = c["metrics"]
        for stage, block in [*m.get("stage_latency_ms", {}).items(), ("end to end", m["latency_ms"])]:
            rows.append([c["config"], stage, fmt(block.get("p50"), 1), fmt(block.get("p95"), 1),
                         fmt(block.get("p99"), 1)])
    return ["configuration", "stage", "p50 ms", "p95 ms", "p99 ms"], rows


# --------------------------------------------------------------------------- failures


def gold_of(question: Metrics | None) -> str:
    return question.get("gold_text", "") if question else ""


def failure_reasons(record: Metrics) -> list[str]:
    """Why one result counts as a failure; empty when it does not."""
    s = record["scores"]
    why = []
    if record.get("error"):
        why.append(f"error: {record['error']}")
    if record["answerable"]:
        if not s.get("first_match_rank"):
            why.append(f"no gold passage in the top {len(record['retrieved']) or 'k'}")
        if record["abstained"]:
            why.append("abstained on an answerable question")
        elif s.get("citation_precision") is not None and s["citation_precision"] < 1.0:
            why.append("cites a passage that is not gold")
        elif s.get("facts_missing"):
            why.append(f"{len(s['facts_missing'])} fact group(s) missing")
    elif not record["abstained"]:
        why.append("answered an unanswerable question")
    if s.get("invented_refs"):
        why.append(f"invented reference(s): {', '.join(s['invented_refs'])}")
    return why


def describe_passage(p: Metrics) -> str:
    where = " ".join(x for x in (p.get("doc_id", ""), p.get("path", "")) if x)
    return (where or p.get("passage_id", "")) + (" ✓" if p.get("match") else "")


def failure_rows(records: Sequence[Metrics], limit: int = 3) -> list[list[str]]:
    """(question, gold, retrieved (top `limit`), cited, why) for each failed question."""
    rows = []
    for r in records:
        why = failure_reasons(r)
        if not why:
            continue
        retrieved = ", ".join(describe_passage(p) for p in r["retrieved"][:limit]) or "nothing"
        cited = ", ".join(describe_passage(c) for c in r["citations"]) or (
            "abstained" if r["abstained"] else "nothing")
        rows.append([f"{r['id']}: {r['question']}", r.get("gold", ""), retrieved, cited, "; ".join(why)])
    return rows


# --------------------------------------------------------------------------- report


def render_markdown(summary: Metrics, results: dict[str, list[Metrics]]) -> str:
    lines = ["# Evaluation report", "",
             f"Started {summary['started_at']}; {summary['k']} passages retrieved per question.", "",
             "## Question sets", ""]
    lines += md_table(["set", "questions", "tuned on?", "why"],
                      [[s["name"], s["n"], s["tuned_label"], s["why"]] for s in summary["sets"]])
    if summary.get("untouched_pooled"):
        sets = ", ".join(summary["untouched_pooled"][0]["sets"])
        lines += ["", f"## The sets not tuned on, pooled ({sets})", "",
                  "Each metric over all their questions, with its 95% bootstrap interval over questions:", ""]
        lines += md_table(*pooled_table(summary))
    lines += ["", "## Configurations", ""]
    lines += md_table(["configuration", "system", "what it is", "built"],
                      [[c["name"], c["system"], c["description"],
                        "; ".join(f"{k}: {v}" for k, v in (c.get("facts") or {}).items())]
                       for c in summary["configs"]])
    if any(c["peer"] for c in summary["cells"]):
        lines += ["", "The peer has no provision paths and no answer generator: its retrieval is matched "
                  "through quotes, and its answer is its top chunk quoted whole (one citation; it never "
                  "abstains). Grounding, unsupported sentences and invented references do not apply "
                  "to it (–)."]
    for s in summary["sets"]:
        name = s["name"]
        lines += ["", f"## {name} ({s['n']} questions, {s['tuned_label']})", ""]
        lines += md_table(*headline_table(summary, name))
        lines += ["", "How each configuration was matched: "]
        lines += [f"- {c['config']}: {c['scoring']}" for c in cells_of(summary, name)]
        lines += ["", f"### {name}: by language", ""]
        lines += md_table(*group_table(summary, name, "by_lang"))
        lines += ["", f"### {name}: by category", ""]
        lines += md_table(*group_table(summary, name, "by_category"))
        lines += ["", f"### {name}: latency per stage", ""]
        lines += md_table(*stage_table(summary, name))
        for c in cells_of(summary, name):
            invented = c["metrics"].get("invented_references_list") or []
            if invented:
                lines += ["", f"**Invented references ({c['config']}):** " + "; ".join(invented)]
            rows = failure_rows(results.get(c["dir"], []))
            lines += ["", f"### {name}: failures of {c['config']} ({len(rows)})", ""]
            if s.get("tuned") is False:
                lines += ["Not tuned on: reading these one by one makes the set tuned on.", ""]
            lines += md_table(["question", "gold", "retrieved (top 3)", "cited", "why"], rows) if rows \
                else ["none"]
    return "\n".join(lines).rstrip() + "\n"
