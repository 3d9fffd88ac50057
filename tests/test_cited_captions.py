"""A provision is read with the captions of the provisions it cites (invented texts, no index)."""

from __future__ import annotations

from dataclasses import replace

import bm25s
from answer_support import Reading

from index.cited_captions import CitedCaptions, article_of, keyword_text
from index.tokenize import tokenize
from ingest.records import Passage
from search.hits import Hit


def passage(path: str, text: str, caption: str = "", cross_refs: tuple[str, ...] = (),
            language: str = "en") -> Passage:
    return Passage(
        passage_id=f"gadget-act:{language}:{path}", doc_id="gadget-act", language=language,
        path=path, text=text, label=f"{path}, Gadget Act", ref=path, title="Act on Gadgets",
        short_title="Gadget Act", caption=caption, chapter="", kind="act", jurisdiction="JP",
        version="test", url=None, legal_effect=False, authority="translation",
        cross_refs=cross_refs)


LEAKS = passage("art-5/para-1", "A gadget maker must tell the council when records go missing.",
                caption="Reporting Leaks")
ACCESS = passage("art-6/para-2", "A gadget owner may ask to see the records held on them.",
                 caption="Disclosure")
ACCESS_1 = passage("art-6/para-1", "Records are kept for three years.", caption="Disclosure")
EXEMPT = passage("art-7/para-1",
                 "Article 5 and Article 6, paragraph (2) do not apply to sealed gadget records.",
                 caption="Sealed Records", cross_refs=("art-5", "art-6/para-2"))
SEALED = passage("art-8/para-1", "Sealed gadget records are records that no person can read. "
                 "Sealed gadget records must be stored apart.", caption="Handling of Sealed Records")
CITED = CitedCaptions.from_passages([LEAKS, ACCESS_1, ACCESS, EXEMPT, SEALED])


def test_article_of_a_path():
    assert article_of("art-41/para-7") == "art-41"
    assert article_of("art-27-2/para-1/item-3") == "art-27-2"
    assert article_of("suppl/art-3/para-1") == "suppl/art-3"
    assert article_of("table-1") == "table-1"


def test_a_passage_holds_the_captions_it_cites_each_once_not_its_own():
    assert CITED.of_passage(EXEMPT) == "Reporting Leaks Disclosure"
    assert CITED.of_passage(LEAKS) == ""  # cites nothing
    own = replace(EXEMPT, cross_refs=("art-7/para-1", "art-6/para-1", "art-6/para-2", "art-99"))
    assert CITED.of_passage(own) == "Disclosure"  # its own caption, a repeat, an unknown article


def test_captions_are_looked_up_in_the_passage_s_language():
    ja = passage("art-7/para-1", "第五条の規定は、封印された記録については、適用しない。",
                 caption="封印記録", cross_refs=("art-5/para-1",), language="ja")
    cited = CitedCaptions.from_passages([LEAKS, ja, passage("art-5/para-1", "…", "漏えい等の報告",
                                                            language="ja")])
    assert cited.of_passage(ja) == "漏えい等の報告"


def test_a_sentence_holds_only_the_captions_it_cites():
    text = "Sealed records are kept apart. The preceding Article does not apply to them."
    p = passage("art-7/para-1", text, cross_refs=("art-6",))
    cited = CitedCaptions.from_passages([LEAKS, ACCESS, p])
    first_end = text.index(" The")
    assert cited.of_span(p, 0, first_end) == ""
    assert cited.of_span(p, first_end + 1, len(text)) == "Disclosure"  # "the preceding Article"


def test_the_keyword_index_finds_a_provision_by_what_it_cites():
    passages = [LEAKS, ACCESS, EXEMPT, SEALED]
    assert "leak" in tokenize(keyword_text(EXEMPT, CITED))
    assert keyword_text(SEALED, CITED) == SEALED.embed_text
    keyword = bm25s.BM25()
    keyword.index([tokenize(keyword_text(p, CITED)) for p in passages], show_progress=False)
    scores = keyword.get_scores(tokenize("leaks sealed"))
    assert max(range(len(passages)), key=lambda i: scores[i]) == passages.index(EXEMPT)


def test_the_answer_leads_with_the_provision_whose_cited_articles_answer():
    question = "Does the duty of reporting leaks apply to sealed gadget records?"
    hits = [Hit(SEALED, 0.033, 1, dense=0.5), Hit(EXEMPT, 0.032, 2, dense=0.5)]
    plain = Reading(threshold=0.1).answer(question, hits)
    read = Reading(threshold=0.1, cited=CITED).answer(question, hits)
    assert plain.citations[0].path == "art-8/para-1"
    assert read.citations[0].path == "art-7/para-1"
    assert "Article 5" in read.citations[0].quote  # still a verbatim quote of the provision


def test_a_sentence_is_read_with_its_own_provisions_caption_but_an_item_is_not():
    from answer.candidates import PassageReader
    from ingest.records import Span

    text = "The council does the following:\n(i) drafting the gadget plan."
    listing = replace(passage("art-9/para-1", text, caption="Affairs of the Council"),
                      spans=(Span("art-9/para-1/item-1", text.index("(i)"), len(text)),))
    reader = PassageReader()
    lead_in = reader.sentence(listing, 0, text.index("\n"))
    item = reader.sentence(listing, text.index("(i)"), len(text))
    assert "affair" in lead_in  # the caption's word, which the sentence itself lacks
    assert "affair" not in item and "draft" in item
