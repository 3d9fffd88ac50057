"""GET /health: is the service up, and is an index loaded."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.schemas import Health

router = APIRouter(tags=["service"])


@router.get("/health", response_model=Health, summary="Service and index status")
def health(request: Request) -> Health:
    pipeline = getattr(request.app.state, "pipeline", None)
    if pipeline is None:
        return Health(status=getattr(request.app.state, "load_error", None) or "no index loaded")
    manifest = pipeline.index.manifest
    return Health(status="ok", passages=len(pipeline.index), model=manifest.get("model", ""),
                  index_built=manifest.get("built_at", ""))
