"""Several question sets times several configurations in one run, and what it writes.

Every (set, configuration) cell asks the same questions. Output layout under `out`:

- ``<set>/<config>/`` metrics.json, results.jsonl, report.md (eval/runner.py, one cell);
- ``summary.json``   the run: sets (with whether each was tuned on), configurations, each
  cell's metrics and how it was scored, and per configuration the untouched sets pooled with
  bootstrap intervals (eval/pooled.py);
- ``report.md``, ``report.html`` all cells side by side (eval/report_md.py, eval/report_html.py).

`regqa eval compare` reads this layout (eval/compare.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eval.benchmark import Question
from eval.gold_quotes import derive_quotes, quoted_share
from eval.pipelines import EvalSystem
from eval.pooled import pooled_block
from eval.question_sets import SetInfo
from eval.runner import RESULTS_FILE, EvalRun, run_benchmark, write_outputs

SUMMARY_FILE = "summary.json"
StartTask = Callable[[str, int], Callable[[], None]]  # (label, total) -> advance


@dataclass
class QuestionSet:
    name: str
    path: Path
    questions: list[Question]
    info: SetInfo


@dataclass
class Cell:
    qset: QuestionSet
    system: EvalSystem
    run: EvalRun
    scoring: str  # how retrieval and citations were matched
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def directory(self) -> str:
        return f"{self.qset.name}/{self.system.config.name}"


def scoring_note(questions: Sequence[Question], system: EvalSystem, gained: int) -> str:
    if system.provision_text is None:
        return "provision paths (FORMAT.md), quotes where a gold entry has no path"
    share = quoted_share(questions) or 0.0
    if not gained:
        return "the benchmark's quotes (FORMAT.md)"
    given = f"the benchmark's quotes where given ({share:.0%} of gold entries); " if share else ""
    return (f"{given}for {gained} gold entries with a provision path only, a quote derived from the "
            f"indexed provision (its longest sentence, first 100 characters; eval/gold_quotes.py)")


def run_cell(qset: QuestionSet, system: EvalSystem, k: int, advance: Callable[[], None]) -> Cell:
    questions = qset.questions
    gained = 0
    if system.provision_text is not None:
        questions, gained = derive_quotes(questions, system.provision_text)
    run = run_benchmark(system.runner, questions, k=system.config.k or k,
                        progress=lambda *_: advance(), doc_paths=system.doc_paths,
                        items_known=system.items_known)
    return Cell(qset, system, run, scoring_note(qset.questions, system, gained), dict(system.facts or {}))


def run_matrix(sets: Sequence[QuestionSet], systems: Sequence[EvalSystem], k: int,
               start_task: StartTask) -> list[Cell]:
    """Every set through every system, set by set; one progress task per cell."""
    cells = []
    for qset in sets:
        for system in systems:
            advance = start_task(f"{qset.name} · {system.config.name}", len(qset.questions))
            cells.append(run_cell(qset, system, k, advance))
    return cells


def summary(cells: Sequence[Cell], k: int, started_at: str | None = None) -> dict[str, Any]:
    """The content of summary.json."""
    sets, configs = {}, {}
    for c in cells:
        sets.setdefault(c.qset.name, {"name": c.qset.name, "path": str(c.qset.path),
                                      "n": len(c.qset.questions), "tuned": c.qset.info.tuned,
                                      "tuned_label": c.qset.info.label, "why": c.qset.info.why})
        configs.setdefault(c.system.config.name, {**c.system.config.summary(), "facts": c.facts})
    return {
        "started_at": started_at or datetime.now(UTC).isoformat(timespec="seconds"),
        "k": k,
        "sets": list(sets.values()),
        "configs": list(configs.values()),
        "untouched_pooled": untouched_pooled(cells),
        "cells": [{"set": c.qset.name, "config": c.system.config.name, "system": c.system.config.system,
                   "peer": c.system.config.is_peer, "dir": c.directory, "k": c.run.k,
                   "scoring": c.scoring, "wall_seconds": round(c.run.wall_seconds, 2),
                   "metrics": c.run.metrics} for c in cells],
    }


def untouched_pooled(cells: Sequence[Cell]) -> list[dict[str, Any]]:
    """Per configuration, its cells on the sets not tuned on pooled (eval/pooled.py); none when
    the run holds no such set."""
    out = []
    for name in dict.fromkeys(c.system.config.name for c in cells):
        mine = [c for c in cells if c.system.config.name == name and c.qset.info.tuned is False]
        if mine:
            scores = [s for c in mine for s in c.run.scores]
            out.append({"config": name, "sets": [c.qset.name for c in mine], **pooled_block(scores)})
    return out


def write_matrix(cells: Sequence[Cell], out: Path, k: int) -> dict[str, Any]:
    """Each cell's outputs and summary.json; returns the summary."""
    out.mkdir(parents=True, exist_ok=True)
    for c in cells:
        write_outputs(c.run, out / c.directory)
    data = summary(cells, k)
    (out / SUMMARY_FILE).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return data


def load_summary(out: Path) -> dict[str, Any] | None:
    """A run's summary.json, or None when the directory holds no run (the UI's Evaluate page)."""
    path = out / SUMMARY_FILE
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def read_results(out: Path, data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Each cell's results.jsonl records, keyed by the cell's directory."""
    records = {}
    for cell in data["cells"]:
        path = out / cell["dir"] / RESULTS_FILE
        with path.open(encoding="utf-8") as fh:
            records[cell["dir"]] = [json.loads(line) for line in fh if line.strip()]
    return records
