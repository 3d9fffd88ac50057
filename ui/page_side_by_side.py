"""Side by side: a provision's Japanese original and English reference translation, aligned
paragraph by paragraph and item by item, with each column's version and authority and the
version mismatch flagged. `?doc=jp-appi&path=art-27/para-1/item-2` opens one directly."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import widgets
from ui.alignment import align, paragraph_of, split_units, unit_key_of
from ui.api_client import ApiError
from ui.highlight import unit_html
from ui.labels import language_name, version_mismatch
from ui.query_state import ProvisionState, article_of
from ui.toc_tree import build_tree, find_article

MARK = "▶"


def _columns_of(prov: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """(original, translation): the text with legal effect on the left when there is one."""
    other = prov.get("counterpart")
    if other and other.get("legal_effect") and not prov.get("legal_effect"):
        return other, prov
    return prov, other


def _column_head(version: dict[str, Any], languages: list[str]) -> None:
    st.markdown(f"#### {language_name(version['language'])}")
    widgets.authority_line(version, languages)
    if version.get("url"):
        st.markdown(f"[Official source ↗]({version['url']})")


def _unit_html(unit, marked: bool) -> str:
    return unit_html(unit.label, unit.text, unit.depth, marked, MARK)


def _paragraph(prov: dict[str, Any], target: str | None, pinned_key: str | None) -> None:
    left, right = _columns_of(prov)
    refs = " · ".join(v["ref"] for v in (left, right) if v)
    caption = f" ({prov['caption']})" if prov.get("caption") else ""
    here = target is not None and paragraph_of(target) == prov["path"]
    st.markdown(f"##### {MARK + ' ' if here and pinned_key is None else ''}{refs}{caption}")
    rows = align(
        split_units(left["text"], left["language"]),
        split_units(right["text"], right["language"]) if right else [],
    )
    for key, lu, ru in rows:
        marked = here and pinned_key == key
        cols = st.columns(2) if right else [st.container()]
        with cols[0]:
            if lu is not None:
                st.html(_unit_html(lu, marked))
            else:
                st.caption(f"(no {language_name(left['language'])} counterpart)")
        if right:
            with cols[1]:
                if ru is not None:
                    st.html(_unit_html(ru, marked))
                else:
                    st.caption(f"(not in the {language_name(right['language'])} text)")


def main() -> None:
    widgets.style()
    st.title("Side by side")
    st.caption(
        "The Japanese original (the law) beside the English reference translation, "
        "aligned by paragraph and item."
    )
    widgets.require_api()
    base = widgets.api().base
    state = ProvisionState.from_query(st.query_params.to_dict())
    docs = widgets.call("Loading the document list…", widgets.documents, base) or []
    if not docs:
        st.info("No documents are indexed.")
        return
    default = state.doc or next((d["doc_id"] for d in docs if len(d["languages"]) > 1), docs[0]["doc_id"])
    cols = st.columns(2)
    with cols[0]:
        doc_id = widgets.doc_picker(docs, default, key=f"sbs_doc_{default}")
    detail = widgets.call("Loading its table of contents…", widgets.document, base, doc_id)
    if detail is None:
        return
    chapters = build_tree(detail["toc"], "en")
    articles = [a for ch in chapters for a in ch.articles]
    if not articles:
        st.info("This document has no provisions indexed.")
        return
    target = state.path if doc_id == state.doc else None
    start = find_article(chapters, target) or articles[0]
    keys = [a.key for a in articles]
    by_key = {a.key: a for a in articles}
    with cols[1]:
        chosen = st.selectbox(
            "Provision",
            keys,
            index=keys.index(start.key),
            key=f"sbs_art_{doc_id}_{start.key}",
            format_func=lambda k: (
                f"{by_key[k].label}" + (f" — {by_key[k].caption}" if by_key[k].caption else "")
            ),
        )
    if chosen != start.key:
        target = None
    if target is None or article_of(target) != chosen:
        st.query_params.from_dict({"doc": doc_id, "path": chosen})
    article = by_key[chosen]
    langs = detail.get("languages", [])
    if len(langs) < 2:
        st.info(
            f"{widgets.doc_title(detail)} is indexed in "
            f"{language_name(langs[0]) if langs else 'no language'} "
            "only: there is nothing to set beside it.",
            icon=":material/info:",
        )

    provs = []
    with st.spinner("Loading the texts…"):
        for path in article.paths:
            try:
                provs.append(widgets.provision(base, doc_id, path))
            except ApiError as exc:
                st.error(f"{path}: {exc.detail}")
    if not provs:
        return
    left, right = _columns_of(provs[0])
    flag = version_mismatch(left, right)
    if flag:
        (st.warning if "mismatch" in flag.lower() else st.info)(flag, icon=":material/difference:")
    head = st.columns(2) if right else [st.container()]
    with head[0]:
        _column_head(left, langs)
    if right:
        with head[1]:
            _column_head(right, langs)
    st.divider()
    pinned_key = unit_key_of(target) if target else None
    for prov in provs:
        _paragraph(prov, target, pinned_key)
    refs = sorted({r for p in provs for r in p.get("cross_refs", [])})
    widgets.provision_links(doc_id, target or chosen, refs, here="side")


main()
