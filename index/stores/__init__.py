"""Where a built index is served from, behind one small interface (`IndexStore`), chosen by
`REGQA_STORE`: `faiss` (the default: the build directory on local disk, memory-mapped; no server)
or `postgres` (generations in PostgreSQL at `REGQA_DATABASE_URL`: passages and their metadata,
embeddings under a pgvector HNSW index, and the bm25s keyword files, so the keyword ranking is
computed exactly as from disk)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from core.settings import Settings
from index.store import IndexUnavailable, LoadedIndex


class StoreUnavailable(IndexUnavailable):
    """The store's server cannot be reached now (the API answers 503 and recovers by itself)."""


class IndexStore(Protocol):
    def load(self, expected_model: str | None = None) -> LoadedIndex:
        """The live generation, checked against its manifest; IndexUnavailable says what to run."""

    def generation(self) -> str:
        """The live generation's name, cheap enough to ask once a second per worker."""

    def publish(self, build: Path) -> str:
        """Make a complete local build the live generation; returns its name."""


def make_store(settings: Settings) -> IndexStore:
    if settings.store == "postgres":
        from index.stores.postgres_store import PostgresStore

        url = settings.database_url.get_secret_value()
        if not url:
            raise IndexUnavailable("REGQA_STORE=postgres needs REGQA_DATABASE_URL "
                                   "(postgresql://user@host:port/db)")
        return PostgresStore(url, settings.home / "cache" / "postgres",
                             ef_search=settings.hnsw_ef_search)
    from index.stores.faiss_store import FaissStore

    return FaissStore(settings.index_root)
