"""The Evaluate page: the latest `regqa eval` run, read from its output directory (REGQA_EVAL_OUT,
default eval-out): the headline table per set with the peer beside regqa, then report.html."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from eval.matrix import load_summary
from eval.report_md import headline_table

out = Path(os.environ.get("REGQA_EVAL_OUT", "eval-out"))
st.set_page_config(page_title="regqa · Evaluate", layout="wide")
st.title("Evaluate")
summary = load_summary(out)
if summary is None:
    st.info(f"No evaluation in {out}. Run `regqa eval ../shared/benchmarks/dev.jsonl eval/questions/*.jsonl "
            f"--config default --config llamaindex-baseline --out {out}` (or set REGQA_EVAL_OUT).")
    st.stop()
st.caption(f"{out} · started {summary['started_at']} · {summary['k']} passages per question")
for s in summary["sets"]:
    st.subheader(f"{s['name']} — {s['n']} questions, {s['tuned_label']}")
    header, rows = headline_table(summary, s["name"])
    st.table([dict(zip(header, row, strict=True)) for row in rows])
html = out / "report.html"
if html.is_file():
    with st.expander("Full report (charts, latency, failures)"):
        components.html(html.read_text(encoding="utf-8"), height=1200, scrolling=True)
