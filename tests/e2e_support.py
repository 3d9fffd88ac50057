"""Helpers for the end-to-end tests: build a real index from the fixture laws with the real
`regqa build`, start `regqa serve` / `regqa ui` as subprocesses, wait for them, stop them.

Imported by tests/test_server_e2e.py and tests/test_ui_browser.py (not a conftest, so the
helpers are plain functions; each test module wraps them in its own fixtures).
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn

from cli.serve import server_options
from core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DOC_ID = "widget-act"
FIXTURE_FILES = {"en": FIXTURES / "mini_law_en.xml", "ja": FIXTURES / "mini_law_ja.xml"}

BUILD_TIMEOUT = 600.0  # embeds ~30 passages, but a cold model load on a slow CI box takes a while
START_TIMEOUT = 90.0


def regqa_bin() -> Path:
    """The `regqa` console script of the interpreter running the tests (the project's venv)."""
    for candidate in (Path(sys.executable).with_name("regqa"), ROOT / ".venv" / "bin" / "regqa"):
        if candidate.is_file():
            return candidate
    found = shutil.which("regqa")
    if found is None:
        raise RuntimeError("the `regqa` command is not installed: run `make install`")
    return Path(found)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_fixture_manifest(path: Path) -> Path:
    """A sources.toml naming the two fixture laws as one document, `widget-act`, in en and ja."""
    entries = []
    for lang, src in FIXTURE_FILES.items():
        fields = {
            "doc_id": DOC_ID,
            "language": lang,
            "file": f"{DOC_ID}/{lang}.xml",
            "format": "jplaw-xml",
            "title": "Act on Widget Safety" if lang == "en" else "ウィジェット安全法",
            "short_title": "Widget Safety Act",
            "jurisdiction": "JP",
            "kind": "act",
            "authority": ("original text; alone has legal effect" if lang == "ja"
                          else "English reference translation; no legal effect"),
            "version": "test fixture",
            "sha256": _sha256(src),
            "licence": "test fixture, invented text",
            "attribution": "regqa tests",
        }
        lines = ["[[source]]"]
        lines += [f"{key} = {_toml_str(value)}" for key, value in fields.items()]
        lines.append(f"legal_effect = {'true' if lang == 'ja' else 'false'}")
        entries.append("\n".join(lines))
    path.write_text("\n\n".join(entries) + "\n", encoding="utf-8")
    return path


def base_env(home: Path, sources_file: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment for a regqa subprocess: this one minus any REGQA_* setting, plus ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGQA_")}
    if "REGQA_MODEL" in os.environ:  # keep a deliberately chosen model
        env["REGQA_MODEL"] = os.environ["REGQA_MODEL"]
    env["REGQA_HOME"] = str(home)
    if sources_file is not None:
        env["REGQA_SOURCES_FILE"] = str(sources_file)
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


@dataclass
class FixtureIndex:
    home: Path
    sources_file: Path
    mirror: Path


_built: dict[Path, FixtureIndex] = {}


def build_fixture_index(base: Path) -> FixtureIndex:
    """Lay out a mirror, write the manifest and run the real `regqa build --mirror` into
    `base/home`. Built once per `base` per test session (both e2e modules can share it)."""
    base = base.resolve()
    if base in _built:
        return _built[base]
    base.mkdir(parents=True, exist_ok=True)
    missing = [str(p) for p in FIXTURE_FILES.values() if not p.is_file()]
    if missing:
        raise RuntimeError(f"fixture laws missing: {missing}")
    mirror = base / "mirror"
    for lang, src in FIXTURE_FILES.items():
        dest = mirror / DOC_ID / f"{lang}.xml"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
    sources_file = write_fixture_manifest(base / "sources.toml")
    home = base / "home"
    home.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [str(regqa_bin()), "build", "--mirror", str(mirror)],
        env=base_env(home, sources_file), cwd=base, capture_output=True, text=True,
        timeout=BUILD_TIMEOUT,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"`regqa build` exited {proc.returncode}\nstdout:\n{proc.stdout}\n"
                           f"stderr:\n{proc.stderr}")
    if not (home / "index" / "CURRENT").is_file():
        raise RuntimeError(f"`regqa build` wrote no index in {home}\nstderr:\n{proc.stderr}")
    _built[base] = FixtureIndex(home, sources_file, mirror)
    return _built[base]


def shared_fixture_index(tmp_path_factory) -> FixtureIndex:
    """The fixture-law index for this test session, built on first use under the session's
    base temp dir (so the server and browser modules share one build when run together)."""
    return build_fixture_index(tmp_path_factory.getbasetemp() / "e2e-fixture-index")


@dataclass(eq=False)
class Proc:
    """A started subprocess with its own process group and a log file."""

    popen: subprocess.Popen
    log: Path

    def tail(self, n: int = 4000) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-n:]
        except OSError:
            return "(no log)"

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM the process group, then SIGKILL it if it is still there after `grace` s."""
        pgid = self.popen.pid  # start_new_session=True: the group id is our child's pid
        if self.popen.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGTERM)
            with suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=grace)
        # children (streamlit under `regqa ui`) may outlive the leader: kill what is left
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)
        with suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=grace)
        _running.discard(self)


_running: set[Proc] = set()


@atexit.register
def _stop_leftovers() -> None:
    """Last resort if a fixture's teardown never ran (e.g. the test run was interrupted)."""
    for proc in list(_running):
        proc.stop(grace=3.0)


def start_process(cmd: list[str], env: dict[str, str], log: Path, cwd: Path | None = None) -> Proc:
    """Start `cmd` in a new session (so stop() can end it and its children), output to `log`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as fh:
        popen = subprocess.Popen(cmd, env=env, cwd=cwd or log.parent, stdout=fh,
                                 stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 start_new_session=True)
    proc = Proc(popen, log)
    _running.add(proc)
    return proc


def wait_http(
    url: str,
    ready: Callable[[httpx.Response], bool] = lambda r: r.status_code == 200,
    timeout: float = START_TIMEOUT,
    proc: Proc | None = None,
) -> httpx.Response:
    """Poll GET `url` until `ready(response)`; fail early if `proc` dies, and on timeout."""
    deadline = time.monotonic() + timeout
    last: str = "no response"
    while time.monotonic() < deadline:
        if proc is not None and not proc.alive():
            raise RuntimeError(f"process exited ({proc.popen.returncode}) before {url} was ready; "
                               f"log:\n{proc.tail()}")
        try:
            resp = httpx.get(url, timeout=5)
            if ready(resp):
                return resp
            last = f"HTTP {resp.status_code}: {resp.text[:300]}"
        except httpx.HTTPError as exc:
            last = f"{type(exc).__name__}: {exc}"
        time.sleep(0.3)
    log = f"; log:\n{proc.tail()}" if proc is not None else ""
    raise TimeoutError(f"{url} not ready after {timeout:.0f}s (last: {last}){log}")


def start_api(home: Path, tmp: Path, name: str = "api") -> tuple[Proc, str]:
    """`regqa serve` on a free port; returns the process and its base URL (not yet waited on)."""
    port = free_port()
    proc = start_process([str(regqa_bin()), "serve", "--host", "127.0.0.1", "--port", str(port)],
                         base_env(home), tmp / f"{name}.log")
    return proc, f"http://127.0.0.1:{port}"


def health_ok(resp: httpx.Response) -> bool:
    return resp.status_code == 200 and resp.json().get("status") == "ok"


@contextmanager
def serve_in_thread(app, timeout: float = 20.0) -> Iterator[str]:
    """Run `app` under uvicorn on 127.0.0.1:<free port> in a thread; yields the base URL."""
    port = free_port()
    # as `regqa serve` runs it (its keep-alive, not uvicorn's 5 s, which races a load test's client)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="on", **server_options(Settings())))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)



# A small benchmark over the fixture laws (FORMAT.md of the shared benchmarks), for the UI's
# Evaluate page: a real `regqa eval` output, made on the fixture index.
FIXTURE_QUESTIONS = [
    {"id": "fx-en-001", "question": "Who heads the Widget Safety Headquarters?", "lang": "en",
     "category": "institution", "answerable": True, "gold": [{"doc": DOC_ID, "ref": "art-6/para-1"}],
     "facts": [["Minister of Widgets", "ウィジェット大臣"]]},
    {"id": "fx-en-002", "question": "What must a maker mark on every widget?", "lang": "en",
     "category": "obligation", "answerable": True, "gold": [{"doc": DOC_ID, "ref": "art-3/para-2"}],
     "facts": [["cog count", "歯車の数"]]},
    {"id": "fx-en-003", "question": "What must an importer check about imported widgets?", "lang": "en",
     "category": "obligation", "answerable": True, "gold": [{"doc": DOC_ID, "ref": "art-3-2/para-1"}],
     "facts": [["preceding Article", "前条"]]},
    {"id": "fx-ja-001", "question": "ウィジェット安全本部の本部長は誰ですか", "lang": "ja",
     "category": "institution", "answerable": True, "gold": [{"doc": DOC_ID, "ref": "art-6/para-1"}],
     "facts": [["ウィジェット大臣", "Minister of Widgets"]]},
    {"id": "fx-un-001", "question": "What is the sales tax on widgets in France?", "lang": "en",
     "category": "unanswerable", "answerable": False, "gold": [], "facts": []},
]


def checkout_cli() -> list[str]:
    """This checkout's `regqa` command line, whatever the venv's console script points at (a
    shared venv's `regqa` may belong to another worktree): `python -m` its CLI module."""
    for module, path in (("cli.main", ROOT / "cli" / "main.py"),):
        if path.is_file():
            return [sys.executable, "-m", module]
    return [str(regqa_bin())]


def checkout_env(home: Path, **extra: str) -> dict[str, str]:
    """base_env with this checkout first on PYTHONPATH (for checkout_cli's `python -m`)."""
    env = base_env(home, **extra)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def start_checkout(args: list[str], home: Path, log: Path, **extra: str) -> Proc:
    """`regqa ARGS` of this checkout as a subprocess (see checkout_cli)."""
    return start_process([*checkout_cli(), *args], checkout_env(home, **extra), log)


def fixture_eval(index: FixtureIndex, out: Path) -> Path:
    """Run this checkout's `regqa eval` over FIXTURE_QUESTIONS on the fixture index; returns the
    folder holding its metrics.json and results.jsonl (`out`, or the one run below it)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    bench = out.parent / f"{out.name}-benchmark.jsonl"
    bench.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in FIXTURE_QUESTIONS),
                     encoding="utf-8")
    proc = subprocess.run([*checkout_cli(), "eval", str(bench), "--out", str(out), "--k", "5"],
                          env=checkout_env(index.home), cwd=out.parent, capture_output=True, text=True,
                          timeout=BUILD_TIMEOUT)
    runs = sorted(m.parent for m in out.rglob("metrics.json") if (m.parent / "results.jsonl").is_file())
    if proc.returncode != 0 or not runs:
        raise RuntimeError(f"`regqa eval` exited {proc.returncode}\nstderr:\n{proc.stderr[-3000:]}")
    return runs[0]
