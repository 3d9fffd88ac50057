"""Serve with 1, 2 and 4 workers on each store, measure start-up time and memory per worker, and
run the same bounded load (eval/load.py) against each; prints a Markdown table for
docs/benchmarks.md.

    python -m eval.load_matrix --workers 1 2 4 --stores faiss postgres --requests 5000 \\
        --database-url postgresql://postgres@127.0.0.1:5432/regqa QUESTION_FILES...

The index is the one REGQA_HOME holds (FAISS) and the live generation at --database-url
(postgres: publish it first with `regqa publish`). Servers listen on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from eval.load import read_questions, run_load


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _workers_memory(pid: int) -> list[dict]:
    """RSS and PSS (shared pages split fairly: the mmapped index counts once overall) per worker."""
    import psutil

    out = []
    main = psutil.Process(pid)
    for child in [main, *main.children(recursive=True)]:
        try:
            info = child.memory_full_info()
        except psutil.Error:
            continue
        if info.rss > 300 * 2**20:  # the workers (or the one process), not uvicorn's supervisor
            out.append({"pid": child.pid, "rss_mb": round(info.rss / 2**20),
                        "pss_mb": round(getattr(info, "pss", info.rss) / 2**20)})
    return out


def start_server(workers: int, env: dict[str, str], log: Path | None = None,
                 timeout: float = 300.0) -> tuple[subprocess.Popen, str, float]:
    port = _free_port()
    cmd = [sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--workers", str(workers)]
    start = time.perf_counter()
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - the server's lifetime
    proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=out, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    ready_in_a_row, deadline = 0, start + timeout
    try:
        while ready_in_a_row < 4 * workers:  # every worker accepts only once it has loaded
            if proc.poll() is not None or time.perf_counter() > deadline:
                raise RuntimeError(f"the server with {workers} workers did not become ready")
            try:
                ok = httpx.get(f"{url}/ready", timeout=5).status_code == 200
            except httpx.HTTPError:
                ok = False
            ready_in_a_row = ready_in_a_row + 1 if ok else 0
            time.sleep(0.05 if ok else 0.25)
    except BaseException:
        stop_server(proc)
        raise
    return proc, url, time.perf_counter() - start


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("questions", nargs="+", type=Path)
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2, 4])
    parser.add_argument("--stores", nargs="+", default=["faiss", "postgres"])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--max-seconds", type=float, default=900.0)
    parser.add_argument("--database-url", default=os.environ.get("REGQA_DATABASE_URL", ""))
    parser.add_argument("--json", type=Path)
    parser.add_argument("--logs", type=Path, help="keep each server's log here")
    args = parser.parse_args(argv)
    questions = read_questions(args.questions)
    rows = []
    print("| store | workers | start-up s | memory per worker RSS / PSS MB | requests | errors | "
          "req/s | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|---|---|---|---|---|", flush=True)
    for store in args.stores:
        for workers in args.workers:
            env = {**os.environ, "REGQA_STORE": store, "REGQA_DATABASE_URL": args.database_url,
                   "OMP_NUM_THREADS": "1", "REGQA_LOG_QUESTIONS": "false"}
            log = args.logs / f"{store}-{workers}.log" if args.logs else None
            if log:
                log.parent.mkdir(parents=True, exist_ok=True)
            proc, url, startup = start_server(workers, env, log)
            try:
                report = asyncio.run(run_load(url, questions, args.requests, args.concurrency,
                                              args.max_seconds))
                memory = _workers_memory(proc.pid)
            finally:
                stop_server(proc)
            s = report.summary()
            rss = round(sum(m["rss_mb"] for m in memory) / max(1, len(memory)))
            pss = round(sum(m["pss_mb"] for m in memory) / max(1, len(memory)))
            rows.append({"store": store, "workers": workers, "startup_s": round(startup, 1),
                         "rss_mb": rss, "pss_mb": pss, **s})
            print(f"| {store} | {workers} | {startup:.1f} | {rss} / {pss} | {s['sent']} | "
                  f"{s['errors_total']} | {s['throughput_rps']} | {s['p50_ms']} | {s['p95_ms']} | "
                  f"{s['p99_ms']} |" + (f" errors: {s['errors']}" if s["errors"] else ""), flush=True)
            for d in s["error_details"][:10]:
                print(f"<!-- error {d['error']}: {d['message'] or '(no message)'} at {d['at_s']} s after "
                      f"{d['after_ms']} ms on a {d['connection']} connection -->", flush=True)
            if args.json:
                args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0 if all(r["errors_total"] == 0 and r["sent"] == args.requests for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
