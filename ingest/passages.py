"""Provisions of one source become labelled passages. Pure.

Each passage carries the version facts of its source (an outdated translation says so in its
label, and the provisions whose original changed since are marked), the date from which it is
in force when the manifest states it, the provisions its text refers to, and, for a long
provision, which part of it this is (ingest/chunking.py).
"""

from __future__ import annotations

from collections.abc import Mapping

from core.provision_paths import human_ref, make_label
from corpus.manifest import Source
from ingest.chunking import MAX_CHARS, split_text
from ingest.crossrefs import Ref, exists, find_refs
from ingest.delegations import find_delegations
from ingest.law_names import LawCite, law_table
from ingest.records import LawRef, Passage, Provision, Span

CHANGED_NOTE = {
    "en": "the Japanese text of this provision has changed since this translation",
    "ja": "この規定の原文は翻訳の後に改正されています",
}


def reference(prov: Provision, lang: str) -> str:
    """How people cite a provision; amending acts' supplementary provisions name the act."""
    head, _, rest = prov.path.partition("/")
    if head.startswith("suppl-amend-") and prov.chapter:
        inner = human_ref(rest, lang) if rest else ""
        sep = "" if lang == "ja" else ", "
        return f"{prov.chapter}{sep}{inner}" if inner else prov.chapter
    return human_ref(prov.path, lang) or prov.heading


def path_at(prov: Provision, offset: int) -> str:
    """The most specific path of `prov` covering a character offset of its text."""
    best, best_len = prov.path, -1
    for span in prov.spans:
        if span.start <= offset < span.end and len(span.path) > best_len:
            best, best_len = span.path, len(span.path)
    return best


def article_order(provisions: list[Provision]) -> list[str]:
    """Article paths ("art-3", "art-3-2", "suppl/art-1") in document order."""
    out: list[str] = []
    for prov in provisions:
        head = prov.path.split("/para-")[0]
        if "art-" in head and head not in out:
            out.append(head)
    return out


def known_paths(provisions: list[Provision]) -> set[str]:
    return {p.path for p in provisions} | {s.path for p in provisions for s in p.spans}


def resolved_refs(prov: Provision, order: list[str], known: set[str],
                  laws: Mapping[str, LawCite] | None = None, enacted: bool = False) -> list[Ref]:
    """The references of a provision's text as ingest stores them: to provisions the act has,
    never to the provision itself or the article it sits in, and into other acts (typed).
    `enacted`: the provision cites the act as enacted (renumbered since): no main-text links."""
    return [r for r in find_refs(prov.text, lambda o, p=prov: path_at(p, o), order, laws)
            if r.law is not None or (r.path != prov.path and not prov.path.startswith(r.path + "/")
                                     and exists(r.path, known)
                                     and not (enacted and not r.path.startswith("suppl")))]


def _part_spans(spans: tuple[Span, ...], start: int, end: int) -> tuple[Span, ...]:
    return tuple(Span(s.path, max(s.start, start) - start, min(s.end, end) - start)
                 for s in spans if s.start < end and s.end > start)


def to_passages(source: Source, provisions: list[Provision],
                max_chars: int = MAX_CHARS) -> list[Passage]:
    """Label every provision with its document, language, version and legal force."""
    order, known = article_order(provisions), known_paths(provisions)
    lang = "ja" if source.language == "ja" else "en"
    laws = law_table((p.text for p in provisions), lang)
    out = []
    for prov in provisions:
        ref = reference(prov, source.language)
        if prov.page is not None and "page-" not in prov.path:
            ref = f"{ref}, p. {prov.page}" if source.language != "ja" else f"{ref}（{prov.page}頁）"
        changed = source.changed_since_translation(prov.path)
        label = make_label(ref, source.language, source.short_title, source.authority_note)
        if changed:
            label = f"{label}（{CHANGED_NOTE['ja']}）" if lang == "ja" else f"{label} — {CHANGED_NOTE['en']}"
        refs = resolved_refs(prov, order, known, laws, source.cites_enacted_numbering(prov.path))
        chunks = split_text(prov.text, max_chars)
        for k, chunk in enumerate(chunks, 1):
            part = k if len(chunks) > 1 else 0
            mine = [r.path for r in refs if chunk.start <= r.start < chunk.end and r.law is None]
            laws_cited = [LawRef(r.law.name, r.law.number, r.law.key, r.path) for r in refs
                          if chunk.start <= r.start < chunk.end and r.law is not None]
            out.append(
                Passage(
                    passage_id=f"{source.doc_id}:{source.language}:{prov.path}"
                    + (f"#{part}" if part else ""),
                    doc_id=source.doc_id,
                    language=source.language,
                    path=prov.path,
                    text=chunk.text,
                    label=label,
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
                    spans=_part_spans(prov.spans, chunk.start, chunk.end) if part else prov.spans,
                    page=prov.page,
                    part=part,
                    parts=len(chunks) if part else 0,
                    offset=chunk.start,
                    cross_refs=tuple(dict.fromkeys(mine)),
                    effective_from=source.effective_for(prov.path),
                    changed_since_translation=changed,
                    law_refs=tuple(dict.fromkeys(laws_cited)),
                    delegations=tuple(find_delegations(chunk.text)),
                )
            )
    return out
