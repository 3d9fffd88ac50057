"""The Streamlit page: ask a question, read the answer, open each citation's full provision.

Run with `regqa ui`; it calls the API at REGQA_API_URL (default http://127.0.0.1:8000).
"""

from __future__ import annotations

import httpx
import streamlit as st

from core.settings import get_settings


def call_api(base: str, question: str, k: int) -> dict:
    resp = httpx.post(f"{base.rstrip('/')}/ask", json={"question": question, "k": k}, timeout=60)
    if resp.status_code >= 400:
        detail = resp.json().get("detail", resp.text) if resp.headers.get(
            "content-type", "").startswith("application/json") else resp.text
        raise RuntimeError(f"API error {resp.status_code}: {detail}")
    return resp.json()


def main() -> None:
    settings = get_settings()
    st.set_page_config(page_title="regqa", layout="centered")
    st.title("regqa")
    st.caption("Answers from Japan's AI Promotion Act, the APPI and related texts — "
               "every sentence quoted from the provision it cites.")
    with st.form("ask"):
        question = st.text_input("Question", placeholder="Who heads Japan's AI Strategic Headquarters?")
        k = st.slider("Passages to consider", 1, 20, settings.top_k)
        submitted = st.form_submit_button("Ask")
    if not (submitted and question.strip()):
        return
    try:
        data = call_api(settings.api_url, question, k)
    except (httpx.HTTPError, RuntimeError) as exc:
        st.error(f"Could not get an answer from {settings.api_url}: {exc}")
        return
    st.subheader("Answer")
    if data["abstained"]:
        st.warning(data["answer"])
    else:
        st.markdown(data["answer"].replace("\n", "  \n"))
    if data["citations"]:
        st.subheader("Sources")
    for c in data["citations"]:
        with st.expander(f"[{c['n']}] {c['label']}"):
            st.markdown(f"**Quoted:** {c['quote']}")
            st.markdown("**Full provision:**")
            st.text(c["text"])
            st.caption(f"Version: {c['version']}" + (f" · [official source]({c['url']})" if c["url"] else ""))
    if data.get("related"):
        st.subheader("Related, not an answer")
        for r in data["related"]:
            with st.expander(r["label"]):
                st.text(r["text"])


main()
