"""Streamlit pieces every page uses: the API status banner, calls with a spinner and a plain
error instead of a stack trace, cached reads, and a provision shown with its authority."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from ui.api_client import Api, ApiError, ApiUnavailable, api_url
from ui.highlight import STYLE, provision_html
from ui.labels import authority_notes, language_name, short_ref, status_banner

T = TypeVar("T")
READ_TTL = 300  # seconds a document list / provision stays cached (the index changes rarely)

PAGE_FILES = {  # the page modules, relative to ui/app.py (st.page_link and st.switch_page take these)
    "ask": "page_ask.py",
    "side": "page_side_by_side.py",
    "browse": "page_browse.py",
    "verify": "page_verify.py",
    "evaluate": "page_evaluate.py",
    "library": "page_library.py",
}


def api() -> Api:
    return Api(api_url())


def style() -> None:
    st.html(STYLE)


def require_api(need_index: bool = True) -> dict[str, Any] | None:
    """Show a banner and stop the page when the API is down (or, if `need_index`, has no index)."""
    client = api()
    health, error = None, None
    try:
        health = client.health()
    except ApiUnavailable as exc:
        error = exc.detail
    except ApiError as exc:
        error = f"/health answered {exc.status}: {exc.detail}"
    banner = status_banner(client.base, health, error)
    if banner is None:
        return health
    level, text = banner
    if level == "error" or need_index:
        (st.error if level == "error" else st.warning)(text, icon=":material/cloud_off:")
        st.stop()
    st.warning(text, icon=":material/cloud_off:")
    return health


def call(what: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """fn(*args) under a spinner saying `what`; an API error is shown plainly and gives None."""
    try:
        with st.spinner(what):
            return fn(*args, **kwargs)
    except ApiUnavailable as exc:
        st.error(
            f"The API stopped answering: {exc.detail}. Is `regqa serve` still running?",
            icon=":material/cloud_off:",
        )
    except ApiError as exc:
        st.error(f"The API could not do that ({exc.status}): {exc.detail}", icon=":material/error:")
    return None


@st.cache_data(ttl=READ_TTL, show_spinner=False)
def documents(base: str) -> list[dict[str, Any]]:
    return Api(base).documents()


@st.cache_data(ttl=READ_TTL, show_spinner=False)
def document(base: str, doc_id: str) -> dict[str, Any]:
    return Api(base).document(doc_id)


@st.cache_data(ttl=READ_TTL, show_spinner=False)
def provision(base: str, doc_id: str, path: str, lang: str | None = None) -> dict[str, Any]:
    return Api(base).provision(doc_id, path, lang)


def doc_title(doc: dict[str, Any], lang: str = "en") -> str:
    short = doc.get("short_titles") or {}
    titles = doc.get("titles") or {}
    return short.get(lang) or titles.get(lang) or next(iter(short.values()), "") or doc["doc_id"]


def doc_picker(
    docs: list[dict[str, Any]],
    current: str | None,
    key: str,
    label: str = "Document",
    only_bilingual: bool = False,
) -> str | None:
    """A select box of the indexed documents (by short title); returns the chosen doc_id."""
    choices = [d for d in docs if len(d.get("languages", [])) > 1] if only_bilingual else docs
    if not choices:
        return None
    ids = [d["doc_id"] for d in choices]
    names = {
        d["doc_id"]: f"{doc_title(d)} ({d['jurisdiction']}, {'/'.join(d['languages'])})" for d in choices
    }
    index = ids.index(current) if current in ids else 0
    return st.selectbox(label, ids, index=index, format_func=names.__getitem__, key=key)


def authority_line(version: dict[str, Any], languages: list[str] | tuple[str, ...] = ()) -> None:
    """The text's authority as a badge (green: has legal effect) and its version in small print."""
    notes = authority_notes(version, languages)
    binding = bool(version.get("legal_effect"))
    st.badge(
        notes[0],
        color="green" if binding else "orange",
        icon=":material/gavel:" if binding else ":material/translate:",
    )
    for extra in notes[1:]:
        st.badge(extra, color="red", icon=":material/history:")
    if version.get("version"):
        st.caption(f"Version: {version['version']}")


def provision_block(
    version: dict[str, Any],
    needles: list[str] | tuple[str, ...] = (),
    languages: list[str] | tuple[str, ...] = (),
    heading: str | None = None,
) -> None:
    """One language's text of a provision: heading, authority, text (spans marked), source link."""
    head = heading if heading is not None else version.get("label") or version.get("ref", "")
    if head:
        st.markdown(f"**{_md_escape(head)}**")
    authority_line(version, languages)
    st.html(provision_html(version.get("text", ""), needles))
    if version.get("url"):
        st.markdown(f"[Official source ({language_name(version.get('language', ''))}) ↗]({version['url']})")


def provision_links(doc_id: str, path: str, cross_refs: list[str] | tuple[str, ...] = (),
                    here: str = "") -> None:
    """Links to read the provision side by side and in context (not to `here`, the page showing
    it already), and to the provisions it refers to."""
    links = [("side", "Side by side (Japanese / English)", ":material/view_column:"),
             ("browse", "Read in the document", ":material/menu_book:")]
    links = [link for link in links if link[0] != here]
    for col, (page, label, icon) in zip(st.columns(2), links, strict=False):
        with col:
            st.page_link(PAGE_FILES[page], label=label, icon=icon, query_params={"doc": doc_id, "path": path})
    if cross_refs:
        st.caption("Refers to:")
        ref_cols = st.columns(min(4, len(cross_refs)))
        for i, ref in enumerate(cross_refs):
            with ref_cols[i % len(ref_cols)]:
                st.page_link(PAGE_FILES["browse"], label=short_ref(ref), icon=":material/link:",
                             query_params={"doc": doc_id, "path": ref})


def _md_escape(text: str) -> str:
    """Text shown through st.markdown without being read as markdown."""
    for ch in "\\`*_{}[]<>()#+-.!|$~":
        text = text.replace(ch, "\\" + ch)
    return text
