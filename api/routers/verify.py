"""POST /verify: does the cited provision exist, and does it say what is claimed?"""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.exceptions import RequestValidationError

from answer import verify as v
from answer.pipeline import QAPipeline
from api.deps import get_library, get_pipeline
from api.routers.documents import version_of
from api.schemas import SupportScores, VerifyRequest, VerifyResponse
from core.provision_paths import human_ref
from index.library import Library
from index.tokenize import tokenize
from query.places import place_name
from query.references import parse_references

router = APIRouter(tags=["verification"])


class Unresolvable(ValueError):
    """The request does not say which provision clearly enough (-> 422)."""


def _no_such(explanation: str, doc_id: str | None = None, path: str | None = None) -> VerifyResponse:
    return VerifyResponse(verdict=v.NO_SUCH_PROVISION, explanation=explanation, doc_id=doc_id, path=path,
                          ref=None if path is None else human_ref(path, "en"))


def resolve(req: VerifyRequest, pipeline: QAPipeline, library: Library) -> tuple[str, str] | VerifyResponse:
    """(doc_id, path) of the provision the request names, or a `no_such_provision` answer."""
    if req.path is not None:
        doc_id = req.doc_id
        if doc_id is None:
            docs = pipeline.analyze(req.citation or "").documents
            if not docs:
                raise Unresolvable("doc_id: the citation names no indexed document; give doc_id")
            doc_id = docs[0]
        if library.document(doc_id) is None:
            return _no_such(f"No document {doc_id!r} is indexed (GET /documents lists them).", doc_id)
        return doc_id, req.path.strip("/")
    citation = req.citation or ""
    refs = parse_references(citation)
    if not refs:
        raise Unresolvable("citation: it names no provision; write it like \"Article 13 of the AI "
                           "Promotion Act\" or 「AI推進法第十三条」, or give doc_id and path")
    if req.doc_id is not None:
        if library.document(req.doc_id) is None:
            return _no_such(f"No document {req.doc_id!r} is indexed (GET /documents lists them).",
                            req.doc_id)
        return req.doc_id, refs[0].path
    analysis = pipeline.analyze(citation)
    first = refs[0].path
    if analysis.out_of_scope:  # "Article 5 of the EU ..." when nothing of the EU is indexed
        places = ", ".join(place_name(j) for j in analysis.unindexed_jurisdictions)
        return _no_such(f"No text of {places} is indexed.", None, first)
    if analysis.unindexed_statutes:  # "Article 9 of the Labor Standards Act"
        return _no_such(f"The {', '.join(analysis.unindexed_statutes)} is not among the indexed texts "
                        "(GET /documents lists them).", None, first)
    owners = list(dict.fromkeys(r.doc_id for r in analysis.refs if r.path == first and r.doc_id))
    if len(owners) == 1:
        return owners[0], first
    if len(owners) > 1:
        raise Unresolvable(f"citation: {human_ref(first, 'en')} exists in several documents "
                           f"({', '.join(owners)}); name the document or give doc_id")
    missing = next((r for r in analysis.missing_refs if r.path == first), None)
    if missing is not None and missing.doc_id:
        name = _short_title(library, missing.doc_id)
        return _no_such(f"The {name} as indexed has no {human_ref(first, 'en')}.", missing.doc_id, first)
    return _no_such(f"No indexed document has {human_ref(first, 'en')}.", None, first)


def _short_title(library: Library, doc_id: str) -> str:
    by_lang = library.documents[doc_id].by_language
    return (by_lang.get("en") or next(iter(by_lang.values()))).short_title


def verify_claim(req: VerifyRequest, pipeline: QAPipeline, library: Library) -> VerifyResponse:
    where = resolve(req, pipeline, library)
    if isinstance(where, VerifyResponse):
        return where
    doc_id, path = where
    found = library.provision_languages(doc_id, path)
    if not found:
        name = _short_title(library, doc_id)
        return _no_such(f"The {name} as indexed has no provision {path} ({human_ref(path, 'en')}).",
                        doc_id, path)
    claim, quote = req.claim, req.quote
    if claim is None and quote is None:
        doc = library.documents[doc_id]
        names = [*doc.aliases, *(p.title for p in doc.by_language.values()),
                 *(p.short_title for p in doc.by_language.values())]
        claim = v.split_statement(req.citation or "", names)
        if len(tokenize(claim)) < 2:
            raise Unresolvable("claim or quote: say what the provision is said to say (a claim in "
                               "any words, or a quote)")
    texts = {lang: prov.text for lang, prov in found.items()}
    result = v.check(texts, claim=claim, quote=quote,
                     similarity=v.embedding_similarity(pipeline.embedder.embed))
    versions = [version_of(prov) for prov in found.values()]
    scores = None
    if result.support is not None:
        s = result.support
        scores = SupportScores(lexical=s.lexical, semantic=s.semantic, score=s.score,
                               threshold=result.threshold or 0.0, closest_sentence=s.sentence)
    ref_lang = "en" if "en" in found else next(iter(found))
    return VerifyResponse(verdict=result.verdict, explanation=result.explanation, doc_id=doc_id,
                          path=path, ref=found[ref_lang].ref, matched_language=result.language,
                          scores=scores, texts=versions, note=_note(versions, result.language))


def _note(versions: list, matched: str) -> str:
    binding = [x for x in versions if x.legal_effect]
    notes = []
    if binding and all(x.language != matched for x in binding):
        b = binding[0]
        notes.append(f"The verdict rests on the {matched} text, which has no legal effect; the "
                     f"{b.language} text (shown first) alone has legal effect.")
    by_version = {x.language: x.version for x in versions}
    if len(set(by_version.values())) > 1:
        notes.append("The texts are of different versions: " +
                     "; ".join(f"{lang}: {ver}" for lang, ver in by_version.items()) + ".")
    if any(x.changed_since_translation for x in versions):
        notes.append("The original changed after the translation was made.")
    return " ".join(notes)


@router.post(
    "/verify", response_model=VerifyResponse,
    summary="Check a claimed citation against the provision it names",
    description="Give the provision (a citation in words, or doc_id + path) and a quote or a claim. "
                "The verdict is exact_quote, supported_paraphrase, not_supported or "
                "no_such_provision; the provision's text is returned in each language, the "
                "authoritative one first, each with its version and authority.",
)
def verify(req: VerifyRequest, pipeline: QAPipeline = Depends(get_pipeline),
           library: Library = Depends(get_library)) -> VerifyResponse:
    try:
        return verify_claim(req, pipeline, library)
    except Unresolvable as exc:  # same shape as any other 422: the field, then the message
        field, _, msg = str(exc).partition(": ")
        raise RequestValidationError([{"type": "value_error", "loc": ("body", field), "msg": msg}]) from exc
