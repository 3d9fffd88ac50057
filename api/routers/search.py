"""POST /search: ranked passages for a query."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from answer.compose import passage_out
from answer.pipeline import QAPipeline
from api.deps import checked_filters, get_pipeline
from api.schemas import SearchRequest, SearchResponse

router = APIRouter(tags=["search"])


@router.post("/search", response_model=SearchResponse, summary="Ranked passages for a query")
def search(req: SearchRequest, pipeline: QAPipeline = Depends(get_pipeline)) -> SearchResponse:  # noqa: B008
    filters = checked_filters(req.filters(), pipeline)  # an unknown value: 422 naming the known ones
    hits = pipeline.search(req.query, k=req.k, as_of=req.as_of, filters=filters)
    return SearchResponse(query=req.query, results=[passage_out(h) for h in hits])
