"""Library: the indexed documents with language, version, authority, passage counts and their
official URLs; the user documents added with `regqa ingest` apart."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ui import widgets
from ui.labels import JURISDICTIONS, language_name

USER_AUTHORITY = "user document"  # what `regqa ingest` labels a user's file with


def is_user_doc(doc: dict[str, Any]) -> bool:
    return any(str(a).strip().lower() == USER_AUTHORITY for a in (doc.get("authority") or {}).values())


def summary_rows(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per document: what it is, in which languages, how many passages."""
    return [{
        "document": widgets.doc_title(d),
        "doc_id": d["doc_id"],
        "jurisdiction": JURISDICTIONS.get(d["jurisdiction"], d["jurisdiction"]),
        "kind": d["kind"],
        "languages": " / ".join(language_name(lang) for lang in d["languages"]),
        "passages": sum(d["passages"].get(lang, 0) for lang in d["languages"]),
    } for d in docs]


def _card(d: dict[str, Any]) -> None:
    with st.container(border=True):
        st.markdown(f"**{widgets.doc_title(d)}** · `{d['doc_id']}` · "
                    f"{JURISDICTIONS.get(d['jurisdiction'], d['jurisdiction'])} · {d['kind']}")
        cols = st.columns(len(d["languages"]))
        for col, lang in zip(cols, d["languages"], strict=True):
            with col:
                version = {"language": lang, "legal_effect": d["legal_effect"].get(lang, False),
                           "authority": d["authority"].get(lang, ""), "version": d["versions"].get(lang, "")}
                st.caption(f"{language_name(lang)} — {d['titles'].get(lang, '')}")
                widgets.authority_line(version, d["languages"])
                url = d["urls"].get(lang)
                st.caption(f"{d['passages'].get(lang, 0):,} passages"
                           + (f" · [official source ↗]({url})" if url else " · no official URL"))
        st.page_link(widgets.PAGE_FILES["browse"], label="Browse", icon=":material/menu_book:",
                     query_params={"doc": d["doc_id"]})


def main() -> None:
    widgets.style()
    st.title("Library")
    health = widgets.require_api()
    base = widgets.api().base
    docs = widgets.call("Loading the document list…", widgets.documents, base)
    if docs is None:
        return
    official = [d for d in docs if not is_user_doc(d)]
    mine = [d for d in docs if is_user_doc(d)]
    cols = st.columns(4)
    cols[0].metric("Documents", len(official))
    cols[1].metric("Passages", f"{(health or {}).get('passages', 0):,}")
    cols[2].metric("Your documents", len(mine))
    cols[3].metric("Index built", ((health or {}).get("index_built") or "—")[:10])
    if health and health.get("model"):
        st.caption(f"Embedding model: {health['model']} · API: {base}")
    st.subheader("Indexed texts")
    st.caption(
        "A Japanese statute's original alone has legal effect; its English translation is a "
        "reference, and may be of an older edition."
    )
    st.dataframe(pd.DataFrame(summary_rows(official)), hide_index=True, use_container_width=True)
    for d in official:
        _card(d)
    st.subheader("Your documents")
    if mine:
        st.dataframe(pd.DataFrame(summary_rows(mine)), hide_index=True, use_container_width=True)
        for d in mine:
            _card(d)
    else:
        st.info(
            "None yet. Add your own file (PDF, HTML, Markdown, text) with `regqa ingest PATH`, then "
            "`regqa build`; it is searched beside the official texts and labelled as yours.",
            icon=":material/upload_file:",
        )


main()
