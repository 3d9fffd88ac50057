"""`regqa corpus`: sync the sources, measure them (`stats`: passages, lengths, text coverage) and
score the cross-reference resolver on a labelled set (`refs`)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from cli.shared import console, err, manifest_sources, progress, settings_for
from core.settings import Settings
from corpus.manifest import Source
from corpus.sync import SyncResult, sync_all

# the bar: every XML and text source keeps at least this share of its content text
COVERAGE_BAR = 0.995


def source_stats(source: Source, path: Path) -> dict:
    """Ingest one source file and measure it; an ingest error is reported in `error`."""
    from index.passage_store import merge_parts
    from ingest.coverage import lengths, measure, passage_blob, source_units
    from ingest.pipeline import ingest_source, read_source_bytes
    from ingest.records import IngestError

    row: dict = {"doc_id": source.doc_id, "language": source.language, "format": source.format}
    result = ingest_source(source, path)
    if not result.ok:
        return {**row, "error": result.error}
    passages = result.passages
    groups: dict[str, list] = {}
    for p in passages:
        groups.setdefault(p.path, []).append(p)
    whole = [merge_parts(ps) for ps in groups.values()]
    size = lengths(passages)
    row.update(passages=size.count, provisions=len(whole), split=sum(len(g) > 1 for g in groups.values()),
               min=size.min, median=size.median, p95=size.p95, max=size.max,
               cross_refs=sum(len(p.cross_refs) for p in whole), notes=len(result.notes))
    try:
        units = source_units(source.format, read_source_bytes(path), str(path))
    except IngestError as exc:
        return {**row, "error": f"coverage: {exc}"}
    cov = measure(units, passage_blob(whole))
    row.update(raw_coverage=round(cov.raw, 5), content_coverage=round(cov.content, 5),
               content_chars=cov.content_chars, missing=cov.missing)
    return row


def _pct(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.2f}%"


def corpus_stats(settings: Settings, sources: list[Source], as_json: bool, show_missing: bool,
                 console: Console) -> int:
    """Print the table; returns the exit code (1 when a source fails or misses the bar; a source
    not synced, e.g. one offline without a mirror copy, is listed but does not fail)."""
    from corpus.sync import local_path

    rows = []
    for source in sources:
        path = local_path(source, settings.sources_dir)
        if settings.corpus_mirror is not None and (settings.corpus_mirror / source.file).is_file():
            path = settings.corpus_mirror / source.file
        if not path.is_file():
            rows.append({"doc_id": source.doc_id, "language": source.language,
                         "format": source.format, "skipped": "not synced (run `regqa corpus sync`)"})
            continue
        rows.append(source_stats(source, path))
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        table = Table("document", "lang", "format", "passages", "split", "min", "median", "p95",
                      "max", "refs", "raw cov.", "content cov.", title="corpus statistics "
                      "(passage lengths in characters; coverage: share of the source's text found in "
                      "passages; split: provisions stored as overlapping parts; refs: cross-references)")
        for r in rows:
            if "passages" not in r:
                why = f"[red]{r['error']}[/]" if "error" in r else f"[yellow]{r['skipped']}[/]"
                table.add_row(r["doc_id"], r["language"], r["format"], why)
                continue
            low = r.get("content_coverage", 1.0) < COVERAGE_BAR
            table.add_row(r["doc_id"], r["language"], r["format"], str(r["passages"]), str(r["split"]),
                          str(r["min"]), str(r["median"]), str(r["p95"]), str(r["max"]),
                          str(r["cross_refs"]), _pct(r.get("raw_coverage")),
                          ("[red]" if low else "") + _pct(r.get("content_coverage")))
        wide = Console(width=max(console.width, 150), file=console.file)
        wide.print(table)
        if show_missing:
            for r in rows:
                for text in r.get("missing", []):
                    console.print(f"  not found in {r['doc_id']}:{r['language']}: {text!r}")
    bad = [r for r in rows if "error" in r or r.get("content_coverage", 1.0) < COVERAGE_BAR]
    return 1 if bad else 0


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def refs_eval(settings: Settings, sources: list[Source], labelled: Path, show_misses: bool,
              console: Console) -> int:
    from corpus.sync import local_path
    from eval.crossref_eval import misses, predict, read_mentions, score
    from ingest.pipeline import PARSERS, read_source_bytes

    mentions = read_mentions(labelled)
    wanted = {(m.doc, m.language) for m in mentions}
    predictions = {}
    for source in sources:
        if (source.doc_id, source.language) not in wanted:
            continue
        path = local_path(source, settings.sources_dir)
        if settings.corpus_mirror is not None and (settings.corpus_mirror / source.file).is_file():
            path = settings.corpus_mirror / source.file
        provisions, _notes = PARSERS[source.format](read_source_bytes(path), str(path))
        for key, preds in predict(provisions, source.language,
                                      source.cites_enacted_numbering).items():
            predictions[(source.doc_id, source.language, key)] = preds
    missing = wanted - {(d, lang) for d, lang, _ in predictions}
    if missing:
        console.print(f"[red]not readable: {sorted(missing)} (run `regqa corpus sync` or pass --mirror)[/]")
        return 1
    table = Table("language", "kind", "mentions", "TP", "FP", "FN", "precision", "recall",
                  title=f"cross-references on {labelled.name}")
    for s in score(mentions, predictions):
        table.add_row(s.language, s.kind, str(s.mentions), str(s.tp), str(s.fp), str(s.fn),
                      _fmt(s.precision), _fmt(s.recall))
    console.print(table)
    if show_misses:
        for m, found in misses(mentions, predictions):
            console.print(f"  {m.doc}:{m.language}:{m.path} [{m.start}-{m.end}] {m.kind}: "
                          f"right {list(m.targets)} got {found}")
    return 0


def sync_sources(settings: Settings, sources: list[Source]) -> list[SyncResult]:
    mirror = settings.corpus_mirror
    if mirror is not None and not mirror.is_dir():
        err.print(f"[yellow]note:[/] corpus mirror {mirror} does not exist; using the official URLs")
        mirror = None
    with progress() as bar:
        task = bar.add_task("sync sources", total=len(sources))
        results = sync_all(sources, settings.sources_dir, mirror=mirror,
                           timeout=settings.http_timeout,
                           progress=lambda _r: bar.advance(task))
    for r in results:
        colour = {"failed": "red", "skipped": "yellow"}.get(r.status, "green")
        message = r.message if r.message.startswith(r.source.key) else f"{r.source.key}: {r.message}"
        err.print(f"  [{colour}]{r.status:10}[/] {message}", soft_wrap=True, highlight=False)
    return results


def corpus_sync(
    mirror: Path | None = typer.Option(None, help="copy from this local mirror instead of the URLs"),
) -> None:
    """Download (or copy from a mirror) every source and verify its sha256."""
    settings = settings_for(mirror)
    results = sync_sources(settings, manifest_sources(settings))
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)


def stats(
    mirror: Path | None = typer.Option(None, help="read the sources from this local mirror"),
    as_json: bool = typer.Option(False, "--json", help="print the numbers as JSON"),
    missing: bool = typer.Option(False, "--missing", help="show source text not found in passages"),
) -> None:
    """Per document and language: passages, length distribution, text coverage."""
    settings = settings_for(mirror)
    raise typer.Exit(corpus_stats(settings, manifest_sources(settings), as_json, missing, console))


def refs(
    labelled: Path = typer.Option(..., "--eval", exists=True, dir_okay=False,
                                  help="labelled mentions (JSONL, eval/refs/)"),
    mirror: Path | None = typer.Option(None, help="read the sources from this local mirror"),
    show_misses: bool = typer.Option(False, "--misses", help="list the mentions judged wrong"),
) -> None:
    """Precision and recall of resolved cross-references, per language and kind."""
    settings = settings_for(mirror)
    raise typer.Exit(refs_eval(settings, manifest_sources(settings), labelled, show_misses, console))


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="The source documents.", no_args_is_help=True)
    group.command("sync")(corpus_sync)
    group.command("stats")(stats)
    group.command("refs")(refs)
    app.add_typer(group, name="corpus")
