"""Golden answers: what the pipeline answers to every question of the project's question sets,
recorded so that a change meant to leave behaviour alone can be shown to (`regqa eval golden`).

A record holds, per question id: a SHA-256 of the answer text (never the text: answers quote
the source documents), whether it abstained, the cited provisions (doc, path, language) in
order and the retrieved ones (doc, path, language), best first. Two runs agree when every
record is equal; `diff_golden` names the questions that differ and how.

The same code and sources give the same records on one kind of machine, but not always on
another: the build's vectors (the corpus-adapted MiniLM is trained on the CPU, the reach model is
a C engine) differ in their last bits between processors, and near-ties between passages fall the
other way. So `eval/golden/` holds one recording per kind of machine, `answers.<cpu>.json` (the
label from /proc/cpuinfo's model name), all of the same behaviour. A run agrees when it reproduces
one of them exactly; it disagrees when it reproduces none and its own machine's recording exists;
on a kind of machine no recording was made on, a difference cannot be told from the floats' and
the check has no verdict (`verdict`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from eval.benchmark import Question, load_benchmark
from eval.runner import SupportsAskWithHits

ROOT = Path(__file__).resolve().parent.parent  # the checkout
GOLDEN_DIR = Path(__file__).with_name("golden")
QUESTIONS_DIR = Path(__file__).with_name("questions")
GOLDEN_K = 10  # passages retrieved per question, as CI's eval runs


def question_files(benchmarks: Path | None, own: Path = QUESTIONS_DIR) -> list[Path]:
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


def write_golden(records: dict[str, dict[str, Any]], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    return path


def read_golden(path: Path) -> dict[str, dict[str, Any]]:
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


def recordings(directory: Path = GOLDEN_DIR) -> list[Path]:
    """The recordings of the current behaviour, one per kind of machine."""
    return sorted(directory.glob("answers.*.json"))


def recording_for(label: str, directory: Path = GOLDEN_DIR) -> Path:
    """Where the recording of the kind of machine `label` is (or would be) kept."""
    return directory / f"answers.{label}.json"


def closest_recording(actual: dict[str, dict[str, Any]],
                      paths: Sequence[Path]) -> tuple[Path, list[str]]:
    """The recording `actual` reproduces exactly (no differences), else the one it differs from
    least, with the differences."""
    if not paths:
        raise FileNotFoundError("no golden recording in eval/golden/: record one with "
                                "`regqa eval golden write`")
    compared = [(path, diff_golden(read_golden(path), actual)) for path in paths]
    return min(compared, key=lambda pair: len(pair[1]))  # the first of the fewest differences


def verdict(actual: dict[str, dict[str, Any]], paths: Sequence[Path],
            own: Path) -> tuple[bool | None, Path, list[str]]:
    """True when `actual` reproduces a recording exactly; False when it reproduces none and this
    machine's own recording (`own`) is among them: the behaviour changed; None when it reproduces
    none and no recording was made on this kind of machine. With the closest recording and how
    `actual` differs from it."""
    path, differences = closest_recording(actual, paths)
    if not differences:
        return True, path, []
    return (False if own in paths else None), path, differences


def check(actual: dict[str, dict[str, Any]],
          directory: Path = GOLDEN_DIR) -> tuple[bool | None, Path, list[str]]:
    """`verdict` of `actual` against the recordings in `directory`, on this kind of machine."""
    return verdict(actual, recordings(directory), recording_for(this_machine(), directory))


def default_benchmarks() -> Path:
    """The folder holding dev.jsonl: $REGQA_BENCHMARKS, else shared/benchmarks beside the checkout."""
    return Path(os.environ.get("REGQA_BENCHMARKS", ROOT.parent / "shared" / "benchmarks"))


def this_machine(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The label of the kind of machine this runs on (`machine_label`)."""
    return machine_label(cpuinfo.read_text("utf-8", "replace") if cpuinfo.is_file() else "")


def machine_label(cpuinfo: str) -> str:
    """A file-name label for this kind of machine, from /proc/cpuinfo's first model name
    ("AMD EPYC 9B14" -> "amd-epyc-9b14"); "cpu" when there is none."""
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "model name" and value.strip():
            words = "".join(c.lower() if c.isalnum() else " " for c in value).split()
            return "-".join(w for w in words if w not in {"r", "tm", "processor", "cpu"})[:40] or "cpu"
    return "cpu"
