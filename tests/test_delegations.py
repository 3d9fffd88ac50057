"""Delegations: matters a provision leaves to another instrument (invented texts)."""

from __future__ import annotations

from ingest.delegations import (
    CABINET_ORDER,
    COMMISSION_RULES,
    LOCAL_ORDINANCE,
    MINISTERIAL_ORDINANCE,
    PRESIDENTIAL_DECREE,
    delegated_to,
    find_delegations,
    sets_quantity,
)
from ingest.records import LawRef, Passage


def test_japanese_and_english_delegations_are_found_with_their_span():
    text = "歯車の規格は、政令で定める。届出の様式は、個人情報保護委員会規則で定めるところによる。"
    found = find_delegations(text)
    assert [d.body for d in found] == [CABINET_ORDER, COMMISSION_RULES]
    assert text[found[0].start:found[0].end] == "政令で定める"
    assert delegated_to(find_delegations("経済産業省令で定める事項及び条例で定める額")) == [
        MINISTERIAL_ORDINANCE, LOCAL_ORDINANCE]
    english = ("A cog maker whose output exceeds the threshold prescribed by Presidential Decree, "
               "pursuant to Order of the Personal Information Protection Commission")
    assert delegated_to(find_delegations(english)) == [PRESIDENTIAL_DECREE, COMMISSION_RULES]
    assert find_delegations("The Minister decides the size of cogs.") == []


def test_a_passage_keeps_its_delegations_and_other_law_references_through_a_round_trip():
    p = Passage(passage_id="w:en:art-1/para-1", doc_id="w", language="en", path="art-1/para-1",
                text="as prescribed by Cabinet Order", label="", ref="", title="", short_title="",
                caption="", chapter="", kind="act", jurisdiction="JP", version="", url=None,
                legal_effect=True, authority="",
                law_refs=(LawRef("Cog Act", "Act No. 9 of 2027", "2027-9", "art-2"),),
                delegations=tuple(find_delegations("as prescribed by Cabinet Order")))
    again = Passage.from_dict(p.to_dict())
    assert again == p and again.delegations[0].body == CABINET_ORDER


def test_a_delegation_of_a_quantity_is_told_from_one_of_the_manner_of_doing_something():
    def quantities(text: str) -> list[bool]:
        return [sets_quantity(text, d) for d in find_delegations(text)]

    assert quantities("Cog logs are kept for the period set forth in Cabinet Order.") == [True]
    assert quantities("A cog whose size exceeds the standard prescribed by Presidential Decree.") == [True]
    assert quantities("歯車の帳簿は、政令で定める期間備えて置く。") == [True]
    assert quantities("歯車の手数料は、条例で定める額とする。") == [True]
    assert quantities("Makers pay fees, as prescribed by Cabinet Order.") == [True]
    assert quantities("歯車の帳簿は、政令で定める一定の期間備えて置く。") == [True]
    # how a thing is done, not how much or by when
    assert quantities("Pursuant to Order of the Commission, a cog maker must report a defect.") == [False]
    assert quantities("歯車の係員は、政令で定めるところに従い立ち会う。") == [False]
    assert quantities("The Minister publishes the list as prescribed by Cabinet Order.") == [False]
