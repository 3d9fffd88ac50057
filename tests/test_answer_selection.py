"""How the extractive answerer chooses what to quote and when it abstains (pure: invented texts,
hand-made hits, no index)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from answer_support import Reading

from answer.candidates import has_number, rewords_another_provision, term_coverage
from core.settings import QuerySettings, Settings
from eval.sweep import SweepRecord, margins, render, sweep
from index.passage_store import merge_parts
from index.tokenize import tokenize
from ingest.abbreviations import Abbreviations
from ingest.records import Passage, Span
from query.analysis import asks_for_amount
from query.terms import TermReader, asked_parts, question_terms
from search.hits import Hit

# idf weights as search.searcher.term_idf gives them: rare words weigh more
WEIGHTS = ({"gadget": 5.0, "council": 4.0, "duti": 3.0, "chair": 4.0, "affair": 3.0, "draft": 4.0,
            "plan": 3.0, "coordin": 4.0, "widget": 1.0, "inspector": 5.0, "inspect": 4.0,
            "fee": 5.0, "yen": 5.0, "certif": 4.0, "member": 3.0, "lamp": 6.0, "bright": 5.0,
            "reappoint": 6.0}, 8.0)


def passage(path: str, text: str, *, doc: str = "gadget-act", kind: str = "act", caption: str = "",
            ref: str = "", spans: tuple[Span, ...] = ()) -> Passage:
    ref = ref or path
    return Passage(
        passage_id=f"{doc}:en:{path}", doc_id=doc, language="en", path=path, text=text,
        label=f"{ref}, Gadget Act", ref=ref, title="Act on Gadgets", short_title="Gadget Act",
        caption=caption, chapter="", kind=kind, jurisdiction="JP", version="test", url=None,
        legal_effect=False, authority="translation", spans=spans)


def hits_of(*passages: Passage, dense: float = 0.5) -> list[Hit]:
    return [Hit(p, 1.0 / (60 + i), i, dense=dense) for i, p in enumerate(passages, start=1)]


def answerer(**kw) -> Reading:
    return Reading(threshold=0.1, **{"term_weights": WEIGHTS, **kw})


LIST_TEXT = ("The council is responsible for the following affairs:\n"
             "(i) preparing a draft of the gadget plan; and\n"
             "(ii) overall coordination of gadget measures.")
LIST = passage("art-9/para-1", LIST_TEXT, caption="Affairs of the Council", spans=(
    Span("art-9/para-1/item-1", LIST_TEXT.index("(i)"), LIST_TEXT.index("\n(ii)")),
    Span("art-9/para-1/item-2", LIST_TEXT.index("(ii)"), len(LIST_TEXT))))
CHAIR = passage("art-10/para-1", "The chair of the council is the Minister of Gadgets. "
                "The chair presides over the council.")
OTHER = passage("art-3/para-1", "Widget makers must keep records of each widget sold.")


def lines_and_markers(text: str) -> list[tuple[str, int]]:
    return [(line, int(re.search(r"\[(\d+)\]$", line).group(1))) for line in text.split("\n")]


def test_a_lead_in_brings_its_items_in_reading_order():
    answer = answerer().answer("What affairs is the gadget council responsible for?", hits_of(LIST, OTHER))
    assert not answer.abstained
    lines = answer.answer.split("\n")
    assert len(lines) == 3
    assert "following affairs:" in lines[0] and "(i) preparing" in lines[1] and "(ii) overall" in lines[2]
    assert [c.path for c in answer.citations] == ["art-9/para-1", "art-9/para-1/item-1",
                                                 "art-9/para-1/item-2"]
    for line, n in lines_and_markers(answer.answer):  # every quote is its citation's, verbatim
        assert answer.citations[n - 1].quote in line
        assert answer.citations[n - 1].quote in LIST_TEXT


def test_an_item_quoted_alone_gets_its_lead_in():
    answer = answerer(max_sentences=2).answer("Who does the overall coordination of gadget measures?",
                                              hits_of(LIST))
    lines = answer.answer.split("\n")
    assert "following affairs:" in lines[0]
    assert "(ii) overall coordination" in lines[1]


def test_an_item_of_a_later_part_of_a_long_provision_gets_the_lead_in_from_the_first_part():
    # a provision indexed in two parts: the lead-in and item (i) in the first, item (ii) in the second
    cut = LIST_TEXT.index("(ii)")
    first = replace(LIST, passage_id=f"{LIST.passage_id}#1", text=LIST_TEXT[:cut], part=1, parts=2,
                    offset=0, spans=LIST.spans[:1])
    second = replace(LIST, passage_id=f"{LIST.passage_id}#2", text=LIST_TEXT[cut:], part=2, parts=2,
                     offset=cut, spans=(Span("art-9/para-1/item-2", 0, len(LIST_TEXT) - cut),))
    whole = merge_parts([first, second])
    question = "Who does the overall coordination of gadget measures?"
    alone = answerer(max_sentences=2).answer(question, hits_of(second))
    assert [c.path for c in alone.citations] == ["art-9/para-1/item-2"]  # no lookup: the part alone
    lookup = {(LIST.doc_id, LIST.language, LIST.path): whole}
    reassembling = answerer(max_sentences=2, provision=lambda *key: lookup.get(key))
    answer = reassembling.answer(question, hits_of(second))
    lines = answer.answer.split("\n")
    assert "following affairs:" in lines[0] and "(ii) overall coordination" in lines[1]
    assert [c.path for c in answer.citations] == ["art-9/para-1", "art-9/para-1/item-2"]
    assert all(c.quote in LIST_TEXT and c.text == LIST_TEXT for c in answer.citations)  # cited whole


def test_a_japanese_lead_in_naming_the_items_brings_them():
    text = ("この法律において「歯車」とは、次の各号のいずれかに該当するものをいう。\n"
            "一 青く塗られたもの\n二 銀で作られたもの")  # the items hold none of the question's words
    gear = Passage(
        passage_id="gadget-act:ja:art-2/para-1", doc_id="gadget-act", language="ja", path="art-2/para-1",
        text=text, label="第二条第一項", ref="第二条第一項", title="ガジェット法", short_title="ガジェット法",
        caption="定義", chapter="", kind="act", jurisdiction="JP", version="test", url=None,
        legal_effect=True, authority="original", spans=(
            Span("art-2/para-1/item-1", text.index("一 "), text.index("\n二")),
            Span("art-2/para-1/item-2", text.index("二 "), len(text))))
    answer = Reading(threshold=0.1).answer("「歯車」とは何ですか？",
                                                            [Hit(gear, 1.0, 1, dense=0.5)])
    assert [c.path for c in answer.citations] == ["art-2/para-1", "art-2/para-1/item-1",
                                                 "art-2/para-1/item-2"]


def test_the_best_matching_provision_leads_and_a_weak_one_is_not_cited():
    answer = answerer().answer("Who is the chair of the gadget council?", hits_of(CHAIR, OTHER))
    assert answer.citations[0].path == "art-10/para-1"
    assert answer.answer.startswith("art-10/para-1 of the Gadget Act: “The chair of the council")
    assert {c.path for c in answer.citations} == {"art-10/para-1"}  # OTHER scores far below


SHORT = passage("art-12/para-1", "Gadget inspectors may inspect gadget shops. "
                "They must show their certificate when asked.")
QUESTION = "Can a gadget inspector inspect my shop?"


@pytest.mark.parametrize(("whole_size", "quoted"), [(60, 2), (5, 1), (0, 1)])
def test_a_short_lead_provision_has_its_other_sentences_quoted(whole_size, quoted):
    """Its second sentence holds none of the question's words, but a provision no longer than the
    answer aimed for has it quoted too; a longer one (or with the rule off, 0) only in part."""
    answer = answerer(whole_size=whole_size).answer(QUESTION, hits_of(SHORT))
    assert answer.citations[0].path == "art-12/para-1"
    assert ("show their certificate" in answer.answer) == (quoted == 2)
    assert answer.answer.count("Gadget inspectors may inspect") == 1


def test_one_part_of_a_long_provision_is_not_taken_for_a_short_one():
    part = replace(SHORT, part=3, parts=3)
    answer = answerer(whole_size=60).answer(QUESTION, hits_of(part))
    assert "show their certificate" not in answer.answer


def test_a_short_provision_s_list_lead_in_is_not_quoted_without_its_items():
    text = ("Gadget inspectors may inspect gadget shops. They must report the following matters:\n"
            "(i) the shop's name; and\n(ii) what they found.")
    listing = passage("art-13/para-1", text, spans=(
        Span("art-13/para-1/item-1", text.index("(i)"), text.index("\n(ii)")),
        Span("art-13/para-1/item-2", text.index("(ii)"), len(text))))
    answer = answerer(whole_size=60).answer(QUESTION, hits_of(listing))
    assert answer.citations[0].path == "art-13/para-1"
    assert "following matters" not in answer.answer and "shop's name" not in answer.answer


def test_a_question_for_an_amount_still_abstains_when_only_another_sentence_has_a_number():
    fee = passage("art-14/para-1", "The gadget inspection fee is set by Cabinet Order. "
                  "Reports are kept for 5 years.")
    answer = answerer(whole_size=60).answer("How much is the gadget inspection fee?", hits_of(fee))
    assert answer.abstained and "5 years" not in answer.answer


def test_another_provision_is_cited_only_when_nearly_as_good():
    hits = hits_of(CHAIR, LIST)
    question = "What does the gadget council chair do, and what are the council's affairs?"
    strict = answerer(cite_ratio=1.0).answer(question, hits)
    loose = answerer(cite_ratio=0.0).answer(question, hits)
    assert {c.passage_id for c in strict.citations} == {CHAIR.passage_id}
    assert {c.passage_id for c in loose.citations} == {CHAIR.passage_id, LIST.passage_id}
    assert loose.answer.split("\n")[0].startswith("art-10/para-1")  # the lead provision first


def test_another_provision_adding_no_question_term_is_not_cited():
    twin = passage("art-11/para-1", "The chair of the gadget council is appointed by the Minister.")
    answer = answerer(cite_ratio=0.0).answer("Who is the chair of the gadget council?",
                                            hits_of(CHAIR, twin))
    assert {c.passage_id for c in answer.citations} == {CHAIR.passage_id}


def test_at_most_max_sentences_are_quoted():
    long_text = " ".join(f"Gadget council member {i} inspects gadgets." for i in range(1, 9))
    p = passage("art-4/para-1", long_text)
    answer = answerer(max_sentences=5).answer("What do gadget council members inspect?", hits_of(p))
    assert 1 <= len(answer.answer.split("\n")) <= 5


def test_a_word_budget_drops_supporting_sentences_but_never_the_answer():
    question = "What does the gadget council chair do, and what are the council's affairs?"
    hits = hits_of(CHAIR, LIST)
    full = answerer(cite_ratio=0.0).answer(question, hits)
    brief = answerer(cite_ratio=0.0, max_words=12).answer(question, hits)
    tiny = answerer(cite_ratio=0.0, max_words=1).answer(question, hits)
    assert {c.passage_id for c in full.citations} == {CHAIR.passage_id, LIST.passage_id}
    assert len(brief.answer.split()) < len(full.answer.split())
    assert {c.passage_id for c in brief.citations} == {CHAIR.passage_id}  # the lead provision stays
    assert tiny.citations and tiny.citations[0].path == "art-10/para-1"  # even over the budget


FAQ = passage("faq-2", "No fee is charged for gadget certification. Renewal is also free.",
              doc="gadget-explainer", kind="faq", caption="Is there a fee for gadget certification?",
              ref="faq 2")
SECTION = passage("sec-5", "Gadget certification is handled by the council. It takes a month.",
                  doc="gadget-explainer", kind="faq", caption="Certification")


def test_a_matching_faq_entry_is_answered_from_its_answer():
    answer = answerer().answer("Do I have to pay a fee for gadget certification?", hits_of(SECTION, FAQ))
    assert [c.path for c in answer.citations] == ["faq-2"]
    assert "No fee is charged" in answer.answer and "Renewal is also free." in answer.answer


def test_a_faq_entry_about_something_else_is_not_used_as_the_answer():
    other = passage("faq-3", "Lamps must be bright.", doc="gadget-explainer", kind="faq",
                    caption="How bright must gadget lamps be?", ref="faq 3")
    answer = answerer().answer("Who is the chair of the gadget council?", hits_of(CHAIR, other))
    assert [c.path for c in answer.citations] == ["art-10/para-1"]


def test_a_question_for_an_amount_abstains_when_no_number_is_quoted():
    question = "What is the fee rate for gadget certification?"
    assert asks_for_amount("What corporate tax rate applies?") and asks_for_amount(question)
    assert not asks_for_amount("Who chairs the gadget council?")
    answer = answerer().answer(question, hits_of(SECTION))
    assert answer.abstained and answer.citations == [] and answer.related
    assert "asks for a number" in answer.answer  # the user is told why
    priced = passage("art-12/para-1", "The fee for gadget certification is 3,000 yen.")
    assert not answerer().answer(question, hits_of(priced)).abstained
    assert has_number("a fine of not more than one million yen") and not has_number("a fine")


@pytest.mark.parametrize("question", [
    "How many days do we have to report a gadget fault?", "For how long must gadget records be kept?",
    "At what age may a child buy a gadget?", "歯車の記録は何年保存しなければなりませんか？",
    "何日以内に報告しますか？", "何歳未満なら親の同意が必要ですか？",
    "What is the exact amount of lamp power above which the duty applies?",
    "What is the wattage threshold for gadget inspections?", "What is the minimum number of inspectors?",
])
def test_questions_for_a_count_a_period_or_an_age_ask_for_a_number(question):
    assert asks_for_amount(question)


@pytest.mark.parametrize("question", [
    "How often is the gadget plan reviewed?",  # "regularly" or "as needed" answer it too
    "How does the council decide?", "歯車局は何をしますか？",
    "What is the purpose of the Gadget Act?", "What counts as a threshold device?",
])
def test_other_questions_do_not_ask_for_a_number(question):
    assert not asks_for_amount(question)


@pytest.mark.parametrize("text,expected", [
    ("The council has eight members.", True), ("委員八人をもって組織する。", True),
    ("records are kept for three years", True), ("五年ごとに見直す。", True),
    ("第一条の規定による。", False), ("the period the council prescribes", False),
    # the numbers of laws and provisions name a text; they are no answer to "what rate?"
    ("Gadget Finance Board | Gadget Board Act (Act No. 57 of 2007)", False),
    ("as prescribed in Article 2, paragraph (9) and Articles 23 through 25", False),
    ("平成十九年法律第五十七号", False), ("the fee is 3,000 yen under Article 12", True),
    # nor do a paragraph's or an item's own number, or a compact reference to one
    ("(1) A gadget maker shall keep the threshold the Minister sets.", False),
    ("2. Gadget makers shall inspect lamps.", False),
    ("under Article 2(1)(ii) and subparagraph 3 of Article 4", False),
    ("(2) Lamps are inspected within 30 days.", True),
])
def test_numbers_in_words_and_kanji_with_counters_count(text, expected):
    assert has_number(text) is expected


def test_low_coverage_abstains_when_a_minimum_is_set():
    question = "What is the inspector's duty for bright lamps?"
    assert not answerer().answer(question, hits_of(OTHER)).abstained  # off by default
    assert answerer(min_coverage=0.5).answer(question, hits_of(OTHER)).abstained


def test_coverage_counts_the_statutory_words_for_the_question_s_plain_ones():
    plain_words = Reading(threshold=0.1)  # every term weighs 1
    local = passage("art-5/para-1", "Local public entities are to inspect each gadget lamp yearly.")
    plain = "What must prefectures do about gadget lamps?"  # the thesaurus: "local public entity"
    decision = plain_words.decide(plain, hits_of(local))
    own = term_coverage(plain_words.analyze(plain).terms, plain_words.reader.passage(local))
    assert own == 0.5 and decision.coverage == 0.75  # the statutory reading holds more of it
    assert not answerer(min_coverage=0.05).answer(plain, hits_of(local)).abstained
    # neither the question's words nor their statutory ones: nothing in it answers
    assert answerer(min_coverage=0.05).answer("What penalties apply to bright toys?",
                                              hits_of(OTHER)).abstained


def test_a_sentence_in_the_statute_s_wording_answers_the_plain_one():
    statute = passage("art-4/para-1", "The national government is to establish standards for gadget lamps.")
    other = passage("art-9/para-2", "Gadget lamps sold by makers carry a label.")
    question = "Must the State draw up standards for gadget lamps?"  # the State / draw up
    plain = Reading(threshold=0.1)
    assert {"state", "draw"} <= plain.reader.tokens(statute, statute.text)
    answer = plain.answer(question, hits_of(other, statute))  # the statute ranked second
    assert answer.citations[0].path == "art-4/para-1"


def ja_passage(path: str, text: str) -> Passage:
    return Passage(
        passage_id=f"gadget-act:ja:{path}", doc_id="gadget-act", language="ja", path=path, text=text,
        label=path, ref=path, title="ガジェット法", short_title="ガジェット法", caption="", chapter="",
        kind="act", jurisdiction="JP", version="test", url=None, legal_effect=True,
        authority="original", spans=())


def test_japanese_question_whose_words_the_evidence_lacks_abstains():
    lamp = ja_passage("art-4/para-1", "ガジェット協議会の委員長は、ガジェット大臣をもって充てる。")
    def ja_answerer(floor: float) -> Reading:  # every term weighs 1 (no idf table)
        return Reading(threshold=0.1, min_coverage=floor)

    asked = "明日の天気は晴れますか？"  # none of its words is in the passage: only rank backs it
    assert ja_answerer(0.0).answer(asked, hits_of(lamp)).abstained is False  # off: answered on rank
    assert ja_answerer(0.05).answer(asked, hits_of(lamp)).abstained
    on_topic = "ガジェット協議会の委員長はだれですか？"
    assert not ja_answerer(0.05).answer(on_topic, hits_of(lamp)).abstained


def test_question_terms_skip_question_words_and_weigh_rare_terms():
    terms = question_terms("What does the Act say about gadget inspectors?", WEIGHTS)
    assert "what" not in terms and "say" not in terms
    # auxiliaries and pronouns phrase the question; "must" stays (statutes' duties share it)
    assert set(question_terms("When did the Act come into force, and what must we do for them?",
                              None)) == {"come", "forc", "must"}
    assert terms["gadget"] == 5.0
    assert term_coverage({"gadget": 5.0, "widget": 1.0}, {"gadget"}) == 5.0 / 6.0
    assert term_coverage({}, {"gadget"}) == 0.0


@pytest.mark.parametrize(("text", "asks"), [
    ("Our gadget lamp is bright. Can an inspector inspect it?", ["Can an inspector inspect it?"]),
    ("Is a lamp a gadget? Must we pay a fee?", []),  # every sentence asks: nothing to set apart
    ("Tell me about gadget fees.", []),  # nothing asks
    ("当社はランプを売っています。検査官は立ち入れますか？", ["検査官は立ち入れますか？"]),
])
def test_the_asking_sentences_of_a_question_that_sets_out_a_situation(text, asks):
    assert asked_parts(text) == asks


def test_terms_of_the_question_sentences_weigh_more_after_a_situation():
    situation = "Our gadget lamp is bright. Can an inspector inspect it?"
    even = TermReader({}, WEIGHTS).terms(situation)
    assert even == {"gadget": 5.0, "lamp": 6.0, "bright": 5.0, "inspector": 5.0, "inspect": 4.0}
    leaning = TermReader({}, WEIGHTS, ask_weight=1.5).terms(situation)
    assert leaning == {**even, "inspector": 7.5, "inspect": 6.0}
    single = "Can an inspector inspect a bright gadget lamp?"  # one sentence: no situation to set apart
    assert TermReader({}, WEIGHTS, ask_weight=1.5).terms(single) == TermReader({}, WEIGHTS).terms(single)


def test_the_answer_quotes_what_is_asked_rather_than_the_situation():
    question = "Our gadget lamp is bright. Can an inspector inspect it?"
    situation = passage("art-2/para-1", "A gadget lamp must not be too bright.")
    asked = passage("art-7/para-1", "An inspector may inspect the premises of a maker.")
    def lead(ask_weight: float) -> str:
        reading = answerer(query=QuerySettings(ask_weight=ask_weight))
        return reading.decide(question, hits_of(situation, asked)).chosen[0].hit.passage.path
    assert lead(1.0) == "art-2/para-1"  # the situation's words are more, and it ranks first
    assert lead(3.0) == "art-7/para-1"


# the index's words: a token with an idf occurs in some indexed text
INDEXED = ({**WEIGHTS[0], **{t: 2.0 for t in tokenize("without notice need give maker recall must")}},
           8.0)


def test_a_question_mostly_in_words_no_text_uses_abstains():
    question = "Can a landlord evict a gadget tenant without notice?"
    tenant = passage("art-6/para-1", "A gadget maker must give notice of each gadget recall.")
    assert answerer(term_weights=INDEXED).known_share(question) == 0.5  # landlord, evict, tenant
    assert not answerer(term_weights=INDEXED).answer(question, hits_of(tenant)).abstained  # off
    refused = answerer(term_weights=INDEXED, min_known=0.6).answer(question, hits_of(tenant))
    assert refused.abstained and refused.answer.endswith("uses the words landlord, evict, tenant.")
    assert not answerer(term_weights=INDEXED, min_known=0.6).answer(
        "Must a gadget maker give notice?", hits_of(tenant)).abstained


def test_known_words_include_the_thesaurus_s_and_skip_names_and_japanese():
    # "chatbot" occurs in no text, but the thesaurus reads it as "AI systems"
    assert answerer(term_weights=INDEXED).known_share("Does our chatbot need a gadget certificate?") == 1.0
    # question words are not counted; "Gadget Act" names where to look
    assert answerer(aliases={"gadget-act": ["Gadget Act"]}).known_share(
        "What does the Gadget Act say about lamps?") == 1.0
    assert answerer().known_share("Gadget tenants?") == 0.5
    assert answerer().known_share("ガジェットの天気はどうですか？") == 1.0  # bigrams say little
    assert Reading(threshold=0.1).known_share("landlord tenant") == 1.0  # no idf


def test_the_answer_section_reads_the_answer_fields():
    settings = Settings(answer_max_sentences=2, answer_cite_ratio=0.5, answer_min_coverage=0.3,
                        abstain_threshold=0.2, answer_min_known=0.4)
    a = settings.answer
    assert (a.max_sentences, a.cite_ratio, a.min_coverage, a.threshold) == (2, 0.5, 0.3, 0.2)
    assert a.min_known == 0.4 and a.weights.definition_bonus == 0.2


def test_sweep_curves_per_signal_and_margins():
    records = [
        SweepRecord(True, evidence=0.6, refused=False, fact_recall=1.0, coverage=0.5),
        SweepRecord(True, evidence=0.4, refused=False, fact_recall=0.5, coverage=0.2),
        SweepRecord(False, evidence=0.5, refused=False, fact_recall=None, coverage=0.1),
        SweepRecord(False, evidence=0.7, refused=False, fact_recall=None, coverage=0.4,
                    amount_missing=True),
        SweepRecord(False, evidence=0.9, refused=True, fact_recall=None, coverage=0.9),
    ]
    low, high = sweep(records, [0.0, 0.45], "evidence")
    assert (low.unanswerable_abstained, low.false_abstain, low.fact_recall) == (0.6667, 0.0, 0.75)
    assert (high.unanswerable_abstained, high.false_abstain, high.fact_recall) == (0.6667, 0.5, 0.5)
    (row,) = sweep(records, [0.15], "coverage")
    assert (row.unanswerable_abstained, row.false_abstain) == (1.0, 0.0)
    (held,) = sweep(records, [0.0], "coverage", fixed={"evidence": 0.45})
    assert held.false_abstain == 0.5
    (no_rule,) = sweep(records, [0.0], "coverage", amount_rule=False)
    assert no_rule.unanswerable_abstained == 0.3333
    assert margins(records, "coverage") == (0.1, 0.2)
    assert margins(records, "evidence") == (0.5, 0.4)  # evidence does not separate them
    assert margins(records, "coverage", amount_rule=False) == (0.4, 0.2)
    bare = sweep(records, [0.0, 0.45], amount_rule=False)
    table = render([low, high], 0.45, "evidence", without_amount=bare)
    assert "<- current" in table.splitlines()[2] and "(no amount rule)" in table.splitlines()[0]


def test_sweep_scores_the_known_words_signal():
    records = [SweepRecord(True, evidence=0.6, refused=False, fact_recall=1.0, known=0.5),
               SweepRecord(False, evidence=0.6, refused=False, fact_recall=None, known=0.25),
               SweepRecord(False, evidence=0.6, refused=False, fact_recall=None)]  # known 1.0
    (row,) = sweep(records, [0.35], "known")
    assert (row.unanswerable_abstained, row.false_abstain) == (0.5, 0.0)
    assert margins(records, "known") == (1.0, 0.5)


def lead_path(question: str, *passages: Passage, **kw) -> str:
    """The path of the provision the answer leads with."""
    return answerer(**kw).answer(question, hits_of(*passages)).citations[0].path


def test_a_definition_question_leads_with_the_defining_sentence():
    use = passage("art-5/para-1", "A gadget council member must inspect each smart gadget yearly.")
    define = passage("art-2/para-1", 'In this Act, "smart gadget" means a gadget with a lamp.')
    question = "What counts as a 'smart gadget'?"
    assert lead_path(question, use, define) == "art-2/para-1"
    assert lead_path(question, use, define, definition_bonus=0.0) == "art-5/para-1"


def test_a_sentence_that_only_rewords_another_provision_does_not_lead():
    # ranked first and full of the question's words, but it only adapts Article 9's wording
    rewords = passage("art-12/para-2", 'In this case, the phrase "gadget lamp inspection" in Article 9 is '
                                       'deemed to be replaced with "gadget lamp inspection fee".')
    rule = passage("art-9/para-1", "A gadget lamp inspection costs a fee set by the council.")
    question = "Is there a fee for the gadget lamp inspection?"
    assert lead_path(question, rewords, rule) == "art-9/para-1"
    assert lead_path(question, rewords, rule, rewording_penalty=0.0) == "art-12/para-2"


@pytest.mark.parametrize("text", [
    'In this case, the phrase "loss or damage" in Article 4 is deemed to be replaced with "loss".',
    'the terms "each gadget" in Article 7 are replaced with "each smart gadget".',
    "この場合において、同条中「点検し、又は修理し」とあるのは、「点検し」と読み替えるものとする。",
])
def test_rewording_sentences_are_recognised(text):
    assert rewords_another_provision(text)


@pytest.mark.parametrize("text", [
    "Articles 4 through 6 apply mutatis mutandis to smart gadgets.",
    'In this Act, "smart gadget" means a gadget with a lamp.',
    "前条の規定は、ガジェットの点検については、適用しない。",
])
def test_substantive_sentences_are_not_rewordings(text):
    assert not rewords_another_provision(text)


# --------------------------------------------------------------------------- what the answer weighs

WORDS = ({**WEIGHTS[0], "offic": 4.0, "handl": 2.0, "safeti": 3.0, "cabinet": 3.0, "consist": 2.0,
          "label": 5.0, "devic": 3.0, "joint": 5.0, "share": 4.0, "databas": 5.0, "merger": 5.0,
          "entrust": 5.0, "consent": 3.0, "korea": 3.0, "china": 3.0, "japan": 3.0}, 8.0)
COUNCIL_TEXT = 'A widget safety council (referred to below as the "council") is established.'


def test_a_short_form_stands_for_the_full_name_it_abbreviates():
    establish = passage("art-9/para-1", COUNCIL_TEXT)
    members = passage("art-10/para-1", "A widget safety council consists of the chair and the members "
                                       "of the widget safety council.")
    affairs = passage("art-11/para-1", "Affairs concerning the council are handled by the Cabinet Office.")
    question = "Which office handles the affairs of the Widget Safety Council?"
    hits = hits_of(affairs, members, establish)
    weights = ({**WORDS[0], "widget": 4.0, "safeti": 5.0}, 8.0)  # the name's words weigh much
    plain = Reading(threshold=0.1, term_weights=weights).answer(question, hits)
    # read literally, "the council" lacks "widget safety": the provision spelling the name out is
    # cited beside the one that answers
    assert {c.path for c in plain.citations} == {"art-11/para-1", "art-10/para-1"}
    read = Reading(threshold=0.1, term_weights=weights,
                              abbreviations=Abbreviations.from_passages([establish, members, affairs]))
    answer = read.answer(question, hits)
    assert [c.path for c in answer.citations] == ["art-11/para-1"]
    assert "Cabinet Office" in answer.answer


LIST5_TEXT = ("In the following cases, a recipient of gadget data is not a third party:\n"
              "(i) the gadget maker entrusts the handling of the data;\n"
              "(ii) the data is provided with the business in a merger;\n"
              "(iii) the data is in joint use by specified gadget makers.")
LIST5 = passage("art-27/para-5", LIST5_TEXT, spans=tuple(
    Span(f"art-27/para-5/item-{n}", LIST5_TEXT.index(f"({roman})"),
         LIST5_TEXT.index(f"\n({nxt})") if nxt else len(LIST5_TEXT))
    for n, roman, nxt in ((1, "i", "ii"), (2, "ii", "iii"), (3, "iii", None))))


def test_an_item_that_answers_brings_its_lead_in_but_not_the_other_items():
    answer = Reading(threshold=0.1, term_weights=WORDS).answer(
        "Gadget makers want joint use of one shared database. Is that allowed?", hits_of(LIST5))
    assert [c.path for c in answer.citations] == ["art-27/para-5", "art-27/para-5/item-3"]
    assert "(iii) the data is in joint use" in answer.answer and "(i) the gadget" not in answer.answer


def test_a_lead_in_that_answers_still_brings_every_item():
    answer = Reading(threshold=0.1, term_weights=WORDS).answer(
        "When is a recipient of gadget data not a third party?", hits_of(LIST5))
    assert [c.path for c in answer.citations] == [
        "art-27/para-5", "art-27/para-5/item-1", "art-27/para-5/item-2", "art-27/para-5/item-3"]


ALIASES = {"gadget-act": ["Gadget Act"], "widget-act": ["Widget Act"]}
GADGET_LABEL = passage("art-4/para-1", "Makers must put a label on each device they sell.")
GADGET_DEFS = passage("art-2/para-1", "In this Act, a gadget act means an act on a gadget device.")
WIDGET_LABEL = passage("art-6/para-1", "A label is required on each widget device.", doc="widget-act")


def test_the_names_of_documents_and_places_are_not_what_a_question_asks_about():
    a = Reading(threshold=0.1, term_weights=WORDS, aliases=ALIASES)
    assert a.analyze("Does the Gadget Act in Japan require labels?").subject == "Does the in require labels?"
    question = "Does the Gadget Act require a label on devices?"
    # a provision repeating the document's name ("gadget") does not outrank the one on labels
    assert a.answer(question, hits_of(GADGET_DEFS, GADGET_LABEL)).citations[0].path == "art-4/para-1"
    literal = Reading(threshold=0.1, term_weights=WORDS)
    assert literal.answer(question, hits_of(GADGET_DEFS, GADGET_LABEL)).citations[0].path == "art-2/para-1"


def test_a_comparison_quotes_each_document_it_names():
    a = Reading(threshold=0.1, term_weights=WORDS, aliases=ALIASES)
    question = "Do the Gadget Act and the Widget Act both require labels on devices?"
    hits = hits_of(GADGET_LABEL, GADGET_DEFS, passage("art-5/para-1", "Gadget devices are sold."),
                   WIDGET_LABEL)
    assert compared(a, question) == ("doc_id", ["gadget-act", "widget-act"])
    answer = a.answer(question, hits)
    assert [(c.doc_id, c.path) for c in answer.citations] == [
        ("gadget-act", "art-4/para-1"), ("widget-act", "art-6/para-1")]
    # asked of one document, the other is not quoted
    one = a.answer("Does the Gadget Act require labels on devices?", hits)
    assert {c.doc_id for c in one.citations} == {"gadget-act"}
    assert compared(a, "Do Korea and China both require labels?") == ("jurisdiction", ["KR", "CN"])
    # naming two places is not comparing them
    assert compared(a, "Can a company in Korea sell gadgets to people in China?") == ("", [])
    # asking about each in its own sentence is
    assert compared(a, "Korea reviews its gadget plan on a cycle. How often, and does Japan set one?") == \
        ("jurisdiction", ["KR", "JP"])


def test_a_question_naming_only_a_document_keeps_the_names_words():
    a = Reading(threshold=0.1, term_weights=WORDS, aliases=ALIASES)
    assert a.analyze("Tell me about the Gadget Act").terms == {"gadget": 5.0}
    assert "gadget" not in a.analyze("What does the Gadget Act say about labels?").terms


def compared(reading: Reading, question: str) -> tuple[str, list[str]]:
    comparison = reading.analyze(question).comparison
    return comparison.attr, comparison.values


def test_an_english_question_no_hit_has_a_similarity_for_is_scored_by_words_and_rank_alone():
    """Reach ranked it (search/searcher.py): the embedder was not run, so no hit carries its
    similarity, and the sentences are scored as a Japanese question's are, not with a zero
    similarity that would sink every English sentence below the abstention threshold."""
    hits = hits_of(passage("art-3", "The council shall draft the gadget plan."),
                   passage("art-4", "The chair presides over meetings."))
    unread = [Hit(h.passage, h.score, h.rank, dense=None) for h in hits]
    reading = Reading(similarity=0.3, lexical=0.25, context=0.15, prior=0.3,
                      lexical_ja=0.4, context_ja=0.2, prior_ja=0.4)
    question = "Who drafts the gadget plan?"
    best = reading.candidates(question, unread)[0]
    assert best.hit.passage.path == "art-3"
    # words-only weights: 0.4 x lexical + 0.2 x context + 0.4 x the rank prior (1.0 for the first)
    assert best.score == pytest.approx(0.4 * best.lexical + 0.2 * best.lexical + 0.4)
    with_similarity = reading.candidates(question, hits)[0]
    assert with_similarity.score == pytest.approx(0.3 * 0.5 + 0.25 * with_similarity.lexical
                                                  + 0.15 * with_similarity.lexical + 0.3)


def test_a_provision_the_question_names_by_number_leads():
    # another provision cites it and holds more of the question's words; the one named leads
    citing = passage("art-12/para-1", "The chair of the gadget council must report under Article 10 "
                     "on every gadget inspection the council orders.")
    reading = answerer(aliases={"gadget-act": ["Gadget Act"]},
                       paths={"gadget-act": frozenset({"art-10/para-1", "art-12/para-1"})})
    question = "What does Article 10 of the Gadget Act say about the chair reporting on gadget inspections?"
    assert [r.path for r in reading.analyze(question).refs] == ["art-10"]
    answer = reading.answer(question, hits_of(citing, CHAIR))
    assert answer.citations[0].path == "art-10/para-1"
    # without the number, the provision holding the question's words leads
    assert reading.answer("Must the chair report on gadget inspections?",
                          hits_of(citing, CHAIR)).citations[0].path == "art-12/para-1"



def test_a_question_asking_two_things_gets_a_sentence_for_each():
    term = passage("art-11/para-1", "The term of office of the chair of the council is five years.")
    again = passage("art-11/para-2", "A chair may be reappointed once.")
    hits = hits_of(term, OTHER, again)  # the second answer ranks third: no supporting sentence
    one = answerer().answer("How long is the term of office of the council's chair?", hits)
    assert [c.path for c in one.citations] == ["art-11/para-1"]
    both = answerer().answer("How long is the term of office of the council's chair? Can the chair be "
                             "reappointed?", hits)
    assert [c.path for c in both.citations] == ["art-11/para-1", "art-11/para-2"]


def test_a_provision_named_by_number_is_answered_from_even_when_it_holds_no_other_word_of_the_question():
    reading = answerer(aliases={"gadget-act": ["Gadget Act"]}, min_coverage=0.05,
                       paths={"gadget-act": frozenset({"art-3/para-1", "art-4/para-1"})})
    question = "What does Article 3 of the Gadget Act require?"
    assert "3" not in reading.analyze(question).terms  # its number says where to look, not what about
    receipts = passage("art-4/para-1", "Sellers keep receipts for a year.")
    answer = reading.answer(question, hits_of(OTHER, receipts))
    assert not answer.abstained and answer.citations[0].path == "art-3/para-1"


def test_a_question_about_what_a_named_provision_does_not_say_leads_with_the_one_that_does():
    # the penalty for breaking Article 3 is in another provision, which cites it
    text = "A person who breaches Article 3 is liable to a fee of 10,000 yen."
    penalty = replace(passage("art-20/para-1", text), cross_refs=("art-3/para-1",))
    reading = answerer(aliases={"gadget-act": ["Gadget Act"]},
                       paths={"gadget-act": frozenset({"art-3/para-1", "art-20/para-1"})})
    answer = reading.answer("What fee applies under Article 3 of the Gadget Act?", hits_of(OTHER, penalty))
    assert answer.citations[0].path == "art-20/para-1"


def test_a_question_asking_when_a_law_takes_effect_is_answered_by_its_commencement_provision():
    # a provision sharing the question's words ("effectively", "take") ranks first; the addendum
    # that says when the act enters into force ranks second and answers
    funding = passage("art-37", "The State shall secure funds to effectively promote gadget policy and "
                      "take the measures this Act requires.")
    addenda = replace(passage("suppl/art-1", "This Act shall enter into force one year after the date of "
                              "its promulgation.", ref="Addenda, Article 1"),
                      chapter="ADDENDA <Act No. 1, Jan. 1, 2027>")
    question = "When does the gadget law take effect?"
    assert answerer().analyze(question).asks_commencement
    answer = answerer().answer(question, hits_of(funding, addenda))
    assert not answer.abstained and answer.citations[0].path == "suppl/art-1"
    # ranked below the first few, it is not taken: the search decides what is relevant
    far = hits_of(funding, OTHER, CHAIR, addenda)
    assert answerer().answer(question, far).citations[0].path == "art-37"
    # a question about review after the law took effect asks no date of commencement
    assert not answerer().analyze("施行後に政府が内容を見直すことになっていますか？").asks_commencement
    assert not answerer().analyze("この法律が施行された後、政府は見直しを行いますか？").asks_commencement
    assert answerer().analyze("施行日はいつですか？").asks_commencement
    assert answerer().analyze("いつ施行されますか？").asks_commencement
