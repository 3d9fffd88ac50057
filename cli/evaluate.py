"""`regqa eval` (sets x configurations, and `eval compare`), `regqa sweep` (the abstention
trade-off, eval/sweep.py) and `regqa verify-eval` (a labelled claim set through /verify's code,
eval/claims.py)."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.shared import console, err


def evaluate(
    sets: list[str] = typer.Argument(..., help="benchmark JSONL files (FORMAT.md); or: compare RUN_A "
                                     "RUN_B; or: golden [write|add] [BENCHMARKS_DIR]"),
    config: list[str] = typer.Option(["default"], "--config", help="a built-in configuration "
                                     "(the name of one of eval/configs/*.toml, e.g. default, brief; "
                                     "docs/cli.md lists them) or a TOML file; repeat for several"),
    api: str | None = typer.Option(None, "--api", help="score the deployment at this URL over HTTP "
                                   "instead of regqa in process"),
    out: Path = typer.Option(Path("eval-out"), help="directory for summary.json, report.md/.html and "
                             "<set>/<config>/ outputs"),
    k: int = typer.Option(10, min=1, max=100, help="passages retrieved per question"),
    floors: Path | None = typer.Option(None, "--floors", help="exit 1 when a metric falls below "
                                       "these floors (eval/floors.toml)"),
) -> None:
    """Score sets x configurations (FORMAT.md) side by side; `regqa eval compare A B` compares two runs;
    `regqa eval golden` checks the answers against eval/golden/ (`write` / `add` record them)."""
    from eval.commands import run_compare, run_eval, run_golden

    if sets[0] == "compare" and not Path("compare").exists():
        raise typer.Exit(run_compare(sets[1:], console, err))
    if sets[0] == "golden" and not Path("golden").exists():
        raise typer.Exit(run_golden(sets[1:], console, err))
    raise typer.Exit(run_eval(sets, config, api, out, k, floors, console, err))


def sweep_command(
    benchmark: list[Path] = typer.Argument(..., exists=True, dir_okay=False,
                                          help="benchmark JSONL files, pooled into one curve"),
    k: int = typer.Option(10, min=1, max=100, help="passages retrieved per question"),
    lo: float = typer.Option(0.0, help="lowest threshold"),
    hi: float = typer.Option(0.8, help="highest threshold"),
    step: float = typer.Option(0.025, min=0.001, help="threshold step"),
    per_question: bool = typer.Option(False, "--per-question", help="print each question's signals"),
) -> None:
    """Abstention vs false abstention vs fact recall per threshold of each abstention signal."""
    from eval.sweep import main

    main([*map(str, benchmark), "--k", str(k), "--lo", str(lo), "--hi", str(hi), "--step", str(step),
          *(["--per-question"] if per_question else [])])


def verify_eval_command(
    claims: Path = typer.Argument(..., exists=True, dir_okay=False, help="claim set JSONL"),
    show: bool = typer.Option(False, "--show", help="print every claim's verdict"),
) -> None:
    """Score /verify on claims labelled supported or not (eval/claims.py has the format)."""
    from rich.console import Console

    from answer.pipeline import QAPipeline
    from core.settings import get_settings
    from eval.claims import ClaimSetError, load_claims, run_claims, score_claims
    from index.embedder import EmbedderError
    from index.library import Library
    from index.store import IndexUnavailable

    console = Console()
    try:
        labelled = load_claims(claims)
    except ClaimSetError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    try:
        pipeline = QAPipeline.load(get_settings())
    except (IndexUnavailable, EmbedderError) as exc:  # no index yet: say what to run
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    library = Library(pipeline.index.passages, pipeline.index.manifest.get("documents", {}))
    results = run_claims(pipeline, library, labelled)
    if show:
        for r in results:
            mark = "ok   " if r.right else "WRONG"
            said = "supported" if r.claim.supported else "not supported"
            console.print(f"{mark} {r.claim.id:6} {r.verdict:22} (is {said}) {r.claim.citation}: "
                          f"{r.claim.claim or r.claim.quote}", markup=False, highlight=False)
    m = score_claims(results)
    console.print(f"{m['claims']} claims: accuracy {m['accuracy']:.3f}, precision {m['precision']:.3f}, "
                  f"recall {m['recall']:.3f} ({m['wrongly_supported']} wrongly supported, "
                  f"{m['wrongly_rejected']} wrongly rejected)")


def register(app: typer.Typer) -> None:
    app.command("eval", context_settings={"allow_interspersed_args": True})(evaluate)
    app.command("sweep")(sweep_command)
    app.command("verify-eval")(verify_eval_command)
