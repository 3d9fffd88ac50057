"""Places named as where a receiving party is, not as the law asked about (query/parties.py)."""

from __future__ import annotations

import pytest

from query.parties import crosses_border, party_places


@pytest.mark.parametrize("question,places", [
    ("Can my company send customer data to our parent company in the US?", ["US"]),
    ("Can our Tokyo office share employee records with a subsidiary in Singapore?", ["SG"]),
    ("May we transfer the files to a Germany-based processor?", ["DE"]),
    ("Can we outsource the payroll records to a vendor in Vietnam?", ["VN"]),
    ("Can Korean companies send data to Japan?", ["JP"]),  # Korea sends: its law is asked about
    ("中国の子会社に顧客データを送ることはできますか？", ["CN"]),
    ("米国の親会社に個人データを提供するには？", ["US"]),
])
def test_a_place_after_a_transfer_verb_is_where_the_recipient_is(question, places):
    assert party_places(question) == places


@pytest.mark.parametrize("question", [
    "Do companies that provide AI services in Korea need a local representative?",  # no data moves
    "What does China require before sending personal information abroad?",  # China is asked about
    "Can we store our data on servers in China under China's rules?",  # its law is named
    "Can we send data to us?",  # a pronoun, not the US
    "韓国における生成AIの提供者の義務は？",
    "韓国の個人情報保護法では海外移転はどうなりますか",
])
def test_a_place_whose_law_is_asked_about_is_no_party_place(question):
    assert party_places(question) == []


def test_a_party_in_another_place_than_the_law_crosses_a_border():
    assert crosses_border(["US"], [], home="JP")
    assert crosses_border(["CN"], ["KR"], home="JP")
    assert not crosses_border(["JP"], [], home="JP")
    assert not crosses_border([], [], home="JP")


def test_the_analysis_searches_a_cross_border_question_under_the_home_law():
    from answer_support import catalog

    from core.settings import QuerySettings
    from query.analysis import Analyzer

    analyzer = Analyzer(catalog({"jp-appi": ["APPI"]}), QuerySettings(home_jurisdiction="JP"))
    sent = analyzer.analyze("Can we share employee records with a subsidiary in Singapore?")
    assert sent.jurisdictions == () and sent.unindexed_jurisdictions == ()  # no "Singapore: nothing indexed"
    assert "third party in a foreign country" in sent.keyword_query
    assert "a party abroad" in {e.reason for e in sent.expansions}
    asked = analyzer.analyze("What does Singapore's law say about employee records?")
    assert asked.jurisdictions == ("SG",) and "a party abroad" not in {e.reason for e in asked.expansions}
