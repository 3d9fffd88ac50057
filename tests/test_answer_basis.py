"""A question that names a law is answered from that law or from commentary on it, never from
another statute that happens to match. Pure: hits built from invented passages."""

from __future__ import annotations

from dataclasses import replace

from answer.pipeline import answer_basis, named_whole, with_sides
from index.passage_store import merge_parts
from ingest.records import Passage
from query.analysis import side_question
from query.references import ProvisionRef
from search.hits import Hit


def _hit(doc: str, kind: str, jurisdiction: str, rank: int) -> Hit:
    p = Passage(passage_id=f"{doc}:en:art-1", doc_id=doc, language="en", path="art-1", text="A rule.",
                label=f"Article 1 {doc}", ref="art-1", title=doc, short_title=doc, caption="", chapter="",
                kind=kind, jurisdiction=jurisdiction, version="v", url=None, legal_effect=False,
                authority="translation")
    return Hit(p, 1.0 / rank, rank)


HITS = [
    _hit("other-statute", "act", "JP", 1),   # matches best, but the question is not about it
    _hit("named-act", "act", "JP", 2),
    _hit("jp-explainer", "faq", "JP", 3),    # commentary from the named act's jurisdiction
    _hit("us-framework", "guideline", "US", 4),  # commentary from elsewhere
    _hit("kr-act", "act", "KR", 5),
]


def _docs(hits: list[Hit]) -> list[str]:
    return [h.passage.doc_id for h in hits]


def test_a_question_naming_a_law_is_answered_from_it_and_its_commentary():
    assert _docs(answer_basis(HITS, ["named-act"], {"JP"})) == ["named-act", "jp-explainer"]


def test_a_question_naming_no_law_may_be_answered_from_any_hit():
    assert answer_basis(HITS, [], set()) == HITS


def test_a_question_naming_places_and_no_law_is_answered_from_those_places_texts():
    # "Is there a right to explanation under Japanese law?" is not answered from Korea's act
    assert _docs(answer_basis(HITS, [], set(), {"JP"})) == ["other-statute", "named-act", "jp-explainer"]
    assert _docs(answer_basis(HITS, [], set(), {"KR", "US"})) == ["us-framework", "kr-act"]
    assert answer_basis(HITS[:3], [], set(), {"CN"}) == []  # nothing of the place: nothing to quote


def test_a_comparison_naming_two_laws_keeps_both():
    basis = answer_basis(HITS, ["named-act", "kr-act"], {"JP", "KR"})
    assert _docs(basis) == ["named-act", "jp-explainer", "kr-act"]


def test_when_the_named_law_has_no_hit_only_commentary_on_it_remains():
    assert _docs(answer_basis(HITS[2:], ["named-act"], {"JP"})) == ["jp-explainer"]
    assert answer_basis([HITS[0], HITS[4]], ["named-act"], {"JP"}) == []


def test_the_texts_of_another_place_the_question_names_may_be_quoted():
    # "Korea revises its plan on a cycle. Does Japan's named act set one?" names one act and Korea
    assert _docs(answer_basis(HITS, ["named-act"], {"JP"}, {"KR"})) == ["named-act", "jp-explainer", "kr-act"]


# --------------------------------------------------------------------------- comparisons, side by side

def test_a_side_s_question_is_the_part_that_names_it():
    question = "If a firm serves Korean users, what must it set up? And what do China's rules say?"
    assert side_question(question, lambda s: "Korean" in s) == \
        "If a firm serves Korean users, what must it set up?"
    assert side_question(question, lambda s: "China" in s) == "And what do China's rules say?"
    # one sentence naming both sides, or a side no sentence names: the whole question
    assert side_question("Do Korea and China both require labels?", lambda s: "Korea" in s) == \
        "Do Korea and China both require labels?"
    assert side_question(question, lambda s: "Japan" in s) == question


def test_a_side_the_first_hits_lack_is_moved_into_them():
    side = _hit("kr-act", "act", "KR", 1)
    merged = with_sides(HITS[:4], [side], considered=3)
    assert _docs(merged) == ["other-statute", "named-act", "kr-act", "jp-explainer", "us-framework"]
    assert [h.rank for h in merged] == [1, 2, 3, 4, 5]
    scores = [h.score for h in merged]
    assert scores == sorted(scores, reverse=True)  # the side's score is capped to keep the order
    assert with_sides(HITS, [HITS[1]], considered=3) == HITS  # already among the first: unchanged
    assert with_sides(HITS, [], considered=3) == HITS


def test_a_provision_named_by_number_is_answered_from_whole_not_from_the_part_that_matched():
    whole = _hit("named-act", "act", "JP", 1).passage
    first = replace(whole, passage_id=f"{whole.passage_id}#1", text="A rule. ", part=1, parts=2, offset=0)
    second = replace(whole, passage_id=f"{whole.passage_id}#2", text="Its exception.", part=2, parts=2,
                     offset=8)
    parts = {("named-act", "en", "art-1"): merge_parts([first, second])}
    lookup = lambda d, lang, p: parts.get((d, lang, p))  # noqa: E731
    hits = [Hit(second, 1.0, 1), _hit("other-statute", "act", "JP", 2)]
    named = [ProvisionRef(article="1", doc_id="named-act")]
    out = named_whole(hits, named, lookup)
    assert out[0].passage.text == "A rule. Its exception." and out[0].passage.passage_id == whole.passage_id
    assert (out[0].rank, out[1]) == (1, hits[1])  # rank kept; a provision not named is left as it is
    assert named_whole(hits, [ProvisionRef(article="2", doc_id="named-act")], lookup) == hits


def test_the_rankings_a_hit_was_first_in_survive_every_step_to_the_answer():
    # answer/confidence.py reads Hit.firsts on the hits the answer is drawn from
    voted = [replace(h, firsts=("dense", "bm25")) if h.rank == 2 else h for h in HITS]
    basis = answer_basis(voted, ["named-act"], {"JP"})
    assert basis[0].passage.doc_id == "named-act" and basis[0].firsts == ("dense", "bm25")
    merged = with_sides(voted[:4], [_hit("kr-act", "act", "KR", 1)], considered=3)
    assert [h.firsts for h in merged if h.passage.doc_id == "named-act"] == [("dense", "bm25")]
    whole = replace(voted[1].passage, text="A rule. Its exception.")
    parted = replace(voted[1], passage=replace(whole, part=1, parts=2))
    out = named_whole([parted], [ProvisionRef(article="1", doc_id="named-act")], lambda d, lang, p: whole)
    assert out[0].passage is whole and out[0].firsts == ("dense", "bm25")
