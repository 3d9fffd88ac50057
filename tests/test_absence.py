"""Answers about what a law does not contain: a question for a penalty (or a registration, or a
deadline) of a named law whose own structure has none says so, as an abstention, with that law's
closest provisions as related. Invented laws only: the widget act (no penal chapter, no
registration), a lamp act with a penal chapter and a deadline, and a kite act with neither."""

from __future__ import annotations

import pytest
from widget_index import FIXTURES, widget_sources

from answer.absence import left_to_unindexed
from answer.messages import ABSTAIN_EN, Finding, abstention, no_cycle, no_deadline
from answer.pipeline import QAPipeline
from core.settings import Settings
from index.build import build_index, documents_meta
from index.store import load_index
from ingest.pipeline import ingest_source
from ingest.records import Passage
from query.catalog import document_roles
from query.roles import (
    CYCLE,
    DEADLINE,
    PENALTY,
    REGISTRATION,
    asked_roles,
    provision_roles,
    supervisory_measures,
)


def _lamp(path: str, text: str, caption: str, chapter: str, act: str = "Lamp") -> Passage:
    number, doc = path.split("-")[1], f"{act.lower()}-act"
    return Passage(passage_id=f"{doc}:en:{path}", doc_id=doc, language="en", path=path, text=text,
                   label=f"Article {number}, {act} Act", ref=f"Article {number}", title=f"Act on {act}s",
                   short_title=f"{act} Act", caption=caption, chapter=chapter, kind="act", jurisdiction="JP",
                   version="test", url=None, legal_effect=False, authority="translation")


LAMP = [
    _lamp("art-1", "A lamp maker shall register with the Lamp Office before selling any lamp.",
          "Registration of Makers", "Chapter I Makers"),
    _lamp("art-2", "A lamp maker shall fix a label to each lamp it sells within thirty days of making it.",
          "Labels", "Chapter I Makers"),
    _lamp("art-9", "A lamp maker who sells a lamp without a label shall be punished by a fine of not more "
          "than one hundred thousand yen.", "", "Chapter III Penal Provisions"),
]


# a law with no penal provisions that acts on kite makers through guidance and advice instead
KITE = [
    _lamp("art-1", "A kite maker shall endeavour to make kites that are safe to fly.", "Makers' Efforts",
          "Chapter I General Provisions", act="Kite"),
    _lamp("art-2", "The Minister is to study accidents caused by kites and give kite makers guidance and "
          "advice on their safety.", "Guidance", "Chapter I General Provisions", act="Kite"),
    _lamp("art-3", "The Kite Council is established in the Ministry.", "Council", "Chapter II Council",
          act="Kite"),
    # a period in the supplementary provisions is when the act takes effect, no deadline on makers
    _lamp("suppl/art-1", "This Act takes effect on a date a Cabinet Order sets, within three months of its "
          "publication.", "Effective Date", "Supplementary Provisions", act="Kite"),
]


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    from conftest import FakeEmbedder

    embedder = FakeEmbedder()
    root = tmp_path_factory.mktemp("absence")
    sources = widget_sources()
    passages = [p for s in sources for p in ingest_source(s, FIXTURES / s.file).passages]
    documents = {**documents_meta(sources),
                 **{f"{a.lower()}-act": {"jurisdiction": "JP", "kind": "act", "aliases": [f"{a} Act"],
                                         "titles": {}} for a in ("Lamp", "Kite")}}
    build_index([*passages, *LAMP, *KITE], embedder, root / "index", {s.key: "0" * 64 for s in sources},
                documents=documents)
    return QAPipeline(load_index(root / "index", embedder.name), embedder,
                      Settings(home=root, model=embedder.name))


NONE: frozenset[str] = frozenset()
# (question, the roles it asks for by its own words)
ASKED = [
    ("Are there fines for makers who break the Widget Act?", {PENALTY}),
    ("What is the maximum fine?", {PENALTY}),
    ("Can a maker be imprisoned or otherwise punished?", {PENALTY}),
    ("ウィジェット法に罰則はありますか？", {PENALTY}),
    ("Must a maker register, or hold a licence?", {REGISTRATION}),
    ("Do I need a permit to sell widgets?", {REGISTRATION}),
    ("事業者は届出をしなければなりませんか？", {REGISTRATION}),
    ("By when must makers comply with the Widget Act?", {DEADLINE}),
    ("Is there a deadline, and how many days do we have?", {DEADLINE}),
    ("事業者はいつまでに対応しなければなりませんか？", {DEADLINE}),
    ("報告は何ヵ月以内に必要ですか？", {DEADLINE}),
    # when a law took effect, how long a term lasts or a prison term is no deadline
    ("When did the Widget Act come into effect?", NONE),
    ("How long is a council member's term?", NONE),
    ("How many years is a commissioner's term?", NONE),
    ("How many years of imprisonment can a maker get?", {PENALTY}),
    ("How often must the gadget plan be revised?", {CYCLE}),
    ("ガジェット計画は何年ごとに見直されますか？", {CYCLE}),
    ("報告はどのくらいの頻度で必要ですか？", {CYCLE}),
    # a frequency named, not asked for
    ("利用頻度の高い事業者に義務はありますか？", NONE),
    # an adjective "fine" and a verb "permit" ask for neither
    ("Is it fine to sell a used widget?", NONE),
    ("Does the Act permit makers to sell abroad?", NONE),
    # nor do the words of a statute's name
    ("Under the Lantern Licensing Act, who chairs the board?", NONE),
]


@pytest.mark.parametrize(("question", "roles"), ASKED)
def test_a_question_asks_for_a_role_by_its_own_words(question, roles):
    assert asked_roles(question, {}) == roles


def test_the_words_of_a_named_documents_name_ask_for_no_role():
    assert asked_roles("What does the Penalty Act say?", {"pa": ["Penalty Act"]}) == frozenset()


def test_a_provision_shows_a_role_by_its_chapter_caption_or_text():
    assert provision_roles("Chapter VI Penal Provisions", "", "Article 12 applies.") == {PENALTY}
    assert provision_roles("第六章　罰則", "", "第十二条の規定を適用する。") == {PENALTY}
    assert provision_roles("", "", "shall be liable to a fine of not more than ten yen") == {PENALTY}
    assert provision_roles("", "", "三年以下の拘禁刑に処する。") == {PENALTY}
    assert provision_roles("", "Notification of Changes", "A maker shall tell the Office.") == {REGISTRATION}
    assert provision_roles("Chapter I General Rules", "Aim", "This Act keeps households safe.") == frozenset()
    assert provision_roles("", "", "A maker shall report it within two weeks.") == {DEADLINE}
    assert provision_roles("", "", "A maker answers within thirty (30) days.") == {DEADLINE}
    assert provision_roles("", "", "事業者は、十日以内に報告しなければならない。") == {DEADLINE}
    assert provision_roles("", "", "歯車審議会は、委員八人以内で組織する。") == frozenset()  # no period
    # the same period in the supplementary provisions (by their path: Korea's main text has a
    # chapter titled "Supplementary Provisions") says when the act takes effect
    in_effect = "It takes effect within three months."
    assert provision_roles("Supplementary Provisions", "", in_effect, "suppl/art-1") == frozenset()
    in_effect_ja = "公布の日から起算して三月以内に施行する。"
    assert provision_roles("附　則", "", in_effect_ja, "suppl/art-1") == frozenset()
    assert provision_roles("ADDENDA <Act No. 1, Jan. 1, 2027>", "", in_effect, "suppl-amend-2") == frozenset()
    assert provision_roles("CHAPTER V SUPPLEMENTARY PROVISIONS", "", in_effect, "art-40") == {DEADLINE}
    assert provision_roles("", "", "The Minister revises the plan every three years.") == {CYCLE}
    assert provision_roles("", "", "委員会は、毎年、国会に報告する。") == {CYCLE}
    assert provision_roles("", "Periodic Review", "The council looks at the plan.") == {CYCLE}
    assert document_roles(LAMP) == {"lamp-act": {PENALTY, REGISTRATION, DEADLINE}}
    assert document_roles(KITE) == {"kite-act": frozenset()}


def test_a_penalty_question_about_a_law_without_penal_provisions_says_so(pipeline):
    assert pipeline.catalog.is_law("widget-act") and not pipeline.catalog.plays("widget-act", PENALTY)
    answer = pipeline.ask("Are there fines for makers who break the Widget Act?")
    assert answer.abstained and answer.citations == []
    assert answer.answer.startswith("The Widget Safety Act contains no penal provisions: none of its "
                                    "chapters or articles imposes a fine or a penalty")
    assert "Chapter I General Rules; Chapter II Widget Safety Headquarters" in answer.answer  # its contents
    assert ABSTAIN_EN not in answer.answer  # said plainly, not "the texts do not answer"
    assert answer.related and {p.doc_id for p in answer.related} == {"widget-act"}  # what it holds instead
    ja = pipeline.ask("ウィジェット法に違反した場合の罰則はありますか？")
    assert ja.abstained and ja.citations == []
    assert ja.answer.startswith("ウィジェット安全法には罰則の規定がありません。")
    assert "章立て：第一章" in ja.answer
    assert {p.language for p in ja.related} == {"ja"}


def test_supervisory_measures_are_read_from_a_provisions_text():
    assert supervisory_measures(KITE[1].text) == ("guidance", "advice")
    assert supervisory_measures("The Commission may give recommendations and carry out inspections.") == (
        "recommendations", "inspections")
    assert supervisory_measures("国は、指導、助言その他の措置を講ずる。委員会は勧告をすることができる。") == (
        "指導", "助言", "勧告")
    # "order" is left out in English: a Cabinet Order or "in order to" is no measure
    assert supervisory_measures("as prescribed by Cabinet Order, in order to protect users") == ()


def test_a_law_without_penal_provisions_points_to_what_it_acts_through_instead(pipeline):
    answer = pipeline.ask("Are there fines for kite makers who break the Kite Act?")
    assert answer.abstained and answer.citations == []
    assert answer.answer.startswith("The Kite Act contains no penal provisions")
    assert "Article 2 speaks of guidance and advice. Below: that provision, then" in answer.answer
    assert [p.path for p in answer.related][:1] == ["art-2"]
    assert len({p.path for p in answer.related}) == len(answer.related)  # not listed twice
    # a registration the law lacks is no occasion for its guidance
    registration = pipeline.ask("Must kite makers register under the Kite Act?")
    assert registration.abstained and "speaks of guidance" not in registration.answer
    # the widget act names no such measure: its closest provisions only, as before
    widget = pipeline.ask("Are there fines for makers who break the Widget Act?")
    assert "speaks of" not in widget.answer and "The provisions below are the closest" in widget.answer


def test_a_penalty_question_about_a_law_with_a_penal_chapter_is_answered_from_it(pipeline):
    answer = pipeline.ask("What fine does the Lamp Act impose on a maker who sells a lamp without a label?")
    assert not answer.abstained
    assert answer.citations[0].doc_id == "lamp-act" and answer.citations[0].path == "art-9"


def test_a_registration_question_about_a_law_that_speaks_of_none_says_so(pipeline):
    answer = pipeline.ask("Must widget makers register with the government under the Widget Act?")
    assert answer.abstained and answer.citations == []
    assert answer.answer.startswith("The Widget Safety Act contains no provision on registration")
    lamp = pipeline.ask("Must a lamp maker register under the Lamp Act?")
    assert not lamp.abstained and lamp.citations[0].path == "art-1"


def test_the_finding_is_only_for_one_law_asked_about_alone(pipeline):
    # two laws named: each side is answered from its own texts, no finding about one of them
    both = pipeline.ask("Unlike the Lamp Act, does the Widget Act impose fines?")
    assert "contains no penal provisions" not in both.answer
    # a provision cited directly is quoted (or not) on its own
    cited = pipeline.ask("Does Article 6 of the Widget Act impose a fine?")
    assert "contains no penal provisions" not in cited.answer
    # a question that asks for no penalty is answered as before
    plain = pipeline.ask("Who holds the post of chairperson of the Headquarters under the Widget Act?")
    assert not plain.abstained and plain.citations[0].path == "art-6/para-1"


def test_a_finding_is_said_alone_and_a_reason_follows_the_abstention_line():
    assert abstention(False, Finding("The Lamp Act has no penalty.")) == "The Lamp Act has no penalty."
    assert abstention(False, "Because.") == f"{ABSTAIN_EN} Because."


def test_the_delegation_seam_names_an_instrument_the_index_lacks():
    note = left_to_unindexed([("art-31/para-4", "a Presidential Decree")], "Lamp Act",
                             ["Lamp Act", "Widget Safety Act"], "en")
    assert note == ("Article 31(4) of the Lamp Act leaves this to a Presidential Decree, which is not among "
                    "the indexed texts.")
    indexed = ["Widget Safety Act"]
    assert left_to_unindexed([("art-3", "the Widget Safety Act")], "Lamp Act", indexed, "en") is None
    ja = left_to_unindexed([("art-3/para-2", "政令")], "ランプ法", ["ウィジェット安全法"], "ja")
    assert ja is not None and ja.startswith("ランプ法第三条第二項は、この事項を政令に委ねています。")
    # a provision that leaves only the manner of doing something there does not hold "this"
    manner = left_to_unindexed([("art-4", "Commission rules")], "Lamp Act", indexed, "en", specific=False)
    assert manner == ("The question asks for a number, and none of the provisions that come closest states "
                      "one. The closest, Article 4 of the Lamp Act, leaves details to the Commission's "
                      "rules, which are not among the indexed texts.")
    manner_ja = left_to_unindexed([("art-4", "Commission rules")], "ランプ法", [], "ja", specific=False)
    assert manner_ja is not None and "最も近いランプ法第四条は、細目を委員会規則に委ねています。" in manner_ja


def test_a_number_left_to_a_decree_is_said_to_be_there_not_invented():
    from answer_support import Reading

    from ingest.delegations import PRESIDENTIAL_DECREE, Delegation
    from ingest.records import Passage
    from search.hits import Hit

    text = "A lamp whose brightness exceeds the level prescribed by Presidential Decree must carry a label."
    at = text.index("prescribed")
    lamp = Passage(passage_id="lamp-act:en:art-9", doc_id="lamp-act", language="en", path="art-9", text=text,
                   label="Article 9, Lamp Act", ref="Article 9", title="Lamp Act", short_title="Lamp Act",
                   caption="Labels", chapter="", kind="act", jurisdiction="KR", version="v", url=None,
                   legal_effect=False, authority="translation",
                   delegations=(Delegation(PRESIDENTIAL_DECREE, at, at + 40),))
    answer = Reading().answer("What is the exact threshold of brightness above which a lamp needs a label?",
                              [Hit(lamp, 1.0, 1, dense=0.5)])
    assert answer.abstained and not answer.citations
    assert answer.answer == ("Article 9 of the Lamp Act leaves this to a Presidential Decree, which is not "
                             "among the indexed texts.")
    # the same decree deciding only how the label is fixed: no number is said to be left there
    how = "A lamp must carry a label fixed as prescribed by Presidential Decree, stating its brightness."
    at_how = how.index("prescribed")
    manner = Passage(**{**lamp.__dict__, "text": how,
                        "delegations": (Delegation(PRESIDENTIAL_DECREE, at_how, at_how + 34),)})
    answer = Reading().answer("What is the exact threshold of brightness above which a lamp needs a label?",
                              [Hit(manner, 1.0, 1, dense=0.5)])
    assert answer.abstained and "leaves this" not in answer.answer
    assert "The closest, Article 9 of the Lamp Act, leaves details to a Presidential Decree" in answer.answer
    plain = Reading().answer("What is the exact threshold of brightness above which a lamp needs a label?",
                             [Hit(Passage(**{**lamp.__dict__, "delegations": ()}), 1.0, 1, dense=0.5)])
    assert plain.abstained and "none of the provisions that come closest states one" in plain.answer


def test_a_deadline_question_about_a_law_without_one_says_so_and_when_it_takes_effect(pipeline):
    answer = pipeline.ask("By when must kite makers comply with the Kite Act?")
    assert answer.abstained and answer.citations == []
    assert answer.answer.startswith("The Kite Act sets no deadline: apart from its supplementary "
                                    "provisions, none of its provisions fixes a time limit")
    assert "Supplementary Provisions, Article 1 says when it takes effect." in answer.answer
    assert [p.path for p in answer.related][:1] == ["suppl/art-1"]  # listed first
    # a law with a deadline is answered from it
    lamp = pipeline.ask("By when must a lamp maker fix a label under the Lamp Act?")
    assert not lamp.abstained and lamp.citations[0].path == "art-2"
    # asking by when the law takes effect asks for its commencement, which it has
    effect = pipeline.ask("By when does the Kite Act take effect?")
    assert "no deadline" not in effect.answer
    assert not effect.abstained and effect.citations[0].path == "suppl/art-1"


def test_the_japanese_deadline_finding_names_the_provision_on_when_the_law_takes_effect():
    said = no_deadline("凧法", True, ["附則第一条"])
    assert said.startswith("凧法には期限の定めがありません。附則を除き")
    assert "施行期日は附則第一条が定めています。以下は、その規定と" in said
    assert "施行期日" not in no_deadline("凧法", True, [])
    english = no_deadline("Kite Act", False, [])
    assert english.startswith("The Kite Act sets no deadline") and "says when" not in english
    assert english.endswith("The provisions below are the closest of it to the question.")


def test_a_cycle_question_about_a_law_without_one_says_so(pipeline):
    answer = pipeline.ask("How often must kite makers check their kites under the Kite Act?")
    assert answer.abstained and answer.citations == []
    assert answer.answer.startswith("The Kite Act sets no fixed cycle: none of its provisions has anything "
                                    "done every so many years")
    assert answer.related and {p.doc_id for p in answer.related} == {"kite-act"}
    assert no_cycle("凧法", True).startswith("凧法には周期の定めがありません。")
