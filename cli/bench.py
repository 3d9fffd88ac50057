"""`regqa bench`: retrieval quality per search mode, and search speed at scale."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

bench_app = typer.Typer(help="Benchmarks that print numbers: retrieval quality, search at scale.",
                        no_args_is_help=True)
console = Console(width=200)
err = Console(stderr=True)


def _load(ja_tokenizer: str | None = None):
    from answer.pipeline import QAPipeline
    from core.settings import get_settings
    from index.embedder import EmbedderError
    from index.store import IndexUnavailable

    try:
        pipeline = QAPipeline.load(get_settings())
    except (IndexUnavailable, EmbedderError) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    searcher = pipeline.searcher
    if ja_tokenizer and ja_tokenizer != searcher.ja_scheme:
        import bm25s

        from index.cited_captions import CitedCaptions, keyword_text
        from index.tokenize import tokenize

        err.print(f"re-tokenizing {len(searcher.passages)} passages with ja={ja_tokenizer} (in memory)")
        keyword = bm25s.BM25()
        cited = CitedCaptions.from_passages(searcher.passages)
        keyword.index([tokenize(keyword_text(p, cited), ja_tokenizer) for p in searcher.passages],
                      show_progress=False)
        searcher.index.keyword = keyword
        searcher.ja_scheme = ja_tokenizer
    return pipeline


@bench_app.command("retrieval")
def retrieval(
    benchmark: Path = typer.Argument(..., exists=True, dir_okay=False, help="benchmark JSONL"),
    ja_tokenizer: str | None = typer.Option(
        None, help="compare a Japanese keyword tokenizer (bigram, sudachi, sudachi+bigram) "
        "by re-indexing the keyword side in memory; default: the index's own"),
    as_json: bool = typer.Option(False, "--json", help="print the numbers as JSON"),
) -> None:
    """hit@1/5/10 and MRR for dense, BM25, hybrid and hybrid + direct references, by language;
    p50/p95 search latency (query embedding included) at corpus size."""
    from eval.bench_retrieval import run_retrieval_bench
    from eval.benchmark import BenchmarkError, load_benchmark
    from index.tokenize import JA_SCHEMES

    if ja_tokenizer is not None and ja_tokenizer not in JA_SCHEMES:
        err.print(f"[red]error:[/] --ja-tokenizer must be one of {', '.join(JA_SCHEMES)}")
        raise typer.Exit(2)
    try:
        questions = load_benchmark(benchmark)
    except BenchmarkError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    pipeline = _load(ja_tokenizer)
    pipeline.retrieval.search("warm up", k=1)  # first-call costs are not search latency
    report = run_retrieval_bench(pipeline.retrieval, questions)
    if as_json:
        print(json.dumps({"ja_tokenizer": pipeline.searcher.ja_scheme, **report.to_dict()}, indent=2))
        return
    table = Table("mode", "questions", "hit@1", "hit@5", "hit@10", "MRR",
                  title=f"{benchmark.name}: {report.passages} passages, "
                        f"ja tokenizer {pipeline.searcher.ja_scheme}")
    for mode, groups in report.scores.items():
        for group in ("all", "en", "ja"):
            s = groups[group]
            table.add_row(mode if group == "all" else "", f"{group} ({s.n})",
                          *(f"{s.hit[k]:.3f}" for k in (1, 5, 10)), f"{s.mrr:.3f}")
    console.print(table)
    console.print(f"search latency (hybrid + refs, query embedding included): p50 {report.p50:.1f} ms, "
                  f"p95 {report.p95:.1f} ms over {len(report.latency_ms)} queries")


@bench_app.command("search")
def search_at_scale(
    sizes: str = typer.Option("100000", help="comma-separated passage counts, e.g. 100000,1000000"),
    queries: int = typer.Option(200, min=10, max=2000, help="queries per size"),
    ef_search: str = typer.Option("128,256,512", help="HNSW efSearch values to measure"),
    m: int | None = typer.Option(None, "--m", min=4, max=128, help="HNSW M (default REGQA_HNSW_M)"),
    ef_construction: int | None = typer.Option(
        None, min=8, max=4096, help="HNSW efConstruction (default REGQA_HNSW_EF_CONSTRUCTION)"),
    noise: str = typer.Option("corpus", help="synthetic noise: corpus (shaped like the real vectors' "
                              "covariance) or isotropic (near-duplicate balls: a worst case)"),
    noise_cos: float = typer.Option(0.8, min=0.05, max=0.99,
                                    help="cosine of each synthetic copy to its real passage"),
) -> None:
    """Synthetic indexes of N passages: flat vs HNSW latency, recall@10, build time, memory."""
    from dataclasses import replace

    from eval import bench_scale as bs
    from index.store import HnswConfig

    try:
        size_list = [int(s.replace("_", "")) for s in sizes.split(",") if s.strip()]
        efs = [int(e) for e in ef_search.split(",") if e.strip()]
    except ValueError as exc:
        err.print(f"[red]error:[/] --sizes and --ef-search take comma-separated integers ({exc})")
        raise typer.Exit(2) from exc
    if not size_list or min(size_list) < 1000:
        err.print("[red]error:[/] every size must be at least 1000 passages")
        raise typer.Exit(2)
    if not efs or min(efs) < 1:
        err.print("[red]error:[/] --ef-search needs at least one positive integer")
        raise typer.Exit(2)
    if noise not in bs.NOISE_KINDS:
        err.print(f"[red]error:[/] --noise must be one of {', '.join(bs.NOISE_KINDS)}, not {noise!r}")
        raise typer.Exit(2)
    hnsw = HnswConfig.from_settings()
    hnsw = replace(hnsw, m=m or hnsw.m, ef_construction=ef_construction or hnsw.ef_construction)
    pipeline = _load()
    texts = bs.query_texts(pipeline.index, queries)
    pipeline.embedder.embed(["warm up"])
    results = []
    for size in size_list:
        results.append(bs.bench_size(pipeline.index, pipeline.embedder, size, texts, efs, hnsw=hnsw,
                                  log=lambda msg: err.print(msg), noise=noise, noise_cos=noise_cos))
        # each size's table as soon as it is done: a long 1M run still leaves the 100k numbers
        _print_scale(results[-1:], len(texts))
    if len(results) > 1:
        _print_scale(results, len(texts))
    console.print("total = query embedding + dense search + BM25 scoring, one query at a time; "
                  "keyword tokens: real tokens, 20% dropped per copy.")


def _print_scale(results, n_queries: int) -> None:
    from eval import bench_scale as bs

    table = Table(*bs.REPORT_HEADER, title=f"search at scale ({n_queries} real queries each)")
    for row in bs.report_rows(results):
        table.add_row(*row)
    console.print(table)
    for line in bs.report_notes(results):
        console.print(line)


def register(app: typer.Typer) -> None:
    app.add_typer(bench_app, name="bench")
