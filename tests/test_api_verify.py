"""Citation verification: the pure checks (answer/verify.py), the pairs and thresholds built from
the texts (eval/verify_calibration.py), resolution on the widget index, and, on the real corpus,
calibrated accuracy with the real model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from api_support import build_widget, fake_loader
from conftest import FakeEmbedder

from answer import verify as v
from api.routers.verify import Unresolvable, verify_claim
from api.schemas import VerifyRequest
from core.settings import Settings
from eval.verify_calibration import build_pairs, calibrate, negate, paraphrase
from index.library import Library, in_effect

EN = ("The Headquarters is headed by a chairperson; the Minister of Widgets holds that post.\n"
      "The chairperson runs the meetings of the Headquarters and directs its staff.")
JA = "本部の長として本部長を置き、ウィジェット大臣がその職に就く。"


# -- pure checks ------------------------------------------------------------------------------

@pytest.mark.parametrize("quote", [
    "the Minister of Widgets holds that post",
    "The  Headquarters is\nheaded by a chairperson",  # white space folded
    "“the Minister of Widgets holds that post.”",  # curly quotes, final stop
    "The Headquarters is headed ... directs its staff",  # an ellipsis skips words, in order
    "ＴＨＥ Ｍｉｎｉｓｔｅｒ ｏｆ Ｗｉｄｇｅｔｓ",  # NFKC: full-width letters
])
def test_exact_quotes_after_normalisation(quote: str) -> None:
    assert v.quote_in(quote, EN)
    assert v.check({"en": EN}, quote=quote).verdict == v.EXACT


@pytest.mark.parametrize("quote", [
    "the Minister of Gadgets holds that post",
    "directs its staff ... The Headquarters is headed",  # ellipsis pieces out of order
    "",
])
def test_not_quotes(quote: str) -> None:
    assert not v.quote_in(quote, EN)


def test_japanese_quote_ignores_spaces_and_brackets() -> None:
    assert v.quote_in("「ウィジェット大臣が その職に就く」", JA)
    assert v.check({"ja": JA, "en": EN}, quote="ウィジェット大臣がその職に就く").language == "ja"


def test_paraphrase_negation_and_unrelated_claims() -> None:
    th = {"en": v.Thresholds(1.0, 0.6), "ja": v.Thresholds(1.0, 0.6)}
    ok = v.check({"en": EN}, claim="the chairperson heading the Headquarters is the Minister of Widgets",
                 thresholds=th)
    assert ok.verdict == v.PARAPHRASE and ok.support is not None and ok.support.lexical >= 0.6
    neg = v.check({"en": EN}, claim="the Minister of Widgets never heads the Headquarters", thresholds=th)
    assert neg.verdict == v.NOT_SUPPORTED and neg.support.negation_mismatch
    off = v.check({"en": EN}, claim="importers must check imported gadgets for hot batteries",
                  thresholds=th)
    assert off.verdict == v.NOT_SUPPORTED and off.support.score < 0.6


def test_japanese_obligation_is_not_a_negation() -> None:
    assert not v.negated("製造者は、歯車の数を記さなければならない。")
    assert v.negated("製造者は、歯車の数を記してはならない。")
    assert v.negated("The maker must not sell it.") and not v.negated("The maker must sell it.")


def test_a_claim_in_other_words_finds_the_statute_s_words() -> None:
    text = "The national government is to establish standards for widget lamps."
    # "State" for "national government", "draw up" for "establish"; "must" is framing
    assert v.lexical_support("the State must draw up standards for widget lamps", text) == 1.0
    assert v.lexical_support("the State must draw up standards for gadget lamps", text) < 1.0
    assert v.lexical_support("AI standards", "standards for artificial intelligence") == 1.0
    # a word matched to none of its group's wordings is still missing
    assert v.lexical_support("the State must ban widget lamps", text) < 1.0
    from answer.equivalents import found_tokens
    assert found_tokens({"state", "lamp"}, {"nation", "govern"}) == {"state"}
    assert found_tokens({"state", "lamp"}, {"nation"}) == set()  # a wording counts whole


def test_japanese_claims_are_read_without_their_particles_and_endings() -> None:
    tokens = v.claim_tokens("本部長には大臣が充てられる")
    assert tokens == {"本部", "部長", "大臣"}  # no bigram holding hiragana: 「長に」「臣が」「充て」
    text = "本部長は、ウィジェット大臣をもって充てる。"
    assert v.lexical_support("本部長には大臣が充てられる", text) == 1.0  # was 4 of 12, then 4 of 8
    council = {"ja": "ガジェット評議会は、内閣に置く。議長は、内閣総理大臣をもって充てる。"}
    for claim in ("ガジェット評議会は内閣に置かれる", "議長には内閣総理大臣が充てられる"):
        assert v.check(council, claim=claim).verdict == v.PARAPHRASE, claim
    assert v.check(council, claim="議長には内閣官房長官が充てられる").verdict == v.NOT_SUPPORTED


def test_function_words_and_fee_wordings_and_a_law_s_number() -> None:
    assert not v.claim_tokens("a person can ask about them when needed") & {"can", "about", "them", "when"}
    fees = {"en": "A gadget maker may collect a fee for answering a request for disclosure."}
    assert v.check(fees, claim="a gadget maker can charge a fee when it answers a disclosure request",
                   thresholds={"en": v.Thresholds(1.0, 0.78)}).verdict == v.PARAPHRASE
    minister = {"en": "The Gadget Minister oversees the council's business, being its competent minister "
                      "within the meaning of the Gadget Offices Act (Act No. 12 of 1999)."}
    assert not v.negated(minister["en"]) and v.negated("There is no competent minister.")
    th = {"en": v.Thresholds(1.0, 0.78)}
    assert v.check(minister, claim="the Gadget Minister is the competent minister for the council",
                   thresholds=th).verdict == v.PARAPHRASE
    assert v.check(minister, claim="the Gadget Minister is not the competent minister for the council",
                   thresholds=th).verdict == v.NOT_SUPPORTED


def test_statutory_paraphrases_of_outsourcing_changing_and_composition() -> None:
    th = {"en": v.Thresholds(1.0, 0.78)}
    entrust = {"en": "A gadget maker that entrusts another person with the repair of gadgets must "
                     "supervise the person it entrusts."}
    assert v.check(entrust, claim="a gadget maker that outsources repairs must supervise the contractor",
                   thresholds=th).verdict == v.PARAPHRASE
    council = {"en": "The gadget council consists of a chair and ten members."}
    assert v.check(council, claim="the gadget council is made up of a chair and ten members",
                   thresholds=th).verdict == v.PARAPHRASE
    assert v.check(council, claim="the gadget council is made up of gadget makers",
                   thresholds=th).verdict == v.NOT_SUPPORTED


def test_a_claimed_exclusivity_needs_a_restriction_in_the_provision() -> None:
    th = {"en": v.Thresholds(1.0, 0.6), "ja": v.Thresholds(1.0, 0.6)}
    right = {"en": "A gadget owner may ask the Gadget Board for a copy of the gadget register."}
    assert v.check(right, claim="a gadget owner may ask the Gadget Board for a copy of the register",
                   thresholds=th).verdict == v.PARAPHRASE
    only = v.check(right, claim="only a gadget owner may ask the Gadget Board for a copy of the register",
                   thresholds=th)
    assert only.verdict == v.NOT_SUPPORTED and "“only”" in only.explanation
    limited = {"en": "The Gadget Board may not use the register except for inspections."}
    assert v.restriction_unstated("the Board may use it only for inspections", limited["en"]) is None
    ja = {"ja": "地方公共団体は、地域の特性を生かした施策を策定し、実施する。"}
    assert v.check(ja, claim="地方公共団体は施策を実施するだけでよい",
                   thresholds=th).verdict == v.NOT_SUPPORTED
    assert v.restriction_unstated("委員会のみが請求できる", "本人は、請求することができる。") == "のみ"
    assert v.restriction_unstated("委員会のみが請求できる", "本人に限り、請求することができる。") is None
    for not_only in ("利用目的をできるだけ特定する", "それだけで個人情報に当たる", "本人に通知しか公表する"):
        assert v.restriction_unstated(not_only, "本人は、請求することができる。") is None, not_only
    assert v.restriction_unstated("本人しか請求できない", "本人は、請求することができる。") is not None


def test_japanese_leave_not_to_and_no_need_are_negations() -> None:
    duty = {"ja": "製造者は、歯車の利用目的をできる限り特定しなければならない。"}
    assert v.check(duty, claim="製造者は歯車の利用目的を特定する必要がある").verdict == v.PARAPHRASE
    for claim in ("製造者は歯車の利用目的を特定しなくてもよい", "歯車の利用目的の特定は不要である"):
        result = v.check(duty, claim=claim)
        assert result.verdict == v.NOT_SUPPORTED and result.support.negation_mismatch, claim


def test_negation_is_read_in_the_clause_the_claim_is_about() -> None:
    th = {"en": v.Thresholds(1.0, 0.6)}
    duty = ("Makers must keep the widget register accurate, and delete an entry without delay if "
            "they no longer need it.")
    kept = v.check({"en": duty}, claim="a maker has to keep its widget register accurate", thresholds=th)
    assert kept.verdict == v.PARAPHRASE and not kept.support.negation_mismatch
    proviso = ("Makers must report a fire to the Widget Board; provided, however, that this does "
               "not apply to toys.")
    assert v.check({"en": proviso}, claim="a maker has to report any fire to the Widget Board",
                   thresholds=th).verdict == v.PARAPHRASE
    assert v.check({"en": proviso}, claim="the duty to report applies to toys",
                   thresholds=th).verdict == v.NOT_SUPPORTED


def test_must_not_without_states_a_condition() -> None:
    th = {"en": v.Thresholds(1.0, 0.6), "ja": v.Thresholds(1.0, 0.5)}
    rule = "Makers must not sell a widget lamp to a third party without obtaining the buyer's consent."
    named = v.check({"en": rule}, thresholds=th,
                    claim="makers need the buyer's consent to sell a widget lamp to a third party")
    assert named.verdict == v.PARAPHRASE  # it names the condition: it agrees
    free = v.check({"en": rule}, claim="makers may freely sell a widget lamp to a third party",
                   thresholds=th)
    assert free.verdict == v.NOT_SUPPORTED and free.support.negation_mismatch
    ja = "製造者は、あらかじめ買主の同意を得ないで、歯車を第三者に売ってはならない。"
    assert v.check({"ja": ja}, claim="歯車を第三者に売るには、あらかじめ買主の同意が必要である",
                   thresholds=th).verdict == v.PARAPHRASE
    free_ja = v.check({"ja": ja}, claim="歯車は自由に第三者に売ってよい", thresholds=th)
    assert free_ja.verdict == v.NOT_SUPPORTED
    # a claim doing X without Y states what the rule forbids, unless it forbids it too
    for claim, verdict in (("makers may sell a widget lamp to a third party without the buyer's consent",
                            v.NOT_SUPPORTED),
                           ("a maker must not sell widget lamps to third parties without the buyer's consent",
                            v.PARAPHRASE)):
        assert v.check({"en": rule}, claim=claim, thresholds=th).verdict == verdict, claim
    assert v.check({"ja": ja}, claim="製造者は買主の同意なく歯車を第三者に売ることができる",
                   thresholds=th).verdict == v.NOT_SUPPORTED
    assert v.check({"ja": ja}, claim="製造者は買主の同意なく歯車を第三者に売ってはならない",
                   thresholds=th).verdict == v.PARAPHRASE


def test_semantic_similarity_counts_with_its_weight() -> None:
    def always(claim, texts):
        return [0.9] * len(texts)

    th = {"en": v.Thresholds(0.0, 0.8)}
    out = v.check({"en": EN}, claim="a wholly different wording", similarity=always, thresholds=th)
    assert out.verdict == v.PARAPHRASE and out.support.semantic == 0.9


def test_check_rejects_empty_input() -> None:
    with pytest.raises(ValueError, match="claim or a quote"):
        v.check({"en": EN}, claim="  ")
    with pytest.raises(ValueError, match="at least one language"):
        v.check({}, claim="x")


def test_split_statement_keeps_only_the_claim() -> None:
    assert v.split_statement("Article 6(1) of the Widget Act says the Minister heads it",
                             ["Widget Act"]) == "Minister heads it"
    ja = v.split_statement("ウィジェット法第六条は大臣が長と定める", ["ウィジェット法"])
    assert ja == "大臣が長と定める"


# -- pairs and calibration --------------------------------------------------------------------

def test_paraphrase_and_negation_rules() -> None:
    s = "The State shall formulate the necessary measures in accordance with the plan."
    assert paraphrase(s, 0) == "the national government must draw up the needed steps under the plan."
    assert paraphrase("A maker must check each widget.", 0) == "A maker has to check every widget."
    assert negate("A maker shall mark each widget.") == "A maker shall not mark each widget."
    assert paraphrase("製造者は、組み立てなければならない。", 0) == "製造者は組み立てる必要がある。"


@pytest.fixture(scope="module")
def widget_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("verify-home")
    build_widget(home / "index", FakeEmbedder())
    return home


@pytest.fixture(scope="module")
def pipeline(widget_home: Path):
    fe = FakeEmbedder()
    return fake_loader(fe)(Settings(home=widget_home, model=fe.name))


def test_pairs_built_from_the_widget_index_separate(pipeline) -> None:
    passages = pipeline.index.passages
    pairs = build_pairs(passages, per_language=50)
    kinds = {(p.language, p.kind) for p in pairs}
    assert ("en", "paraphrase") in kinds and ("en", "other") in kinds and ("en", "negated") in kinds
    assert all(not v.quote_in(p.claim, p.text) for p in pairs if p.supported)  # no verbatim "paraphrases"
    similarity = v.embedding_similarity(pipeline.embedder.embed)
    thresholds, metrics = calibrate(passages, similarity, per_language=50)
    assert set(thresholds) == {"en", "ja"}
    assert all(0.3 <= t.threshold <= 0.95 for t in thresholds.values())
    en = next(m for m in metrics if m.language == "en")
    assert en.accuracy >= 0.75, metrics
    assert en.negated_caught == 1.0


# -- resolution on the widget index -----------------------------------------------------------

def _run(pipeline, **body):
    library = Library(pipeline.index.passages, pipeline.index.manifest["documents"])
    return verify_claim(VerifyRequest(**body), pipeline, library)


def test_resolution_by_citation_path_and_japanese(pipeline) -> None:
    out = _run(pipeline, citation="Art. 6(1) of the Widget Act", quote="holds that post")
    assert out.path == "art-6/para-1"
    assert _run(pipeline, citation="ウィジェット法第三条の二", quote="輸入").path == "art-3-2"
    assert _run(pipeline, citation="Supplementary Provisions, Article 2 of the Widget Act",
                claim="widgets made earlier may still be sold").path == "suppl/art-2"
    out = _run(pipeline, doc_id="widget-act", path="art-2/para-1/item-3", quote="a cog that pinches fingers")
    assert out.verdict == v.EXACT and out.ref == "Article 2(1)(iii)"


def test_resolution_failures(pipeline) -> None:
    with pytest.raises(Unresolvable, match="names no provision"):
        _run(pipeline, citation="the Widget Act", claim="widgets are blue")
    missing = _run(pipeline, citation="Article 6(4) of the Widget Act", claim="widgets are blue")
    assert missing.verdict == v.NO_SUCH_PROVISION and "Article 6(4)" in missing.explanation


def test_in_effect_reads_the_optional_dates(pipeline) -> None:
    from datetime import date

    dated = [p for p in pipeline.index.passages if getattr(p, "effective_from", None)]
    assert dated  # api_support.LATE
    assert not in_effect(dated[0], date(2031, 1, 1)) and in_effect(dated[0], date(2040, 1, 1))
    assert in_effect(pipeline.index.passages[0], date(1900, 1, 1))  # no date: always in effect


# -- the real corpus --------------------------------------------------------------------------

def _corpus_passages() -> list:
    from corpus.manifest import load_manifest
    from ingest.pipeline import ingest_source

    root = os.environ.get("REGQA_CORPUS_MIRROR")
    if not root or not Path(root).is_dir():
        pytest.skip("REGQA_CORPUS_MIRROR is not set: the real source texts are not available")
    wanted = {"jp-ai-promotion-act", "jp-appi"}
    passages = []
    for source in load_manifest(Path(__file__).resolve().parent.parent / "corpus" / "sources.toml"):
        path = Path(root) / source.file
        if source.doc_id in wanted and path.is_file():
            result = ingest_source(source, path)
            assert result.ok, result.error
            passages.extend(result.passages)
    if not passages:
        pytest.skip("the AI Promotion Act and APPI are missing from the mirror")
    return passages


@pytest.mark.corpus
@pytest.mark.model
def test_calibrated_thresholds_hold_on_the_real_texts() -> None:
    """Pairs built from the AI Promotion Act and the APPI, checked with the shipped thresholds
    and the real model: held-out accuracy and precision of 'supported'."""
    from eval.verify_calibration import held_out, report
    from index.embedder import load_embedder

    passages = _corpus_passages()
    embedder = load_embedder(Settings().model)
    similarity = v.embedding_similarity(embedder.embed, cache_size=20000)
    pairs = [p for p in build_pairs(passages, per_language=80) if held_out(p)]
    metrics = {m.language: m for m in report(pairs, similarity, v.DEFAULT_THRESHOLDS)}
    assert metrics["en"].precision >= 0.9 and metrics["en"].accuracy >= 0.85, metrics
    assert metrics["ja"].precision >= 0.9 and metrics["ja"].accuracy >= 0.8, metrics
    assert metrics["en"].negated_caught >= 0.9 and metrics["ja"].negated_caught >= 0.9


@pytest.mark.corpus
def test_real_citations_resolve_and_verify() -> None:
    passages = _corpus_passages()
    library = Library(passages)
    doc = "jp-ai-promotion-act"
    both = library.provision_languages(doc, "art-22/para-1")
    assert list(both) == ["ja", "en"]
    assert both["ja"].first.legal_effect and not both["en"].first.legal_effect
    en = both["en"].text
    quote = en[len(en) // 3 : len(en) // 3 + 40]  # a piece of the real text, taken at run time
    assert v.check({k: p.text for k, p in both.items()}, quote=quote).verdict == v.EXACT
    th = v.DEFAULT_THRESHOLDS
    claim = "the Prime Minister serves as the head of the headquarters"
    assert v.check({"en": en}, claim=claim, thresholds=th).verdict == v.PARAPHRASE
    assert v.check({"en": en}, claim="the Prime Minister is not the head of the headquarters",
                   thresholds=th).verdict == v.NOT_SUPPORTED
    assert library.provision(doc, "art-99", "en") is None


def test_claim_sets_load_and_score() -> None:
    from eval.claims import ClaimResult, ClaimSetError, parse_claims, score_claims

    claims = parse_claims([
        '{"id": "a", "citation": "Article 6 of the Widget Act", "claim": "x heads y", "supported": true}',
        "",
        '{"id": "b", "citation": "Article 6 of the Widget Act", "quote": "z", "supported": false}',
    ])
    assert [c.id for c in claims] == ["a", "b"] and claims[1].quote == "z"
    results = [ClaimResult(claims[0], "supported_paraphrase", ""), ClaimResult(claims[1], "exact_quote", "")]
    assert score_claims(results) == {"claims": 2, "accuracy": 0.5, "precision": 0.5, "recall": 1.0,
                                     "wrongly_supported": 1, "wrongly_rejected": 0}
    no_claim = '{"id": "c", "citation": "Art. 1", "supported": true}'
    not_bool = '{"id": "c", "citation": "Art. 1", "claim": "q", "supported": "yes"}'
    for bad, said in [("{", "not JSON"), ("[1]", "an object"), (no_claim, "a claim or quote"),
                      (not_bool, "true or false")]:
        with pytest.raises(ClaimSetError, match=said):
            parse_claims([bad], "set.jsonl")
