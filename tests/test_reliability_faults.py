"""Faults, each a test (`make test-reliability`): a build killed with SIGKILL while it writes, a
truncated or corrupted index file, the disk filling up during a build, a publish to PostgreSQL
killed mid-transaction, and the database restarted under load. In each the old index keeps
serving, what is wrong is said with what to run, and the next attempt succeeds."""

from __future__ import annotations

import asyncio
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from api_support import build_widget
from conftest import FakeEmbedder
from e2e_support import serve_in_thread

from answer.pipeline import QAPipeline
from api.app import create_app
from core.settings import Settings
from eval.load import run_load
from index.store import CURRENT, IndexUnavailable, load_index
from index.stores import make_store

pytestmark = [pytest.mark.reliability, pytest.mark.server]
ROOT = Path(__file__).resolve().parent.parent
SLOW_BUILD = [sys.executable, str(ROOT / "tests" / "slow_build.py")]
QUESTIONS = [("Who heads the Widget Safety Headquarters?", "en"), ("ウィジェット安全本部の長は誰か", "ja"),
             ("What must a maker mark on every widget?", "en")]


def _serving(home: Path) -> str:
    """The live build, after checking it loads and answers."""
    embedder = FakeEmbedder()
    pipeline = QAPipeline(load_index(home / "index", embedder.name), embedder,
                          Settings(home=home, model=embedder.name))
    assert not pipeline.ask(QUESTIONS[0][0], 5).abstained
    return pipeline.index.generation


def _kill_when(proc: subprocess.Popen, ready, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        assert proc.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline, "the build never reached the point to kill it at"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def test_a_build_killed_while_it_writes_leaves_the_old_index_serving(tmp_path):
    home = tmp_path / "home"
    build_widget(home / "index", FakeEmbedder())
    old = _serving(home)
    proc = subprocess.Popen([*SLOW_BUILD, str(home / "index"), "100000"], cwd=ROOT)
    # kill -9 once the new build's files are being written
    _kill_when(proc, lambda: any((d / "passages.jsonl").exists()
                                 for d in (home / "index").glob(".tmp-build-*")))
    assert proc.returncode == -signal.SIGKILL
    assert (home / "index" / CURRENT).read_text().strip() == old
    assert _serving(home) == old
    build_widget(home / "index", FakeEmbedder())  # the next build succeeds and goes live
    assert _serving(home) != old


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_a_truncated_or_corrupted_index_file_is_caught_at_load_saying_what_to_run(tmp_path, damage):
    build = build_widget(tmp_path / "index", FakeEmbedder())
    target = build / "keyword" / "data.csc.index.npy"
    data = bytearray(target.read_bytes())
    if damage == "truncate":
        target.write_bytes(data[: len(data) // 2])
    else:
        data[-8:] = bytes(b ^ 0xFF for b in data[-8:])  # same size, other bytes
        target.write_bytes(bytes(data))
    with pytest.raises(IndexUnavailable, match=r"keyword/data\.csc\.index\.npy.*run `regqa build --force`"):
        load_index(tmp_path / "index")


def test_a_full_disk_during_a_build_fails_it_cleanly_and_the_old_index_serves(tmp_path):
    home = tmp_path / "home"
    build_widget(home / "index", FakeEmbedder())
    old = _serving(home)

    def small_disk() -> None:  # writes past 2 MB fail with EFBIG, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2 * 2**20, 2 * 2**20))

    done = subprocess.run([*SLOW_BUILD, str(home / "index"), "20000"], cwd=ROOT, preexec_fn=small_disk,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode != 0 and "File too large" in done.stderr
    assert not list((home / "index").glob(".tmp-build-*"))  # nothing half-written left behind
    assert _serving(home) == old
    build_widget(home / "index", FakeEmbedder())
    assert _serving(home) != old


# -- PostgreSQL --

pg_support = pytest.importorskip("pg_support")
pytest.importorskip("pgserver")


@pytest.fixture(scope="module")
def pg(tmp_path_factory):
    with pg_support.LoopbackPostgres(tmp_path_factory.mktemp("pg")) as server:
        yield server


def test_a_publish_killed_mid_transaction_leaves_the_live_generation(tmp_path, pg):
    import psycopg

    url = pg_support.fresh_database(pg, "killed_publish")
    home = tmp_path / "home"
    settings = Settings(home=home, store="postgres", database_url=url, model=FakeEmbedder.name)
    store = make_store(settings)
    live = store.publish(build_widget(home / "index", FakeEmbedder()))
    proc = subprocess.Popen([*SLOW_BUILD, str(tmp_path / "big" / "index"), "60000", "--publish", url],
                            cwd=ROOT)

    def copying() -> bool:
        with psycopg.connect(url) as conn:
            return bool(conn.execute("SELECT 1 FROM pg_stat_activity WHERE query LIKE 'COPY regqa_%' "
                                     "AND state = 'active'").fetchone())

    _kill_when(proc, copying, seconds=240)
    assert pg_support.wait_until(lambda: not copying())  # the server rolled the transaction back
    assert store.generation() == live
    assert len(store.load(FakeEmbedder.name).passages) == len(load_index(home / "index").passages)
    assert store.publish(build_widget(home / "index", FakeEmbedder())) != live
    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE tablename ~ '_[0-9]+$'")]
    assert len(tables) == 4  # two generations x (passages, files): nothing of the killed one


def test_the_database_restarting_under_load_gives_fast_503s_then_answers_again(tmp_path, pg):
    url = pg_support.fresh_database(pg, "restart_under_load")
    home = tmp_path / "home"
    embedder = FakeEmbedder()
    settings = Settings(home=home, store="postgres", database_url=url, model=embedder.name)
    make_store(settings).publish(build_widget(home / "index", embedder))

    def load(s: Settings) -> QAPipeline:
        return QAPipeline(make_store(s).load(embedder.name), embedder, s)

    with serve_in_thread(create_app(settings, loader=load)) as api:
        before = asyncio.run(run_load(api, QUESTIONS, requests=300, concurrency=20))
        assert before.error_count == 0, before.line()
        result: dict = {}
        runner = threading.Thread(target=lambda: result.setdefault("r", asyncio.run(run_load(
            api, QUESTIONS, requests=100_000, concurrency=20, max_seconds=12))))
        runner.start()
        time.sleep(2)
        pg.stop("fast")
        time.sleep(3)
        pg.start()
        runner.join()
        during = result["r"]
        assert set(during.errors) <= {"503"}, during.line()  # no 500, no hang, no timeout
        assert during.errors.get("503", 0) > 0 and during.ok > 0, during.line()
        assert during.percentile(99) < 3000, during.line()  # failing fast, not waiting on the database
        after = asyncio.run(run_load(api, QUESTIONS, requests=300, concurrency=20))
        assert after.error_count == 0, after.line()  # back without restarting the API
        print(f"\nbefore: {before.line()}\nduring: {during.line()}\nafter: {after.line()}")
