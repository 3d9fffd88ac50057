"""`regqa`: sync the corpus, build the index, ask, search, serve, evaluate."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.bench import bench_app
from cli.corpus import register as _register_corpus
from cli.ingest import manifest_sources
from cli.ingest import register as _register_ingest
from cli.refs import register as _register_refs
from core.settings import Settings, get_settings
from corpus.manifest import Source
from corpus.sync import SyncResult, sync_all

app = typer.Typer(help="regqa: answers about regulatory texts, every claim pinned to a provision.",
                  no_args_is_help=True, add_completion=False)
corpus_app = typer.Typer(help="The source documents.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")
console = Console()
err = Console(stderr=True)


def _settings(mirror: Path | None = None) -> Settings:
    settings = get_settings()
    if mirror is not None:
        settings = settings.model_copy(update={"corpus_mirror": mirror})
    return settings


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=False)


def _sync(settings: Settings, sources: list[Source]) -> list[SyncResult]:
    mirror = settings.corpus_mirror
    if mirror is not None and not mirror.is_dir():
        err.print(f"[yellow]note:[/] corpus mirror {mirror} does not exist; using the official URLs")
        mirror = None
    with _progress() as progress:
        task = progress.add_task("sync sources", total=len(sources))
        results = sync_all(sources, settings.sources_dir, mirror=mirror,
                           timeout=settings.http_timeout,
                           progress=lambda _r: progress.advance(task))
    for r in results:
        colour = {"failed": "red", "skipped": "yellow"}.get(r.status, "green")
        message = r.message if r.message.startswith(r.source.key) else f"{r.source.key}: {r.message}"
        err.print(f"  [{colour}]{r.status:10}[/] {message}", soft_wrap=True, highlight=False)
    return results


@corpus_app.command("sync")
def corpus_sync(
    mirror: Path | None = typer.Option(None, help="copy from this local mirror instead of the URLs"),
) -> None:
    """Download (or copy from a mirror) every source and verify its sha256."""
    settings = _settings(mirror)
    results = _sync(settings, manifest_sources(settings))
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)


@app.command()
def build(
    mirror: Path | None = typer.Option(None, help="copy sources from this local mirror"),
    sync: bool = typer.Option(True, help="sync the sources first"),
    force: bool = typer.Option(False, help="rewrite the index even if nothing changed"),
) -> None:
    """Sync the sources, ingest them and build a new index (the old one serves until done).

    Incremental: unchanged sources come from the cache (not re-parsed, not re-embedded)."""
    from cli.ingest import run_build

    settings = _settings(mirror)
    sources = manifest_sources(settings)
    if sync:
        _sync(settings, sources)
    raise typer.Exit(run_build(settings, sources, force=force))


def _pipeline(settings: Settings):
    from answer.pipeline import QAPipeline
    from index.embedder import EmbedderError
    from index.store import IndexUnavailable

    try:
        return QAPipeline.load(settings)
    except (IndexUnavailable, EmbedderError) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc


@app.command()
def ask(
    question: str,
    k: int = typer.Option(5, min=1, max=50, help="passages retrieved as evidence"),
    as_json: bool = typer.Option(False, "--json", help="print the API's JSON"),
) -> None:
    """Answer a question from the indexed texts, with citations."""
    answer = _pipeline(get_settings()).ask(question, k=k)
    if as_json:
        print(answer.model_dump_json(indent=2))
        return
    console.print(answer.answer)
    for c in answer.citations:
        console.print(f"  [{c.n}] {c.label}" + (f"\n      {c.url}" if c.url else ""))
    for r in answer.related:
        console.print(f"  related, not an answer: {r.label}")


@app.command()
def search(
    query: str,
    k: int = typer.Option(10, min=1, max=100),
    as_json: bool = typer.Option(False, "--json"),
    doc: str | None = typer.Option(None, "--doc", help="only this document id"),
    lang: str | None = typer.Option(None, "--lang", help="only this language (en, ja)"),
    jurisdiction: str | None = typer.Option(None, "--jurisdiction", help="only this place (JP, KR, ...)"),
    kind: str | None = typer.Option(None, "--kind", help="only this kind (act, regulation, ...)"),
) -> None:
    """Ranked passages for a query."""
    from answer.compose import passage_out
    from search.filters import Filters

    try:
        hits = _pipeline(get_settings()).search(query, k=k, filters=Filters(doc, lang, jurisdiction, kind))
    except ValueError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    if as_json:
        print(json.dumps([passage_out(h).model_dump() for h in hits], ensure_ascii=False, indent=2))
        return
    table = Table("rank", "score", "provision", "text")
    for h in hits:
        table.add_row(str(h.rank), f"{h.score:.4f}", h.passage.label, h.passage.text[:120])
    console.print(table)


@app.command()
def serve(host: str | None = None, port: int | None = None) -> None:
    """Run the HTTP API (FastAPI under uvicorn)."""
    import uvicorn

    from api.app import create_app

    settings = get_settings()
    uvicorn.run(create_app(settings), host=host or settings.api_host,
                port=port or settings.api_port, log_level="info")


@app.command()
def ui(port: int | None = None) -> None:
    """Run the Streamlit page (it calls the API at REGQA_API_URL)."""
    settings = get_settings()
    page = Path(__file__).resolve().parent.parent / "ui" / "app.py"
    cmd = [sys.executable, "-m", "streamlit", "run", str(page), "--server.headless", "true",
           "--server.address", settings.api_host, "--server.port", str(port or settings.ui_port),
           "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer"]
    raise typer.Exit(subprocess.call(cmd, env=os.environ.copy()))


@app.command("eval", context_settings={"allow_interspersed_args": True})
def evaluate(
    sets: list[str] = typer.Argument(..., help="benchmark JSONL files (FORMAT.md); or: compare RUN_A RUN_B"),
    config: list[str] = typer.Option(["default"], "--config", help="a built-in configuration "
                                     "(eval/configs/*.toml: default, llamaindex-baseline, bm25, dense, "
                                     "no-thesaurus) or a TOML file; repeat for several"),
    api: str | None = typer.Option(None, "--api", help="score the deployment at this URL over HTTP "
                                   "instead of regqa in process"),
    out: Path = typer.Option(Path("eval-out"), help="directory for summary.json, report.md/.html and "
                             "<set>/<config>/ outputs"),
    k: int = typer.Option(10, min=1, max=100, help="passages retrieved per question"),
    floors: Path | None = typer.Option(None, "--floors", help="exit 1 when a metric falls below "
                                       "these floors (eval/floors.toml)"),
) -> None:
    """Score sets x configurations (FORMAT.md) side by side; `regqa eval compare A B` compares two runs."""
    from eval.commands import run_compare, run_eval

    if sets[0] == "compare" and not Path("compare").exists():
        raise typer.Exit(run_compare(sets[1:], console, err))
    raise typer.Exit(run_eval(sets, config, api, out, k, floors, console, err))


_register_ingest(app)  # `regqa ingest` (cli/ingest.py)
_register_corpus(corpus_app, _settings, manifest_sources, console)  # `regqa corpus stats` (cli/corpus.py)
app.command("sweep")(__import__("cli.answers", fromlist=["x"]).sweep_command)  # cli/answers.py
app.command("verify-eval")(__import__("cli.answers", fromlist=["x"]).verify_eval_command)
app.add_typer(bench_app, name="bench")  # `regqa bench retrieval|search` (cli/bench.py)
_register_refs(corpus_app, _settings, manifest_sources, console)  # `regqa corpus refs` (cli/refs.py)


if __name__ == "__main__":
    app()
