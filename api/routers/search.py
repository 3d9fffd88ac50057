"""POST /search: ranked passages for a query."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException

from answer.compose import passage_out
from answer.pipeline import QAPipeline
from api.deps import get_pipeline
from api.schemas import SearchRequest, SearchResponse
from search.filters import FilterError, Filters

router = APIRouter(tags=["search"])


@router.post("/search", response_model=SearchResponse, summary="Ranked passages for a query")
def search(req: SearchRequest, pipeline: QAPipeline = Depends(get_pipeline)) -> SearchResponse:  # noqa: B008
    filters = Filters(req.doc_id, req.language, req.jurisdiction, req.kind)
    try:
        hits = pipeline.search(req.query, k=req.k, as_of=req.as_of, filters=filters)
    except FilterError as exc:  # an unknown filter value, named with the known ones (422 shape)
        detail = [{"loc": ["body", exc.field], "msg": str(exc), "type": "value_error"}]
        raise HTTPException(status_code=422, detail=detail) from exc
    return SearchResponse(query=req.query, results=[passage_out(h) for h in hits])
