"""The answer's confidence (answer/confidence.py): read from which rankings put the provision an
answer leads with first. Pure: hand-made hits and answers of the fictional Widget Safety Act."""

from __future__ import annotations

from dataclasses import replace

import pytest
from eval_support import answer, cite, hit, passage

from answer.compose import passage_out
from answer.confidence import alternatives, lead_confidence, with_confidence


@pytest.mark.parametrize("firsts,level", [
    (("dense", "bm25"), "high"),
    (("bm25", "dense"), "high"),
    (("dense",), "medium"),
    (("bm25",), "medium"),
    ((), "low"),
    (("named",), "high"),  # cited by number: the question names its answer
    (("caption",), "medium"),  # named by its caption: one vote, from the statute's structure
    (("bm25", "caption"), "high"),
    (("dense", "bm25", "caption"), "high"),
])
def test_the_level_counts_the_rankings_and_the_caption_that_put_the_lead_first(firsts, level):
    hits = [replace(hit(passage("art-6/para-1")), firsts=firsts), hit(passage("art-7/para-1"), rank=2)]
    assert lead_confidence(answer("…", [cite(1, "art-6/para-1")]), hits) == level


def test_the_first_citation_is_looked_up_in_the_hit_that_holds_it():
    hits = [replace(hit(passage("art-7/para-1")), firsts=("dense", "bm25")),
            replace(hit(passage("art-6/para-1"), rank=2), firsts=("bm25",))]
    # an item quoted from the second hit's paragraph: that hit's rankings count, not the first's
    assert lead_confidence(answer("…", [cite(1, "art-6/para-1/item-2"), cite(2, "art-7/para-1")]),
                           hits) == "medium"
    # a citation no hit holds is low (defensive: answerers cite only the hits they are given)
    assert lead_confidence(answer("…", [cite(1, "art-6/para-1", doc_id="gadget-act")]), hits) == "low"


def test_an_abstention_or_an_answer_citing_nothing_has_no_confidence():
    hits = [replace(hit(passage()), firsts=("dense", "bm25"))]
    assert lead_confidence(answer("The texts do not say.", [], abstained=True), hits) is None
    assert lead_confidence(answer("No citation.", []), hits) is None


def test_an_answer_not_sure_lists_the_provisions_ranked_next_as_related():
    hits = [hit(passage("art-6/para-1")), hit(passage("art-6/para-1/item-1"), rank=2),
            hit(passage("art-7/para-1"), rank=3), hit(passage("art-8/para-1"), rank=4),
            hit(passage("art-9/para-1"), rank=5), hit(passage("art-10/para-1"), rank=6)]
    unsure = with_confidence(answer("…", [cite(1, "art-6/para-1"), cite(2, "art-8/para-1")]), hits)
    assert unsure.confidence == "low"
    # the cited provisions (and what they hold) are left out; three follow, best first
    assert [r.path for r in unsure.related] == ["art-7/para-1", "art-9/para-1", "art-10/para-1"]
    sure = with_confidence(answer("…", [cite(1, "art-6/para-1")]),
                           [replace(hits[0], firsts=("dense", "bm25")), *hits[1:]])
    assert sure.confidence == "high" and sure.related == []
    assert alternatives(answer("…", [cite(1, "art-7")]), hits, n=2)[1].passage.path == "art-6/para-1/item-1"


def test_an_abstention_keeps_its_own_related_passages():
    own = [passage_out(hit(passage("art-9/para-1")))]
    abstained = answer("The texts do not say.", [], abstained=True).model_copy(update={"related": own})
    kept = with_confidence(abstained, [hit(passage()), hit(passage("art-7/para-1"), rank=2)])
    assert kept.related == own and kept.confidence is None
