"""PostgreSQL connections that fail fast, and the dense side of a generation: its pgvector table
searched through the HNSW index in FAISS's call shape (index/store.py `DenseStore`)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import psycopg
from pgvector.psycopg import register_vector

from index.stores import StoreUnavailable

CONNECT_TIMEOUT = 2  # seconds; libpq's smallest useful value
STATEMENT_TIMEOUT_MS = 5000
MAX_EF_SEARCH = 1000  # pgvector's ceiling for hnsw.ef_search


class Connections:
    """One connection per thread, opened on first use and again after a failure, so a database
    restart costs the requests made while it is down (503 within ~2 s) and nothing after it."""

    def __init__(self, url: str, ef_search: int = 256) -> None:
        self.url = url
        self.ef_search = min(MAX_EF_SEARCH, ef_search)
        self._local = threading.local()

    def _open(self) -> psycopg.Connection:
        conn = psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT, autocommit=True,
                               options=f"-c statement_timeout={STATEMENT_TIMEOUT_MS}")
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        register_vector(conn)
        conn.execute(f"SET hnsw.ef_search = {int(self.ef_search)}")
        return conn

    @contextmanager
    def cursor(self) -> Iterator[psycopg.Cursor]:
        conn = getattr(self._local, "conn", None)
        try:
            if conn is None or conn.closed or conn.broken:
                conn = self._local.conn = self._open()
            with conn.cursor() as cur:
                yield cur
        except psycopg.OperationalError as exc:
            if conn is not None:
                conn.close()
            self._local.conn = None
            raise StoreUnavailable(f"the index database is unreachable ({_first_line(exc)}); "
                                        "retry shortly") from exc

    def fetch(self, sql: str, params: tuple = (), one: bool = False):
        """One read-only query; a connection left over from before a database restart fails on
        first use, so that failure is retried once on a new connection."""
        for attempt in (0, 1):
            conn = getattr(self._local, "conn", None)
            reused = conn is not None and not conn.closed
            try:
                with self.cursor() as cur:
                    cur.execute(sql, params)
                    return cur.fetchone() if one else cur.fetchall()
            except StoreUnavailable:
                if attempt or not reused:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class PgDense:
    """Inner product over unit vectors (`<#>` is its negative), like FAISS's IndexFlatIP. Stored
    vectors are immutable within a generation, so the ones read back are kept."""

    def __init__(self, conns: Connections, table: str, count: int, dim: int) -> None:
        self.conns = conns
        self.table = table
        self.ntotal = count
        self.d = dim
        self._vectors: dict[int, np.ndarray] = {}

    def search(self, x: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        query = np.asarray(x, dtype=np.float32).reshape(-1)
        rows = self.conns.fetch(f"SELECT row, embedding <#> %s AS d FROM {self.table} ORDER BY d LIMIT %s",
                                (query, int(k)))
        ids = np.full((1, k), -1, dtype=np.int64)
        scores = np.full((1, k), -np.inf, dtype=np.float32)
        for j, (row, dist) in enumerate(rows[:k]):
            ids[0, j], scores[0, j] = row, -dist
        return scores, ids

    def reconstruct(self, i: int) -> np.ndarray:
        i = int(i)
        vec = self._vectors.get(i)
        if vec is None:
            found = self.conns.fetch(f"SELECT embedding FROM {self.table} WHERE row = %s", (i,), one=True)
            if found is None:
                raise KeyError(i)
            value = found[0]
            value = value.to_numpy() if hasattr(value, "to_numpy") else value  # pgvector's Vector
            vec = self._vectors[i] = np.asarray(value, dtype=np.float32)
        return vec
