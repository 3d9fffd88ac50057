"""Every question of dev.jsonl and eval/questions/*.jsonl is answered as eval/golden/answers.json
records (answer hash, abstention, citations, retrieved passages): a change meant to leave
behaviour alone must reproduce it exactly. After a change that is meant to alter answers, the
file is rewritten with `regqa eval golden --write` and the commit says which answers moved."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from eval.golden import GOLDEN_FILE, diff_golden, golden_records, question_files, read_golden

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
    benchmarks = Path(os.environ.get("REGQA_BENCHMARKS", ROOT.parent / "shared" / "benchmarks"))
    if not (benchmarks / "dev.jsonl").is_file():
        pytest.skip(f"no dev.jsonl under {benchmarks} (CI has ../shared/benchmarks)")
    from answer.pipeline import QAPipeline
    from core.settings import Settings

    pipeline = QAPipeline.load(Settings(home=home))
    expected = read_golden(GOLDEN_FILE)
    actual = golden_records(pipeline, question_files(benchmarks))
    assert len(actual) >= 200
    differences = diff_golden(expected, actual)
    assert not differences, "\n".join(differences[:40])
