"""eval/invented_refs.py: references in an answer's own words that the cited document lacks."""

from __future__ import annotations

from eval_support import DOC, answer, cite

from eval.invented_refs import claim_units, invented_references, path_exists

PATHS = {DOC: {"art-6/para-1", "art-6/para-2", "art-2/para-1", "art-2/para-1/item-3"},
         "other-act": {"art-99/para-1"}}


def test_existing_reference_is_not_counted():
    a = answer("Article 6(1) of the Widget Safety Act: “the Minister holds that post” [1]", [cite()])
    assert invented_references(a, PATHS) == []


def test_a_missing_article_is_counted_against_the_cited_document():
    a = answer("Article 99(1) says so [1]", [cite()])
    assert invented_references(a, PATHS) == [f"art-99/para-1 not in {DOC}"]


def test_quoted_text_is_the_source_and_not_checked():
    a = answer("Article 6(1): “as provided in Article 99 of the Civil Code” [1]", [cite()])
    assert invented_references(a, PATHS) == []


def test_each_unit_is_checked_against_its_own_citations():
    two = [cite(1), cite(2, path="art-99/para-1", doc_id="other-act")]
    a = answer("Article 6(2) [1]. Article 99(1) [2].", two)
    assert invented_references(a, PATHS) == []
    swapped = answer("Article 99(1) [1]. Article 6(2) [2].",
                     [cite(1), cite(2, path="art-99/para-1", doc_id="other-act")])
    assert len(invented_references(swapped, PATHS)) == 2


def test_japanese_references_and_items():
    a = answer("第二条第一項第三号によれば [1]", [cite()])
    assert invented_references(a, PATHS) == []
    assert invented_references(answer("第二条第一項第九号 [1]", [cite()]), PATHS) == [
        f"art-2/para-1/item-9 not in {DOC}"]


def test_items_unknown_accepts_a_reference_below_a_listed_leaf_only():
    paths = {DOC: {"art-2/para-1", "art-6", "art-7/para-1", "art-7/para-2"}}
    a = answer("Article 2(1)(iii) and Article 6(2) [1]", [cite()])
    assert len(invented_references(a, paths, items_known=True)) == 2
    assert invented_references(a, paths, items_known=False) == []
    assert invented_references(answer("Article 7(9) [1]", [cite()]), paths, items_known=False) == [
        f"art-7/para-9 not in {DOC}"]


def test_abstentions_are_not_checked():
    a = answer("The Widget Safety Act as indexed has no Article 99.", abstained=True)
    assert invented_references(a, PATHS) == []


def test_units_end_at_marker_groups():
    assert claim_units("A [1] [2]. B [3] tail") == [("A", [1, 2]), (". B", [3]), (" tail", [])]
    assert path_exists({"art-6/para-1"}, "art-6") and not path_exists({"art-6/para-1"}, "art-60")
