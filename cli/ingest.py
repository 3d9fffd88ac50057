"""`regqa build` and `regqa ingest`: the CLI side of index/rebuild.py and ingest/user_docs.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cli.corpus import sync_sources
from cli.shared import err, manifest_sources, settings_for
from core.settings import Settings, get_settings
from corpus.manifest import ManifestError, Source
from index.build_report import FAILED, PARSED, REUSED, BuildHooks, BuildReport, SourceOutcome
from index.rebuild import rebuild

_COLOUR = {PARSED: "green", REUSED: "cyan", FAILED: "red", "skipped": "yellow", "refused": "red"}
EXIT_INTERRUPTED = 130


class RichHooks(BuildHooks):
    """Prints one line per source and progress bars while adapting and embedding (on stderr)."""

    def source(self, outcome: SourceOutcome) -> None:
        colour = _COLOUR.get(outcome.status, "white")
        tag = " (user document)" if outcome.user else ""
        err.print(f"  [{colour}]{outcome.status:10}[/] {escape(outcome.message)}{tag}")
        for note in outcome.notes[:20] if outcome.status == PARSED else []:
            err.print(f"             note: {escape(note)}")

    def message(self, text: str) -> None:
        err.print(escape(text))

    def embedding(self, total: int) -> AbstractContextManager[Callable[[int], None]]:
        return _bar("embed passages", total)

    def adapting(self, total: int) -> AbstractContextManager[Callable[[int], None]]:
        return _bar("adapt the embedder (heading pairs)", total)


@contextmanager
def _bar(description: str, total: int) -> Iterator[Callable[[int], None]]:
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=False) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n: progress.advance(task, n)


def print_report(report: BuildReport) -> None:
    for key in report.removed:
        err.print(f"  [yellow]{'removed':10}[/] {escape(key)}: no longer in the manifest; its passages "
                  "are gone from the new index")
    failed = report.failed
    if failed:
        err.print(f"[red]{len(failed)} source(s) failed:[/]")
        for o in failed:
            err.print(f"  - {escape(o.message)}")
    colour = "red" if not report.ok else "green"
    err.print(f"[{colour}]{escape(report.summary())}[/]")


def run_build(settings: Settings, sources: list[Source], *, force: bool = False) -> int:
    """Run an incremental build with console output; returns the exit code (0 only if all ok)."""
    try:
        report = rebuild(settings, sources, hooks=RichHooks(), force=force)
    except KeyboardInterrupt:
        err.print("[yellow]interrupted:[/] no new index was made live; the previous index (if any) "
                  "is still serving")
        return EXIT_INTERRUPTED
    print_report(report)
    if report.build_dir is not None and settings.store != "faiss":
        code = run_publish(settings, report.build_dir)
        if code:
            return code
    if report.error:
        return 2 if "embedding model" in report.error else 1
    return 0 if report.ok else 1


def run_publish(settings: Settings, build: Path) -> int:
    """Copy a build into the configured store as its new live generation (REGQA_STORE=postgres)."""
    from index.store import IndexUnavailable
    from index.stores import make_store

    try:
        name = make_store(settings).publish(build)
    except IndexUnavailable as exc:
        err.print(f"[red]not published:[/] {escape(str(exc))}; the previous generation still serves")
        return 1
    err.print(f"[green]published[/] {build.name} to the {settings.store} store as generation {name}")
    return 0


def publish() -> None:
    """Publish the live local build to REGQA_STORE (postgres: a new generation, switched atomically)."""
    from index.store import IndexUnavailable, live_build

    settings = get_settings()
    try:
        build = live_build(settings.index_root)
    except IndexUnavailable as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    raise typer.Exit(run_publish(settings, build))


def ingest(
    paths: list[Path] = typer.Argument(..., help="files to add: .xml (Japanese law XML), .pdf, .txt, "
                                       ".md, .html"),
    kind: str = typer.Option("guideline", help="act, regulation, guideline or faq"),
    title: str | None = typer.Option(None, help="document title (default: the file name)"),
    lang: str | None = typer.Option(None, "--lang", help="language code (default: detected, en or ja)"),
    doc_id: str | None = typer.Option(None, "--doc-id", help="document id (default: user-<file name>)"),
    jurisdiction: str = typer.Option("unspecified", help="e.g. JP; shown with the document"),
) -> None:
    """Add your own documents to the index (kept for later builds, labelled "user document")."""
    from corpus.user_sources import load_user_sources, save_user_sources, upsert
    from ingest.records import IngestError
    from ingest.user_docs import UserDocOptions, admit, check_options

    settings = get_settings()
    opts = UserDocOptions(kind=kind, title=title, language=lang, doc_id=doc_id, jurisdiction=jurisdiction)
    try:
        check_options(opts)
        users = load_user_sources(settings.home)
    except (IngestError, ManifestError) as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    manifest = manifest_sources(settings)
    taken = {s.key: "is a source of the official manifest" for s in manifest}
    added, refused = [], []
    for path in paths:
        try:
            result = admit(path, opts, settings.sources_dir, taken=taken)
        except IngestError as exc:
            refused.append(str(exc))
            err.print(f"  [red]{'refused':10}[/] {escape(str(exc))}")
            continue
        except Exception as exc:  # noqa: BLE001 - a parser bug must not stop the other files
            refused.append(f"{path}: unexpected error ({type(exc).__name__}: {exc})")
            err.print(f"  [red]{'refused':10}[/] {escape(refused[-1])}")
            continue
        old = next((s for s in users if s.key == result.source.key), None)
        if old is not None and old.file != result.source.file:
            with suppress(OSError):
                (settings.sources_dir / old.file).unlink()
        users = upsert(users, result.source)
        taken[result.source.key] = f"was just added from another file ({path})"
        added.append(result.source)
        err.print(f"  [green]{'accepted':10}[/] {escape(str(path))} -> {result.source.key} "
                  f"({result.source.format}, {result.provisions} sections, kind {result.source.kind})")
    code = 0
    if added:
        save_user_sources(settings.home, users)
        code = run_build(settings, manifest)
    else:
        err.print("nothing to add; the index was not changed")
    err.print(f"ingest: {len(added)} added, {len(refused)} refused")
    for reason in refused:
        err.print(f"  - {escape(reason)}")
    raise typer.Exit(code or (1 if refused else 0))


def build(
    mirror: Path | None = typer.Option(None, help="copy sources from this local mirror"),
    sync: bool = typer.Option(True, help="sync the sources first"),
    force: bool = typer.Option(False, help="rewrite the index even if nothing changed"),
) -> None:
    """Sync the sources, ingest them and build a new index (the old one serves until done).

    Incremental: unchanged sources come from the cache (not re-parsed, not re-embedded)."""
    settings = settings_for(mirror)
    sources = manifest_sources(settings)
    if sync:
        sync_sources(settings, sources)
    raise typer.Exit(run_build(settings, sources, force=force))


def register(app: typer.Typer) -> None:
    app.command()(build)
    app.command("ingest")(ingest)
    app.command()(publish)
