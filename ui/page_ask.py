"""Ask: a question in English or Japanese; the answer streamed sentence by sentence as the
grounding guard passes it, with citation chips that open each quoted provision. The question
and settings live in the URL, so a link reproduces the answer."""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from typing import Any

import streamlit as st

from ui import widgets
from ui.api_client import ApiError
from ui.highlight import answer_html, provision_html, query_terms_html
from ui.labels import JURISDICTIONS, clean_question, confidence_badge, language_name
from ui.query_state import BRIEF_WORDS, K_MAX, K_MIN, AskState, share_url

ANY = ""
MAX_KEPT = 20  # answers kept in the session (going back to a recent question is instant)
OPEN_CITATIONS = 3  # the first citations are shown open; the chips scroll to them


def _init_widgets(state: AskState) -> None:
    """Fill the widgets from the URL (on arrival, and whenever the URL names another question)."""
    if st.session_state.get("_ask_url") == state:
        return
    st.session_state.update(
        {
            "ask_q": state.q,
            "ask_k": state.k,
            "ask_dated": state.as_of is not None,
            "ask_as_of": date.fromisoformat(state.as_of) if state.as_of else date.today(),
            "ask_doc": state.doc or ANY,
            "ask_jur": state.jur or ANY,
            "ask_kind": state.kind or ANY,
            "ask_lang": state.lang or ANY,
            "ask_brief": state.brief,
            "_ask_url": state,
        }
    )


def _sidebar(docs: list[dict[str, Any]]) -> None:
    with st.sidebar:
        st.header("Settings")
        st.slider(
            "Passages to consider (k)",
            K_MIN,
            K_MAX,
            key="ask_k",
            help="how many retrieved passages the answer may draw on",
        )
        st.toggle(
            "Brief answer",
            key="ask_brief",
            help=f"quote conditions and other provisions only within {BRIEF_WORDS} words; shorter, but "
            "a second provision that held the answer may be left out (open the passages to see them)",
        )
        st.toggle("Only provisions in effect on a date", key="ask_dated")
        if st.session_state.get("ask_dated"):
            st.date_input("As of", key="ask_as_of", format="YYYY-MM-DD")
        st.subheader("Filters")
        st.caption("Narrow the answer and the Passages tab to one place, document, kind or language.")
        jurs = sorted({d["jurisdiction"] for d in docs})
        kinds = sorted({d["kind"] for d in docs})
        langs = sorted({lang for d in docs for lang in d["languages"]})
        st.selectbox(
            "Jurisdiction",
            [ANY, *jurs],
            key="ask_jur",
            format_func=lambda j: "any" if j == ANY else f"{JURISDICTIONS.get(j, j)} ({j})",
        )
        st.selectbox(
            "Document",
            [ANY, *[d["doc_id"] for d in docs]],
            key="ask_doc",
            format_func=lambda d: (
                "any" if d == ANY else next((widgets.doc_title(x) for x in docs if x["doc_id"] == d), d)
            ),
        )
        st.selectbox("Kind", [ANY, *kinds], key="ask_kind", format_func=lambda k: k or "any")
        st.selectbox(
            "Language",
            [ANY, *langs],
            key="ask_lang",
            format_func=lambda lang: language_name(lang) if lang else "any",
        )
        st.caption(
            "Answer mode: the API's configured answerer (REGQA_ANSWERER); each answer "
            "says which one wrote it."
        )


def _state_from_widgets() -> AskState:
    s = st.session_state
    as_of = s["ask_as_of"].isoformat() if s.get("ask_dated") and s.get("ask_as_of") else None
    return AskState(
        q=clean_question(s.get("ask_q", "")),
        k=int(s.get("ask_k", 5)),
        as_of=as_of,
        doc=s.get("ask_doc") or None,
        jur=s.get("ask_jur") or None,
        kind=s.get("ask_kind") or None,
        lang=s.get("ask_lang") or None,
        brief=bool(s.get("ask_brief")),
    )


def _stream_answer(state: AskState) -> dict[str, Any] | None:
    """POST /ask/stream: show each sentence as it arrives; return the final answer record."""
    client = widgets.api()
    live = st.empty()
    sentences: list[str] = []
    final: dict[str, Any] | None = None
    try:
        with st.spinner("Finding the provisions and checking each sentence…", show_time=True):
            for event, data in client.ask_stream(state.q, k=state.k, as_of=state.as_of,
                                                 max_words=state.max_words, **state.filters()):
                if event == "sentence" and isinstance(data, dict):
                    sentences.append(str(data.get("text", "")))
                    live.html(answer_html(" ".join(sentences), data.get("citations") or []))
                elif event == "answer" and isinstance(data, dict):
                    final = data
                elif event == "error":
                    detail = data.get("detail") if isinstance(data, dict) else str(data)
                    raise ApiError(502, str(detail))
    except ApiError as exc:
        live.empty()
        if exc.status == 0:
            st.error(
                f"The API stopped answering: {exc.detail}. Is `regqa serve` still running?",
                icon=":material/cloud_off:",
            )
        else:
            st.error(f"No answer ({exc.status}): {exc.detail}", icon=":material/error:")
        return None
    live.empty()
    if final is None:
        st.error("The API closed the answer stream without an answer; try again.")
    return final


def _citation(c: dict[str, Any], base: str, opened: bool) -> None:
    n = c["n"]
    st.html(f'<a id="cite-{n}"></a>')
    with st.expander(f"[{n}] {c['label']}", expanded=opened):
        detail = None
        with suppress(ApiError):  # the citation carries its own text; the detail adds cross-references
            detail = widgets.provision(base, c["doc_id"], c["path"], c.get("language"))
        languages = (detail or {}).get("languages") or [c.get("language", "")]
        version = {**c, **{k: v for k, v in (detail or {}).items() if k in ("authority", "url")}}
        widgets.authority_line(version, languages)
        if detail and detail.get("caption"):
            st.caption(f"{detail['ref']} ({detail['caption']})")
        st.html(provision_html(c.get("text") or c["quote"], [c["quote"]]))
        if c.get("url"):
            st.markdown(f"[Official source ↗]({c['url']})")
        widgets.provision_links(c["doc_id"], c["path"], (detail or {}).get("cross_refs") or [])


def _related(related: list[dict[str, Any]], title: str) -> None:
    if related:
        st.subheader(title)
        for r in related:
            with st.expander(r["label"]):
                st.html(provision_html(r["text"]))
                widgets.provision_links(r["doc_id"], r["path"])


def _answer(data: dict[str, Any], base: str) -> None:
    if data.get("abstained"):
        st.warning(data["answer"], icon=":material/block:")
        _related(data.get("related") or [], "Related passages — not an answer")
        return
    citations = data.get("citations") or []
    st.html(answer_html(data["answer"], [c["n"] for c in citations]))
    badge = confidence_badge(data.get("confidence"))
    if badge is not None:
        st.badge(badge[0], color=badge[1], icon=":material/fact_check:", help=badge[2])
    facts = []
    if data.get("grounded_share") is not None:
        facts.append(f"{data['grounded_share']:.0%} of sentences grounded")
    if data.get("mode"):
        facts.append(f"answered by the {data['mode']} answerer")
    if facts:
        st.caption(" · ".join(facts))
    removed = data.get("removed") or []
    if removed:
        with st.expander(f"{len(removed)} sentence(s) the grounding guard removed or flagged"):
            for r in removed:
                st.markdown(f"- *{r['action']}* — {r['reason']}: {r['sentence']}")
    if citations:
        st.subheader("Sources")
        for i, c in enumerate(citations):
            _citation(c, base, opened=i < OPEN_CITATIONS)
    # an answer that is not sure of its provision lists the ones ranked next (answer/confidence.py)
    _related(data.get("related") or [], "Also ranked close — one of these may be the provision that answers")


def _passages(state: AskState) -> None:
    filters = state.filters()
    named = [f"{k}={v}" for k, v in filters.items() if v]
    st.caption(
        "Ranked passages for the question" + (f", limited to {', '.join(named)}" if named else "") + "."
    )
    hits = widgets.call(
        "Searching…", widgets.api().search, state.q, k=max(state.k, 10), as_of=state.as_of, **filters
    )
    if hits is None:
        return
    if not hits:
        st.info("No passage matches these filters.")
    for h in hits:
        with st.expander(f"{h['rank']}. {h['label']}"):
            st.html(query_terms_html(h["text"], state.q))
            widgets.provision_links(h["doc_id"], h["path"])


def main() -> None:
    widgets.style()
    st.title("Ask")
    st.caption(
        "Answers from Japan's AI Promotion Act, the APPI and related texts — every sentence "
        "quoted from the provision it cites. English or Japanese."
    )
    widgets.require_api()
    base = widgets.api().base
    docs = widgets.call("Loading the document list…", widgets.documents, base) or []
    state = AskState.from_query(st.query_params.to_dict())
    _init_widgets(state)
    _sidebar(docs)

    with st.form("ask", border=False):
        cols = st.columns([6, 1], vertical_alignment="bottom")
        cols[0].text_input(
            "Question",
            key="ask_q",
            max_chars=2000,
            placeholder="Who heads the AI Strategic Headquarters? / 本部長は誰ですか",
        )
        submitted = cols[1].form_submit_button("Ask", type="primary", use_container_width=True)
    if submitted:
        state = _state_from_widgets()
        st.session_state["_ask_url"] = state
        st.query_params.from_dict(state.to_query())
    if not state.q:
        st.info(
            "Type a question and press Enter. The settings are in the sidebar.", icon=":material/keyboard:"
        )
        return

    kept: dict[AskState, dict[str, Any]] = st.session_state.setdefault("ask_answers", {})
    answer_key = state
    tab_answer, tab_passages = st.tabs(["Answer", "Passages"])
    with tab_answer:
        data = kept.get(answer_key)
        if data is None:
            data = _stream_answer(state)
            if data is not None:
                kept[answer_key] = data
                while len(kept) > MAX_KEPT:
                    kept.pop(next(iter(kept)))
        if data is not None:
            _answer(data, base)
            with st.expander("Link to this answer"):
                st.code(share_url(st.context.url, state.to_query()), language=None, wrap_lines=True)
    with tab_passages:
        _passages(state)


main()
