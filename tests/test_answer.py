"""The extractive answerer: verbatim quotes, one [n] marker each, abstention."""

from __future__ import annotations

import re

import pytest
from answer_support import Reading
from widget_index import FIXTURES, build_widget_index, widget_sources

from answer.messages import ABSTAIN_EN
from answer.pipeline import QAPipeline
from core.settings import Settings
from index.build import build_index, documents_meta
from index.store import load_index
from ingest.pipeline import ingest_source
from ingest.records import Passage


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
    assert answer.related  # the closest passages still shown: France has none to confine them to


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
    strict = Reading(threshold=0.99)
    hits = pipeline.search("bananas tax rate", k=5)
    assert strict.answer("bananas tax rate", hits).abstained
    assert Reading(threshold=0.0).answer("x", []).abstained


def test_a_japanese_question_about_a_place_indexed_only_in_english_says_so(tmp_path, fake_embedder):
    # Korea's (invented) lamp act is indexed in English only: a Japanese question about it cannot
    # be matched by its words, and must not be answered from Japan's widget act instead
    sources = widget_sources()
    passages = [p for s in sources for p in ingest_source(s, FIXTURES / s.file).passages]
    lamp = Passage(passage_id="kr-lamp-act:en:art-3", doc_id="kr-lamp-act", language="en", path="art-3",
                   text="A lamp maker shall label each lamp it sells.", label="Article 3, Korea Lamp Act",
                   ref="Article 3", title="Lamp Act", short_title="Korea Lamp Act", caption="Labels",
                   chapter="", kind="act", jurisdiction="KR", version="test", url=None,
                   legal_effect=False, authority="translation")
    documents = {**documents_meta(sources), "kr-lamp-act": {"jurisdiction": "KR", "kind": "act",
                                                            "aliases": ["Korea Lamp Act"], "titles": {}}}
    build_index([*passages, lamp], fake_embedder, tmp_path / "index", {s.key: "0" * 64 for s in sources},
                documents=documents)
    pipeline = QAPipeline(load_index(tmp_path / "index", fake_embedder.name), fake_embedder,
                          Settings(home=tmp_path, model=fake_embedder.name))
    answer = pipeline.ask("韓国では、本部長はランプに表示をしなければなりませんか？")
    assert answer.abstained and answer.citations == []
    assert "韓国の文書は英語版のみが索引にあり" in answer.answer and "英語で質問してください" in answer.answer
    assert {p.doc_id for p in answer.related} == {"kr-lamp-act"}  # the place's texts, as related only
    # asked in English, it is answered from Korea's act as usual
    english = pipeline.ask("Must a lamp maker in Korea label each lamp?")
    assert not english.abstained and english.citations[0].doc_id == "kr-lamp-act"
    # a Japanese question about Japan is unaffected
    assert not pipeline.ask("本部長はだれですか？").abstained
    # a question naming Japan is not answered from Korea's act, however well its words match it
    japan = pipeline.ask("Under Japanese law, must a lamp maker label each lamp?")
    assert all(c.doc_id != "kr-lamp-act" for c in japan.citations)
    assert "kr-lamp-act" in {p.doc_id for p in pipeline.ask("Must a lamp maker label each lamp?").citations}


def test_a_question_about_the_japanese_original_also_quotes_it(pipeline):
    answer = pipeline.ask("Who holds the post of chairperson of the Headquarters? What is the Japanese text?")
    assert not answer.abstained
    english, original = answer.citations[0], answer.citations[-1]
    assert (english.language, original.language) == ("en", "ja")
    assert original.path == english.path == "art-6/para-1"
    assert original.legal_effect is True and original.quote in original.text
    last = answer.answer.split("\n")[-1]
    assert last.startswith("The Japanese text of Article 6(1) (authoritative): 「")
    assert "ウィジェット大臣" in last and last.endswith(f"[{original.n}]")
    assert answer.grounded_share == 1.0  # the guard checked and kept the added line


def test_a_japanese_question_about_the_translation_also_quotes_the_english(pipeline):
    answer = pipeline.ask("本部長の職に就くのはだれか。英訳ではどう書かれていますか")
    assert [c.language for c in answer.citations][:1] == ["ja"]
    translation = answer.citations[-1]
    assert translation.language == "en" and translation.legal_effect is False
    assert answer.answer.split("\n")[-1].startswith("第六条第一項の英語版（参考訳、法的効力なし）：「")
    assert "Minister of Widgets" in answer.answer


def test_other_questions_quote_one_language_only(pipeline):
    answer = pipeline.ask("Who holds the post of chairperson of the Headquarters?")
    assert {c.language for c in answer.citations} == {"en"}


def test_an_item_named_by_number_is_held_and_answered_with_its_lead_in(pipeline):
    # items are spans of their paragraph's passage, not passages of their own
    assert pipeline.catalog.holds("widget-act", "art-2/para-1/item-1")
    answer = pipeline.ask("What does Article 2(1)(i) of the Widget Safety Act say?")
    assert not answer.abstained
    assert [c.path for c in answer.citations][:2] == ["art-2/para-1", "art-2/para-1/item-1"]
    assert "hand-held gadget" in answer.answer
    missing = pipeline.ask("What does Article 2(1)(ix) of the Widget Safety Act say?")
    assert missing.abstained and "no Article 2(1)(ix)" in missing.answer
