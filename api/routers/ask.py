"""POST /ask: a short answer with its cited passages, or an abstention."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from api.deps import get_pipeline
from api.pipeline import QAPipeline
from api.schemas import Answer, AskRequest

router = APIRouter(tags=["answers"])


@router.post("/ask", response_model=Answer, summary="Answer a question with cited provisions")
def ask(req: AskRequest, pipeline: QAPipeline = Depends(get_pipeline)) -> Answer:  # noqa: B008
    return pipeline.ask(req.question, k=req.k, as_of=req.as_of)
