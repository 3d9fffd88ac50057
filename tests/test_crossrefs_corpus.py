"""Cross-references on the real texts (REGQA_CORPUS_MIRROR), scored on eval/refs/mentions.jsonl.

The labelled set holds paths and offsets only; the texts come from the mirror.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corpus.manifest import load_manifest
from eval.crossref_eval import AMEND_SUPPL, predict, read_mentions, score
from ingest.pipeline import PARSERS

pytestmark = pytest.mark.corpus
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scores():
    mirror = os.environ.get("REGQA_CORPUS_MIRROR")
    if not mirror:
        pytest.skip("REGQA_CORPUS_MIRROR is not set: the real source texts are not available")
    mentions = read_mentions(ROOT / "eval" / "refs" / "mentions.jsonl")
    wanted = {(m.doc, m.language) for m in mentions}
    predictions = {}
    for source in load_manifest(ROOT / "corpus" / "sources.toml"):
        if (source.doc_id, source.language) not in wanted:
            continue
        path = Path(mirror) / source.file
        if not path.is_file():
            pytest.skip(f"{path} is missing from the corpus mirror")
        provisions, _ = PARSERS[source.format](path.read_bytes(), str(path))
        for key, preds in predict(provisions, source.language, source.cites_enacted_numbering).items():
            predictions[(source.doc_id, source.language, key)] = preds
    return {(s.language, s.kind): s for s in score(mentions, predictions)}


@pytest.mark.parametrize("language", ["ja", "en"])
def test_main_text_references_meet_the_bar(scores, language):
    main = scores[(language, "main text")]
    assert main.mentions >= 80
    assert main.precision >= 0.97 and main.recall >= 0.92


def test_amending_acts_supplementary_provisions_are_precise(scores):
    assert scores[("ja", AMEND_SUPPL)].precision >= 0.90


def test_other_law_references_never_point_into_the_citing_act(scores):
    for language in ("ja", "en"):
        assert scores[(language, "other-law")].fp == 0
