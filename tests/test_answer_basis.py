"""A question that names a law is answered from that law or from commentary on it, never from
another statute that happens to match. Pure: hits built from invented passages."""

from __future__ import annotations

from api.pipeline import answer_basis
from index.hits import Hit
from ingest.records import Passage


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


def test_a_comparison_naming_two_laws_keeps_both():
    basis = answer_basis(HITS, ["named-act", "kr-act"], {"JP", "KR"})
    assert _docs(basis) == ["named-act", "jp-explainer", "kr-act"]


def test_when_the_named_law_has_no_hit_only_commentary_on_it_remains():
    assert _docs(answer_basis(HITS[2:], ["named-act"], {"JP"})) == ["jp-explainer"]
    assert answer_basis([HITS[0], HITS[4]], ["named-act"], {"JP"}) == []
