"""Every question of dev.jsonl and eval/questions/*.jsonl is answered as eval/golden/ records
(answer hash, abstention, citations, retrieved passages): a change meant to leave behaviour alone
must reproduce one recording exactly (one per kind of machine: eval/golden.py says why; on a kind
of machine none was made on, a run reproducing none is skipped, not failed). After a change that
is meant to alter answers, `regqa eval golden write` records it and the commit says which answers
moved."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from eval.golden import check, default_benchmarks, golden_records, question_files, recording_for, this_machine

pytestmark = [pytest.mark.corpus, pytest.mark.model]

ROOT = Path(__file__).resolve().parent.parent


def _index_home() -> Path:
    home = Path(os.environ.get("REGQA_HOME", ROOT / "data"))
    if not (home / "index" / "CURRENT").is_file():
        pytest.skip(f"no built index under {home} (run `regqa build --mirror ../shared/corpus` first; "
                    ".ci/run builds before the tests)")
    return home


def test_every_question_answers_as_recorded():
    home = _index_home()
    benchmarks = default_benchmarks()
    if not (benchmarks / "dev.jsonl").is_file():
        pytest.skip(f"no dev.jsonl under {benchmarks} (CI has ../shared/benchmarks)")
    from answer.pipeline import QAPipeline
    from core.settings import Settings

    pipeline = QAPipeline.load(Settings(home=home))
    actual = golden_records(pipeline, question_files(benchmarks))
    assert len(actual) >= 200
    agrees, path, differences = check(actual)
    if agrees is None:
        own = recording_for(this_machine())
        pytest.skip(f"no golden recording for this kind of machine ({own.name}) and none reproduced: "
                    f"{len(differences)} questions differ from {path.name}, which on another processor "
                    "may be near-ties alone; `regqa eval golden add` records them if behaviour is unchanged")
    assert agrees, "\n".join([f"closest recording: {path.name}", *differences[:40]])
