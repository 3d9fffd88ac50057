"""`regqa ask` and `regqa search`: the pipeline from the command line."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from cli.shared import console, err, load_pipeline
from core.settings import get_settings


def ask(
    question: str,
    k: int = typer.Option(5, min=1, max=50, help="passages retrieved as evidence"),
    as_json: bool = typer.Option(False, "--json", help="print the API's JSON"),
    max_words: int | None = typer.Option(
        None, "--max-words", min=0, max=1000,
        help="brief: supporting sentences only while the quotes stay within this many words"),
) -> None:
    """Answer a question from the indexed texts, with citations."""
    answer = load_pipeline(get_settings()).ask(question, k=k, max_words=max_words)
    if as_json:
        print(answer.model_dump_json(indent=2))
        return
    console.print(answer.answer)
    for c in answer.citations:
        console.print(f"  [{c.n}] {c.label}" + (f"\n      {c.url}" if c.url else ""))
    if answer.confidence is not None:  # answer/confidence.py
        console.print(f"  confidence: {answer.confidence} (docs/answers.md)")
    for r in answer.related:
        console.print(f"  related, not an answer: {r.label}")


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
        pipeline = load_pipeline(get_settings())
        hits = pipeline.search(query, k=k, filters=Filters(doc, lang, jurisdiction, kind))
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


def register(app: typer.Typer) -> None:
    app.command()(ask)
    app.command()(search)
