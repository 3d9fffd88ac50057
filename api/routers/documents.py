"""Reading: GET /documents, GET /documents/{doc_id}, GET /provisions/{doc_id}/{path}."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi import Path as PathParam

from api.deps import get_library
from api.schemas import (
    DelegationOut,
    DocumentDetail,
    DocumentList,
    DocumentSummary,
    ErrorOut,
    OtherLawOut,
    ProvisionOut,
    ProvisionVersion,
    TocEntry,
)
from index.library import DocumentInfo, Library, ProvisionText
from ingest.law_names import en_key, ja_key

router = APIRouter(tags=["reading"])

_404 = {404: {"model": ErrorOut, "description": "no such document, provision or language"}}


def summary(doc: DocumentInfo) -> DocumentSummary:
    langs = doc.languages
    first = doc.by_language
    return DocumentSummary(
        doc_id=doc.doc_id, titles={lang: first[lang].title for lang in langs},
        short_titles={lang: first[lang].short_title for lang in langs},
        jurisdiction=doc.jurisdiction, kind=doc.kind, languages=langs,
        versions={lang: first[lang].version for lang in langs},
        authority={lang: first[lang].authority for lang in langs},
        legal_effect={lang: first[lang].legal_effect for lang in langs},
        urls={lang: first[lang].url for lang in langs},
        passages={lang: doc.counts[lang] for lang in langs}, aliases=doc.aliases,
    )


def version_of(prov: ProvisionText) -> ProvisionVersion:
    """One language's text of a provision, labelled with its version and authority."""
    p = prov.first
    label = p.label if prov.path == p.path else p.label.replace(p.ref, prov.ref, 1)
    return ProvisionVersion(
        language=prov.language, ref=prov.ref, label=label, title=p.title, text=prov.text,
        version=p.version, authority=p.authority, legal_effect=p.legal_effect, url=p.url,
        changed_since_translation=any(getattr(q, "changed_since_translation", False)
                                      for q in prov.passages),
    )


def law_keys(library: Library) -> dict[str, str]:
    """Indexed documents by the key of the law number their titles give ("2003-57")."""
    out: dict[str, str] = {}
    for doc in library.documents.values():
        for p in doc.by_language.values():
            key = ja_key(p.title) or en_key(p.title)
            if key:
                out.setdefault(key, doc.doc_id)
    return out


def other_laws(prov: ProvisionText, indexed: dict[str, str]) -> list[OtherLawOut]:
    out: list[OtherLawOut] = []
    for p in prov.passages:
        for r in getattr(p, "law_refs", ()) or ():
            doc_id = indexed.get(r.key) if r.key else None
            item = OtherLawOut(name=r.name, number=r.number, key=r.key, path=r.path, doc_id=doc_id,
                               status="indexed" if doc_id else "not indexed")
            if item not in out:
                out.append(item)
    return out


def delegations(prov: ProvisionText) -> list[DelegationOut]:
    return [DelegationOut(body=d.body, path=p.path, start=d.start, end=d.end)
            for p in prov.passages for d in getattr(p, "delegations", ()) or ()]


def _document(library: Library, doc_id: str) -> DocumentInfo:
    doc = library.document(doc_id)
    if doc is None:
        known = ", ".join(sorted(library.documents))
        raise HTTPException(404, f"no document {doc_id!r} is indexed (indexed: {known})")
    return doc


@router.get("/documents", response_model=DocumentList, summary="The indexed documents",
            description="Every indexed document with its titles, languages, the version and "
                        "authority of each language's text, official URLs and passage counts.")
def list_documents(library: Library = Depends(get_library)) -> DocumentList:
    return DocumentList(documents=[summary(doc) for doc in library.documents.values()])


@router.get("/documents/{doc_id}", response_model=DocumentDetail, responses=_404,
            summary="One document: metadata, versions and table of contents")
def get_document(
    doc_id: str = PathParam(..., max_length=100, examples=["jp-ai-promotion-act"]),
    library: Library = Depends(get_library),
) -> DocumentDetail:
    doc = _document(library, doc_id)
    toc = []
    for path in library.toc(doc_id):
        refs, captions, chapter, langs = {}, {}, "", []
        for lang in doc.languages:
            p = library.passage(doc_id, lang, path)
            if p is None:
                continue
            langs.append(lang)
            refs[lang] = p.ref
            if p.caption:
                captions[lang] = p.caption
            chapter = chapter or p.chapter
        toc.append(TocEntry(path=path, refs=refs, captions=captions, chapter=chapter, languages=langs))
    return DocumentDetail(**summary(doc).model_dump(), toc=toc)


@router.get("/provisions/{doc_id}/{path:path}", response_model=ProvisionOut, responses=_404,
            summary="One provision in one language, with its counterpart in the other",
            description="`path` is a provision path from the table of contents (art-22/para-1), "
                        "an item inside one (art-2/para-1/item-3) or a whole article (art-6). "
                        "Without `lang`, the authoritative text (the Japanese original) is given.")
def get_provision(
    doc_id: str = PathParam(..., max_length=100, examples=["jp-ai-promotion-act"]),
    path: str = PathParam(..., max_length=200, examples=["art-22/para-1"]),
    lang: str | None = Query(None, pattern=r"^[a-z]{2}$", examples=["en"],
                             description="language of the text: ja (original) or en (translation)"),
    library: Library = Depends(get_library),
) -> ProvisionOut:
    _document(library, doc_id)
    found = library.provision_languages(doc_id, path)
    if not found:
        raise HTTPException(404, f"{doc_id} has no provision {path!r}: GET /documents/{doc_id} "
                                 "lists its table of contents")
    if lang is not None and lang not in found:
        raise HTTPException(404, f"{doc_id} {path} has no {lang!r} text (it exists in: "
                                 f"{', '.join(found)})")
    lang = lang or next(iter(found))
    prov = found[lang]
    other = next((p for code, p in found.items() if code != lang), None)
    cross: list[str] = []
    for p in prov.passages:
        for ref in getattr(p, "cross_refs", ()) or ():
            if ref not in cross:
                cross.append(ref)
    effective = getattr(prov.first, "effective_from", None)
    return ProvisionOut(
        **version_of(prov).model_dump(), doc_id=doc_id, path=prov.path, caption=prov.first.caption,
        chapter=prov.first.chapter, effective_from=None if effective is None else str(effective),
        cross_refs=cross, languages=list(found),
        other_laws=other_laws(prov, law_keys(library)), delegations=delegations(prov),
        counterpart=None if other is None else version_of(other),
    )
