"""Admin endpoints (an API key is always required): POST /admin/reload."""

from __future__ import annotations

import threading
import time

from fastapi import APIRouter, Depends, HTTPException, Request

from api.schemas import ErrorOut, ReloadResponse
from api.security import require_admin_key
from index.embedder import EmbedderError
from index.store import IndexUnavailable

router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[Depends(require_admin_key)])
_lock = threading.Lock()


@router.post(
    "/reload", response_model=ReloadResponse, summary="Load the live index from disk again",
    description="Run after `regqa build` to serve the new index without a restart. The old "
                "index keeps serving until the new one has loaded; if it fails to load, the old "
                "one stays and the answer is 503 with the reason.",
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 409: {"model": ErrorOut},
               503: {"model": ErrorOut, "description": "the index on disk could not be loaded"}},
)
def reload_index(request: Request) -> ReloadResponse:
    if not _lock.acquire(blocking=False):
        raise HTTPException(status_code=409, detail="a reload is already running")
    try:
        start = time.perf_counter()
        try:
            pipeline = request.app.state.loader(request.app.state.settings)
        except (IndexUnavailable, EmbedderError) as exc:
            raise HTTPException(status_code=503, detail=f"reload failed, still serving the "
                                f"previous index: {exc}") from exc
        request.app.state.pipeline = pipeline
        request.app.state.load_error = None
        return ReloadResponse(status="reloaded", passages=len(pipeline.index),
                              index_built=pipeline.index.manifest.get("built_at", ""),
                              seconds=round(time.perf_counter() - start, 2))
    finally:
        _lock.release()
