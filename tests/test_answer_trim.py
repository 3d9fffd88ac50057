"""Cutting a long quoted sentence down to what bears on the question (answer/trim.py), and the
answer's shape around it: the grounding guard accepts trimmed quotes, the answer quotes at most
two supporting sentences, and a list's items only when the question asks for the list. Pure:
invented "Gadget Act" texts and hand-made hits, no index."""

from __future__ import annotations

import re

import pytest
from answer_support import Reading

from answer.grounding import REASON_QUOTE, CitedPassage, GroundingGuard
from answer.trim import asides, clause_starts, excerpt, size, trim
from core.settings import Settings, TrimSettings
from ingest.records import Passage, Span
from query.analysis import asks_for_list
from search.hits import Hit

LONG = ("Before a gadget maker sells a gadget to a buyer in a foreign country (excluding a buyer that runs "
        "a system meeting the standards the council sets for the continuous safe keeping of lamps and "
        "their spare parts), the maker must obtain the consent of the gadget's owner to the sale; "
        "provided, however, that this does not apply to a gadget handed over for repair.")
GLOSS = ("The council is to promote the shared use of workshops, test benches and gadget templates "
         "(meaning collections of drawings prepared for a specific purpose) and other common foundations, "
         "in order to make such workshops widely available to makers and repairers across the country.")
NUMBERED = ("The council may order a gadget maker that keeps breaking the rules on lamps to stop selling "
            "them; notices of such orders are posted at the offices of the council and printed in the "
            "gazette of the ministry for the public; the order lapses after 30 days unless renewed.")
PHRASED = ("The council may order a gadget maker that keeps breaking the rules on lamps to stop selling "
           "them, in accordance with the procedure laid down by the ministry after hearing the maker in "
           "person or in writing at the offices of the council.")


def bears(*terms: str):
    """What of the question a text holds: here, the given words, by substring."""
    return lambda text: frozenset(t for t in terms if t in text.lower())


def pieces_of(text: str, *terms: str, ja: bool = False, **settings) -> list[str]:
    return [text[a:b] for a, b in trim(text, bears(*terms), ja, None, TrimSettings(**settings))]


def test_an_aside_holding_nothing_asked_is_cut_and_every_piece_is_verbatim():
    pieces = pieces_of(LONG, "foreign", "consent", "sell")
    assert all(p in LONG for p in pieces)
    quote = excerpt(LONG, trim(LONG, bears("foreign", "consent", "sell"), False))
    assert "excluding a buyer" not in quote and "…" in quote
    assert "must obtain the consent" in quote
    assert "provided, however, that this does not apply" in quote  # the rule's exception stays with it


def test_an_aside_holding_a_question_term_the_rest_lacks_stays():
    quote = excerpt(LONG, trim(LONG, bears("foreign", "consent", "spare part"), False, {"spare part": 5.0}))
    assert "spare parts" in quote


def test_an_aside_glossing_a_word_asked_about_stays():
    quote = excerpt(GLOSS, trim(GLOSS, bears("template"), False))
    assert "(meaning collections of drawings prepared for a specific purpose)" in quote


def test_a_clause_stating_a_quantity_stays_though_it_holds_no_question_term():
    quote = excerpt(NUMBERED, trim(NUMBERED, lambda t: bears("order", "lamp")(t) | (
        frozenset({"#n"}) if re.search(r"\d", t) else frozenset()), False))
    assert "30 days" in quote
    assert "notices of such orders" not in quote and " … " in quote


def test_qualifying_phrases_are_cut_only_when_set():
    assert pieces_of(PHRASED, "order", "lamp") == [PHRASED]  # no clause boundary by default
    cut = pieces_of(PHRASED, "order", "lamp", phrases=True)
    assert cut == ["The council may order a gadget maker that keeps breaking the rules on lamps to stop "
                   "selling them"]


def test_short_sentences_and_small_savings_stay_whole():
    short = "The chair of the gadget council is the Minister of Gadgets (who is appointed by the Cabinet)."
    assert pieces_of(short, "chair") == [short]
    assert pieces_of(LONG, "foreign", min_cut=500) == [LONG]  # a cut saving too little is not made
    assert pieces_of(LONG, "nothing-asked") == [LONG]  # nothing in it bears on the question


def test_the_clauses_and_asides_found():
    starts = clause_starts(LONG, False)
    assert LONG[starts[1]:].startswith("provided, however")  # after the semicolon
    (x, y), = asides(LONG, False, 4)
    assert LONG[x:y].startswith("(excluding a buyer") and LONG[x:y].endswith("parts)")
    ja = "歯車製造者は、修理のために歯車を預かる場合には、あらかじめ所有者の同意を得なければならない。"
    assert ja[clause_starts(ja, True)[1]:].startswith("あらかじめ")


def test_a_japanese_sentence_keeps_its_last_clause_and_drops_an_unasked_condition():
    text = ("歯車製造者は、ランプの予備部品を継続的に保管する体制を整備している者として協議会が定める基準に"
            "適合する者に歯車を譲り渡す場合には、あらかじめ、当該歯車の所有者の同意を得なければならない。")
    quote = excerpt(text, trim(text, bears("同意", "所有者"), True), ja=True)
    assert quote.startswith("…") and quote.endswith("同意を得なければならない。")
    assert "基準に適合" not in quote
    assert size(text, True) == len(text) // 2


def test_the_guard_accepts_a_trimmed_quote_and_refuses_a_piece_not_in_the_text():
    quote = excerpt(LONG, trim(LONG, bears("foreign", "consent", "sell"), False))
    cited = {1: CitedPassage(LONG, "Article 4(1), Gadget Act")}
    guard = GroundingGuard()
    ok = guard.check(f"Article 4(1) of the Gadget Act: “{quote}” [1]", cited)
    assert not ok.removed and ok.kept_numbers == [1]
    forged = quote.replace("the maker must obtain", "the maker need not obtain")
    bad = guard.check(f"Article 4(1) of the Gadget Act: “{forged}” [1]", cited)
    assert [r.reason for r in bad.removed] == [REASON_QUOTE]


# ---------------------------------------------------------------- the answer around the trim

def passage(path: str, text: str, spans: tuple[Span, ...] = (), doc: str = "gadget-act") -> Passage:
    return Passage(
        passage_id=f"{doc}:en:{path}", doc_id=doc, language="en", path=path, text=text,
        label=f"{path}, Gadget Act", ref=path, title="Act on Gadgets", short_title="Gadget Act",
        caption="", chapter="", kind="act", jurisdiction="JP", version="test", url=None,
        legal_effect=False, authority="translation", spans=spans)


def hits_of(*passages: Passage) -> list[Hit]:
    return [Hit(p, 1.0 / (60 + i), i, dense=0.5) for i, p in enumerate(passages, start=1)]


WEIGHTS = ({"gadget": 3.0, "sell": 4.0, "abroad": 5.0, "foreign": 5.0, "consent": 5.0, "buyer": 3.0,
            "notic": 4.0, "item": 2.0, "record": 2.0, "lamp": 4.0, "cog": 4.0, "spring": 4.0, "gear": 4.0},
           8.0)
NOTICE = ("Notwithstanding the preceding paragraph, a gadget maker may sell a gadget to a foreign buyer "
          "without the owner's consent if the maker gives the owner notice of the following matters in "
          "advance:\n(i) the name and address of the maker;\n"
          "(ii) the fact that the sale to a foreign buyer is intended;\n"
          "(iii) the way the owner may stop the sale to a foreign buyer.")
LIST = passage("art-5/para-2", NOTICE, spans=tuple(
    Span(f"art-5/para-2/item-{n}", NOTICE.index(label), (NOTICE.index(nxt) if nxt else len(NOTICE)))
    for n, (label, nxt) in enumerate([("(i)", "\n(ii)"), ("(ii)", "\n(iii)"), ("(iii)", "")], start=1)))


def reading(**kw) -> Reading:
    return Reading(threshold=0.1, term_weights=WEIGHTS, **kw)


def test_a_list_the_question_does_not_ask_for_is_not_quoted():
    question = "Can a gadget maker sell a gadget to a foreign buyer without consent?"
    assert not asks_for_list(question)
    answer = reading().answer(question, hits_of(LIST))
    assert not answer.abstained
    assert [c.path for c in answer.citations] == ["art-5/para-2"]


def test_a_question_asking_for_the_list_gets_its_items():
    question = "What are the matters a gadget maker must give notice of before selling to a foreign buyer?"
    assert asks_for_list(question)
    answer = reading().answer(question, hits_of(LIST))
    assert [c.path for c in answer.citations] == ["art-5/para-2", "art-5/para-2/item-1",
                                                 "art-5/para-2/item-2", "art-5/para-2/item-3"]
    assert len(answer.answer.split("\n")) == 4
    assert answer.answer.split("\n")[1].startswith("Article 5(2)(i): “(i)")  # the title once


@pytest.mark.parametrize("question,expected", [
    ("What kinds of gadgets need a lamp?", True), ("List the duties of gadget makers.", True),
    ("Which types of lamps are allowed?", True), ("歯車製造者にはどのような義務がありますか？", True),
    ("Who chairs the gadget council?", False), ("Can we sell our customer list abroad?", False),
    ("歯車を海外に売るには同意が必要ですか？", False),
])
def test_a_list_question_asks_for_the_members_of_a_set(question, expected):
    assert asks_for_list(question) is expected


def test_at_most_two_sentences_support_the_one_that_answers():
    text = ("A gadget maker must record its lamps. A gadget maker must record its cogs. Such notes are kept. "
            "A gadget maker must record its springs. A gadget maker must record its gear.")
    question = "Must a gadget maker record its lamps, cogs, springs and gears?"
    answer = reading().answer(question, hits_of(passage("art-6/para-1", text)))
    assert len(re.findall(r"must record its", answer.answer)) == 3  # each adds a part the others lack
    assert len(answer.answer.split("\n")) == 1  # sentences of one provision share its line and number
    assert [c.n for c in answer.citations] == [1]
    # sentences that follow each other are joined as they stand; a sentence left out shows as "…"
    assert "its lamps. A gadget maker must record its cogs. … A gadget maker must record its springs." \
        in answer.answer
    one = reading(max_support_sentences=0).answer(question, hits_of(passage("art-6/para-1", text)))
    assert len(re.findall(r"must record its", one.answer)) == 1


def test_the_support_limit_is_a_setting():
    assert Settings(answer_max_support_sentences=1).answer.max_support_sentences == 1
    assert Settings().answer.max_support_sentences == 2
