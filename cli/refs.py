"""`regqa corpus refs --eval SET`: cross-reference precision and recall on a labelled set."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from core.settings import Settings
from corpus.manifest import Source


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


def register(corpus_app: typer.Typer, settings_for, sources_for, console: Console) -> None:
    """Add `refs` to the `regqa corpus` sub-app."""

    @corpus_app.command("refs")
    def refs(
        labelled: Path = typer.Option(..., "--eval", exists=True, dir_okay=False,
                                      help="labelled mentions (JSONL, eval/refs/)"),
        mirror: Path | None = typer.Option(None, help="read the sources from this local mirror"),
        show_misses: bool = typer.Option(False, "--misses", help="list the mentions judged wrong"),
    ) -> None:
        """Precision and recall of resolved cross-references, per language and kind."""
        settings = settings_for(mirror)
        raise typer.Exit(refs_eval(settings, sources_for(settings), labelled, show_misses, console))
