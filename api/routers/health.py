"""GET /health: is the service up, and is an index loaded."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from api.schemas import ErrorOut, Health, Ready

router = APIRouter(tags=["service"])


@router.get("/health", response_model=Health, summary="Service and index status")
def health(request: Request) -> Health:
    pipeline = getattr(request.app.state, "pipeline", None)
    if pipeline is None:
        return Health(status=getattr(request.app.state, "load_error", None) or "no index loaded")
    manifest = pipeline.index.manifest
    model = getattr(pipeline.embedder, "name", "") or manifest.get("model", "")
    return Health(status="ok", passages=len(pipeline.index), model=model,
                  index_built=manifest.get("built_at", ""), generation=pipeline.index.generation)


@router.get("/ready", response_model=Ready, summary="Readiness: 200 once the index is loaded",
            responses={503: {"model": ErrorOut, "description": "no index loaded, and what to run"}})
def ready(request: Request) -> Ready:
    pipeline = getattr(request.app.state, "pipeline", None)
    if pipeline is None:
        reason = getattr(request.app.state, "load_error", None) or "no index loaded"
        raise HTTPException(status_code=503, detail=reason)
    return Ready(status="ready", passages=len(pipeline.index))
