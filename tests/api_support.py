"""Helpers for the API tests: the widget fixture index with the fake embedder, served by a real
uvicorn on a loopback port in a background thread (fast: no model load, no subprocess)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from conftest import FakeEmbedder
from e2e_support import serve_in_thread as serve
from widget_index import FIXTURES, widget_sources

from api.app import create_app
from api.pipeline import QAPipeline
from corpus.settings import Settings
from index.build import build_index, documents_meta
from index.store import load_index
from ingest.pipeline import ingest_source
from ingest.records import Passage

# provisions of the widget fixture that tests treat as coming into force later (as_of)
LATE = {"art-3-2/para-1": "2032-04-01"}


def build_widget(root: Path, embedder: FakeEmbedder, dated: bool = True) -> Path:
    """The widget fixture index; with `dated`, the LATE provisions carry effective_from."""
    passages: list[Passage] = []
    sources = widget_sources()
    for source in sources:
        result = ingest_source(source, FIXTURES / source.file)
        assert result.ok, result.error
        passages.extend(result.passages)
    if dated:
        passages = [replace(p, effective_from=LATE[p.path]) if p.path in LATE else p for p in passages]
    return build_index(passages, embedder, root, {s.key: "0" * 64 for s in sources},
                       documents=documents_meta(sources))


def fake_loader(embedder: FakeEmbedder) -> Callable[[Settings], QAPipeline]:
    def load(settings: Settings) -> QAPipeline:
        return QAPipeline(load_index(settings.index_root, embedder.name), embedder, settings)
    return load


@contextmanager
def widget_api(home: Path, embedder: FakeEmbedder, **settings) -> Iterator[str]:
    """The widget index (built once per `home`) behind a real server with these settings."""
    if not (home / "index" / "CURRENT").is_file():
        build_widget(home / "index", embedder)
    config = Settings(home=home, model=embedder.name, **settings)
    with serve(create_app(config, loader=fake_loader(embedder))) as url:
        yield url
