"""corpus.sync against a real HTTP server on 127.0.0.1 and real temp dirs."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from corpus.manifest import Source, load_manifest
from corpus.sync import (
    LOCK_NAME,
    USER_AGENT,
    SyncResult,
    local_path,
    sha256_file,
    sync_all,
    sync_source,
)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_source(
    file: str = "doc-a/en.txt", url: str | None = None, sha256: str | None = None, **kw
) -> Source:
    base = dict(
        doc_id=file.split("/")[0],
        language="en",
        file=file,
        format="plain-text",
        title="Invented test document",
        short_title="Test doc",
        jurisdiction="XX",
        kind="guideline",
        legal_effect=False,
        authority="test fixture",
        version="1",
        licence="test",
        attribution="test",
        url=url,
        sha256=sha256,
    )
    base.update(kw)
    return Source(**base)


class _Handler(SimpleHTTPRequestHandler):
    """Serves the server's directory; /status/404 and /status/500 fail; /nolength/<f> sends
    <f> without a Content-Length; /redirect/<f> redirects to /<f>."""

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        self.server.requests.append((self.path, self.headers.get("User-Agent")))  # type: ignore[attr-defined]
        if self.path == "/status/404":
            self.send_error(404, "Not Found")
        elif self.path == "/status/500":
            self.send_error(500, "Internal Server Error")
        elif self.path.startswith("/redirect/"):
            self.send_response(302)
            self.send_header("Location", "/" + self.path.removeprefix("/redirect/"))
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path.startswith("/nolength/"):
            body = (Path(self.directory) / self.path.removeprefix("/nolength/")).read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True
        else:
            super().do_GET()

    def log_message(self, format: str, *args: object) -> None:  # silence test output
        pass


class Server:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(root)))
        self.httpd.requests = []  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def requests(self) -> list[tuple[str, str | None]]:
        return self.httpd.requests  # type: ignore[attr-defined]

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/{path.lstrip('/')}"

    def put(self, name: str, data: bytes) -> str:
        target = self.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return self.url(name)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    root = tmp_path / "www"
    root.mkdir()
    srv = Server(root)
    srv.thread.start()
    try:
        yield srv
    finally:
        srv.httpd.shutdown()
        srv.httpd.server_close()
        srv.thread.join(timeout=5)


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    return tmp_path / "data" / "sources"


@pytest.fixture
def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/doc.txt"


def leftovers(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*.part")] if directory.exists() else []


def one(sources, dest, **kw) -> SyncResult:
    [result] = sync_all(sources, dest, timeout=5, **kw)
    return result


GOOD = b"Article 1. Invented test text, version one.\n"
NEW = b"Article 1. Invented test text, version two.\n"
BAD = b"Article 1. Tampered text.\n"


# --- helpers ------------------------------------------------------------------------------


def test_local_path_and_sha256_file(tmp_path: Path) -> None:
    src = make_source("doc-a/en.txt")
    assert local_path(src, tmp_path) == tmp_path / "doc-a" / "en.txt"
    f = tmp_path / "x.bin"
    f.write_bytes(GOOD)
    assert sha256_file(f) == sha(GOOD)


def test_path_escaping_data_dir_fails(tmp_path: Path) -> None:
    result = one([make_source("../evil.txt", url="http://127.0.0.1:9/x")], tmp_path)
    assert result.status == "failed"
    assert "relative path" in result.message


# --- download -----------------------------------------------------------------------------


@pytest.mark.server
def test_download_ok(server: Server, dest: Path) -> None:
    src = make_source(url=server.put("a.txt", GOOD), sha256=sha(GOOD))
    seen: list[SyncResult] = []
    result = one([src], dest, progress=seen.append)
    assert result.status == "downloaded", result.message
    assert result.path == dest / "doc-a" / "en.txt"
    assert result.path.read_bytes() == GOOD
    assert result.sha256 == sha(GOOD)
    assert seen == [result]
    assert server.requests == [("/a.txt", USER_AGENT)]
    assert not leftovers(dest)
    assert not (dest / LOCK_NAME).exists()  # checksum known: nothing to record


@pytest.mark.server
def test_download_follows_redirects(server: Server, dest: Path) -> None:
    server.put("b.txt", GOOD)
    src = make_source(url=server.url("redirect/b.txt"), sha256=sha(GOOD))
    result = one([src], dest)
    assert result.status == "downloaded", result.message
    assert [p for p, _ in server.requests] == ["/redirect/b.txt", "/b.txt"]


@pytest.mark.server
def test_unchanged_second_run_makes_no_request(server: Server, dest: Path) -> None:
    src = make_source(url=server.put("a.txt", GOOD), sha256=sha(GOOD))
    assert one([src], dest).status == "downloaded"
    assert len(server.requests) == 1
    result = one([src], dest)
    assert result.status == "unchanged"
    assert result.sha256 == sha(GOOD)
    assert len(server.requests) == 1


@pytest.mark.server
def test_checksum_mismatch_keeps_old_good_copy(server: Server, dest: Path) -> None:
    # the local copy is a good earlier version; the manifest now expects NEW, upstream serves BAD
    old = make_source(url=server.put("a.txt", GOOD), sha256=sha(GOOD))
    assert one([old], dest).status == "downloaded"
    target = local_path(old, dest)
    before = target.read_bytes(), target.stat().st_mtime_ns

    server.put("a.txt", BAD)
    result = one([replace(old, sha256=sha(NEW))], dest)
    assert result.status == "failed"
    assert "doc-a:en" in result.message
    assert sha(NEW) in result.message and sha(BAD) in result.message
    assert "left untouched" in result.message
    assert (target.read_bytes(), target.stat().st_mtime_ns) == before
    assert not leftovers(dest)


@pytest.mark.server
@pytest.mark.parametrize("path,code", [("status/404", "404"), ("status/500", "500")])
def test_http_error_fails_and_keeps_old_copy(
    server: Server, dest: Path, path: str, code: str
) -> None:
    src = make_source(url=server.url(path), sha256=sha(NEW))
    target = local_path(src, dest)
    target.parent.mkdir(parents=True)
    target.write_bytes(GOOD)  # an older copy, not the expected one: must survive anyway
    result = one([src], dest)
    assert result.status == "failed"
    assert f"HTTP {code}" in result.message
    assert "doc-a:en" in result.message and "--mirror" in result.message
    assert target.read_bytes() == GOOD
    assert not leftovers(dest)


def test_connection_refused_fails_with_hint(dest: Path, closed_port_url: str) -> None:
    src = make_source(url=closed_port_url, sha256=sha(NEW))
    target = local_path(src, dest)
    target.parent.mkdir(parents=True)
    target.write_bytes(GOOD)
    result = one([src], dest)
    assert result.status == "failed"
    assert "doc-a:en" in result.message
    assert "cannot reach" in result.message
    assert "check your network" in result.message and "REGQA_CORPUS_MIRROR" in result.message
    assert target.read_bytes() == GOOD


@pytest.mark.server
@pytest.mark.parametrize("prefix", ["", "nolength/"], ids=["content-length", "streamed"])
def test_oversize_download_fails(server: Server, dest: Path, prefix: str) -> None:
    data = b"x" * 5000
    server.put("big.bin", data)
    src = make_source(url=server.url(prefix + "big.bin"), sha256=sha(data))
    result = one([src], dest, max_bytes=1000)
    assert result.status == "failed"
    assert "size cap" in result.message and "max_bytes=1000" in result.message
    assert not local_path(src, dest).exists()
    assert not leftovers(dest)


@pytest.mark.server
def test_streamed_download_without_length_ok(server: Server, dest: Path) -> None:
    server.put("a.txt", GOOD)
    src = make_source(url=server.url("nolength/a.txt"), sha256=sha(GOOD))
    result = one([src], dest)
    assert result.status == "downloaded", result.message
    assert local_path(src, dest).read_bytes() == GOOD


# --- mirror -------------------------------------------------------------------------------


def test_mirror_copy(tmp_path: Path, dest: Path, closed_port_url: str) -> None:
    mirror = tmp_path / "mirror"
    (mirror / "doc-a").mkdir(parents=True)
    (mirror / "doc-a" / "en.txt").write_bytes(GOOD)
    src = make_source(url=closed_port_url, sha256=sha(GOOD))  # URL must not be needed
    result = one([src], dest, mirror=mirror)
    assert result.status == "copied", result.message
    assert local_path(src, dest).read_bytes() == GOOD
    assert result.sha256 == sha(GOOD)
    assert one([src], dest, mirror=mirror).status == "unchanged"


def test_mirror_bad_checksum_keeps_old_copy(tmp_path: Path, dest: Path) -> None:
    mirror = tmp_path / "mirror"
    (mirror / "doc-a").mkdir(parents=True)
    (mirror / "doc-a" / "en.txt").write_bytes(BAD)
    src = make_source(sha256=sha(NEW))
    target = local_path(src, dest)
    target.parent.mkdir(parents=True)
    target.write_bytes(GOOD)
    result = one([src], dest, mirror=mirror)
    assert result.status == "failed"
    assert sha(NEW) in result.message and sha(BAD) in result.message
    assert target.read_bytes() == GOOD
    assert not leftovers(dest)


@pytest.mark.server
def test_mirror_missing_file_falls_back_to_url(server: Server, tmp_path: Path, dest: Path) -> None:
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    src = make_source(url=server.put("a.txt", GOOD), sha256=sha(GOOD))
    result = one([src], dest, mirror=mirror)
    assert result.status == "downloaded", result.message
    assert len(server.requests) == 1


def test_no_url_no_mirror_is_skipped(tmp_path: Path, dest: Path) -> None:
    src = make_source("explainer-x/en.txt", sha256=sha(GOOD))
    result = one([src], dest)
    assert result.status == "skipped"
    assert "mirror only" in result.message
    assert "\n" not in result.message
    # and a mirror lacking the file is skipped too, saying so
    (tmp_path / "empty").mkdir()
    result = one([src], dest, mirror=tmp_path / "empty")
    assert result.status == "skipped" and "has no explainer-x/en.txt" in result.message


# --- sources without a known checksum: the lock file --------------------------------------


@pytest.mark.server
def test_unknown_checksum_recorded_then_verified(server: Server, dest: Path) -> None:
    src = make_source(url=server.put("a.txt", GOOD), sha256=None)
    lock_file = dest / LOCK_NAME

    first = one([src], dest)
    assert first.status == "downloaded", first.message
    assert "recorded" in first.message
    assert json.loads(lock_file.read_text()) == {"doc-a:en": sha(GOOD)}

    second = one([src], dest)
    assert second.status == "unchanged"
    assert len(server.requests) == 1

    # upstream changes and the local copy is gone: the recorded checksum now rejects it
    local_path(src, dest).unlink()
    server.put("a.txt", BAD)
    third = one([src], dest)
    assert third.status == "failed"
    assert sha(GOOD) in third.message and sha(BAD) in third.message
    assert not local_path(src, dest).exists()
    assert json.loads(lock_file.read_text()) == {"doc-a:en": sha(GOOD)}
    assert not leftovers(dest)


def test_unknown_checksum_lock_path_and_mirror(tmp_path: Path, dest: Path) -> None:
    mirror = tmp_path / "mirror"
    (mirror / "doc-a").mkdir(parents=True)
    (mirror / "doc-a" / "en.txt").write_bytes(GOOD)
    lock_file = tmp_path / "elsewhere" / "my.lock.json"
    result = one([make_source()], dest, mirror=mirror, lock_path=lock_file)
    assert result.status == "copied"
    assert json.loads(lock_file.read_text()) == {"doc-a:en": sha(GOOD)}
    assert not (dest / LOCK_NAME).exists()


def test_unknown_checksum_offline_is_skipped(dest: Path, closed_port_url: str) -> None:
    result = one([make_source(url=closed_port_url)], dest)
    assert result.status == "skipped"
    assert "no checksum known yet" in result.message and "\n" not in result.message
    assert not (dest / LOCK_NAME).exists()


@pytest.mark.server
def test_sync_all_keeps_going_and_sync_source_direct(
    server: Server, dest: Path, closed_port_url: str
) -> None:
    good = make_source("doc-a/en.txt", url=server.put("a.txt", GOOD), sha256=sha(GOOD))
    broken = make_source("doc-b/en.txt", url=server.url("status/404"), sha256=sha(GOOD))
    offline = make_source("doc-c/en.txt", url=closed_port_url, sha256=sha(GOOD))
    results = sync_all([broken, offline, good], dest, timeout=5)
    assert [r.status for r in results] == ["failed", "failed", "downloaded"]
    assert [r.ok for r in results] == [False, False, True]

    lock: dict[str, str] = {}
    with httpx.Client(timeout=5) as client:
        r = sync_source(good, dest, None, client, lock)
    assert r.status == "unchanged" and lock == {}


# --- the real manifest from the shared mirror ---------------------------------------------


@pytest.mark.corpus
def test_real_manifest_from_mirror(tmp_path: Path) -> None:
    env = os.environ.get("REGQA_CORPUS_MIRROR")
    if not env:
        pytest.skip("REGQA_CORPUS_MIRROR is not set (point it at a corpus mirror directory)")
    mirror = Path(env)
    if not mirror.is_dir():
        pytest.skip(f"REGQA_CORPUS_MIRROR={env} is not a directory")
    sources = load_manifest(Path(__file__).parents[1] / "corpus" / "sources.toml")

    requested: list[str] = []

    def no_network(request: httpx.Request) -> httpx.Response:  # offline
        requested.append(str(request.url))
        raise httpx.ConnectError("offline (test)", request=request)

    with httpx.Client(transport=httpx.MockTransport(no_network)) as client:
        results = sync_all(sources, tmp_path, mirror=mirror, client=client)
    # listed guidance the mirror lacks (no checksum yet) is skipped offline with a note
    absent = [s for s in sources if not (mirror / s.file).is_file()]
    assert all(s.sha256 is None and s.url for s in absent)
    assert sorted(requested) == sorted(s.url for s in absent)
    assert [r.status for r in results] == ["skipped" if s in absent else "copied" for s in sources], [
        r.message for r in results if r.status != "copied"
    ]
    assert all("no checksum known yet" in r.message for r in results if r.status == "skipped")
    for src, result in zip(sources, results, strict=True):
        if src in absent:
            continue
        assert result.source == src
        assert src.sha256 is not None
        assert result.sha256 == src.sha256 == sha256_file(local_path(src, tmp_path))
