"""Golden answers: what the pipeline answers to every question of the project's question sets,
recorded so that a change meant to leave behaviour alone can be shown to (`regqa eval golden`).

A record holds, per question id: a SHA-256 of the answer text (never the text: answers quote
the source documents), whether it abstained, the cited provisions (doc, path, language) in
order and the retrieved ones (doc, path, language), best first. Two runs agree when every
record is equal; `diff_golden` names the questions that differ and how.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from eval.benchmark import Question, load_benchmark
from eval.runner import SupportsAskWithHits

GOLDEN_FILE = Path(__file__).with_name("golden") / "answers.json"
GOLDEN_K = 10  # passages retrieved per question, as CI's eval runs


OWN_SETS = Path(__file__).with_name("questions")


def question_files(benchmarks: Path | None, own: Path = OWN_SETS) -> list[Path]:
    """The development set (when `benchmarks` holds dev.jsonl) and the project's own sets."""
    files = sorted(own.glob("*.jsonl"))
    dev = benchmarks / "dev.jsonl" if benchmarks is not None else None
    return ([dev] if dev is not None and dev.is_file() else []) + files


def record(pipeline: SupportsAskWithHits, question: Question, k: int = GOLDEN_K) -> dict[str, Any]:
    answer, hits = pipeline.ask_with_hits(question.question, k)
    return {
        "answer_sha256": hashlib.sha256(answer.answer.encode("utf-8")).hexdigest(),
        "abstained": answer.abstained,
        "citations": [[c.doc_id, c.path, c.language] for c in answer.citations],
        "retrieved": [[h.passage.doc_id, h.passage.path, h.passage.language] for h in hits[:k]],
    }


def golden_records(pipeline: SupportsAskWithHits, files: Iterable[Path]) -> dict[str, dict[str, Any]]:
    """Every question of every file, keyed "file-stem/question-id"."""
    out: dict[str, dict[str, Any]] = {}
    for path in files:
        for q in load_benchmark(path):
            out[f"{path.stem}/{q.id}"] = record(pipeline, q)
    return out


def write_golden(records: dict[str, dict[str, Any]], path: Path = GOLDEN_FILE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    return path


def read_golden(path: Path = GOLDEN_FILE) -> dict[str, dict[str, Any]]:
    return json.loads(path.read_text("utf-8"))


def diff_golden(expected: dict[str, dict[str, Any]], actual: dict[str, dict[str, Any]],
                only: Sequence[str] | None = None) -> list[str]:
    """One line per question whose record differs (or is missing on one side), naming the fields."""
    keys = sorted(set(expected) | set(actual)) if only is None else sorted(only)
    lines: list[str] = []
    for key in keys:
        want, got = expected.get(key), actual.get(key)
        if want is None or got is None:
            lines.append(f"{key}: {'new' if want is None else 'missing'}")
            continue
        fields = [f for f in ("answer_sha256", "abstained", "citations", "retrieved")
                  if want.get(f) != got.get(f)]
        if fields:
            lines.append(f"{key}: {', '.join(fields)} differ")
    return lines
