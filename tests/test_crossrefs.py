"""Cross-references in provision text resolve to provision paths of the same act (invented texts)."""

from __future__ import annotations

import pytest

from ingest.crossrefs import Here, exists, find_refs, resolve_cross_refs
from ingest.law_names import LawCite

ORDER = ["art-1", "art-2", "art-3", "art-3-2", "art-4", "art-5", "suppl/art-1", "suppl/art-2"]


def refs(text: str, here: str, known=None) -> tuple[str, ...]:
    return resolve_cross_refs(text, here, known=known, order=ORDER)


@pytest.mark.parametrize(("text", "here", "expected"), [
    ("The duty in the preceding Article covers sprockets.", "art-4/para-1", ("art-3-2",)),
    ("The duty in the following Article covers sprockets.", "art-3-2/para-1", ("art-4",)),
    ("Notwithstanding paragraph (1), a maker may sell cogs.", "art-5/para-2", ("art-5/para-1",)),
    ("as set out in Article 2, paragraph (3), item (iv)", "art-5/para-1", ("art-2/para-3/item-4",)),
    ("as set out in Article 2(3)(iv)", "art-5/para-1", ("art-2/para-3/item-4",)),
    ("paragraph (2) of the preceding Article applies", "art-5/para-2", ("art-4/para-2",)),
    ("an item (ii) of the preceding paragraph case", "art-5/para-3", ("art-5/para-2/item-2",)),
    ("the cases in the preceding two paragraphs", "art-5/para-3", ("art-5/para-1", "art-5/para-2")),
    ("each of the preceding paragraphs", "art-5/para-3", ("art-5/para-1", "art-5/para-2")),
    ("Articles 2 to 4 do not apply", "art-5/para-1", ("art-2", "art-3", "art-4")),
    ("paragraphs 2 and 3 of Article 1", "art-5/para-1", ("art-1/para-2", "art-1/para-3")),
    ("Article 2 of the Supplementary Provisions", "art-5/para-1", ("suppl/art-2",)),
    ("the preceding Article", "suppl/art-2/para-1", ("suppl/art-1",)),
    ("Article 3, paragraph (1); the duty under that paragraph", "art-5/para-1", ("art-3/para-1",)),
    ("Appended Table 2 lists the cogs", "art-5/para-1", ("table-2",)),
])
def test_english_references(text, here, expected):
    assert refs(text, here) == expected


@pytest.mark.parametrize("text", [
    "Article 2 of the Sprocket Licensing Act applies mutatis mutandis.",
    "Article 7 of that Act applies.",
    "under Article 9 of the Code of Cog Procedure",
    "any of the following items:",
    "the same applies to this Article.",
])
def test_english_references_to_other_acts_or_to_nothing_are_not_resolved(text):
    assert refs(text, "art-5/para-1") == ()


@pytest.mark.parametrize(("text", "here", "expected"), [
    ("前条の規定は、歯車について準用する。", "art-4/para-1", ("art-3-2",)),
    ("次条に定める歯車", "art-3-2/para-1", ("art-4",)),
    ("第二条第三項第四号に掲げる者", "art-5/para-1", ("art-2/para-3/item-4",)),
    ("第三条の二の規定", "art-5/para-1", ("art-3-2",)),
    ("前項の場合において", "art-5/para-2", ("art-5/para-1",)),
    ("前二項の規定", "art-5/para-3", ("art-5/para-1", "art-5/para-2")),
    ("前各項の規定", "art-5/para-3", ("art-5/para-1", "art-5/para-2")),
    ("前号に掲げるもの", "art-5/para-1/item-3", ("art-5/para-1/item-2",)),
    ("第二号に掲げるもの", "art-5/para-1/item-3", ("art-5/para-1/item-2",)),
    ("第二条第一項及び第三項の規定", "art-5/para-1", ("art-2/para-1", "art-2/para-3")),
    ("第二条から第四条までの規定", "art-5/para-1", ("art-2", "art-3", "art-4")),
    ("第一条第二項の届出をした者は、同項の規定にかかわらず、同条第三項", "art-5/para-1",
     ("art-1/para-2", "art-1/para-3")),
    ("附則第二条の規定", "suppl/art-1/para-1", ("suppl/art-2",)),
    ("別表第一に掲げる歯車", "art-5/para-1", ("table-1",)),
    ("前二条の規定", "art-4/para-1", ("art-3", "art-3-2")),
])
def test_japanese_references(text, here, expected):
    assert refs(text, here) == expected


@pytest.mark.parametrize("text", [
    "歯車取引法第二条の規定を準用する。",
    "同法第三条第一項",
    "歯車法（令和九年法律第九十九号）第二条第八号及び第三条",
    "第三者に提供する",
])
def test_japanese_references_to_other_acts_are_not_resolved(text):
    assert refs(text, "art-5/para-1") == ()


def test_known_paths_filter_out_what_the_act_does_not_have_and_self_references():
    known = {"art-1/para-1", "art-2/para-1", "art-2/para-1/item-1"}
    assert refs("Articles 1 and 9, and Article 2, item (i)", "art-5/para-1", known) == (
        "art-1", "art-2/para-1/item-1")
    assert exists("art-2", known) and not exists("art-2/para-2", known)
    # a provision does not refer to itself or to the article it belongs to
    assert refs("Article 5 and paragraph (1)", "art-5/para-1") == ()


def test_offsets_locate_each_reference_and_the_item_decides_what_preceding_item_means():
    text = "(i) a cog;\n(ii) a cog other than one under the preceding item"
    found = find_refs(text, lambda o: "art-2/para-1/item-2" if o > 10 else "art-2/para-1/item-1")
    assert [(text[r.start:r.end], r.path) for r in found] == [
        ("the preceding item", "art-2/para-1/item-1")]


def test_here_parses_paths():
    assert Here.of("suppl-amend-2/art-3/para-2/item-1") == Here("suppl-amend-2/", "3", 2, 1)
    assert Here.of("table-1") == Here()


# -- issue 20: scope carried through enumerations, other acts typed, amending acts, substitutions --

AMEND_ORDER = ["art-1", "art-2", "suppl-amend-3/art-1", "suppl-amend-3/art-4", "suppl-amend-3/art-6"]


def typed(text: str, here: str, order=ORDER, laws=None) -> list[tuple[str, str | None]]:
    return [(r.path, r.law.key if r.law else None) for r in find_refs(text, here, order, laws)]


def test_suppl_scope_is_carried_through_an_enumeration_and_a_range():
    assert refs("附則第一条及び第二条の規定", "suppl/art-2/para-1", ) == ("suppl/art-1",)
    assert ("suppl/art-2", None) in typed("附則第一条及び第二条の規定", "art-5/para-1")
    assert ("art-2", None) not in typed("附則第一条及び第二条の規定", "art-5/para-1")
    found = [p for p, _ in typed("附則第一条から第四条までの規定", "art-5/para-1")]
    assert found == ["suppl/art-1", "suppl/art-2", "suppl/art-3", "suppl/art-4"]


def test_an_amending_acts_own_articles_have_no_target_and_its_suppl_refs_stay_in_it():
    here = "suppl-amend-3/art-1/para-1"
    text = "第二条及び第五条並びに附則第四条及び第六条の規定は、公布の日から施行する。"
    found = typed(text, here, AMEND_ORDER)
    assert found == [("suppl-amend-3/art-4", None), ("suppl-amend-3/art-6", None)]
    # the article before Article 6 of an excerpt is Article 5, even when it was left out
    assert typed("前条の規定", "suppl-amend-3/art-6/para-1", AMEND_ORDER) == [("suppl-amend-3/art-5", None)]
    # the act as amended (「改正後歯車法」) is this act at another time: no link
    assert typed("改正後歯車法第二条第一項及び同項第三号", here, AMEND_ORDER) == []


def test_other_acts_are_typed_links_with_their_number_never_paths_of_this_act():
    text = "歯車取引法（令和九年法律第九十九号。以下「取引法」という。）第十二条に規定する者"
    found = typed(text, "art-5/para-1")
    assert ("art-12", "2027-99") in found and ("art-12", None) not in found
    laws = {"取引法": LawCite("歯車取引法", "令和九年法律第九十九号", "2027-99")}
    assert typed("取引法第三条第二項及び同条第五項の規定", "art-5/para-1", laws=laws) == [
        ("art-3/para-2", "2027-99"), ("art-3/para-5", "2027-99")]
    english = "Article 4 and Article 6 of the Cog Trading Act (Act No. 99 of 2027)"
    assert typed(english, "art-5/para-1")[:2] == [("art-4", "2027-99"), ("art-6", "2027-99")]


def test_same_article_is_the_last_article_named_not_the_provision_itself():
    text = "第六条第二項（第四号に係る部分に限る。）において準用する同条第一項"
    assert [p for p, _ in typed(text, "art-5/para-1")] == [
        "art-6/para-2", "art-6/para-2/item-4", "art-6/para-1"]
    assert refs("第二条第一項各号及び第三項各号に掲げる者（同項各号", "art-5/para-1") == (
        "art-2/para-1", "art-2/para-3")


def test_words_of_a_substitution_are_flagged_not_linked():
    text = ("歯車法の規定の適用については、次の表の上欄に掲げる字句は、下欄に掲げる字句と読み替える。\n"
            "第九条第四項 | 前項 | 第三条")
    assert refs(text, "art-5/para-2") == ()
    assert refs("第二条中「前項」とあるのは「第三条」と読み替える。", "art-5/para-2") == ("art-2",)
