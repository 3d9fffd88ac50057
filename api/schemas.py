"""Request and response records of the API; the answerer and eval use the same ones."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AskRequest(_Strict):
    question: str = Field(..., min_length=1, max_length=2000,
                          examples=["Who heads Japan's AI Strategic Headquarters?"])
    k: int = Field(5, ge=1, le=50, description="passages retrieved as evidence")


class SearchRequest(_Strict):
    query: str = Field(..., min_length=1, max_length=2000, examples=["AI Basic Plan cabinet decision"])
    k: int = Field(10, ge=1, le=100)


class Citation(BaseModel):
    """A cited passage: where it is, what it says, and how far it binds."""

    n: int = Field(..., description="the [n] marker used in the answer text")
    passage_id: str
    doc_id: str
    path: str = Field(..., description="provision path of the quoted text, e.g. art-22/para-1")
    ref: str = Field(..., description="the path as people write it, e.g. Article 22(1)")
    label: str
    quote: str = Field(..., description="verbatim text from the passage")
    score: float
    language: str
    url: str | None = None
    version: str = ""
    legal_effect: bool = False
    text: str = Field("", description="full text of the provision the quote comes from")


class PassageOut(BaseModel):
    passage_id: str
    doc_id: str
    path: str
    ref: str
    label: str
    language: str
    text: str
    score: float
    rank: int
    url: str | None = None
    version: str = ""
    legal_effect: bool = False


class Answer(BaseModel):
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    abstained: bool = False
    related: list[PassageOut] = Field(
        default_factory=list, description="closest passages when abstaining: related, not an answer"
    )


class SearchResponse(BaseModel):
    query: str
    results: list[PassageOut]


class Health(BaseModel):
    status: str
    passages: int = 0
    model: str = ""
    index_built: str = ""
