"""A bounded load test of a running regqa API on loopback: `concurrency` async httpx clients send
`requests` POST /ask requests in all, cycling through questions read from benchmark files
(English and Japanese mixed), and report errors, throughput and latency percentiles.

    python -m eval.load --url http://127.0.0.1:8000 --requests 5000 --concurrency 50 \\
        ../shared/benchmarks/dev.jsonl eval/questions/*.jsonl

Loopback only: any other host is refused. Bounded in count (`--requests`) and time
(`--max-seconds`: clients stop sending then, and what was not sent is reported as not sent).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import httpx

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_ERROR_DETAILS = 200
# the client's pool drops a connection idle this long; the server must keep idle connections open
# longer (`regqa serve`: REGQA_API_KEEP_ALIVE_SECONDS, 75 s), or a reused connection can be closed
# under a request just sent on it
KEEPALIVE_EXPIRY = 5.0


@dataclass
class LoadReport:
    requests: int
    concurrency: int
    sent: int = 0
    ok: int = 0
    errors: dict[str, int] = field(default_factory=dict)  # "503", "ReadTimeout", ...
    # one record per error (the first MAX_ERROR_DETAILS): what was raised or answered, when, and
    # whether the request went on a connection opened for it or on a reused keep-alive one
    error_details: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list, repr=False)
    languages: dict[str, int] = field(default_factory=dict)

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return 0.0
        data = sorted(self.latencies_ms)
        return data[min(len(data) - 1, int(round(q / 100 * (len(data) - 1))))]

    def summary(self) -> dict:
        out = {k: v for k, v in asdict(self).items() if k != "latencies_ms"}
        out.update(errors_total=self.error_count,
                   throughput_rps=round(self.sent / self.seconds, 1) if self.seconds else 0.0,
                   p50_ms=round(self.percentile(50), 1), p95_ms=round(self.percentile(95), 1),
                   p99_ms=round(self.percentile(99), 1),
                   mean_ms=round(statistics.fmean(self.latencies_ms), 1) if self.latencies_ms else 0.0)
        return out

    def line(self) -> str:
        s = self.summary()
        out = (f"{s['sent']}/{self.requests} requests, {self.concurrency} clients, {s['seconds']:.1f} s: "
               f"{s['errors_total']} errors {self.errors or ''}, {s['throughput_rps']} req/s, "
               f"p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms, p99 {s['p99_ms']} ms")
        for d in self.error_details[:10]:
            out += (f"\n  error {d['error']}: {d['message'] or '(no message)'} at {d['at_s']} s after "
                    f"{d['after_ms']} ms on a {d['connection']} connection")
        return out


def _chain(exc: BaseException) -> str:
    """The exception's message and those of its causes ("" for a reset often), outermost first."""
    parts, seen = [], set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen and len(parts) < 5:
        seen.add(id(cause))
        parts.append(f"{type(cause).__module__.split('.')[0]}.{type(cause).__name__}"
                     + (f": {cause}" if str(cause) else ""))
        cause = cause.__cause__ or cause.__context__
    return " <- ".join(parts)


def check_loopback(url: str) -> None:
    host = urlparse(url).hostname or ""
    if host not in LOOPBACK:
        raise ValueError(f"load tests run against loopback only, not {host!r}")


def read_questions(files: list[Path]) -> list[tuple[str, str]]:
    """(question, language) of every line of these benchmark files."""
    out = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                out.append((item["question"], item.get("lang", "")))
    if not out:
        raise ValueError("no questions in " + ", ".join(map(str, files)))
    return out


async def run_load(url: str, questions: list[tuple[str, str]], requests: int = 5000,
                   concurrency: int = 50, max_seconds: float = 900.0, timeout: float = 60.0,
                   path: str = "/ask") -> LoadReport:
    check_loopback(url)
    report = LoadReport(requests=requests, concurrency=concurrency)
    errors: Counter[str] = Counter()
    langs: Counter[str] = Counter()
    next_item = iter(range(requests))
    start = time.perf_counter()
    deadline = start + max_seconds
    details: list[dict] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency,
                          keepalive_expiry=KEEPALIVE_EXPIRY)
    async with httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits) as client:

        async def worker() -> None:
            for i in next_item:
                if time.perf_counter() > deadline:
                    return
                question, lang = questions[i % len(questions)]
                opened: list[str] = []

                async def trace(event: str, info: dict, opened: list[str] = opened) -> None:
                    if event == "connection.connect_tcp.started":
                        opened.append(event)

                t0 = time.perf_counter()
                message = ""
                try:
                    resp = await client.post(path, json={"question": question},
                                             extensions={"trace": trace})
                    status = resp.status_code
                    if status != 200:
                        message = resp.text[:200]
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                    message = _chain(exc)
                elapsed = time.perf_counter() - t0
                report.latencies_ms.append(elapsed * 1000)
                if status != 200 and len(details) < MAX_ERROR_DETAILS:
                    details.append({"error": str(status), "message": message,
                                    "at_s": round(t0 - start, 2), "after_ms": round(elapsed * 1000),
                                    "connection": "new" if opened else "reused"})
                report.sent += 1
                langs[lang] += 1
                if status == 200:
                    report.ok += 1
                else:
                    errors[str(status)] += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    report.seconds = round(time.perf_counter() - start, 2)
    report.errors, report.languages = dict(errors), dict(langs)
    report.error_details = sorted(details, key=lambda d: d["at_s"])
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("questions", nargs="+", type=Path, help="benchmark JSONL files (question, lang)")
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--max-seconds", type=float, default=900.0)
    parser.add_argument("--json", type=Path, help="write the summary here too")
    args = parser.parse_args(argv)
    report = asyncio.run(run_load(args.url, read_questions(args.questions), args.requests,
                                  args.concurrency, args.max_seconds))
    print(report.line())
    if args.json:
        args.json.write_text(json.dumps(report.summary(), indent=2), encoding="utf-8")
    return 0 if report.error_count == 0 and report.sent == args.requests else 1


if __name__ == "__main__":
    sys.exit(main())
