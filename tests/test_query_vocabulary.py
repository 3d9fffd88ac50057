"""From the words people use to the words statutes use: the thesaurus, document names taken out
of Japanese questions, Japanese question noise, and the home-jurisdiction prior. Pure functions,
plus real FAISS/BM25 over invented texts with the fake embedder."""

from __future__ import annotations

import pytest

from index.references import without_document_names
from index.search import HybridSearcher
from index.store import load_index, write_index
from index.thesaurus import EN_CONCEPTS, JA_CONCEPTS, statutory_terms
from index.tokenize import manifest_name, tokenize
from ingest.records import Passage

ALIASES = {"cog-act": ["Cog Act", "歯車法"], "gear-code": ["Gear Code"]}


def test_plain_words_bring_their_statutory_terms():
    terms = statutory_terms("Can our company share customer data with a partner without asking?", False)
    assert "business operator" in terms
    assert "provide to a third party" in terms
    assert "consent of the principal" in terms
    assert "third party" in terms


def test_statutory_terms_need_a_trigger_and_come_once_each():
    assert statutory_terms("Article 2 of the Cog Act", False) == []
    terms = statutory_terms("companies, firms and businesses", False)
    assert terms.count("business operator") == 1


def test_english_triggers_match_whole_words_only():
    assert "principal" not in statutory_terms("abuser", False)  # "user" inside a word
    assert "principal" in statutory_terms("what may users ask for", False)


def test_japanese_triggers_are_substrings():
    terms = statutory_terms("会社が顧客データを海外に渡してもよいですか", True)
    assert "事業者" in terms and "第三者 提供" in terms and "外国にある第三者" in terms
    assert statutory_terms("会社が顧客データを", False) == []  # an English question uses the English table


def test_every_concept_has_triggers_and_terms():
    for concept in (*EN_CONCEPTS, *JA_CONCEPTS):
        assert concept.triggers and concept.terms.strip()


@pytest.mark.parametrize("query,expected", [
    ("歯車法の目的は何ですか？", "の目的は何ですか?"),
    ("What does the Cog Act say about the Gear Code?", "What does the say about the ?"),
    ("Cog Act", "Cog Act"),  # nothing else left: the question stays as it was
    ("What is a cog?", "What is a cog?"),
])
def test_document_names_are_taken_out_of_the_question(query, expected):
    assert without_document_names(query, ALIASES) == expected


def _passage(doc: str, lang: str, path: str, text: str, jurisdiction: str = "JP") -> Passage:
    return Passage(passage_id=f"{doc}:{lang}:{path}", doc_id=doc, language=lang, path=path, text=text,
                   label=f"{path} {doc}", ref=path, title="Cog Act", short_title="Cog Act", caption="",
                   chapter="", kind="act", jurisdiction=jurisdiction, version="v", url=None,
                   legal_effect=lang == "ja", authority="original")


def _searcher(tmp_path, embedder, passages: list[Passage]) -> HybridSearcher:
    vectors = embedder.embed([p.embed_text for p in passages])
    tokens = [tokenize(p.embed_text) for p in passages]
    write_index(tmp_path / "ix", passages, vectors, tokens,
                {"model": embedder.name, "tokenizer": manifest_name("bigram")})
    return HybridSearcher(load_index(tmp_path / "ix", embedder.name), embedder)


def test_home_jurisdiction_comes_first_unless_the_question_goes_abroad(tmp_path, fake_embedder):
    text = "A maker of cog sets reports every broken cog set to the regulator."
    searcher = _searcher(tmp_path, fake_embedder, [  # the foreign one first
        _passage("kr-cog-act", "en", "art-3", text, jurisdiction="KR"),
        _passage("cog-act", "en", "art-3", text),
    ])
    assert searcher.search("Who receives reports of broken cog sets?", k=2)[0].passage.doc_id == "cog-act"
    abroad = searcher.search("In Korea, who receives reports of broken cog sets?", k=2)
    assert abroad[0].passage.doc_id == "kr-cog-act"
    def kr_score() -> float:
        hits = searcher.search("Who receives reports of broken cog sets?", k=2)
        return next(h.score for h in hits if h.passage.doc_id == "kr-cog-act")

    with_prior = kr_score()
    searcher.foreign_weight = 1.0
    assert with_prior / kr_score() == pytest.approx(0.7)


def test_polite_question_endings_do_not_match_polite_text(tmp_path, fake_embedder):
    searcher = _searcher(tmp_path, fake_embedder, [
        _passage("cog-act", "ja", "art-3", "歯車組の製造者は、壊れた歯車組を歯車局に報告する。"),
        _passage("cog-act", "ja", "art-4", "よくある質問です。そうですか。何ですか。ありますか。"),
    ])
    ranked, _ = searcher.keyword_ranking("壊れた歯車組は何ですか？", 5)
    assert [searcher.passages[i].path for i in ranked] == ["art-3"]


def test_the_thesaurus_reaches_a_provision_worded_in_statutory_terms(tmp_path, fake_embedder):
    passages = [
        _passage("cog-act", "en", "art-5", "A business operator must not provide cog data to a third party."),
        _passage("cog-act", "en", "art-6", "Cog data must be kept in a dry place."),
    ]
    searcher = _searcher(tmp_path, fake_embedder, passages)
    question = "May our company share the files with a partner?"
    assert searcher.search(question, k=1)[0].passage.path == "art-5"
    plain, _ = searcher.keyword_ranking(question, 5)
    assert all(searcher.passages[i].path != "art-5" for i in plain)  # no word in common
    expanded, _ = searcher.keyword_ranking(searcher._query_text(question, False, True), 5)
    assert searcher.passages[expanded[0]].path == "art-5"
