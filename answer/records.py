"""What an answer is: its text, the provisions it cites and quotes, and what the grounding guard
removed. Every answerer returns one; the API sends it as it is."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

# how sure an answer is of the provision it cites first (answer/confidence.py), surest first
Confidence = Literal["high", "medium", "low"]
CONFIDENCE_LEVELS: tuple[Confidence, ...] = ("high", "medium", "low")


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


class RemovedSentence(BaseModel):
    """A sentence the grounding guard did not let through as supported."""

    sentence: str
    reason: str = Field(..., description="why: no citation, nonexistent citation, article number "
                        "not in cited passage, quote not in cited passage, not supported, ...")
    action: str = Field("dropped", description="dropped, or flagged (kept in the answer, marked ⚠)")


class Answer(BaseModel):
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    abstained: bool = False
    related: list[PassageOut] = Field(
        default_factory=list, description="related, not an answer: the closest passages when "
        "abstaining; beside an answer whose confidence is not high, the provisions ranked next, "
        "which may be the one that answers"
    )
    grounded_share: float | None = Field(
        None, description="share of the answer's sentences the grounding guard found supported"
    )
    removed: list[RemovedSentence] = Field(
        default_factory=list, description="sentences dropped or flagged by the grounding guard"
    )
    mode: str | None = Field(None, description="answerer that produced it: extractive, openai, ollama")
    confidence: Confidence | None = Field(
        None, description="how sure the search is of the provision the answer cites first (not "
        "whether the texts answer the question): high when the meaning and the keyword rankings "
        "both put it first (or the question cites it by number), medium when one does, low when "
        "neither; null for an abstention or an answer citing nothing (docs/answers.md)")
