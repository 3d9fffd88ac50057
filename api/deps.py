"""Shared FastAPI dependencies."""

from __future__ import annotations

from fastapi import HTTPException, Request

from api.pipeline import QAPipeline


def get_pipeline(request: Request) -> QAPipeline:
    """The loaded pipeline, or 503 saying what to run."""
    pipeline = getattr(request.app.state, "pipeline", None)
    if pipeline is None:
        reason = getattr(request.app.state, "load_error", None) or "the index is not loaded"
        raise HTTPException(status_code=503, detail=f"{reason}")
    return pipeline
