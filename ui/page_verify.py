"""Verify: paste a citation and a claim or quote, get POST /verify's verdict as a badge with its
scores, the closest sentence marked in both language texts, and the note. Batch mode: upload
a memo's footnotes (CSV or JSONL) and download the table of verdicts."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ui import widgets
from ui.api_client import ApiError
from ui.batch_verify import TEMPLATE, parse_claims, request_body, result_row, tally, to_csv, to_jsonl
from ui.highlight import badge_html
from ui.labels import verdict_badge
from ui.query_state import VerifyState


def _init(state: VerifyState) -> None:
    if st.session_state.get("_verify_url") == state:
        return
    st.session_state.update(
        {
            "v_citation": state.citation,
            "v_text": state.text,
            "v_kind": "quote" if state.as_quote else "claim",
            "_verify_url": state,
        }
    )


def _verdict(result: dict[str, Any], state: VerifyState) -> None:
    label, colour, symbol = verdict_badge(result["verdict"])
    st.html(badge_html(label, colour, symbol))
    where = " · ".join(x for x in (result.get("ref"), result.get("doc_id")) if x)
    if where:
        st.caption(where)
    st.write(result.get("explanation", ""))
    scores = result.get("scores")
    if scores:
        cols = st.columns(4)
        cols[0].metric(
            "Support score",
            f"{scores['score']:.2f}",
            delta=f"{scores['score'] - scores['threshold']:+.2f} vs threshold",
            delta_color="normal",
        )
        cols[1].metric("Threshold", f"{scores['threshold']:.2f}")
        cols[2].metric("Keyword overlap", f"{scores['lexical']:.2f}")
        cols[3].metric(
            "Meaning similarity", "—" if scores.get("semantic") is None else f"{scores['semantic']:.2f}"
        )
    if result.get("note"):
        st.info(result["note"], icon=":material/translate:")
    texts = result.get("texts") or []
    if not texts:
        return
    needles = [scores["closest_sentence"]] if scores and scores.get("closest_sentence") else []
    if result["verdict"] == "exact_quote" and state.as_quote and state.text:
        needles = [state.text]
    if needles:
        st.caption(
            "Marked: "
            + (
                "the quoted words"
                if result["verdict"] == "exact_quote"
                else "the sentence closest to the claim"
            )
        )
    languages = [t["language"] for t in texts]
    cols = st.columns(len(texts))
    for col, version in zip(cols, texts, strict=True):
        with col:
            widgets.provision_block(version, needles, languages)
    if result.get("doc_id") and result.get("path"):
        widgets.provision_links(result["doc_id"], result["path"])


def _single() -> None:
    state = VerifyState.from_query(st.query_params.to_dict())
    _init(state)
    with st.form("verify"):
        st.text_input(
            "Citation",
            key="v_citation",
            max_chars=500,
            placeholder="Article 27(1) of the APPI / AI推進法第十三条",
        )
        st.radio(
            "What it is said to say",
            ["claim", "quote"],
            key="v_kind",
            horizontal=True,
            format_func={"claim": "a claim, in any words", "quote": "a quote, word for word"}.get,
        )
        st.text_area(
            "Claim or quote",
            key="v_text",
            max_chars=5000,
            height=100,
            placeholder="the person's consent is needed before personal data goes to a third party",
        )
        submitted = st.form_submit_button("Verify", type="primary")
    if submitted:
        s = st.session_state
        state = VerifyState(
            citation=s["v_citation"].strip(), text=s["v_text"].strip(), as_quote=s["v_kind"] == "quote"
        )
        st.session_state["_verify_url"] = state
        st.query_params.from_dict(state.to_query())
    if not state.citation:
        st.caption(
            "Give the provision as people write it; the claim can also follow it in the same line "
            '("Article 6 of the … Act says …").'
        )
        return
    result = widgets.call("Checking the provision…", widgets.api().verify, state.body())
    if result is not None:
        _verdict(result, state)


def _batch() -> None:
    st.markdown(
        "Upload a CSV (header row: `id, citation, claim, quote`; or `doc_id, path` instead of "
        "`citation`) or a JSONL file (one object a line, the same fields)."
    )
    st.download_button(
        "Template (CSV)",
        TEMPLATE.encode("utf-8"),
        "claims-template.csv",
        "text/csv",
        icon=":material/download:",
    )
    upload = st.file_uploader("Footnotes file", type=["csv", "jsonl", "json"], key="v_batch_file")
    if upload is None:
        return
    parsed = parse_claims(upload.name, upload.getvalue())
    for err in parsed.errors[:20]:
        st.warning(err)
    if not parsed.rows:
        st.error("No row can be checked.")
        return
    st.caption(f"{len(parsed.rows)} row(s) ready.")
    key = f"{upload.name}:{hash(upload.getvalue())}"
    table = st.session_state.get("v_batch_table", {}).get(key)
    if table is None and st.button(f"Check {len(parsed.rows)} citation(s)", type="primary"):
        client = widgets.api()
        table = []
        bar = st.progress(0.0, text="Checking…")
        for i, row in enumerate(parsed.rows, 1):
            try:
                table.append(result_row(row, client.verify(request_body(row))))
            except ApiError as exc:
                table.append(result_row(row, None, exc.detail))
            bar.progress(i / len(parsed.rows), text=f"Checked {i} of {len(parsed.rows)}")
        bar.empty()
        st.session_state["v_batch_table"] = {key: table}
    if table is None:
        return
    counts = tally(table)
    cols = st.columns(max(1, len(counts)))
    for col, (verdict, n) in zip(cols, counts.items(), strict=True):
        col.metric(verdict_badge(verdict)[0] if verdict != "error" else "Error", n)
    frame = pd.DataFrame(table)
    frame["verdict"] = frame["verdict"].map(lambda v: verdict_badge(v)[0] if v != "error" else "error")
    st.dataframe(
        frame,
        hide_index=True,
        use_container_width=True,
        column_order=[
            "id",
            "verdict",
            "ref",
            "citation",
            "claim",
            "quote",
            "score",
            "threshold",
            "closest_sentence",
            "explanation",
            "note",
        ],
    )
    dl = st.columns(2)
    dl[0].download_button(
        "Download verdicts (CSV)", to_csv(table), "verdicts.csv", "text/csv", icon=":material/download:"
    )
    dl[1].download_button(
        "Download verdicts (JSONL)",
        to_jsonl(table),
        "verdicts.jsonl",
        "application/jsonl",
        icon=":material/download:",
    )


def main() -> None:
    widgets.style()
    st.title("Verify")
    st.caption("Does the cited provision exist, and does it say what is claimed?")
    widgets.require_api()
    one, many = st.tabs(["One citation", "Batch (CSV / JSONL)"])
    with one:
        _single()
    with many:
        _batch()


main()
