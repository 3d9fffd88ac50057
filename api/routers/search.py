"""POST /search: ranked passages for a query."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from api.answer import passage_out
from api.deps import get_pipeline
from api.pipeline import QAPipeline
from api.schemas import SearchRequest, SearchResponse

router = APIRouter(tags=["search"])


@router.post("/search", response_model=SearchResponse, summary="Ranked passages for a query")
def search(req: SearchRequest, pipeline: QAPipeline = Depends(get_pipeline)) -> SearchResponse:  # noqa: B008
    hits = pipeline.search(req.query, k=req.k)
    return SearchResponse(query=req.query, results=[passage_out(h) for h in hits])
