"""What every command group shares: the consoles, the settings (with a mirror given on the command
line), progress bars, the manifest's sources and the loaded pipeline, each with a clear error."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from core.settings import Settings, get_settings
from corpus.manifest import ManifestError, Source, load_manifest

console = Console()
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one message, one line


def settings_for(mirror: Path | None = None) -> Settings:
    settings = get_settings()
    if mirror is not None:
        settings = settings.model_copy(update={"corpus_mirror": mirror})
    return settings


def progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=False)


def manifest_sources(settings: Settings) -> list[Source]:
    """The manifest's sources, or exit 2 with the manifest error."""
    try:
        return load_manifest(settings.sources_file)
    except ManifestError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from exc


def load_pipeline(settings: Settings):
    from answer.pipeline import QAPipeline
    from index.embedder import EmbedderError
    from index.store import IndexUnavailable

    try:
        return QAPipeline.load(settings)
    except (IndexUnavailable, EmbedderError) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
