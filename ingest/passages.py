"""Provisions of one source become labelled passages. Pure."""

from __future__ import annotations

from corpus.manifest import Source
from ingest.records import Passage, Provision
from ingest.refs import human_ref, make_label


def reference(prov: Provision, lang: str) -> str:
    """How people cite a provision; amending acts' supplementary provisions name the act."""
    head, _, rest = prov.path.partition("/")
    if head.startswith("suppl-amend-") and prov.chapter:
        inner = human_ref(rest, lang) if rest else ""
        sep = "" if lang == "ja" else ", "
        return f"{prov.chapter}{sep}{inner}" if inner else prov.chapter
    return human_ref(prov.path, lang) or prov.heading


def to_passages(source: Source, provisions: list[Provision]) -> list[Passage]:
    """Label every provision with its document, language, version and legal force."""
    out = []
    for prov in provisions:
        ref = reference(prov, source.language)
        if prov.page is not None and "page-" not in prov.path:
            ref = f"{ref}, p. {prov.page}" if source.language != "ja" else f"{ref}（{prov.page}頁）"
        out.append(
            Passage(
                passage_id=f"{source.doc_id}:{source.language}:{prov.path}",
                doc_id=source.doc_id,
                language=source.language,
                path=prov.path,
                text=prov.text,
                label=make_label(ref, source.language, source.short_title, source.authority_note),
                ref=ref,
                title=source.title,
                short_title=source.short_title,
                caption=prov.caption,
                chapter=prov.chapter,
                kind=source.kind,
                jurisdiction=source.jurisdiction,
                version=source.version,
                url=source.url,
                legal_effect=source.legal_effect,
                authority=source.authority,
                spans=prov.spans,
                page=prov.page,
            )
        )
    return out
