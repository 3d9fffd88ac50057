"""Request and response records of the API. An answer's own records (Answer, Citation, ...) are the
answer stage's (answer/records.py); the API returns them as they are."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from answer.records import Answer, Citation, PassageOut, RemovedSentence
from search.filters import Filters

__all__ = ["Answer", "Citation", "PassageOut", "RemovedSentence"]


def _iso_date(value: object) -> object:
    """Only a YYYY-MM-DD string (or a date): no timestamps, no other formats."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected an ISO date, YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Filtered(_Strict):
    """Filters (search/filters.py); unset = all. An unknown value is a 422 naming the known ones."""

    doc_id: str | None = Field(None, max_length=200, examples=["jp-appi"], description="only this document")
    language: str | None = Field(None, max_length=10, examples=["ja"], description="only this language")
    jurisdiction: str | None = Field(None, max_length=10, examples=["JP"], description="only this place")
    kind: str | None = Field(None, max_length=40, examples=["act"], description="act, regulation, ...")

    def filters(self) -> Filters | None:
        f = Filters(self.doc_id, self.language, self.jurisdiction, self.kind)
        return None if f == Filters() else f


class AskRequest(_Filtered):
    question: str = Field(..., min_length=1, max_length=2000,
                          examples=["Who heads Japan's AI Strategic Headquarters?"])
    k: int = Field(5, ge=1, le=50, description="passages retrieved as evidence")
    as_of: IsoDate | None = Field(None, examples=["2025-09-01"],
                               description="ISO date: only provisions in effect on that day count")
    max_words: int | None = Field(
        None, ge=0, le=1000, examples=[120],
        description="a brief answer: supporting sentences are quoted only while the quotes stay within "
        "this many words (the sentence that answers always stays; 0 = no budget; unset = the server's "
        "REGQA_ANSWER_MAX_WORDS). Shorter, but a second provision that held the answer may be left out")


class SearchRequest(_Filtered):
    query: str = Field(..., min_length=1, max_length=2000, examples=["AI Basic Plan cabinet decision"])
    k: int = Field(10, ge=1, le=100)
    as_of: IsoDate | None = Field(None, examples=["2025-09-01"],
                               description="ISO date: only provisions in effect on that day count")


class SearchResponse(BaseModel):
    query: str
    results: list[PassageOut]


class Health(BaseModel):
    status: str
    passages: int = 0
    model: str = Field("", description="the embedding model; `<base>#adapted-<key>` when the build "
                       "adapted it to the corpus (REGQA_ADAPT)")
    index_built: str = ""
    generation: str = Field("", description="the index generation this worker serves (FAISS: the "
                            "build directory; Postgres: the generation id)")


# -- verification, reading, service (api/routers/verify.py, documents.py, admin.py) -----------

Verdict = Literal["exact_quote", "supported_paraphrase", "not_supported", "no_such_provision"]


class VerifyRequest(_Strict):
    """A claimed citation: which provision (a citation in words, or doc_id + path) and what it
    is said to say (a quote, or a claim in other words)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"citation": "Article 6 of the Widget Safety Act",
         "claim": "the Minister of Widgets chairs the Headquarters"},
        {"doc_id": "widget-act", "path": "art-6/para-1",
         "quote": "the Minister of Widgets holds that post"},
        {"citation": "Article 6(1) of the Widget Safety Act says the Headquarters is headed by a "
                     "chairperson"},
    ]})

    citation: str | None = Field(
        None, min_length=1, max_length=500,
        description="the provision as written (\"Article 13 of the AI Promotion Act\", "
        "「AI推進法第十三条」); may also carry the claim "
        "(\"Article 13 of the AI Promotion Act requires ...\")")
    doc_id: str | None = Field(None, min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.-]+$",
                               description="document id (GET /documents), instead of naming it")
    path: str | None = Field(None, min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_/-]+$",
                             description="provision path, e.g. art-13 or art-22/para-1")
    claim: str | None = Field(None, min_length=1, max_length=5000,
                              description="what the provision is said to say, in any words")
    quote: str | None = Field(None, min_length=1, max_length=5000,
                              description="words said to be quoted from the provision")

    @model_validator(mode="after")
    def _which(self) -> VerifyRequest:
        if self.citation is None and self.path is None:
            raise ValueError("citation or path: give the provision, as a citation "
                             "(\"Article 6 of the Widget Safety Act\") or as doc_id + path")
        if self.path is not None and self.doc_id is None and self.citation is None:
            raise ValueError("doc_id: a path needs the document it belongs to")
        if self.claim is not None and self.quote is not None:
            raise ValueError("claim and quote: give one of them, not both")
        return self


class ProvisionVersion(BaseModel):
    """One language's text of a provision, with the version and authority of that text."""

    language: str
    ref: str
    label: str
    title: str
    text: str
    version: str
    authority: str
    legal_effect: bool
    url: str | None = None
    changed_since_translation: bool = False


class SupportScores(BaseModel):
    lexical: float = Field(..., description="share of the claim's keywords found in the provision")
    semantic: float | None = Field(None, description="best embedding similarity with a sentence")
    score: float
    threshold: float
    closest_sentence: str


class VerifyResponse(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "verdict": "supported_paraphrase", "explanation": "The en text says this in other words ...",
        "doc_id": "widget-act", "path": "art-6", "ref": "Article 6", "matched_language": "en",
        "texts": [], "scores": None, "note": "Only the Japanese text has legal effect."}]})

    verdict: Verdict
    explanation: str
    doc_id: str | None = None
    path: str | None = None
    ref: str | None = None
    matched_language: str | None = Field(None, description="the text the verdict rests on")
    scores: SupportScores | None = None
    texts: list[ProvisionVersion] = Field(
        default_factory=list, description="the provision in each language, authoritative text first")
    note: str = ""


class DocumentSummary(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "doc_id": "widget-act", "titles": {"ja": "ウィジェット安全法", "en": "Act on Widget Safety"},
        "short_titles": {"en": "Widget Safety Act"}, "jurisdiction": "JP", "kind": "act",
        "languages": ["ja", "en"], "versions": {"en": "test edition"},
        "authority": {"ja": "original", "en": "translation"}, "legal_effect": {"ja": True, "en": False},
        "urls": {"en": None}, "passages": {"ja": 20, "en": 20}}]})

    doc_id: str
    titles: dict[str, str]
    short_titles: dict[str, str]
    jurisdiction: str
    kind: str
    languages: list[str]
    versions: dict[str, str]
    authority: dict[str, str]
    legal_effect: dict[str, bool]
    urls: dict[str, str | None]
    passages: dict[str, int] = Field(..., description="indexed passages per language")
    aliases: list[str] = Field(default_factory=list)


class TocEntry(BaseModel):
    path: str
    refs: dict[str, str] = Field(..., description="the path as written in each language")
    captions: dict[str, str] = Field(default_factory=dict)
    chapter: str = ""
    languages: list[str]


class DocumentDetail(DocumentSummary):
    toc: list[TocEntry] = Field(..., description="every provision path in text order")


class DocumentList(BaseModel):
    documents: list[DocumentSummary]


class DelegationOut(BaseModel):
    body: str = Field(..., description="what the matter is left to: Cabinet Order, Commission rules, "
                                       "Ministerial Ordinance, local ordinance, Presidential Decree")
    path: str = Field(..., description="the provision that says so")
    start: int = Field(..., description="character offsets of the phrase in that provision's text")
    end: int
    indexed: bool = Field(False, description="whether that instrument is among the indexed texts "
                                             "(no order, rules or decree is indexed today)")


class OtherLawOut(BaseModel):
    name: str = Field(..., description="the other act's name as the text gives it")
    number: str = Field("", description="its law number as written, when the text gives it")
    key: str | None = Field(None, description="its number as YEAR-NUMBER (e.g. 2013-27)")
    path: str = Field("", description="the provision cited in that act; empty for the act as a whole")
    doc_id: str | None = Field(None, description="the indexed document it resolves to, if any")
    status: Literal["indexed", "not indexed"] = "not indexed"


class ProvisionOut(ProvisionVersion):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "doc_id": "widget-act", "path": "art-6/para-1", "language": "en", "ref": "Article 6(1)",
        "label": "Article 6(1), Widget Safety Act — translation", "title": "Act on Widget Safety",
        "text": "The Headquarters is headed by a chairperson ...", "version": "test edition",
        "authority": "translation", "legal_effect": False, "caption": "Chairperson",
        "cross_refs": [], "counterpart": None}]})

    doc_id: str
    path: str
    caption: str = ""
    chapter: str = ""
    effective_from: str | None = None
    cross_refs: list[str] = Field(default_factory=list,
                                  description="provision paths of this document the text refers to")
    other_laws: list[OtherLawOut] = Field(
        default_factory=list, description="references into other acts (never paths of this one)")
    delegations: list[DelegationOut] = Field(
        default_factory=list, description="matters this provision leaves to another instrument")
    languages: list[str] = Field(default_factory=list, description="languages this provision exists in")
    counterpart: ProvisionVersion | None = Field(
        None, description="the same provision in the other language (original / translation)")


class Ready(BaseModel):
    status: Literal["ready"]
    passages: int


class ReloadResponse(BaseModel):
    status: Literal["reloaded"]
    passages: int
    index_built: str = ""
    seconds: float


class ErrorOut(BaseModel):
    detail: str
    request_id: str | None = None
