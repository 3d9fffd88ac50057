"""The FastAPI application: one router per capability, API keys, limits, logs, errors."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from answer.llm_client import LLMError
from answer.pipeline import QAPipeline
from api.generation import GenerationWatch
from api.middleware import RequestMiddleware
from api.routers import admin, ask, documents, health, search, stream, verify
from api.schemas import ErrorOut
from api.security import require_key_if_configured
from core.settings import Settings, get_settings
from index.embedder import EmbedderError
from index.store import IndexUnavailable

log = logging.getLogger("regqa.api")

_COMMON = {
    401: {"model": ErrorOut, "description": "an API key is required (REGQA_REQUIRE_KEY_FOR_ALL)"},
    413: {"model": ErrorOut, "description": "request body larger than REGQA_MAX_BODY_BYTES"},
    503: {"model": ErrorOut, "description": "no index loaded; the message says what to run"},
}


def validation_message(errors: list[dict]) -> str:
    """"question: String should have at most 2000 characters; k: ..." from pydantic errors."""
    parts = []
    for err in errors:
        loc = [str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path", "header")]
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{'.'.join(loc)}: {msg}" if loc else msg)
    return "; ".join(parts)


def create_app(
    settings: Settings | None = None,
    loader: Callable[[Settings], QAPipeline] = QAPipeline.load,
) -> FastAPI:
    """Build the app; the pipeline is loaded once at start-up (503s until it is)."""
    settings = settings or get_settings()
    if settings.require_key_for_all and not settings.api_key_list:
        raise ValueError("REGQA_REQUIRE_KEY_FOR_ALL is true but REGQA_API_KEYS is empty: set keys")

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        logging.getLogger("uvicorn.access").disabled = True  # our JSON line replaces it
        try:
            app.state.pipeline = loader(settings)
            app.state.load_error = None
        except (IndexUnavailable, EmbedderError) as exc:
            app.state.pipeline = None
            app.state.load_error = str(exc)
            log.error("index not loaded: %s", exc)
        yield

    app = FastAPI(
        title="regqa",
        version="0.1.0",
        summary="Answers about regulatory texts, every claim pinned to an exact provision.",
        description="Ask, search, read provisions and verify citations. Read endpoints need an "
                    "API key only when REGQA_REQUIRE_KEY_FOR_ALL is true; /admin endpoints always "
                    "do (X-API-Key or Authorization: Bearer). /health and /ready never do.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.loader = loader
    app.state.pipeline = None
    app.state.load_error = "the index is still loading"
    app.state.generation_watch = GenerationWatch(settings.generation_check_seconds)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{k: v for k, v in err.items() if k != "input"}  # no echo of what was sent
                  for err in jsonable_encoder(exc.errors(), custom_encoder={Exception: str})]
        return JSONResponse(status_code=422,
                            content={"detail": errors, "message": validation_message(errors)})

    @app.exception_handler(LLMError)
    async def _llm_failed(request: Request, exc: LLMError) -> JSONResponse:
        # the LLM backend is down, lacks the model or failed: a 502 saying so, no stack trace
        log.warning("LLM failed in %s %s: %s", request.method, request.url.path, exc)
        return JSONResponse(status_code=502, content={"detail": str(exc)})

    @app.exception_handler(IndexUnavailable)
    async def _store_down(request: Request, exc: IndexUnavailable) -> JSONResponse:
        # the index database went away mid-request (index/stores/pg_dense.py): fail fast, and
        # the next request reconnects
        log.warning("index store unavailable in %s %s: %s", request.method, request.url.path, exc)
        return JSONResponse(status_code=503, content={"detail": str(exc)}, headers={"Retry-After": "1"})

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        request_id = request.scope.get("state", {}).get("request_id")
        log.exception("unhandled error in %s %s (request %s)", request.method, request.url.path,
                      request_id)
        return JSONResponse(status_code=500, content={
            "detail": "internal error: the request was logged; quote the request id when reporting "
                      "it", "request_id": request_id})

    guarded = [Depends(require_key_if_configured)]
    for module in (ask, search, verify, documents):
        app.include_router(module.router, dependencies=guarded, responses=_COMMON)
    app.include_router(stream.router, dependencies=guarded, responses=_COMMON)  # POST /ask/stream
    app.include_router(health.router)
    app.include_router(admin.router)

    if settings.cors_origin_list:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origin_list,
                           allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "X-API-Key", "Authorization"])
    app.add_middleware(RequestMiddleware, max_body_bytes=settings.max_body_bytes,
                       log_questions=settings.log_questions)
    return app
