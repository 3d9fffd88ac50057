"""Incremental builds (index/rebuild.py): unchanged sources are neither re-parsed nor re-embedded,
a changed source replaces its passages in a new atomically switched build, a source removed
from the manifest disappears, and a source that breaks keeps its previously indexed version.

Real FAISS/BM25 indexes on disk, the hand-written widget law fixtures and the deterministic
fake embedder, wrapped to count what it is asked to embed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import FakeEmbedder
from widget_index import synced_widget_sources

from core.settings import Settings
from index import lexicon
from index import rebuild as rebuild_module
from index.build_report import FAILED, PARSED, REUSED
from index.reach import ReachVectors, sentence_texts
from index.rebuild import rebuild
from index.store import CURRENT, load_index
from ingest import pipeline

CHANGED_SENTENCE = "so that no household comes to harm through a faulty widget."
NEW_SENTENCE = "so that every household stays safe from a badly made sprocket."


class CountingEmbedder(FakeEmbedder):
    def __init__(self, name: str = "fake-hash-embedder") -> None:
        super().__init__()
        self.name = name
        self.calls = 0
        self.texts: list[str] = []

    def embed(self, texts: list[str]):
        self.calls += 1
        self.texts.extend(texts)
        return super().embed(texts)


@pytest.fixture
def parse_counter(monkeypatch) -> dict[str, int]:
    """Counts calls of the law XML parser the pipeline dispatches to (the real parser runs)."""
    counts = {"jplaw-xml": 0}
    real = pipeline.PARSERS["jplaw-xml"]

    def counting(data: bytes, origin: str):
        counts["jplaw-xml"] += 1
        return real(data, origin)

    monkeypatch.setitem(pipeline.PARSERS, "jplaw-xml", counting)
    return counts


@pytest.fixture
def setup(tmp_path: Path):
    home = tmp_path / "home"
    sources = synced_widget_sources(home)
    settings = Settings(home=home, sources_file=tmp_path / "unused.toml", corpus_mirror=None)
    return settings, sources


def _current(settings: Settings) -> str:
    return (settings.index_root / CURRENT).read_text(encoding="utf-8").strip()


def _status(report) -> dict[str, str]:
    return {o.key: o.status for o in report.outcomes}


def test_unchanged_sources_are_neither_reparsed_nor_reembedded(setup, parse_counter):
    settings, sources = setup
    first = CountingEmbedder()
    report = rebuild(settings, sources, embedder=first)
    assert report.ok, report.summary()
    assert _status(report) == {"widget-act:ja": PARSED, "widget-act:en": PARSED}
    assert parse_counter["jplaw-xml"] == 2
    assert report.embedded == report.passage_count == len(first.texts) > 10
    live = _current(settings)

    again = CountingEmbedder()
    report2 = rebuild(settings, sources, embedder=again)
    assert report2.ok and report2.up_to_date
    assert _status(report2) == {"widget-act:ja": REUSED, "widget-act:en": REUSED}
    assert parse_counter["jplaw-xml"] == 2, "an unchanged source was parsed again"
    assert again.calls == 0 and report2.embedded == 0
    assert _current(settings) == live, "nothing changed, yet a new index went live"

    forced = CountingEmbedder()
    report3 = rebuild(settings, sources, embedder=forced, force=True)
    assert report3.ok and not report3.up_to_date
    assert forced.calls == 0 and report3.reused_vectors == report3.passage_count
    assert _current(settings) != live
    index = load_index(settings.index_root, expected_model=forced.name)
    assert len(index) == report.passage_count
    # the build learnt its word table from the widget law's two language versions
    table = lexicon.load(index.directory)
    assert table is not None and table.table and all(not ja.isascii() for ja in table.table)


def test_changed_source_replaces_its_passages_and_reembeds_only_changed_text(setup, parse_counter):
    settings, sources = setup
    rebuild(settings, sources, embedder=CountingEmbedder())
    before = _current(settings)
    en = settings.sources_dir / "widget-act/en.xml"
    text = en.read_text(encoding="utf-8")
    assert CHANGED_SENTENCE in text
    en.write_text(text.replace(CHANGED_SENTENCE, NEW_SENTENCE), encoding="utf-8")

    emb = CountingEmbedder()
    report = rebuild(settings, sources, embedder=emb)
    assert report.ok, report.summary()
    assert _status(report) == {"widget-act:ja": REUSED, "widget-act:en": PARSED}
    assert parse_counter["jplaw-xml"] == 3  # only the changed file was parsed again
    assert report.embedded == 1 and len(emb.texts) == 1 and NEW_SENTENCE in emb.texts[0]
    assert _current(settings) != before
    index = load_index(settings.index_root)
    texts = [p.text for p in index.passages if p.language == "en"]
    assert any(NEW_SENTENCE in t for t in texts)
    assert not any(CHANGED_SENTENCE in t for t in texts), "the changed source's old text is still indexed"
    assert index.manifest["sources"]["widget-act:en"] != index.manifest["sources"]["widget-act:ja"]


def test_removed_source_drops_out(setup):
    settings, sources = setup
    rebuild(settings, sources, embedder=CountingEmbedder())
    emb = CountingEmbedder()
    report = rebuild(settings, [s for s in sources if s.language == "ja"], embedder=emb)
    assert report.ok and report.removed == ["widget-act:en"]
    assert emb.calls == 0
    index = load_index(settings.index_root)
    assert {p.language for p in index.passages} == {"ja"}
    assert "widget-act:en" not in index.manifest["sources"]


def test_broken_update_keeps_the_previously_indexed_version(setup):
    settings, sources = setup
    first = rebuild(settings, sources, embedder=CountingEmbedder())
    en_count = next(o.passages for o in first.outcomes if o.key == "widget-act:en")
    en = settings.sources_dir / "widget-act/en.xml"
    en.write_bytes(en.read_bytes()[:700])  # truncated mid-element

    report = rebuild(settings, sources, embedder=CountingEmbedder())
    assert not report.ok
    bad = next(o for o in report.outcomes if o.key == "widget-act:en")
    assert bad.status == FAILED and bad.kept and bad.passages == en_count
    assert str(en) in bad.message and "not well-formed" in bad.message
    index = load_index(settings.index_root)
    assert sum(p.language == "en" for p in index.passages) == en_count


def test_model_change_reembeds_everything(setup):
    settings, sources = setup
    rebuild(settings, sources, embedder=CountingEmbedder())
    other = CountingEmbedder(name="another-model")
    report = rebuild(settings, sources, embedder=other)
    assert report.ok and report.embedded == report.passage_count == len(other.texts)
    assert load_index(settings.index_root, expected_model="another-model").manifest["model"] == other.name


def test_corrupt_cache_entry_is_a_miss_not_an_error(setup):
    settings, sources = setup
    rebuild(settings, sources, embedder=CountingEmbedder())
    for f in (settings.home / "cache").rglob("*"):
        if f.is_file():
            f.write_bytes(b"\x00garbage")
    emb = CountingEmbedder()
    report = rebuild(settings, sources, embedder=emb, force=True)
    assert report.ok and _status(report) == {"widget-act:ja": PARSED, "widget-act:en": PARSED}
    assert report.embedded == report.passage_count


def test_the_fingerprint_names_only_the_settings_that_shape_the_index(tmp_path):
    from core.settings import Settings
    from index.rebuild import build_fingerprint

    base = build_fingerprint(Settings(home=tmp_path))
    for unrelated in ({"llm_temperature": 0.7}, {"top_k": 9}, {"answer_max_sentences": 2},
                      {"thesaurus": "off"}, {"api_port": 9000}, {"reranker": "x"}):
        assert build_fingerprint(Settings(home=tmp_path, **unrelated)) == base, unrelated
    for shaping in ({"model": "other-model"}, {"hnsw_m": 16}, {"adapt": False}, {"adapt_seed": 3}):
        assert build_fingerprint(Settings(home=tmp_path, **shaping)) != base, shaping


def test_each_sentence_of_a_passage_of_several_is_embedded_for_reach_and_cached(setup, monkeypatch):
    settings, sources = setup
    encoder = CountingEmbedder("reading")  # a stand-in for the multilingual model (the build only embeds)
    monkeypatch.setattr(rebuild_module, "load_reach_encoder", lambda name: encoder)
    assert rebuild(settings, sources, embedder=CountingEmbedder()).ok
    index = load_index(settings.index_root)
    reach = ReachVectors.read(index.directory)
    expected = [i for i, p in enumerate(index.passages) for _ in sentence_texts(p)]
    assert reach is not None and reach.model == "reading"
    assert len(set(expected)) > 1 and reach.sentence_rows.tolist() == expected
    assert reach.sentence_vectors.shape == (len(expected), reach.vectors.shape[1])
    sentences = [t for p in index.passages for t in sentence_texts(p)]
    assert encoder.texts == [p.embed_text for p in index.passages] + sentences
    encoder.texts.clear()
    assert rebuild(settings, sources, embedder=CountingEmbedder(), force=True).ok
    assert encoder.texts == []  # passages and sentences alike come from the cache
    again = ReachVectors.read(load_index(settings.index_root).directory)
    assert np.array_equal(again.sentence_vectors, reach.sentence_vectors)
