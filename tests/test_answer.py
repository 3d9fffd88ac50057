"""The extractive answerer: verbatim quotes, one [n] marker each, abstention."""

from __future__ import annotations

import re

import pytest
from widget_index import build_widget_index

from api.answer import ABSTAIN_EN, ExtractiveAnswerer
from api.pipeline import QAPipeline
from corpus.settings import Settings
from index.store import load_index


@pytest.fixture
def pipeline(tmp_path, fake_embedder):
    build_widget_index(tmp_path / "index", fake_embedder)
    settings = Settings(home=tmp_path, model=fake_embedder.name)
    return QAPipeline(load_index(tmp_path / "index", fake_embedder.name), fake_embedder, settings)


def test_every_answer_sentence_is_a_verbatim_quote_of_its_citation(pipeline):
    answer = pipeline.ask("Who holds the post of chairperson of the Headquarters?")
    assert not answer.abstained
    assert answer.citations


    for line in answer.answer.split("\n"):  # every sentence carries its marker
        n = int(re.search(r"\[(\d+)\]$", line).group(1))
        assert answer.citations[n - 1].quote in line
    for c in answer.citations:
        assert c.quote in c.text  # the quote is verbatim from the cited provision
        assert f"[{c.n}]" in answer.answer
        assert c.doc_id == "widget-act"
    first = answer.citations[0]
    assert first.path == "art-6/para-1"
    assert "Minister of Widgets" in answer.answer
    assert answer.answer.startswith("Article 6(1) of the Widget Safety Act")


def test_japanese_question_is_answered_from_the_japanese_original(pipeline):
    answer = pipeline.ask("本部長の職に就くのはだれか")
    assert not answer.abstained
    assert answer.citations[0].language == "ja"
    assert answer.citations[0].path == "art-6/para-1"
    assert "ウィジェット大臣" in answer.answer
    assert answer.citations[0].legal_effect is True


def test_item_quotes_cite_the_item_path(pipeline):
    answer = pipeline.ask("What does the term smart widget mean?")
    paths = [c.path for c in answer.citations]
    assert any(p.startswith("art-2/para-1/item-") for p in paths), paths


def test_missing_article_abstains_without_inventing_it(pipeline):
    answer = pipeline.ask("What does Article 35 of the Widget Act require?")
    assert answer.abstained
    assert answer.citations == []
    assert "no Article 35" in answer.answer
    assert answer.related  # closest passages, shown as related only


def test_unindexed_jurisdiction_abstains(pipeline):
    answer = pipeline.ask("What is the maximum fine under EU widget rules?")
    assert answer.abstained and answer.answer.startswith(ABSTAIN_EN)


def test_unindexed_place_is_named_in_the_abstention(pipeline):
    answer = pipeline.ask("What must widget makers in France do?")
    assert answer.abstained and answer.citations == []
    assert "No text from France is indexed (indexed jurisdictions: Japan)" in answer.answer


def test_unindexed_statute_abstains_and_says_what_is_indexed(pipeline):
    answer = pipeline.ask("What does the Lantern Licensing Act say about the chairperson?")
    assert answer.abstained and answer.citations == []
    assert "do not include the Lantern Licensing Act (indexed: Widget Safety Act)" in answer.answer
    assert answer.related  # the closest passages are still shown, as related only
    ja = pipeline.ask("ランタン免許法では本部長はだれですか？")
    assert ja.abstained and "ランタン免許法は索引にありません。収録: ウィジェット安全法" in ja.answer
    # naming an indexed act as well: the question is answered from it
    both = pipeline.ask("Under the Widget Act, unlike the Lantern Licensing Act, who is the chairperson?")
    assert not both.abstained and both.citations[0].doc_id == "widget-act"


def test_low_evidence_abstains(pipeline):
    strict = ExtractiveAnswerer(None, threshold=0.99)
    hits = pipeline.search("bananas tax rate", k=5)
    assert strict.answer("bananas tax rate", hits).abstained
    assert ExtractiveAnswerer(None, threshold=0.0).answer("x", []).abstained
