"""The PostgreSQL store against a real server on loopback (tests/pg_support.py): a published
generation ranks exactly as the FAISS build it came from, readers switch atomically, old
generations are dropped, and what is wrong is said with what to run."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from api_support import build_widget
from conftest import FakeEmbedder

from answer.pipeline import QAPipeline
from core.settings import Settings
from index.store import IndexUnavailable, load_index
from index.stores import make_store
from search.keyword import keyword_ranking

pytest.importorskip("pgserver")
pytest.importorskip("psycopg")
from pg_support import LoopbackPostgres, fresh_database  # noqa: E402

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def pg(tmp_path_factory) -> LoopbackPostgres:
    with LoopbackPostgres(tmp_path_factory.mktemp("pg")) as server:
        yield server


@pytest.fixture
def db(pg, request) -> str:
    return fresh_database(pg, re.sub(r"\W", "_", request.node.name)[:50].lower())


def _settings(home: Path, url: str) -> Settings:
    return Settings(home=home, store="postgres", database_url=url, model=FakeEmbedder.name)


def test_a_published_generation_ranks_as_its_faiss_build(tmp_path, db):
    embedder = FakeEmbedder()
    build = build_widget(tmp_path / "home" / "index", embedder)
    store = make_store(_settings(tmp_path / "home", db))
    assert store.generation() == ""
    gen = store.publish(build)
    assert store.generation() == gen
    local, remote = load_index(build.parent, embedder.name), store.load(embedder.name)
    assert [p.to_dict() for p in remote.passages] == [p.to_dict() for p in local.passages]
    assert remote.manifest == local.manifest and remote.generation == gen
    for question in ("Who heads the Widget Safety Headquarters?", "ウィジェットの製造者の義務",
                     "What must a maker mark on every widget?"):
        ranked = keyword_ranking(remote, question, 10, "bigram")
        assert ranked == keyword_ranking(local, question, 10, "bigram")
        vec = embedder.embed([question])[0].reshape(1, -1)
        (ls, li), (rs, ri) = local.dense.search(vec, 5), remote.dense.search(vec, 5)
        assert li.tolist() == ri.tolist() and np.allclose(ls, rs, atol=1e-5)
        assert np.allclose(remote.dense.reconstruct(int(li[0, 0])), local.dense.reconstruct(int(li[0, 0])))


def test_answers_are_the_same_from_either_store(tmp_path, db):
    embedder = FakeEmbedder()
    home = tmp_path / "home"
    build = build_widget(home / "index", embedder)
    settings = _settings(home, db)
    make_store(settings).publish(build)
    pg_pipe = QAPipeline.load(settings, embedder)
    faiss_pipe = QAPipeline.load(Settings(home=home, model=embedder.name), embedder)
    for question in ("Who heads the Widget Safety Headquarters?", "ウィジェット安全本部の長は誰か",
                     "What must an importer check about imported widgets?"):
        a, b = pg_pipe.ask(question, 5), faiss_pipe.ask(question, 5)
        assert a.model_dump() == b.model_dump() if hasattr(a, "model_dump") else a == b


def test_readers_switch_generations_atomically_and_old_ones_are_dropped(tmp_path, db):
    import psycopg

    embedder = FakeEmbedder()
    home = tmp_path / "home"
    store = make_store(_settings(home, db))
    gens = [store.publish(build_widget(home / "index", embedder)) for _ in range(4)]
    assert store.generation() == gens[-1] and len(set(gens)) == 4
    assert store.load(embedder.name).generation == gens[-1]
    with psycopg.connect(db) as conn:
        kept = [r[0] for r in conn.execute("SELECT id FROM regqa_generations ORDER BY id")]
        tables = {r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE tablename LIKE 'regqa_%'")}
    assert [str(g) for g in kept] == gens[-2:]  # the live one and the one before it
    assert tables == {"regqa_generations", "regqa_live"} | {
        f"regqa_{kind}_{g}" for g in gens[-2:] for kind in ("passages", "files")}


def test_an_empty_database_or_a_wrong_model_says_what_to_run(tmp_path, db):
    store = make_store(_settings(tmp_path / "home", db))
    with pytest.raises(IndexUnavailable, match="regqa build"):
        store.load("fake-hash-embedder")
    store.publish(build_widget(tmp_path / "home" / "index", FakeEmbedder()))
    with pytest.raises(IndexUnavailable, match="regqa build"):
        store.load("another-model")


def test_an_unreachable_database_fails_fast_saying_so(tmp_path):
    import time

    from pg_support import free_port

    store = make_store(_settings(tmp_path, f"postgresql://postgres@127.0.0.1:{free_port()}/x"))
    start = time.monotonic()
    with pytest.raises(IndexUnavailable, match="unreachable"):
        store.generation()
    assert time.monotonic() - start < 3
