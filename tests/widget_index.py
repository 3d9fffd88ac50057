"""Build a small real index (FAISS + BM25 on disk) from the hand-written widget law fixtures."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from corpus.manifest import Source
from index.build import build_index, documents_meta
from ingest.pipeline import ingest_source

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def widget_sources() -> list[Source]:
    common = dict(doc_id="widget-act", format="jplaw-xml", jurisdiction="JP", kind="act",
                  version="test edition", licence="test", attribution="test", url=None)
    return [
        Source(language="ja", file="mini_law_ja.xml", title="ウィジェット安全法",
               short_title="ウィジェット安全法", legal_effect=True, authority="original",
               aliases=("ウィジェット法",), **common),
        Source(language="en", file="mini_law_en.xml", title="Act on Widget Safety",
               short_title="Widget Safety Act", legal_effect=False, authority="translation",
               aliases=("Widget Act",), **common),
    ]


def synced_widget_sources(home: Path) -> list[Source]:
    """The widget laws copied where `regqa sync` puts sources (home/sources/widget-act/<lang>.xml),
    with their manifest entries pointing there."""
    sources = [replace(s, file=f"widget-act/{s.language}.xml") for s in widget_sources()]
    for s in sources:
        dest = home / "sources" / s.file
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURES / f"mini_law_{s.language}.xml", dest)
    return sources


def build_widget_index(root: Path, embedder) -> Path:
    passages = []
    sources = widget_sources()
    for source in sources:
        result = ingest_source(source, FIXTURES / source.file)
        assert result.ok, result.error
        passages.extend(result.passages)
    return build_index(passages, embedder, root, {s.key: "0" * 64 for s in sources},
                       documents=documents_meta(sources))


def widget_home(tmp_path: Path, monkeypatch) -> Path:
    """REGQA_HOME with the widget laws synced and the env for an in-process `regqa` using the
    fake embedder (every other REGQA_* setting cleared). Returns the home directory."""
    import os

    from conftest import FakeEmbedder
    from e2e_support import write_fixture_manifest

    from core.settings import get_settings

    home = tmp_path / "home"
    manifest = write_fixture_manifest(tmp_path / "sources.toml")
    synced_widget_sources(home)
    for key in [k for k in os.environ if k.startswith("REGQA_")]:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("REGQA_HOME", str(home))
    monkeypatch.setenv("REGQA_SOURCES_FILE", str(manifest))
    monkeypatch.setenv("REGQA_MODEL", "fake-hash-embedder")
    monkeypatch.setattr("index.rebuild.load_embedder", lambda name, batch_size=32: FakeEmbedder())
    get_settings.cache_clear()
    return home
