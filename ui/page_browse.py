"""Browse: each document as a tree (chapter -> article -> paragraph -> item) from
GET /documents/{id}; click an article to read it; search within the document."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import widgets
from ui.alignment import paragraph_of, split_units, unit_key_of
from ui.api_client import ApiError
from ui.highlight import query_terms_html, unit_html
from ui.labels import language_name
from ui.query_state import ProvisionState
from ui.toc_tree import Article, build_tree, filter_tree, find_article

MARK = "▶"


def _open(doc_id: str, path: str, lang: str | None) -> None:
    st.query_params.from_dict({k: v for k, v in {"doc": doc_id, "path": path, "lang": lang}.items() if v})


def _tree(chapters, current: Article | None, doc_id: str, lang: str | None) -> None:
    for ci, chapter in enumerate(chapters):
        holds = current is not None and any(a.key == current.key for a in chapter.articles)
        with st.expander(chapter.title, expanded=holds or len(chapters) == 1):
            for art in chapter.articles:
                label = art.label + (f" — {art.caption}" if art.caption else "")
                if current is not None and art.key == current.key:
                    label = f"{MARK} {label}"
                st.button(
                    label,
                    key=f"toc_{doc_id}_{ci}_{art.key}",
                    type="tertiary",
                    on_click=_open,
                    args=(doc_id, art.key, lang),
                )


def _article(base: str, doc_id: str, art: Article, lang: str, langs: list[str], target: str | None) -> None:
    provs: list[dict[str, Any]] = []
    with st.spinner("Loading the article…"):
        for path in art.paths:
            try:
                provs.append(widgets.provision(base, doc_id, path, lang if lang in langs else None))
            except ApiError as exc:
                if exc.status != 404:
                    st.error(f"{path}: {exc.detail}")
    if not provs:
        st.info(f"{art.label} has no {language_name(lang)} text.")
        return
    head = provs[0]
    st.subheader(art.label + (f" ({head['caption']})" if head.get("caption") else ""))
    if head.get("chapter"):
        st.caption(head["chapter"])
    widgets.authority_line(head, langs)
    pinned_para = paragraph_of(target) if target else None
    pinned_key = unit_key_of(target) if target else None
    for prov in provs:
        here = pinned_para == prov["path"]
        st.markdown(f"**{MARK + ' ' if here and not pinned_key else ''}{prov['ref']}**")
        for unit in split_units(prov["text"], prov["language"]):
            marked = here and pinned_key == unit.key
            st.html(unit_html(unit.label, unit.text, unit.depth, marked, MARK))
    if head.get("effective_from"):
        st.caption(f"In effect from {head['effective_from']}")
    if head.get("url"):
        st.markdown(f"[Official source ↗]({head['url']})")
    refs = sorted({r for p in provs for r in p.get("cross_refs", [])})
    widgets.provision_links(doc_id, target or art.key, refs, here="browse")


def _search(base: str, doc_id: str, lang: str | None, query: str) -> None:
    hits = widgets.call(
        "Searching the document…", widgets.api().search, query, k=10, doc_id=doc_id, language=lang
    )
    if hits is None:
        return
    if not hits:
        st.info("Nothing in this document matches.")
        return
    for h in hits:
        with st.container(border=True):
            st.button(
                f"{h['ref']}",
                key=f"hit_{h['passage_id']}",
                type="tertiary",
                icon=":material/open_in_new:",
                on_click=_open,
                args=(doc_id, h["path"], lang),
            )
            st.html(query_terms_html(h["text"], query))


TREE_STYLE = "<style>.st-key-toc button { justify-content: flex-start; text-align: left; }</style>"


def main() -> None:
    widgets.style()
    st.html(TREE_STYLE)
    st.title("Browse")
    widgets.require_api()
    base = widgets.api().base
    state = ProvisionState.from_query(st.query_params.to_dict())
    docs = widgets.call("Loading the document list…", widgets.documents, base) or []
    if not docs:
        st.info("No documents are indexed.")
        return
    top = st.columns([3, 1])
    with top[0]:
        doc_id = widgets.doc_picker(docs, state.doc, key=f"browse_doc_{state.doc}")
    doc = next(d for d in docs if d["doc_id"] == doc_id)
    langs = doc["languages"]
    with top[1]:
        lang = st.radio(
            "Language",
            langs,
            index=langs.index(state.lang) if state.lang in langs else 0,
            horizontal=True,
            format_func=language_name,
            key=f"browse_lang_{doc_id}_{state.lang}",
        )
    if doc_id != state.doc or lang != (state.lang or langs[0]):
        path = state.path if doc_id == state.doc else None
        _open(doc_id, path or "", lang)
        state = ProvisionState(doc_id, path, lang)
    detail = widgets.call("Loading the table of contents…", widgets.document, base, doc_id)
    if detail is None:
        return
    chapters = build_tree(detail["toc"], lang)
    current = find_article(chapters, state.path)

    left, right = st.columns([1, 2], gap="large")
    with left:
        st.markdown(f"**{widgets.doc_title(doc, lang)}** — {len(detail['toc'])} passages")
        find = st.text_input(
            "Search within this document",
            value=state.find,
            key=f"find_{doc_id}",
            placeholder="words, or a phrase in either language",
        )
        narrow = st.text_input(
            "Filter the contents", key=f"narrow_{doc_id}", placeholder="article or heading"
        )
        with st.container(key="toc"):
            _tree(filter_tree(chapters, narrow), current, doc_id, lang)
    with right:
        if find.strip():
            st.markdown(f"**Passages matching “{find.strip()}”**")
            _search(base, doc_id, lang, find.strip())
            st.divider()
        if current is None:
            st.info("Pick an article on the left to read it.", icon=":material/menu_book:")
        else:
            _article(base, doc_id, current, lang, langs, state.path)


main()
