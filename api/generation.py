"""Every worker serves the live index generation: at most once every
REGQA_GENERATION_CHECK_SECONDS a request asks the store which generation is live (FAISS: the
`CURRENT` pointer; Postgres: the one `regqa_live` row) and, when it is not the one loaded, loads
it in a background thread while the old one keeps serving. So a new build, a publish or an
/admin/reload on one worker reaches every worker of every machine without a restart."""

from __future__ import annotations

import logging
import threading
import time

from fastapi import FastAPI

from index.embedder import EmbedderError
from index.store import IndexUnavailable
from index.stores import IndexStore, StoreUnavailable, make_store

log = logging.getLogger("regqa.api")


class GenerationWatch:
    def __init__(self, every: float) -> None:
        self.every = every
        self._next = 0.0
        self._store: IndexStore | None = None
        self._loading = threading.Lock()
        self._failed = ""  # a generation that failed to load is not tried again and again

    def check(self, app: FastAPI) -> None:
        if self.every <= 0:
            return
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + self.every
        pipeline = getattr(app.state, "pipeline", None)
        loaded = pipeline.index.generation if pipeline is not None else None
        if loaded == "":
            return  # an index the store does not manage (tests' own loaders)
        try:
            if self._store is None:
                self._store = make_store(app.state.settings)
            live = self._store.generation()
        except IndexUnavailable:
            return  # the request itself will say what is wrong
        if not live or live == loaded or live == self._failed:
            return
        if self._loading.acquire(blocking=False):
            threading.Thread(target=self._load, args=(app, live), daemon=True).start()

    def _load(self, app: FastAPI, live: str) -> None:
        try:
            start = time.perf_counter()
            pipeline = app.state.loader(app.state.settings)
            app.state.pipeline, app.state.load_error = pipeline, None
            log.info("now serving index generation %s (loaded in %.1f s)", pipeline.index.generation,
                     time.perf_counter() - start)
        except (IndexUnavailable, EmbedderError) as exc:
            if not isinstance(exc, StoreUnavailable):  # a database outage is worth retrying
                self._failed = live
            log.error("index generation %s not loaded, still serving the previous one: %s", live, exc)
        finally:
            self._loading.release()
