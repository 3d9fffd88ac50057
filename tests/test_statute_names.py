"""Statutes a question names that the index does not hold (pure; invented names)."""

from __future__ import annotations

import pytest

from query.places import mentioned_jurisdictions, place_name
from query.references import mentioned_documents
from query.statute_names import named_statutes, place_name_words, qualified_statutes, unindexed_statutes

ALIASES = {"widget-act": ["Widget Act", "Widget Safety Act", "ウィジェット法", "ウィジェット安全法"],
           "privacy-act": ["Gadget Privacy Act", "ガジェット個人情報法"]}


@pytest.mark.parametrize("question,names", [
    ("Does Japan's Gadget Licensing Act require a permit?", ["Gadget Licensing Act"]),
    ("What does the Civil Code say about contracts?", ["Civil Code"]),
    ("Is the Act on the Promotion of Lamps in force?", ["Act on the Promotion of Lamps"]),
    ("Does the Act tell ministries to inspect widgets?", []),  # refers back, names nothing
    ("what does the gadget licensing act say?", []),  # uncapitalised: not read as a name
    ("ガジェット免許法では許可が必要ですか？", ["ガジェット免許法"]),
    ("民法の規定は？", ["民法"]),
    ("分析方法を教えてください。", []),  # 方法 is "method"
    ("法定代理人の同意は必要ですか？", []),  # 法定 is "statutory"
    ("同法の規定により、法律で定める。", []),  # 同法 refers back; 法律 is "law"
])
def test_named_statutes_reads_english_and_japanese_names(question, names):
    assert named_statutes(question) == names


def test_a_name_sharing_a_word_with_an_indexed_document_is_not_unindexed():
    lantern = "Lantern Licensing Act"
    assert unindexed_statutes(f"What does the {lantern} say?", ALIASES) == [lantern]
    assert unindexed_statutes("Is the Act on Lantern Licensing in force?", ALIASES) == \
        ["Act on Lantern Licensing"]
    assert unindexed_statutes("What does the Widget Act say?", ALIASES) == []  # an indexed name
    assert unindexed_statutes("Is the Act on Widget Safety in force?", ALIASES) == []
    # another name for an indexed text, or too close to one to tell: left to retrieval
    assert unindexed_statutes("Does the Lamp Widget Act apply?", ALIASES) == []
    assert unindexed_statutes("What does the Privacy Act require?", ALIASES) == []
    assert unindexed_statutes("ランタン免許法の罰則は？", ALIASES) == ["ランタン免許法"]
    assert unindexed_statutes("ウィジェット法の罰則は？", ALIASES) == []


def test_laws_and_places_outside_the_index_are_places_too():
    assert mentioned_jurisdictions("What does the GDPR say about portability?") == ["EU"]
    assert mentioned_jurisdictions("Fines under the CCPA in California?") == ["US-CA"]
    assert mentioned_jurisdictions("What is the capital of France?") == ["FR"]
    assert place_name("FR") == "France" and place_name("FR", japanese=True) == "フランス"
    assert place_name("XX") == "XX"


PLACES = {"widget-act": "JP", "privacy-act": "JP", "lamp-rules": "CN"}
ALIASES_ABROAD = {**ALIASES, "lamp-rules": ["Lamp Safety Rules"]}


def test_a_name_another_place_qualifies_is_that_place_s_statute():
    # the Japanese Gadget Privacy Act's own name, qualified by China or the EU, names no indexed text
    for question in ("What fine does China's Gadget Privacy Act set?", "中国のガジェット個人情報法の罰則は？",
                     "Does the EU Gadget Privacy Act apply?"):
        assert mentioned_documents(question, ALIASES_ABROAD, PLACES) == [], question
    assert mentioned_documents("What does Japan's Gadget Privacy Act require?", ALIASES_ABROAD, PLACES) == \
        ["privacy-act"]
    assert mentioned_documents("Is a Chinese firm bound by the Gadget Privacy Act?", ALIASES_ABROAD, PLACES) \
        == ["privacy-act"]  # a place elsewhere in the sentence qualifies no name
    assert mentioned_documents("What does China's Gadget Privacy Act require?", ALIASES_ABROAD) == \
        ["privacy-act"]  # without the documents' places nothing is ruled out


def test_a_qualified_statute_is_compared_with_its_place_s_documents_only():
    by_place = place_name_words(ALIASES_ABROAD, PLACES)
    ask = lambda q: unindexed_statutes(q, ALIASES_ABROAD, by_place=by_place)  # noqa: E731
    assert ask("What fine does China's Gadget Privacy Act set?") == ["Gadget Privacy Act (China)"]
    assert ask("中国のガジェット個人情報法の罰則は？") == ["中国のガジェット個人情報法"]
    assert ask("Does the EU Gadget Privacy Act apply?") == ["EU Gadget Privacy Act"]
    assert ask("What does China's Lamp Safety Act require?") == []  # close to China's Lamp Safety Rules
    assert ask("What does Japan's Widget Safety Act say?") == []
    assert ask("Is a Chinese firm bound by the Gadget Privacy Act?") == []
    assert qualified_statutes("What fine does China's Gadget Privacy Act set?") == \
        [("Gadget Privacy Act", "CN")]
