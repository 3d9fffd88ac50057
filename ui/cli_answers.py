"""`regqa sweep`: the abstention trade-off curve on a benchmark (eval/sweep.py)."""

from __future__ import annotations

from pathlib import Path

import typer


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
