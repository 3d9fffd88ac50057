"""Shared FastAPI dependencies."""

from __future__ import annotations

from fastapi import HTTPException, Request

from answer.pipeline import QAPipeline
from index.library import Library
from search.filters import FilterError, Filters


def get_pipeline(request: Request) -> QAPipeline:
    """The loaded pipeline (the live generation's, api/generation.py), or 503 saying what to run."""
    watch = getattr(request.app.state, "generation_watch", None)
    if watch is not None:
        watch.check(request.app)
    pipeline = getattr(request.app.state, "pipeline", None)
    if pipeline is None:
        reason = getattr(request.app.state, "load_error", None) or "the index is not loaded"
        raise HTTPException(status_code=503, detail=f"{reason}")
    return pipeline


def get_library(request: Request) -> Library:
    """Documents and provisions of the loaded index (built once per loaded pipeline)."""
    pipeline = get_pipeline(request)
    cached = getattr(request.app.state, "library", None)
    if cached is None or cached[0] is not pipeline:
        library = Library(pipeline.index.passages, pipeline.index.manifest.get("documents", {}))
        request.app.state.library = cached = (pipeline, library)
    return cached[1]


def checked_filters(filters: Filters | None, pipeline: QAPipeline) -> Filters | None:
    """The request's filters, or 422 naming the unknown value and the values the index holds."""
    if filters is not None:
        try:
            pipeline.searcher.check_filters(filters)
        except FilterError as exc:
            detail = [{"loc": ["body", exc.field], "msg": str(exc), "type": "value_error"}]
            raise HTTPException(status_code=422, detail=detail) from exc
    return filters
