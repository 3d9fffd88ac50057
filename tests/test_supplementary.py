"""A law's supplementary provisions, read from their paths and texts (invented texts)."""

from __future__ import annotations

from query.supplementary import says_when_in_effect, supplementary


def test_the_supplementary_provisions_are_known_by_their_path_not_a_chapter_title():
    assert supplementary("suppl/art-1") and supplementary("suppl-amend-3/art-2/para-1")
    assert not supplementary("art-40")  # even in a main-text chapter titled "Supplementary Provisions"


def test_only_the_laws_own_provision_with_the_law_as_subject_says_when_it_takes_effect():
    assert says_when_in_effect("suppl/art-1", "This Act shall enter into force a year after it is published.")
    assert says_when_in_effect("suppl/art-1/para-1", "This Act comes into effect on the day it is published.")
    assert says_when_in_effect("suppl/art-1/para-1", "この法律は、公布の日から一年を経過した日から施行する。")
    # an amending act's own date is the amendment's, not the law's
    assert not says_when_in_effect("suppl-amend-2/art-1", "This Act shall enter into force on June 1, 2027.")
    # a transitional clause mentions the entry into force without saying when
    assert not says_when_in_effect("suppl/art-2", "A council set up before this Act enters into force stays.")
    assert not says_when_in_effect("suppl/art-2", "政府は、この法律の施行後五年ごとに歯車の状況を点検する。")
