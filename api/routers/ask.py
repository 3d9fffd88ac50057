"""POST /ask: a short answer with its cited passages, or an abstention."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from answer.pipeline import QAPipeline
from api.deps import checked_filters, get_pipeline
from api.schemas import Answer, AskRequest, ErrorOut

router = APIRouter(tags=["answers"])

# with an LLM answerer (REGQA_ANSWERER=openai|ollama) the backend can fail; the extractive default cannot
LLM_FAILED = {502: {"model": ErrorOut, "description": "the LLM backend failed or is unreachable; the "
                    "message names the backend and the cause (no stack trace)",
                    "content": {"application/json": {"example": {
                        "detail": "Ollama at http://127.0.0.1:11434 did not answer: ConnectError: "
                                  "connection refused"}}}}}


@router.post("/ask", response_model=Answer, summary="Answer a question with cited provisions",
             responses=LLM_FAILED)
def ask(req: AskRequest, pipeline: QAPipeline = Depends(get_pipeline)) -> Answer:  # noqa: B008
    filters = checked_filters(req.filters(), pipeline)  # an unknown value: 422 naming the known ones
    return pipeline.ask(req.question, k=req.k, as_of=req.as_of, filters=filters, max_words=req.max_words)
