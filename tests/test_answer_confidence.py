"""The answer's confidence (answer/confidence.py): read from which rankings put the provision an
answer leads with first. Pure: hand-made hits and answers of the fictional Widget Safety Act."""

from __future__ import annotations

from dataclasses import replace

import pytest
from eval_support import answer, cite, hit, passage

from answer.confidence import lead_confidence


@pytest.mark.parametrize("firsts,level", [
    (("dense", "bm25"), "high"),
    (("bm25", "dense"), "high"),
    (("dense",), "medium"),
    (("bm25",), "medium"),
    ((), "low"),
    (("named",), "high"),  # cited by number: the question names its answer
])
def test_the_level_counts_the_independent_rankings_that_put_the_lead_first(firsts, level):
    hits = [replace(hit(passage("art-6/para-1")), firsts=firsts), hit(passage("art-7/para-1"), rank=2)]
    assert lead_confidence(answer("…", [cite(1, "art-6/para-1")]), hits) == level


def test_the_first_citation_is_looked_up_in_the_hit_that_holds_it():
    hits = [replace(hit(passage("art-7/para-1")), firsts=("dense", "bm25")),
            replace(hit(passage("art-6/para-1"), rank=2), firsts=("bm25",))]
    # an item quoted from the second hit's paragraph: that hit's rankings count, not the first's
    assert lead_confidence(answer("…", [cite(1, "art-6/para-1/item-2"), cite(2, "art-7/para-1")]),
                           hits) == "medium"
    # a citation no hit holds (another document, as a generative answer may choose) is low
    assert lead_confidence(answer("…", [cite(1, "art-6/para-1", doc_id="gadget-act")]), hits) == "low"


def test_an_abstention_or_an_answer_citing_nothing_has_no_confidence():
    hits = [replace(hit(passage()), firsts=("dense", "bm25"))]
    assert lead_confidence(answer("The texts do not say.", [], abstained=True), hits) is None
    assert lead_confidence(answer("No citation.", []), hits) is None
