import pytest

from core.numerals import to_kanji, to_roman
from core.provision_paths import human_ref, make_label, nested
from query.references import without_references


@pytest.mark.parametrize("n,kanji", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (27, "二十七"),
                                     (100, "百"), (148, "百四十八"), (1000, "千"), (2025, "二千二十五")])
def test_kanji_numerals(n, kanji):
    assert to_kanji(n) == kanji


@pytest.mark.parametrize("n,roman", [(1, "i"), (4, "iv"), (9, "ix"), (14, "xiv"), (40, "xl")])
def test_roman_numerals(n, roman):
    assert to_roman(n) == roman


@pytest.mark.parametrize("path,en,ja", [
    ("art-7/para-1", "Article 7(1)", "第七条第一項"),
    ("art-2/para-1/item-3", "Article 2(1)(iii)", "第二条第一項第三号"),
    ("art-27-2/para-1", "Article 27-2(1)", "第二十七条の二第一項"),
    ("art-27/para-5/item-1/subitem-2", "Article 27(5)(i)(2)", "第二十七条第五項第一号ロ"),
    ("suppl/art-2/para-1", "Supplementary Provisions, Article 2(1)", "附則第二条第一項"),
    ("table-1", "Appended Table 1", "別表第一"),
])
def test_human_ref(path, en, ja):
    assert human_ref(path, "en") == en
    assert human_ref(path, "ja") == ja


def test_label_names_document_and_authority():
    note = "English reference translation, no legal effect"
    label = make_label("Article 7(1)", "en", "AI Promotion Act", note)
    assert label == "Article 7(1), AI Promotion Act — English reference translation, no legal effect"


def test_provision_references_are_taken_out_of_a_question_s_subject():
    assert without_references("What does Article 27(1) of the Act say?").split() == [
        "What", "does", "of", "the", "Act", "say?"]
    assert "第" not in without_references("法第二十七条第一項は何を定めていますか")
    assert without_references("Who chairs the council?") == "Who chairs the council?"


def test_nested_paths_hold_one_another_but_not_their_siblings():
    assert nested("art-27/para-5", "art-27/para-5/item-1") and nested("art-27/para-5/item-1", "art-27")
    assert nested("art-2", "art-2")
    assert not nested("art-2", "art-27") and not nested("art-27/para-5", "art-27/para-6")
