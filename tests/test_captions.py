"""Articles a question names by their caption (query/captions.py): read from invented captions,
then through the query stage, the answer's lead and the search over the widget index."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_answer_selection import WEIGHTS, answerer, hits_of, passage
from test_index_search import searcher  # noqa: F401  (fixture)

from query.captions import CaptionIndex, article_ref, caption_terms, content_terms
from query.references import ProvisionRef

CAPTIONS = [("gadget-act", "art-1/para-1", "Purpose"), ("gadget-act", "art-1/para-1", "目的"),
            ("gadget-act", "art-7/para-1", "Specifying the Purpose of Use"),
            ("gadget-act", "art-7/para-2", "Specifying the Purpose of Use"),
            ("gadget-act", "art-3-2/para-1", "Basic Principles"),
            ("gadget-act", "art-3-2/para-1", "基本理念"),
            ("lamp-act", "art-1", "Purpose"), ("lamp-act", "suppl/art-2/para-1", "Transitional Measures")]


def test_a_caption_s_terms_are_its_words_without_particle_bigrams():
    assert caption_terms("Specifying the Purpose of Use") == {"specifi", "purpos", "use"}
    assert caption_terms("基本理念") == {"基本", "本理", "理念"}
    # の目 joins a particle to a word: no word of the question's subject
    assert content_terms(["の目", "目的"]) == {"目的"}
    assert caption_terms("の") == frozenset()
    # 等, "and the like", closes many captions; the question names the class by its main member
    assert caption_terms("研究開発機関の責務等") == caption_terms("研究開発機関の責務")


@pytest.mark.parametrize("path,expected", [
    ("art-27/para-5/item-1", ProvisionRef("27", doc_id="d")),
    ("art-27-2/para-1", ProvisionRef("27-2", doc_id="d")),
    ("suppl/art-2", ProvisionRef("2", suppl=True, doc_id="d")),
    ("faq-3", None), ("sec-22/part-1", None),
])
def test_the_article_of_a_provision_path(path, expected):
    assert article_ref("d", path) == expected


def test_only_a_caption_equal_to_the_question_s_terms_matches():
    index = CaptionIndex.from_captions(CAPTIONS)
    purpose = index.matching({"purpos": 2.0})
    assert [(r.doc_id, r.path) for r in purpose] == [("gadget-act", "art-1"), ("lamp-act", "art-1")]
    assert [r.path for r in index.matching({"purpos": 2.0}, ["lamp-act"])] == ["art-1"]
    assert [r.path for r in index.matching({"purpos", "use", "specifi"})] == ["art-7"], "one per article"
    assert index.matching({"purpos", "use"}) == (), "a question saying less than the caption"
    assert index.matching({"purpos", "widget"}) == (), "a question saying more than the caption"
    principles = {"の基": 4.0, "基本": 3.0, "本理": 4.0, "理念": 4.0}  # の基: a particle joined to a word
    assert [r.path for r in index.matching(principles)] == ["art-3-2"]
    assert [r.path for r in index.matching({"transit", "measur"})] == ["suppl/art-2"]


TERM_WEIGHTS = ({**WEIGHTS[0], "purpos": 3.0, "use": 1.0, "目的": 3.0, "の目": 4.0}, WEIGHTS[1])


def reading():
    return answerer(aliases={"gadget-act": ["Gadget Act"], "lamp-act": ["Lamp Act"]}, captions=CAPTIONS,
                    term_weights=TERM_WEIGHTS,
                    paths={"gadget-act": frozenset({"art-1/para-1", "art-7/para-1", "art-10/para-1"})})


def test_the_query_stage_reads_which_article_a_question_names_by_its_caption():
    r = reading()
    assert [(x.doc_id, x.path) for x in r.analyze("What is the purpose of the Gadget Act?").captioned] == [
        ("gadget-act", "art-1")]
    assert r.analyze("What is the purpose of use under the Gadget Act?").captioned == ()
    # a provision cited by number is what the question names; its caption words change nothing
    assert r.analyze("What is the purpose of Article 10 of the Gadget Act?").captioned == ()


def test_a_question_naming_no_law_is_matched_in_the_home_jurisdiction_and_one_naming_elsewhere_not():
    abroad = answerer(aliases={"gadget-act": ["Gadget Act"], "lamp-act": ["Lamp Act"]}, captions=CAPTIONS,
                      term_weights=TERM_WEIGHTS)
    abroad.analyzer.catalog = replace(abroad.analyzer.catalog,
                                      jurisdiction={"gadget-act": "JP", "lamp-act": "KR"})
    assert [r.doc_id for r in abroad.analyze("What is the purpose?").captioned] == ["gadget-act"]
    assert [r.doc_id for r in abroad.analyze("What is the purpose of the Korean rules?").captioned] == [
        "lamp-act"]
    # France: nothing of it is indexed, so no article of another country's law is named
    assert abroad.analyze("What is the purpose of French law?").captioned == ()


PURPOSE = passage("art-1/para-1", "This Act aims to make gadgets safe for every household.",
                  caption="Purpose")
PURPOSE_OF_USE = passage("art-7/para-1", "A gadget maker must state the purpose of use of each gadget "
                         "and keep to that purpose.", caption="Specifying the Purpose of Use")


def test_the_article_named_by_its_caption_leads_and_is_quoted_alone():
    question = "What is the purpose of the Gadget Act?"
    # ranked first and holding the question's word twice, the provision on the purpose of use loses
    answer = reading().answer(question, hits_of(PURPOSE_OF_USE, PURPOSE))
    assert [c.path for c in answer.citations] == ["art-1/para-1"]
    # without a caption to go by, the best matching sentence leads, as before
    plain = answerer(aliases={"gadget-act": ["Gadget Act"]}, term_weights=TERM_WEIGHTS).answer(
        question, hits_of(PURPOSE_OF_USE, PURPOSE))
    assert plain.citations[0].path == "art-7/para-1"


def test_the_article_s_opening_leads_though_a_later_paragraph_scores_better_and_nothing_else_supports():
    later = passage("art-1/para-2", "The purpose of this Act extends to gadget councils and their "
                    "gadget inspections, for the purpose of safety.", caption="Purpose")
    question = "What is the purpose of the Gadget Act?"
    answer = reading().answer(question, hits_of(later, PURPOSE_OF_USE, PURPOSE))
    assert answer.citations[0].path == "art-1/para-1", "the article's opening, not its best sentence"
    assert all(c.path.startswith("art-1/") for c in answer.citations), [c.path for c in answer.citations]
    # named by number, the same provisions let the other one support the answer (it adds "use")
    numbered = reading().answer("What is the purpose of use under Article 1 of the Gadget Act?",
                                hits_of(later, PURPOSE_OF_USE, PURPOSE))
    assert any(c.path == "art-7/para-1" for c in numbered.citations), [c.path for c in numbered.citations]


def test_a_word_the_caption_lacks_but_no_word_of_the_subject_brings_no_other_provision():
    # 「の目」 joins a particle to 目的: the provision on the purpose of use holds it, Article 1 not
    aim = passage("art-1/para-1", "この法律は、ガジェットの安全を図ることを目的とする。", caption="目的")
    use = passage("art-7/para-1", "事業者は、その利用の目的をできる限り特定しなければならない。",
                  caption="利用目的の特定")
    r = answerer(aliases={"gadget-act": ["Gadget Act", "ガジェット法"]}, captions=CAPTIONS,
                 term_weights=TERM_WEIGHTS)
    question = "ガジェット法の目的は何ですか？"
    assert [x.path for x in r.analyze(question).captioned] == ["art-1"]
    assert [c.path for c in r.answer(question, hits_of(use, aim)).citations] == ["art-1/para-1"]


def test_search_puts_the_article_named_by_its_caption_first_in_reading_order(searcher):  # noqa: F811
    hits = searcher.search("What are the duties of makers under the Widget Safety Act?", k=5)
    assert [h.passage.path for h in hits[:2]] == ["art-3/para-1", "art-3/para-2"]
    assert "caption" in hits[0].firsts and "caption" not in hits[1].firsts
    plain = searcher.search("What must a maker do?", k=5)
    assert all("caption" not in h.firsts for h in plain)
