"""Fetch the source files named by the manifest and check their sha256.

Each source is copied from a local mirror (laid out by `Source.file`) or downloaded from its
official `url` into `dest_root / source.file`. A new file is always written to a temporary file
in the destination directory, verified, and only then moved into place with `os.replace`, so a
good copy already there is never replaced by a bad or partial one.

Sources without a known checksum (`sha256 = None`) get the sha256 of their first successful
fetch recorded in a JSON lock file (`dest_root / "sources.lock.json"` by default); later syncs
verify against it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import httpx

from corpus.atomic import atomic_write
from corpus.manifest import Source

USER_AGENT = "regqa/0.1 (+corpus sync)"
DEFAULT_TIMEOUT = 60.0
MAX_BYTES = 200 * 1024 * 1024  # size cap for one download
LOCK_NAME = "sources.lock.json"
_CHUNK = 1024 * 1024
_HINT_NETWORK = "check your network or pass --mirror DIR / set REGQA_CORPUS_MIRROR"
_HINT_MIRROR = "pass --mirror DIR / set REGQA_CORPUS_MIRROR to a mirror holding the file"

class SyncError(RuntimeError):
    """A source could not be synced; the message names the source, the problem and a remedy."""


class HttpStatusError(SyncError):
    """The server answered the download with an error status (404, 403, 500, ...)."""


@dataclass(frozen=True)
class SyncResult:
    source: Source
    status: str  # "downloaded" | "copied" | "unchanged" | "skipped" | "failed"
    path: Path | None
    sha256: str | None
    message: str

    @property
    def ok(self) -> bool:
        """True unless the sync of this source failed (a skipped source is not an error)."""
        return self.status != "failed"


# --- pure helpers -------------------------------------------------------------------------


def local_path(source: Source, dest_root: Path) -> Path:
    """Where `source` lives under `dest_root` (and, equally, under a mirror root)."""
    rel = Path(source.file)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise SyncError(
            f"{source.key}: file {source.file!r} must be a relative path inside the data dir; "
            "fix it in corpus/sources.toml"
        )
    return Path(dest_root) / rel


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def expected_sha256(source: Source, lock: dict[str, str]) -> str | None:
    """The checksum a source must have: the manifest's, else the one recorded in the lock."""
    return source.sha256 or lock.get(source.key)


def _fmt_bytes(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    if n >= 1024:
        return f"{n / 1024:g} KB"
    return f"{n} bytes"


def _kept(dest: Path) -> str:
    return f"; the existing copy at {dest} was left untouched" if dest.exists() else ""


def _mismatch(source: Source, origin: str, expected: str, actual: str, dest: Path) -> str:
    where = "corpus/sources.toml" if source.sha256 else f"the lock file ({LOCK_NAME})"
    msg = (
        f"{source.key}: checksum mismatch for {origin}: expected sha256 {expected}, "
        f"got {actual}{_kept(dest)}. The upstream file may have changed: check it, then update "
        f"the sha256 in {where}"
    )
    if source.note:
        msg += f" (note: {source.note})"
    return msg


# --- lock file ----------------------------------------------------------------------------


def load_lock(path: Path) -> dict[str, str]:
    """Read the lock file (`{source key: sha256}`); a missing file is an empty lock."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise SyncError(f"cannot read lock file {path}: {exc.strerror}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SyncError(
            f"lock file {path} is not valid JSON ({exc}); fix or delete it to re-record checksums"
        ) from exc
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise SyncError(
            f"lock file {path} must map source keys to sha256 strings; fix or delete it"
        )
    return data


def write_lock(path: Path, lock: dict[str, str]) -> None:
    """Write the lock file atomically (temp file in the same directory, then os.replace)."""
    atomic_write(Path(path), json.dumps(dict(sorted(lock.items())), indent=2) + "\n")


# --- I/O ----------------------------------------------------------------------------------


@contextmanager
def _temp_beside(dest: Path) -> Iterator[tuple[Path, BinaryIO]]:
    """An open temp file in dest's directory; removed on exit unless moved away."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield tmp, fh
    finally:
        with suppress(FileNotFoundError):
            tmp.unlink()


def _install(
    source: Source, tmp: Path, actual: str, expected: str | None, origin: str, dest: Path
) -> None:
    """Move a verified temp file into place, or raise SyncError on a checksum mismatch."""
    if expected is not None and actual != expected:
        raise SyncError(_mismatch(source, origin, expected, actual, dest))
    os.replace(tmp, dest)


def _copy_from_mirror(
    source: Source, src: Path, dest: Path, expected: str | None
) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with _temp_beside(dest) as (tmp, out), open(src, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
        out.close()
        shutil.copystat(src, tmp)
        _install(source, tmp, digest.hexdigest(), expected, f"mirror file {src}", dest)
    return digest.hexdigest(), size


def _download(
    source: Source, client: httpx.Client, dest: Path, expected: str | None, max_bytes: int
) -> tuple[str, int]:
    """Stream `source.url` to a temp file, check size cap and checksum, then install it.

    Raises httpx.TransportError when the URL cannot be reached; SyncError for anything else.
    """
    url = source.url
    assert url is not None
    cap = f"the size cap of {_fmt_bytes(max_bytes)} (max_bytes={max_bytes})"
    with client.stream(
        "GET", url, headers={"User-Agent": USER_AGENT}, follow_redirects=True
    ) as resp:
        if not resp.is_success:
            raise HttpStatusError(
                f"{source.key}: download failed: HTTP {resp.status_code} "
                f"{resp.reason_phrase} from {resp.url}{_kept(dest)}; check the url in "
                f"corpus/sources.toml, or pass --mirror DIR / set REGQA_CORPUS_MIRROR"
            )
        length = resp.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > max_bytes:
            raise SyncError(
                f"{source.key}: download from {url} is {_fmt_bytes(int(length))}, over "
                f"{cap}{_kept(dest)}; check the url, or pass --mirror DIR / "
                "set REGQA_CORPUS_MIRROR"
            )
        digest = hashlib.sha256()
        size = 0
        with _temp_beside(dest) as (tmp, out):
            for chunk in resp.iter_bytes(_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise SyncError(
                        f"{source.key}: download from {url} exceeded {cap}; aborted"
                        f"{_kept(dest)}; check the url, or pass --mirror DIR / "
                        "set REGQA_CORPUS_MIRROR"
                    )
                digest.update(chunk)
                out.write(chunk)
            out.close()
            _install(source, tmp, digest.hexdigest(), expected, url, dest)
    return digest.hexdigest(), size


def sync_source(
    source: Source,
    dest_root: Path,
    mirror: Path | None,
    client: httpx.Client | None,
    lock: dict[str, str],
    *,
    max_bytes: int = MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> SyncResult:
    """Bring one source up to date under `dest_root`; never raises for a failed fetch.

    `lock` maps source keys to recorded sha256s for sources without a manifest checksum; it is
    updated in place when such a source is fetched for the first time (the caller saves it).
    With `client=None` a short-lived client is created only if a download is needed.
    """
    try:
        dest = local_path(source, dest_root)
    except SyncError as exc:
        return SyncResult(source, "failed", None, None, str(exc))
    expected = expected_sha256(source, lock)

    def done(status: str, sha: str | None, message: str) -> SyncResult:
        if status in ("downloaded", "copied") and source.sha256 is None and sha:
            lock[source.key] = sha
        return SyncResult(source, status, dest if status != "failed" else None, sha, message)

    try:
        # 1. already there and good: no network, no copy
        if expected is not None and dest.is_file():
            actual = sha256_file(dest)
            if actual == expected:
                return done("unchanged", actual, f"{source.key}: up to date ({dest})")

        # 2. local mirror
        mirror_note = ""
        if mirror is not None:
            src = local_path(source, Path(mirror))
            if src.is_file():
                sha, size = _copy_from_mirror(source, src, dest, expected)
                recorded = "; sha256 recorded in the lock file" if expected is None else ""
                return done(
                    "copied", sha, f"{source.key}: copied {_fmt_bytes(size)} from {src}{recorded}"
                )
            mirror_note = f" (mirror {mirror} has no {source.file})"

        # 3. no URL, or the file is derived from what the URL serves: mirror only
        if not source.url or source.mirror_only:
            why = "no public URL" if not source.url else "the file is derived from the official URL"
            return SyncResult(
                source,
                "skipped",
                dest if dest.is_file() else None,
                None,
                f"{source.key}: {why}, available from a local mirror only{mirror_note}; "
                f"{_HINT_MIRROR}",
            )

        # 4. download
        try:
            if client is None:
                with httpx.Client(timeout=timeout, headers={"User-Agent": USER_AGENT}) as own:
                    sha, size = _download(source, own, dest, expected, max_bytes)
            else:
                sha, size = _download(source, client, dest, expected, max_bytes)
        except HttpStatusError as exc:
            if expected is not None or dest.is_file():
                raise
            # a listed source never fetched yet (no checksum): best effort, a note not a failure
            return SyncResult(source, "skipped", None, None,
                              f"{exc}; skipped: no checksum known yet, nothing was recorded")
        except httpx.TransportError as exc:
            reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            if expected is None:
                kept = "; an existing unverified copy was kept" if dest.is_file() else ""
                return SyncResult(
                    source,
                    "skipped",
                    dest if dest.is_file() else None,
                    None,
                    f"{source.key}: no checksum known yet and {source.url} is unreachable "
                    f"({reason}){kept}; it will be recorded on the next successful sync "
                    f"({_HINT_NETWORK})",
                )
            raise SyncError(
                f"{source.key}: cannot reach {source.url} ({reason}){mirror_note}{_kept(dest)}; "
                f"{_HINT_NETWORK}"
            ) from exc
        recorded = "; sha256 recorded in the lock file" if expected is None else ""
        return done(
            "downloaded",
            sha,
            f"{source.key}: downloaded {_fmt_bytes(size)} from {source.url}{recorded}",
        )
    except SyncError as exc:
        return SyncResult(source, "failed", None, None, str(exc))
    except OSError as exc:
        return SyncResult(
            source,
            "failed",
            None,
            None,
            f"{source.key}: cannot write {dest}: {exc}{_kept(dest)}; check the data directory "
            "(REGQA_HOME) is writable and has space",
        )


def sync_all(
    sources: Iterable[Source],
    dest_root: Path,
    mirror: Path | None = None,
    client: httpx.Client | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    lock_path: Path | None = None,
    progress: Callable[[SyncResult], None] | None = None,
    *,
    max_bytes: int = MAX_BYTES,
) -> list[SyncResult]:
    """Sync every source; returns one result per source, in order, and never raises for a
    single source (check `result.status == "failed"`). Calls `progress(result)` after each.

    Raises SyncError only when the lock file itself is unreadable or malformed.
    """
    dest_root = Path(dest_root)
    lock_path = Path(lock_path) if lock_path is not None else dest_root / LOCK_NAME
    lock = load_lock(lock_path)
    before = dict(lock)
    own = None
    if client is None:
        own = client = httpx.Client(
            timeout=timeout, headers={"User-Agent": USER_AGENT}, follow_redirects=True
        )
    results: list[SyncResult] = []
    try:
        for source in sources:
            try:
                result = sync_source(
                    source, dest_root, mirror, client, lock, max_bytes=max_bytes, timeout=timeout
                )
            except Exception as exc:  # defensive: one bad source must not stop the rest
                result = SyncResult(
                    source, "failed", None, None, f"{source.key}: unexpected error: {exc!r}"
                )
            results.append(result)
            if progress is not None:
                progress(result)
    finally:
        if own is not None:
            own.close()
        if lock != before:
            write_lock(lock_path, lock)
    return results
