"""`regqa corpus stats`: per document and language, passages, their lengths and text coverage."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from core.settings import Settings
from corpus.manifest import Source

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


def register(corpus_app: typer.Typer, settings_for, sources_for, console: Console) -> None:
    """Add `stats` to the `regqa corpus` sub-app."""

    @corpus_app.command("stats")
    def stats(
        mirror: Path | None = typer.Option(None, help="read the sources from this local mirror"),
        as_json: bool = typer.Option(False, "--json", help="print the numbers as JSON"),
        missing: bool = typer.Option(False, "--missing", help="show source text not found in passages"),
    ) -> None:
        """Per document and language: passages, length distribution, text coverage."""
        settings = settings_for(mirror)
        raise typer.Exit(corpus_stats(settings, sources_for(settings), as_json, missing, console))
