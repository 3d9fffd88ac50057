"""Evaluate: a `regqa eval` output (a folder, or uploaded results.jsonl + metrics.json):
headline metrics, charts per category and per language, the latency histogram, the failed
questions with what was retrieved and cited beside the gold, and two runs compared.

Reads files, not the API: an eval output is what `regqa eval` wrote on this machine."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from ui.eval_data import (
    EvalDataError,
    EvalRun,
    compare,
    confidence_rows,
    failures,
    find_runs,
    group_rows,
    headline,
    latency_histogram,
    load_dir,
    load_gold,
    parse_run,
    question_changes,
)
from ui.highlight import STYLE

PERCENT = {
    "hit@1",
    "MRR",
    "citation precision",
    "fact recall",
    "abstained when unanswerable",
    "wrongly abstained",
} | {f"hit@{k}" for k in (3, 5, 10, 20)}


def _found_runs() -> list[Path]:
    """Eval outputs near where the UI runs: ./eval-out (and below), ./*, REGQA_EVAL_DIRS."""
    extra = [Path(p) for p in os.environ.get("REGQA_EVAL_DIRS", "").split(os.pathsep) if p]
    runs = find_runs([Path.cwd() / "eval-out", *extra], depth=2) + find_runs([Path.cwd()], depth=1)
    return list(dict.fromkeys(runs))


def _pick_run(label: str, key: str, default: str = "") -> EvalRun | None:
    """A run from a folder path (typed or found) or from two uploaded files."""
    how = st.radio(f"{label}: from", ["a folder", "uploaded files"], horizontal=True, key=f"{key}_how")
    if how == "a folder":
        found = [str(p) for p in _found_runs()]
        if default and default not in found:
            found.insert(0, default)
        typed = st.text_input(
            f"{label}: eval output folder",
            value=default or (found[0] if found else ""),
            key=f"{key}_dir",
            placeholder="eval-out",
            help="the --out folder of `regqa eval`",
        )
        if found:
            st.caption("Found: " + ", ".join(f"`{p}`" for p in found[:6]))
        if not typed.strip():
            return None
        try:
            with st.spinner("Reading the run…"):
                return load_dir(typed.strip())
        except EvalDataError as exc:
            st.error(str(exc))
            return None
    files = st.file_uploader(
        f"{label}: results.jsonl and metrics.json",
        type=["jsonl", "json"],
        accept_multiple_files=True,
        key=f"{key}_files",
    )
    by_name = {f.name: f for f in files or []}
    metrics = next((f for n, f in by_name.items() if n.endswith(".json")), None)
    results = next((f for n, f in by_name.items() if n.endswith(".jsonl")), None)
    if metrics is None or results is None:
        st.caption("Upload both files.")
        return None
    try:
        return parse_run(
            f"{label} (uploaded)", metrics.getvalue().decode("utf-8"), results.getvalue().decode("utf-8")
        )
    except EvalDataError as exc:
        st.error(str(exc))
        return None


def _fmt(label: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3f}" if label in PERCENT else f"{value:,.1f}"


def _headline(run: EvalRun, other: EvalRun | None) -> None:
    m = run.metrics
    st.caption(
        f"{m.get('n', 0)} questions ({m.get('n_answerable', 0)} answerable, "
        f"{m.get('n_unanswerable', 0)} unanswerable), k = {m.get('k')}, errors: {m.get('n_errors', 0)}"
    )
    rows = headline(m)
    before = {label: value for label, value, _ in headline(other.metrics)} if other else {}
    cols = st.columns(5)
    for i, (label, value, help_) in enumerate(rows):
        delta = None
        if other is not None and value is not None and before.get(label) is not None:
            delta = f"{value - before[label]:+.3f}" if label in PERCENT else f"{value - before[label]:+.1f}"
        cols[i % 5].metric(
            label,
            _fmt(label, value),
            delta=delta,
            help=help_,
            delta_color="inverse" if "latency" in label or label == "wrongly abstained" else "normal",
        )


def _charts(run: EvalRun) -> None:
    left, right = st.columns(2)
    with left:
        st.markdown("**By category**")
        rows = group_rows(run.metrics, "by_category")
        if rows:
            frame = pd.DataFrame(rows).set_index("group")[["hit@1", "MRR", "fact recall"]]
            st.bar_chart(frame, stack=False, horizontal=True, height=320)
            st.dataframe(pd.DataFrame(rows), hide_index=True, use_container_width=True)
    with right:
        st.markdown("**By language**")
        rows = group_rows(run.metrics, "by_lang")
        if rows:
            frame = pd.DataFrame(rows).set_index("group")[["hit@1", "MRR", "fact recall"]]
            st.bar_chart(frame, stack=False, height=220)
            st.dataframe(pd.DataFrame(rows), hide_index=True, use_container_width=True)
        rows = confidence_rows(run.metrics)
        if rows:
            st.markdown("**By the answer's confidence in its first citation**")
            st.dataframe(pd.DataFrame(rows), hide_index=True, use_container_width=True)
        st.markdown("**Latency (whole answer, ms)**")
        hist = latency_histogram(run.results)
        if hist:
            st.bar_chart(pd.DataFrame(hist), x="latency (ms)", y="questions", height=220, sort=False)


def _retrieved_table(rec: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "rank": r["rank"],
                "gold": "✓" if r.get("match") else "",
                "document": r["doc_id"],
                "path": r["path"],
                "lang": r.get("language", ""),
            }
            for r in rec.get("retrieved", [])
        ]
    )


def _failures(run: EvalRun, gold: dict[str, dict[str, Any]]) -> None:
    strict = st.toggle("Count a gold passage below rank 1 as a failure", key="ev_strict")
    failed = failures(run, strict_rank=strict)
    st.markdown(f"**{len(failed)} failed question(s)** of {len(run.results)}")
    for rec in failed[:100]:
        title = f"{rec['id']} · {rec.get('category', '')} · {rec.get('lang', '')} — {rec.get('question', '')}"
        with st.expander(title):
            for reason in rec["reasons"]:
                st.markdown(f"- {reason}")
            st.markdown("**Answer**" + (" (abstained)" if rec.get("abstained") else ""))
            st.text_area(
                "answer",
                rec.get("answer", ""),
                height=90,
                disabled=True,
                key=f"ans_{rec['id']}",
                label_visibility="collapsed",
            )
            cols = st.columns(3)
            with cols[0]:
                st.markdown("**Retrieved**")
                st.dataframe(_retrieved_table(rec), hide_index=True, use_container_width=True)
            with cols[1]:
                st.markdown("**Cited**")
                cited = [
                    {
                        "n": c["n"],
                        "gold": "✓" if c.get("match") else "✗",
                        "document": c["doc_id"],
                        "path": c["path"],
                        "quote": c.get("quote", ""),
                    }
                    for c in rec.get("citations", [])
                ]
                if cited:
                    st.dataframe(pd.DataFrame(cited), hide_index=True, use_container_width=True)
                else:
                    st.caption("nothing cited")
            with cols[2]:
                st.markdown("**Gold**")
                g = gold.get(rec["id"])
                if g is None:
                    st.caption("Give the benchmark file above to see the gold passages and facts.")
                else:
                    st.dataframe(
                        pd.DataFrame(
                            [{"document": x.get("doc", ""), "path": x.get("ref", "")} for x in g["gold"]]
                        ),
                        hide_index=True,
                        use_container_width=True,
                    )
                    missing = (rec.get("scores") or {}).get("facts_missing") or []
                    for i in missing:
                        if i < len(g["facts"]):
                            st.markdown(f"- fact missing: {' / '.join(map(str, g['facts'][i]))}")


def _gold_source() -> dict[str, dict[str, Any]]:
    default = os.environ.get("REGQA_BENCHMARK_FILE", "")
    with st.expander("Benchmark file (to show the gold beside each failure)"):
        path = st.text_input("Benchmark JSONL", value=default, key="ev_bench", placeholder="dev.jsonl")
        upload = st.file_uploader("or upload it", type=["jsonl"], key="ev_bench_file")
    if upload is not None:
        return load_gold(upload.getvalue().decode("utf-8", errors="replace"))
    if path.strip():
        p = Path(path.strip()).expanduser()
        if p.is_file():
            return load_gold(p.read_text(encoding="utf-8"))
        st.warning(f"No file {p}")
    return {}


def main() -> None:
    st.html(STYLE)
    st.title("Evaluate")
    st.caption(
        "A benchmark run of `regqa eval`: how often the gold provision is found and cited, "
        "what failed, and how two runs differ."
    )
    run_dir = st.query_params.get("run", "")
    run = _pick_run("Run", "ev_a", run_dir)
    with st.expander("Compare with another run", expanded=bool(st.query_params.get("compare"))):
        other = (
            _pick_run("Baseline", "ev_b", st.query_params.get("compare", ""))
            if st.toggle("Compare", value=bool(st.query_params.get("compare")), key="ev_cmp")
            else None
        )
    if run is None:
        st.info(
            "Pick an eval output: `regqa eval BENCHMARK.jsonl --out eval-out` writes one.",
            icon=":material/monitoring:",
        )
        return
    gold = _gold_source()
    st.subheader(f"Run: {run.name}")
    _headline(run, other)
    _charts(run)
    if other is not None:
        st.subheader(f"Compared with {other.name}")
        st.dataframe(pd.DataFrame(compare(other, run)), hide_index=True, use_container_width=True)
        changes = question_changes(other, run)
        st.markdown(f"**{len(changes)} question(s) changed**")
        if changes:
            st.dataframe(pd.DataFrame(changes), hide_index=True, use_container_width=True)
    st.subheader("Failed questions")
    _failures(run, gold)


main()
