"""From the words people use to the words statutes use: the thesaurus, document names taken out
of Japanese questions, Japanese question noise, and the home-jurisdiction prior. Pure functions,
plus real FAISS/BM25 over invented texts with the fake embedder."""

from __future__ import annotations

import re

import pytest

from core.settings import SearchSettings
from index.store import load_index, write_index
from index.tokenize import manifest_name, tokenize
from ingest.records import Passage
from query.places import without_place_names
from query.references import without_document_names
from query.thesaurus import en_concepts, ja_concepts, statutory_terms
from search.keyword import keyword_ranking
from search.retrieval import Retrieval
from search.searcher import HybridSearcher

ALIASES = {"cog-act": ["Cog Act", "歯車法"], "gear-code": ["Gear Code"]}


def test_plain_words_bring_their_statutory_terms():
    terms = statutory_terms("Can our company share customer data with a partner without asking?", False)
    assert "business operator business handling" in terms
    assert "provide to a third party" in terms
    assert "third party" in terms


def test_a_chatbot_is_an_ai_system_and_registering_is_registration():
    terms = statutory_terms("Do we have to register our chatbot?", False)
    assert "AI systems" in terms and "registration licensing approval" in terms
    from answer.equivalents import found_tokens  # the stemmer keeps registr / regist apart
    assert found_tokens(set(tokenize("register")), set(tokenize("system registration"))) == {"regist"}


def test_taking_part_is_participating_and_drafting_is_formulating():
    from answer.equivalents import found_tokens
    norms = set(tokenize("actively participate in formulating international norms"))
    claim = set(tokenize("take part in drafting norms"))
    assert found_tokens(claim, norms) == claim
    assert found_tokens(set(tokenize("take part")), set(tokenize("take measures"))) == {"take"}


def test_a_marketing_agency_is_no_government_body_but_a_mailing_list_is_personal_data():
    terms = statutory_terms("Can we give our mailing list to a marketing agency?", False)
    assert "national government administrative organ" not in terms
    assert "personal data personal information" in terms and "provide to a third party" in terms
    assert "national government administrative organ" in statutory_terms(
        "Which government agency enforces the Act?", False)
    assert "sensitive personal information" in statutory_terms("Can we share patient records?", False)


def test_selling_goods_is_no_provision_but_selling_data_is():
    assert "provide to a third party" not in statutory_terms("We sell online to people in Japan.", False)
    assert "provide to a third party" in statutory_terms("Can we sell shopping data to a retailer?", False)
    assert any("scope of application" in t for t in statutory_terms(
        "We have no office in Japan. Does the law apply?", False))
    assert any("sensitive personal information" in t for t in statutory_terms(
        "Which details count as extra sensitive?", False))


def test_records_as_data_are_not_record_keeping_and_retention_is_deletion():
    assert "record" not in statutory_terms("A customer says our records about them are wrong.", False)
    assert "record" not in statutory_terms("Can a hospital share patient records?", False)
    assert "record" in statutory_terms("Do we need to keep a log when we hand data over?", False)
    assert "record" in statutory_terms("How long must we keep records of personal data we provide?", False)
    terms = statutory_terms("Can we keep job applicants' CVs after we reject them?", False)
    assert "delete without delay no longer require" in terms and "personal data personal information" in terms


def test_data_subject_rights_are_the_appi_s_requests():
    for q in ("Do data-subject requests apply to pseudonymized data?", "What are users' rights here?",
              "Is there a right to erasure?"):
        assert "request disclosure correction ceasing to use deletion" in statutory_terms(q, False), q


@pytest.mark.parametrize("query,expected", [
    ("Can a lawyer ask for someone's data on that person's behalf?", "agent legal representative"),
    ("Can the regulator come to our office and look around?", "report on-site inspection investigation"),
    ("Can they send officials to check our files?", "report on-site inspection investigation"),
    ("Does our newsroom have to follow the data rules?",
     "broadcasting organizations newspapers news reporting journalistic organizations"),
    ("May the Commission pass what it learns to foreign regulators?",
     "foreign enforcement authority provide information"),
    ("Our university research lab studies patients' data",
     "academic research institution academic research purposes"),
    ("Does the act cover AI used only by the military?", "national defense security"),
    ("We train a very large model with lots of compute", "cumulative amount of computation for learning"),
    ("How does the law prevent misuse by bad actors?", "wrong purposes inappropriate methods"),
    ("Who heads the new AI body?", "chairperson person in charge"),
])
def test_everyday_words_for_agents_inspections_research_defence_compute_and_misuse(query, expected):
    assert expected in statutory_terms(query, False)


def test_a_head_of_state_is_no_chairperson():
    terms = statutory_terms("Does the head of state sign the plan?", False)
    assert "chairperson person in charge" not in terms


def test_a_parent_is_an_agent_but_a_parent_company_is_not():
    assert "agent legal representative" in statutory_terms("Can a parent ask for their child's data?", False)
    for query in ("Can we send customer data to our parent company?",
                  "Our parent-company group wants the files"):
        assert "agent legal representative" not in statutory_terms(query, False)


def test_japanese_research_institutions_agents_principles_and_the_press():
    assert "学術研究機関等 学術研究目的" in statutory_terms("大学の研究室で個人情報を扱う", True)
    assert "代理人" in statutory_terms("弁護士が本人に代わって請求できますか", True)
    assert "基本理念" in statutory_terms("この法律の基本的な考え方は？", True)
    assert "報道機関 報道 放送機関 新聞社" in statutory_terms("雑誌の記者が取材で使う場合は？", True)


def test_japanese_changing_and_group_companies():
    assert "変更" in statutory_terms("利用目的を後から変えてもよいですか？", True)
    assert "第三者" in statutory_terms("海外の子会社に渡してもよいですか？", True)


def test_statutory_terms_need_a_trigger_and_come_once_each():
    assert statutory_terms("Article 2 of the Cog Act", False) == []
    terms = statutory_terms("companies, firms and businesses", False)
    assert terms == ["business operator business handling"]


def test_english_triggers_match_whole_words_only():
    assert statutory_terms("abuser", False) == []  # "user" inside a word
    assert statutory_terms("what may users ask for", False) == ["principal identifiable person"]


def test_japanese_triggers_are_substrings():
    terms = statutory_terms("会社が顧客データを海外に渡してもよいですか", True)
    assert "事業者" in terms and "第三者 提供" in terms and "外国にある第三者" in terms
    assert statutory_terms("会社が顧客データを", False) == []  # an English question uses the English table


def test_every_concept_has_triggers_and_terms():
    for concept in (*en_concepts(), *ja_concepts()):
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


def _searcher(tmp_path, embedder, passages: list[Passage]) -> Retrieval:
    vectors = embedder.embed([p.embed_text for p in passages])
    tokens = [tokenize(p.embed_text) for p in passages]
    write_index(tmp_path / "ix", passages, vectors, tokens,
                {"model": embedder.name, "tokenizer": manifest_name("bigram")})
    return Retrieval.over(load_index(tmp_path / "ix", embedder.name), embedder)


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
    searcher = _with_settings(searcher, SearchSettings(foreign_weight=1.0))
    assert with_prior / kr_score() == pytest.approx(0.7)


def test_polite_question_endings_do_not_match_polite_text(tmp_path, fake_embedder):
    searcher = _searcher(tmp_path, fake_embedder, [
        _passage("cog-act", "ja", "art-3", "歯車組の製造者は、壊れた歯車組を歯車局に報告する。"),
        _passage("cog-act", "ja", "art-4", "よくある質問です。そうですか。何ですか。ありますか。"),
    ])
    ranked, _ = keyword_ranking(searcher.searcher.index, "壊れた歯車組は何ですか？", 5, "bigram")
    assert [searcher.searcher.passages[i].path for i in ranked] == ["art-3"]


def test_the_thesaurus_reaches_a_provision_worded_in_statutory_terms(tmp_path, fake_embedder):
    passages = [
        _passage("cog-act", "en", "art-5", "A business operator must not provide cog data to a third party."),
        _passage("cog-act", "en", "art-6", "Cog data must be kept in a dry place."),
    ]
    searcher = _searcher(tmp_path, fake_embedder, passages)
    question = "May our company share the files with a partner?"
    assert searcher.search(question, k=1)[0].passage.path == "art-5"
    index, passages = searcher.searcher.index, searcher.searcher.passages
    plain, _ = keyword_ranking(index, question, 5, "bigram")
    assert all(passages[i].path != "art-5" for i in plain)  # no word in common
    analysis = searcher.analyzer.analyze(question)
    assert any(e.reason == "thesaurus" for e in analysis.expansions)  # said, and why
    expanded, _ = keyword_ranking(index, analysis.keyword_query, 5, "bigram")
    assert passages[expanded[0]].path == "art-5"


@pytest.mark.parametrize("query,expected", [
    ("Is Japan committed to cog safety?", "Is committed to cog safety?"),
    ("What do Korea's and China’s rules say?", "What do and rules say?"),
    ("日本の歯車法は？", "の歯車法は?"),
    ("Japan", "Japan"),  # nothing else left: the question stays as it was
    ("Is Japanese text kept?", "Is text kept?"),
])
def test_place_names_are_taken_out_of_the_keyword_query(query, expected):
    assert without_place_names(query) == expected


def _named_searcher(tmp_path, embedder) -> Retrieval:
    passages = [
        _passage("cog-act", "en", "art-1", "The purpose of this Act is safe cogs."),
        _passage("cog-act", "en", "art-2", "A cog maker keeps a register."),
        _passage("gear-code", "en", "art-1", "The purpose of a gear register is a purpose of use."),
        _passage("gear-code", "en", "art-2", "Purpose purpose purpose: the purpose of use."),
        _passage("kr-cog-act", "en", "art-1", "The purpose of the Korean cog rules.", jurisdiction="KR"),
    ]
    vectors = embedder.embed([p.embed_text for p in passages])
    docs = {"cog-act": {"aliases": ["Cog Act"], "jurisdiction": "JP", "kind": "act"},
            "gear-code": {"aliases": ["Gear Code"], "jurisdiction": "JP", "kind": "act"},
            "kr-cog-act": {"aliases": ["Korean Cog Act"], "jurisdiction": "KR", "kind": "act"}}
    write_index(tmp_path / "ix", passages, vectors, [tokenize(p.embed_text) for p in passages],
                {"model": embedder.name, "tokenizer": manifest_name("bigram"), "documents": docs})
    return Retrieval.over(load_index(tmp_path / "ix", embedder.name), embedder)


def test_a_question_naming_a_law_is_searched_in_that_law(tmp_path, fake_embedder):
    searcher = _named_searcher(tmp_path, fake_embedder)
    question = "What is the purpose of the Cog Act?"
    hits = searcher.search(question, k=5)
    assert {h.passage.doc_id for h in hits} == {"cog-act"}
    assert hits[0].passage.path == "art-1"
    # another place the question names is searched too, though no document of it is named by alias
    abroad = searcher.search("How does the Cog Act compare with Korea on purpose?", k=5)
    assert {h.passage.doc_id for h in abroad} == {"cog-act", "kr-cog-act"}
    # the setting off: every document competes again
    searcher = _with_settings(searcher, SearchSettings(scope_to_named=False))
    assert "gear-code" in {h.passage.doc_id for h in searcher.search(question, k=5)}
    # the single-retriever modes are not scoped (they are what the benchmark compares against)
    assert "gear-code" in {h.passage.doc_id for h in searcher.search(question, k=5, mode="bm25")}


@pytest.mark.parametrize("question,japanese,term", [
    ("When does the Cog Act start applying?", False, "comes into effect date of promulgation enforcement"),
    ("Is a face template personal data?", False, "individual identification code physical features"),
    ("Can we send cookie IDs to a partner?", False,
     "information related to personal information personal-related information"),
    ("Can a customer sue us?", False, "file a lawsuit action"),
    ("What are the goals of the Cog Act?", False, "purpose"),
    ("歯車法はいつから施行されますか", True, "施行 公布の日"),
])
def test_everyday_words_reach_the_translations_own_terms(question, japanese, term):
    assert term in statutory_terms(question, japanese)


def _with_settings(retrieval: Retrieval, settings: SearchSettings) -> Retrieval:
    """The same index and question reading, searched with other settings."""
    s = retrieval.searcher
    return Retrieval(retrieval.analyzer, HybridSearcher(s.index, s.embedder, s.catalog, settings))


def test_joined_triggers_match_as_each_trigger_does():
    """Reference: a concept fires when any one of its triggers, compiled alone, matches."""
    texts = ["Can our company share customer data with a partner without asking?",
             "Our parent company in the US wants the list.", "Who heads the headquarters?",
             "Do we have to register our chatbot?", "Can we sell shopping data to a retailer?",
             "heads of state", "the parents of a child", "nothing relevant at all"]
    for text in texts:
        lowered = text.lower()
        expected = [c.terms for c in en_concepts() if any(re.search(t, lowered) for t in c.triggers)]
        assert statutory_terms(text, False) == expected
