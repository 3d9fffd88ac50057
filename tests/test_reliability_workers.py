"""`regqa serve --workers 2` on a copy of the real index: a new build reaches every worker without
a restart (each checks the live generation by itself, api/generation.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from corpus.atomic import atomic_write
from index.store import CURRENT, IndexUnavailable, live_build

pytestmark = [pytest.mark.reliability, pytest.mark.server, pytest.mark.model]
ROOT = Path(__file__).resolve().parent.parent


def _real_build() -> Path:
    from core.settings import Settings

    try:
        return live_build(Settings().index_root)
    except IndexUnavailable:
        pytest.skip("no built index in REGQA_HOME (run `regqa build`)")


def _generations(url: str, n: int) -> set[str]:
    seen = set()
    for _ in range(n):
        httpx.post(f"{url}/search", json={"query": "AI basic plan"}, timeout=30)  # a request checks
        seen.add(httpx.get(f"{url}/health", timeout=30).json()["generation"])
    return seen


def test_a_new_build_reaches_every_worker_without_a_restart(tmp_path):
    build = _real_build()
    index = tmp_path / "home" / "index"
    shutil.copytree(build, index / build.name, copy_function=os.link)  # hard links: no 90 MB copy
    atomic_write(index / CURRENT, build.name)
    port = int(subprocess.check_output([sys.executable, "-c", "import socket; s=socket.socket(); "
                                        "s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"]))
    env = {**os.environ, "REGQA_HOME": str(tmp_path / "home"), "REGQA_STORE": "faiss",
           "REGQA_GENERATION_CHECK_SECONDS": "0.5", "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1", "--port",
                             str(port), "--workers", "2"], cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            assert proc.poll() is None and time.monotonic() < deadline, "the server did not start"
            try:
                if httpx.get(f"{url}/ready", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        time.sleep(5)  # the second worker loads too
        assert _generations(url, 10) == {build.name}
        new = "build-99990101T000000-second"  # a new build, switched in as `regqa build` does
        shutil.copytree(build, index / new, copy_function=os.link)
        atomic_write(index / CURRENT, new)
        deadline = time.monotonic() + 120
        while _generations(url, 20) != {new}:
            assert time.monotonic() < deadline, "not every worker loaded the new build"
            time.sleep(1)
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)
