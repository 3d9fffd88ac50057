"""The FastAPI application."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.pipeline import QAPipeline
from api.routers import ask, health, search
from corpus.settings import Settings, get_settings
from index.embedder import EmbedderError
from index.store import IndexUnavailable

log = logging.getLogger("regqa.api")


def create_app(
    settings: Settings | None = None,
    loader: Callable[[Settings], QAPipeline] = QAPipeline.load,
) -> FastAPI:
    """Build the app; the pipeline is loaded once at start-up (503s until it is)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        try:
            app.state.pipeline = loader(settings)
        except (IndexUnavailable, EmbedderError) as exc:
            app.state.pipeline = None
            app.state.load_error = str(exc)
            log.error("index not loaded: %s", exc)
        yield

    app = FastAPI(
        title="regqa",
        version="0.1.0",
        summary="Answers about regulatory texts, every claim pinned to an exact provision.",
        lifespan=lifespan,
    )
    app.state.pipeline = None
    app.state.load_error = "the index is still loading"
    for module in (ask, search, health):
        app.include_router(module.router)
    return app
