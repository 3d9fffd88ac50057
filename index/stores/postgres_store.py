"""The server store: index generations in PostgreSQL, for many workers on many machines.

A generation is a complete build (index/store.py) copied into the database in one transaction:
`regqa_passages_<id>` (row, the passage with all its metadata as jsonb, its embedding under an
HNSW index, inner product), `regqa_files_<id>` (the bm25s keyword files and the build's adapted
encoder, byte for byte) and a `regqa_generations` row with the manifest. The same transaction
updates the one row of `regqa_live`, so readers switch atomically and never see half an index;
generations beyond the newest `keep` are dropped after the switch.

A worker reads the passages and the files of the live generation once (the files into a local
cache directory), ranks the keyword side with the very bm25s index the build wrote (so keyword
scores are identical to the FAISS store's) and asks pgvector for the dense side per query.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from pathlib import Path

import bm25s
import faiss
import numpy as np
import psycopg
from psycopg.types.json import Jsonb

from index.store import IndexUnavailable, LoadedIndex, check_manifest
from index.stores import StoreUnavailable
from index.stores.pg_dense import Connections, PgDense
from ingest.records import Passage

_LOCK_KEY = 0x72656771  # advisory lock: one publisher at a time
_SCHEMA = """
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE IF NOT EXISTS regqa_generations (
    id bigserial PRIMARY KEY, name text NOT NULL, manifest jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS regqa_live (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    generation bigint NOT NULL REFERENCES regqa_generations (id));
"""
_LIVE = ("SELECT g.id, g.name, g.manifest FROM regqa_live l "
         "JOIN regqa_generations g ON g.id = l.generation")


def _tables(gen: int) -> tuple[str, str]:
    return f"regqa_passages_{int(gen)}", f"regqa_files_{int(gen)}"


class PostgresStore:
    def __init__(self, url: str, cache: Path, ef_search: int = 256, keep: int = 2) -> None:
        self.url = url
        self.cache = cache
        self.keep = keep
        self.conns = Connections(url, ef_search=ef_search)

    # -- readers --
    def generation(self) -> str:
        try:
            row = self.conns.fetch("SELECT generation FROM regqa_live", one=True)
        except psycopg.errors.UndefinedTable:
            row = None
        return str(row[0]) if row else ""

    def load(self, expected_model: str | None = None) -> LoadedIndex:
        where = "the database generation (REGQA_DATABASE_URL)"
        with self.conns.cursor() as cur:
            try:
                live = cur.execute(_LIVE).fetchone()
            except psycopg.errors.UndefinedTable:
                live = None
            if live is None:
                raise IndexUnavailable("no index in the database: run `regqa build` with "
                                       "REGQA_STORE=postgres (or `regqa publish`)")
            gen, name, manifest = live
            where = f"generation {gen} ({name})"
            check_manifest(manifest, where, expected_model)
            passages_table, files_table = _tables(gen)
            rows = cur.execute(f"SELECT passage FROM {passages_table} ORDER BY row").fetchall()
            directory = self._files(cur, gen, name, files_table, manifest)
        passages = [Passage.from_dict(r[0]) for r in rows]
        if len(passages) != manifest.get("passage_count"):
            raise IndexUnavailable(f"index {where} is inconsistent: manifest says "
                                   f"{manifest.get('passage_count')} passages, table has {len(passages)}: "
                                   "run `regqa publish`")
        try:
            keyword = bm25s.BM25.load(str(directory / "keyword"), mmap=True)
        except Exception as exc:  # noqa: BLE001 - any corruption gets the same advice
            shutil.rmtree(directory, ignore_errors=True)
            raise IndexUnavailable(f"index {where}: keyword files unreadable ({exc}): "
                                   "run `regqa publish`") from exc
        dense = PgDense(self.conns, passages_table, len(passages), int(manifest["dimension"]))
        return LoadedIndex(directory, manifest, passages, dense, keyword, generation=str(gen))

    def _files(self, cur: psycopg.Cursor, gen: int, name: str, table: str, manifest: dict) -> Path:
        """The generation's files in a local directory (written once per machine, atomically)."""
        tag = hashlib.sha256(self.url.encode()).hexdigest()[:8]
        final = self.cache / f"{tag}-gen-{gen}-{name}"
        sizes = {k: v for k, v in manifest.get("files", {}).items()
                 if k not in ("passages.jsonl", "dense.faiss")}
        if final.is_dir() and all((final / f).is_file() and (final / f).stat().st_size == n
                                  for f, n in sizes.items()):
            return final
        tmp = self.cache / f".tmp-{uuid.uuid4().hex}"
        tmp.mkdir(parents=True)
        try:
            with cur.copy(f"COPY (SELECT path, data FROM {table}) TO STDOUT") as copy:
                copy.set_types(["text", "bytea"])
                for path, data in copy.rows():
                    target = tmp / path
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
            shutil.rmtree(final, ignore_errors=True)
            os.replace(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            if final.is_dir():  # another worker of this machine wrote it first
                return final
            raise
        return final

    # -- the writer --
    def publish(self, build: Path) -> str:
        """Copy a complete local build in as a new generation and make it live, in one transaction."""
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
        dense = faiss.read_index(str(build / "dense.faiss"))
        vectors = dense.reconstruct_n(0, dense.ntotal)
        with open(build / "passages.jsonl", encoding="utf-8") as fh:
            passages = [line for line in fh if line.strip()]
        if len(passages) != len(vectors) or not passages:
            raise IndexUnavailable(f"{build} is not a complete build: run `regqa build`")
        files = [p for p in sorted(build.rglob("*")) if p.is_file()
                 and p.name not in ("manifest.json", "passages.jsonl", "dense.faiss")]
        hnsw = manifest.get("hnsw", {})
        try:
            with psycopg.connect(self.url, connect_timeout=2) as conn:
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
                conn.execute(_SCHEMA)
                gen = conn.execute("INSERT INTO regqa_generations (name, manifest) VALUES (%s, %s) "
                                   "RETURNING id", (build.name, Jsonb(manifest))).fetchone()[0]
                passages_table, files_table = _tables(gen)
                conn.execute(f"CREATE TABLE {passages_table} (row integer PRIMARY KEY, passage jsonb "
                             f"NOT NULL, embedding vector({vectors.shape[1]}) NOT NULL)")
                with conn.cursor().copy(f"COPY {passages_table} (row, passage, embedding) FROM STDIN") as cp:
                    for i, (line, vec) in enumerate(zip(passages, vectors, strict=True)):
                        cp.write_row((i, line.rstrip("\n"), _vector_text(vec)))
                conn.execute(f"CREATE INDEX ON {passages_table} USING hnsw (embedding vector_ip_ops) "
                             f"WITH (m = {int(hnsw.get('m', 16))}, "
                             f"ef_construction = {int(hnsw.get('ef_construction', 128))})")
                conn.execute(f"CREATE TABLE {files_table} (path text PRIMARY KEY, data bytea NOT NULL)")
                with conn.cursor().copy(f"COPY {files_table} (path, data) FROM STDIN") as cp:
                    cp.set_types(["text", "bytea"])
                    for path in files:
                        cp.write_row((str(path.relative_to(build)), path.read_bytes()))
                conn.execute("INSERT INTO regqa_live (one, generation) VALUES (true, %s) "
                             "ON CONFLICT (one) DO UPDATE SET generation = EXCLUDED.generation", (gen,))
            self.drop_old()
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(f"cannot publish to the index database: {exc}") from exc
        return str(gen)

    def drop_old(self) -> list[int]:
        """Drop every generation but the live one and the newest `keep` - 1 before it (a
        publisher killed mid-write leaves nothing: its transaction rolled back)."""
        with psycopg.connect(self.url, connect_timeout=2) as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            live = conn.execute("SELECT generation FROM regqa_live").fetchone()[0]
            ids = [r[0] for r in conn.execute("SELECT id FROM regqa_generations WHERE id < %s "
                                              "ORDER BY id DESC", (live,)).fetchall()]
            stale = ids[max(0, self.keep - 1):]
            stale += [r[0] for r in conn.execute("SELECT id FROM regqa_generations WHERE id > %s",
                                                 (live,)).fetchall()]
            for gen in stale:
                for table in _tables(gen):
                    conn.execute(f"DROP TABLE IF EXISTS {table}")
                conn.execute("DELETE FROM regqa_generations WHERE id = %s", (gen,))
        return stale


def _vector_text(vec: np.ndarray) -> str:
    return "[" + ",".join(repr(float(x)) for x in vec) + "]"
