"""What `regqa eval`, `regqa eval compare` and `regqa eval golden` do; cli/evaluate.py only hands
over the options.

Here live the progress bars, the printed tables and the exit codes; the work is in
eval/matrix.py (runs), eval/report_md.py and eval/report_html.py (reports), eval/floors.py
(CI floors), eval/compare.py (two runs) and eval/golden.py (the recorded answers).
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from eval.benchmark import BenchmarkError, load_benchmark
from eval.configs import ConfigError, load_configs
from eval.matrix import QuestionSet, read_results, run_matrix, write_matrix
from eval.question_sets import load_registry, set_info, set_name
from eval.report_md import headline_table, pooled_table, render_markdown

EXIT_BELOW_FLOORS = 1
EXIT_BAD_INPUT = 2


def load_sets(paths: list[str]) -> list[QuestionSet]:
    registry = load_registry()
    sets, names = [], set()
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise BenchmarkError(f"{raw}: no such benchmark file")
        name = set_name(path)
        if name in names:
            raise BenchmarkError(f"{raw}: a set named {name!r} is already in this run")
        names.add(name)
        sets.append(QuestionSet(name, path, load_benchmark(path), set_info(name, registry)))
    return sets


def print_headlines(summary: dict, console: Console) -> None:
    tables = [(f"{s['name']} ({s['n']} questions, {s['tuned_label']})", headline_table(summary, s["name"]))
              for s in summary["sets"]]
    if summary.get("untouched_pooled"):
        sets = ", ".join(summary["untouched_pooled"][0]["sets"])
        tables.append((f"not tuned on, pooled: {sets} (mean [95% interval] (n))", pooled_table(summary)))
    for title, (header, rows) in tables:
        table = Table(title=title, header_style="bold")
        for i, h in enumerate(header):
            table.add_column(h, justify="left" if i == 0 else "right")
        for row in rows:
            table.add_row(*row)
        console.print(table)


def run_eval(set_paths: list[str], config_names: list[str], api: str | None, out: Path, k: int,
             floors: Path | None, console: Console, err: Console) -> int:
    """Score every set with every configuration; write the outputs and reports; 0, or 1 below
    the floors, or 2 on bad input."""
    from eval.floors import check_floors, load_floors
    from eval.pipelines import SystemFactory, api_system
    from eval.report_html import render_html

    try:
        sets = load_sets(set_paths)
        configs = load_configs(config_names)
        floor_spec = load_floors(floors) if floors else None
    except (BenchmarkError, ConfigError, ValueError, OSError) as exc:
        err.print(f"[red]error:[/] {exc}")
        return EXIT_BAD_INPUT
    factory = SystemFactory()
    systems = []
    try:
        if api:
            systems.append(api_system(api))
        for config in configs:
            if api and not config.is_peer:
                err.print(f"[yellow]note:[/] --api given: configuration {config.name!r} is not run "
                          "in process; the deployment stands for it")
                continue
            err.print(f"building {config.name} ...")
            systems.append(factory.build(config, k))
    except Exception as exc:  # noqa: BLE001 - one clear line: which system could not be built and why
        err.print(f"[red]error:[/] {type(exc).__name__}: {exc}")
        return EXIT_BAD_INPUT
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err)

    def start_task(label: str, total: int):
        task = progress.add_task(label, total=total)
        return lambda: progress.advance(task)

    with progress:
        cells = run_matrix(sets, systems, k, start_task)
    summary = write_matrix(cells, out, k)
    results = read_results(out, summary)
    (out / "report.md").write_text(render_markdown(summary, results), encoding="utf-8")
    (out / "report.html").write_text(render_html(summary, results), encoding="utf-8")
    print_headlines(summary, console)
    console.print(f"written: {out}/summary.json, report.md, report.html and <set>/<config>/ for each run")
    if floor_spec is not None:
        failures = check_floors(summary, floor_spec)
        for line in failures:
            err.print(f"[red]below floor:[/] {line}")
        if failures:
            return EXIT_BELOW_FLOORS
        console.print(f"floors ({floors}): all met")
    return 0


def run_compare(args: list[str], console: Console, err: Console) -> int:
    """`regqa eval compare RUN_A RUN_B`: per-metric deltas with bootstrap CIs, changed questions."""
    from eval.compare import CompareError, compare_runs, render_comparison

    if len(args) != 2:
        err.print("[red]error:[/] usage: regqa eval compare RUN_A RUN_B (two output directories)")
        return EXIT_BAD_INPUT
    try:
        comparisons = compare_runs(Path(args[0]), Path(args[1]))
    except CompareError as exc:
        err.print(f"[red]error:[/] {exc}")
        return EXIT_BAD_INPUT
    console.print(render_comparison(comparisons), markup=False, highlight=False, soft_wrap=True)
    return 0


GOLDEN_USAGE = ("usage: regqa eval golden [write|add] [BENCHMARKS_DIR] (the folder holding dev.jsonl; "
                "default: $REGQA_BENCHMARKS, else shared/benchmarks beside the checkout)")


def run_golden(args: list[str], console: Console, err: Console) -> int:
    """`regqa eval golden`: every question of dev.jsonl and eval/questions/ answered now, against
    the recordings in eval/golden/ (exit 1 unless one is reproduced exactly). `write`: the
    behaviour changed on purpose; records it for this kind of machine and removes the other
    machines' recordings, which hold the old behaviour. `add`: the behaviour is the same but this
    kind of machine's floats put near-ties the other way; records it beside the others."""
    from answer.pipeline import QAPipeline
    from core.settings import get_settings
    from eval.golden import (
        default_benchmarks,
        golden_records,
        question_files,
        recording_for,
        recordings,
        this_machine,
        verdict,
        write_golden,
    )
    from index.embedder import EmbedderError
    from index.store import IndexUnavailable

    action = args[0] if args and args[0] in ("write", "add") else None
    rest = args[1:] if action else args
    if len(rest) > 1:
        err.print(f"[red]error:[/] {escape(GOLDEN_USAGE)}")
        return EXIT_BAD_INPUT
    benchmarks = Path(rest[0]) if rest else default_benchmarks()
    if not (benchmarks / "dev.jsonl").is_file():
        err.print(f"[red]error:[/] no dev.jsonl in {escape(str(benchmarks))}; {escape(GOLDEN_USAGE)}")
        return EXIT_BAD_INPUT
    try:
        pipeline = QAPipeline.load(get_settings())
    except (IndexUnavailable, EmbedderError) as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        return EXIT_BAD_INPUT
    actual = golden_records(pipeline, question_files(benchmarks))
    known, own = recordings(), recording_for(this_machine())
    if not known and action is None:
        console.print("no recording in eval/golden/: make one with `regqa eval golden write`", markup=False)
        return 1
    agrees, path, differences = verdict(actual, known, own) if known else (True, own, [])
    if action is None:
        if agrees:
            console.print(f"{len(actual)} questions answered exactly as recorded in {path.name}")
            return 0
        console.print(f"{len(differences)} of {len(actual)} questions differ from the closest recording, "
                      f"{path.name}:", markup=False)
        for line in differences[:40]:
            console.print(f"  {line}", markup=False, highlight=False)
        if agrees is None:
            console.print(f"no recording was made on this kind of machine ({own.name}): if the behaviour "
                          "is unchanged, `regqa eval golden add` records its floats' near-ties", markup=False)
        return 1
    if action == "write":
        for old in known:
            old.unlink()
    target = write_golden(actual, own)
    moved = "" if not differences else f"; {len(differences)} differed from {path.name}"
    console.print(f"recorded {len(actual)} questions in {target}{moved}", markup=False)
    return 0
