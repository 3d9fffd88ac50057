"""The other language version quoted beside an answer (answer/versions.py, query/analysis.py's
version_asked): pure, invented texts."""

from __future__ import annotations

import pytest

from answer.records import Answer, Citation
from answer.versions import matching_quote, quoted_sentences, with_version
from ingest.records import Passage
from query.analysis import version_asked

EN_TEXT = ("A gadget maker must keep records. The records are kept for five years. "
           "Inspectors may read them.")
JA_TEXT = ("ガジェット製造者は、記録を保存しなければならない。"
           "記録は、五年間保存する。検査官は、これを閲覧できる。")


def ja_passage(path: str = "art-4/para-1", text: str = JA_TEXT) -> Passage:
    return Passage(passage_id=f"gadget-act:ja:{path}", doc_id="gadget-act", language="ja", path=path,
                   text=text, label="第四条第一項、ガジェット法 — 原文", ref="第四条第一項",
                   title="ガジェット法", short_title="ガジェット法", caption="", chapter="", kind="act",
                   jurisdiction="JP",
                   version="test", url=None, legal_effect=True, authority="official")


def citation(quote: str, n: int = 1, path: str = "art-4/para-1", text: str = EN_TEXT) -> Citation:
    return Citation(n=n, passage_id=f"gadget-act:en:{path}", doc_id="gadget-act", path=path,
                    ref="Article 4(1)", label="Article 4(1), Gadget Act", quote=quote, score=1.0,
                    language="en", text=text)


@pytest.mark.parametrize("question", [
    "What is the Japanese term for this in the original?",
    "How does the Japanese text word the duty to keep records?",
    "Is that still the wording in the current Japanese version?",
    "What is 'gadget maker' in Japanese?",
    "Does the authoritative text say the same?",
])
def test_english_questions_about_the_original_ask_for_it(question):
    assert version_asked(question, japanese=False) == "ja"


@pytest.mark.parametrize("question", [
    "Must a Japanese company keep gadget records?",
    "What do Japanese laws say about gadget records?",
    "How long are records kept in Japanese law?",
    "Can Japanese users ask to read the records?",
])
def test_questions_naming_japan_as_a_place_do_not(question):
    assert version_asked(question, japanese=False) is None


def test_japanese_questions_about_the_translation_ask_for_it():
    assert version_asked("記録の保存義務は英訳ではどう書かれていますか", japanese=True) == "en"
    assert version_asked("英語版の条文を見せてください", japanese=True) == "en"
    assert version_asked("記録は何年保存しますか", japanese=True) is None


def test_the_sentences_quoted_are_found_through_the_cuts():
    assert quoted_sentences(citation("The records are kept for five years.")) == [1]
    cut = citation("A gadget maker must keep records. … Inspectors may read them.")
    assert quoted_sentences(cut) == [0, 2]


def test_the_same_sentences_of_the_other_version_are_quoted():
    one = citation("The records are kept for five years.")
    assert matching_quote(one, ja_passage()) == "記録は、五年間保存する。"
    two = citation("A gadget maker must keep records. … Inspectors may read them.")
    both = matching_quote(two, ja_passage())
    assert both == "ガジェット製造者は、記録を保存しなければならない。…検査官は、これを閲覧できる。"


def test_versions_that_split_differently_are_quoted_whole():
    two = "ガジェット製造者は、記録を五年間保存しなければならない。検査官は、これを閲覧できる。"
    assert matching_quote(citation("The records are kept for five years."), ja_passage(text=two)) == two


def test_an_answer_gains_a_cited_line_per_provision_in_the_other_version():
    answer = Answer(answer="Article 4(1) of the Gadget Act: “The records are kept for five years.” [1]",
                    citations=[citation("The records are kept for five years.")])
    found = {("gadget-act", "ja", "art-4/para-1"): ja_passage()}
    out = with_version(answer, "ja", lambda d, lang, p: found.get((d, lang, p)))
    assert out.answer.split("\n")[1] == (
        "The Japanese text of Article 4(1) (authoritative): 「記録は、五年間保存する。」 [2]")
    added = out.citations[1]
    assert (added.n, added.language, added.path, added.legal_effect) == (2, "ja", "art-4/para-1", True)
    assert added.quote in added.text and added.label.startswith("The Japanese text of Article 4(1)")


def test_nothing_is_added_to_an_abstention_or_without_the_other_version():
    cited = Answer(answer="Article 4(1): “The records are kept for five years.” [1]",
                   citations=[citation("The records are kept for five years.")])
    assert with_version(cited, "ja", lambda d, lang, p: None) == cited
    abstained = Answer(answer="The indexed texts do not answer this question.", abstained=True)
    assert with_version(abstained, "ja", lambda d, lang, p: ja_passage()) == abstained


def test_at_most_two_provisions_are_quoted_again():
    quotes = [citation(f"Quote {i}.", n=i, path=f"art-{i}/para-1", text=f"Quote {i}.") for i in (1, 2, 3)]
    text = "\n".join(f"Article {i}(1): “Quote {i}.” [{i}]" for i in (1, 2, 3))
    answer = Answer(answer=text, citations=quotes)
    out = with_version(answer, "ja", lambda d, lang, p: ja_passage(p, "引用。"))
    assert [c.path for c in out.citations[3:]] == ["art-1/para-1", "art-2/para-1"]
