"""eval/: benchmark loading, the pure scoring functions, and the runner's outputs.

All texts here are invented for the tests (a fictional "Robot Safety Act").
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from rich.table import Table

from api.schemas import Answer, Citation, PassageOut
from eval.benchmark import BenchmarkError, Gold, Question, load_benchmark
from eval.runner import SupportsAskWithHits, metrics_table, run_benchmark, write_outputs
from eval.scoring import (
    abstention_correct,
    aggregate,
    citation_matches,
    citation_precision,
    fact_found,
    fact_recall,
    hit_at_k,
    normalize,
    passage_matches,
    paths_match,
    percentile,
    recall_at_k,
    reciprocal_rank,
    score_question,
)
from ingest.records import Passage
from search.hits import Hit

REPO_ROOT = Path(__file__).resolve().parents[1]
DOC = "demo-robot-act"
EN_TEXT = "The Robot Safety Board consists of seven members appointed by the Minister."
JA_TEXT = "ロボット安全委員会は、大臣が任命する委員七人で組織する。"


# --------------------------------------------------------------------------- helpers


def passage(doc_id: str = DOC, path: str = "art-20/para-1", language: str = "en",
            text: str = EN_TEXT) -> Passage:
    return Passage(
        passage_id=f"{doc_id}:{language}:{path}", doc_id=doc_id, language=language, path=path,
        text=text, label=f"{path}, demo", ref=path, title="Robot Safety Act",
        short_title="RSA", caption="", chapter="", kind="statute", jurisdiction="demo",
        version="2024", url=None, legal_effect=language == "ja", authority="demo",
    )


def hit(p: Passage, rank: int = 1, score: float = 1.0) -> Hit:
    return Hit(passage=p, score=score, rank=rank)


def citation(n: int = 1, doc_id: str = DOC, path: str = "art-20/para-1", language: str = "en",
             quote: str = "seven members", text: str = "") -> Citation:
    return Citation(n=n, passage_id=f"{doc_id}:{language}:{path}", doc_id=doc_id, path=path,
                    ref=path, label="demo", quote=quote, score=0.5, language=language, text=text)


def question(qid: str = "q1", *, answerable: bool = True, gold: tuple[Gold, ...] | None = None,
             facts: tuple[tuple[str, ...], ...] = (), lang: str = "en",
             category: str = "institution") -> Question:
    if gold is None:
        gold = (Gold(DOC, "art-20/para-1", "seven members", "委員七人"),) if answerable else ()
    return Question(id=qid, question=f"question {qid}?", lang=lang, category=category,
                    answerable=answerable, gold=gold, facts=facts)


def write_lines(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "bench.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def good_record(qid: str = "q1", **over) -> dict:
    rec = {"id": qid, "question": "How many members sit on the Robot Safety Board?",
           "lang": "en", "category": "institution", "answerable": True,
           "gold": [{"doc": DOC, "ref": "art-20/para-1", "quote_en": "seven members",
                     "quote_ja": "委員七人"}],
           "facts": [["seven", "7", "七"]]}
    rec.update(over)
    return rec


# --------------------------------------------------------------------------- normalize / paths


def test_normalize_nfkc_and_whitespace():
    assert normalize("ＡＩ\u3000Ａｃｔ\n\t  ２０２４ ") == "AI Act 2024"
    assert normalize("Robot  Safety\nBoard", casefold=True) == "robot safety board"
    assert normalize("") == ""


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("art-20", "art-20/para-1", True),
        ("art-20/para-1", "art-20", True),
        ("art-20/para-1", "art-20/para-1", True),
        ("art-20/para-1/item-3", "art-20", True),
        ("art-2", "art-20", False),
        ("art-20", "art-2", False),
        ("art-2/para-1", "art-20/para-1", False),
        ("art-20/para-1", "art-20/para-2", False),
        ("art-27", "art-27-2", False),
        ("suppl/art-1", "art-1", False),
        ("", "art-1", False),
        (None, "art-1", False),
    ],
)
def test_paths_match(a, b, expected):
    assert paths_match(a, b) is expected


# --------------------------------------------------------------------------- passage matching


def test_passage_matches_by_path_and_doc():
    gold = Gold(DOC, "art-20", "seven members", "委員七人")
    assert passage_matches(DOC, "art-20/para-1", "en", "unrelated text", gold)
    assert not passage_matches("other-doc", "art-20/para-1", "en", EN_TEXT, gold)
    # Both sides have paths: the paths decide, even if the quote happens to be in the text.
    assert not passage_matches(DOC, "art-2/para-1", "en", EN_TEXT, gold)


def test_passage_matches_quote_fallback_when_gold_has_no_ref():
    gold = Gold(DOC, None, "seven members appointed", None)
    assert passage_matches(DOC, "sec-4", "en", EN_TEXT, gold)
    assert not passage_matches(DOC, "sec-4", "en", "The Board has five members.", gold)
    # no Japanese quote: a Japanese passage cannot match by quote
    assert not passage_matches(DOC, "sec-4", "ja", JA_TEXT, gold)


def test_passage_matches_quote_fallback_when_passage_has_no_path():
    gold = Gold(DOC, "art-20/para-1", "seven members", "委員七人")
    assert passage_matches(DOC, "", "en", EN_TEXT, gold)
    assert passage_matches(DOC, "", "ja", JA_TEXT, gold)
    assert not passage_matches(DOC, "", "ja", EN_TEXT, gold)  # ja passage uses the ja quote


def test_quote_fallback_nfkc_and_whitespace():
    # full-width letters and digits in the passage, half-width in the quote
    gold = Gold(DOC, None, "Article 7 of the RSA", "第７条")
    assert passage_matches(DOC, "", "en", "See Ａｒｔｉｃｌｅ ７ of the ＲＳＡ.", gold)
    # half-width in the passage, full-width in the quote
    gold_fw = Gold(DOC, None, None, "第７条")
    assert passage_matches(DOC, "", "ja", "前条及び第7条の規定", gold_fw)
    # line breaks and runs of spaces collapse
    gold_ws = Gold(DOC, None, "appointed by the Minister", None)
    assert passage_matches(DOC, "", "en", "members\n  appointed   by\tthe\nMinister.", gold_ws)
    # case is not folded for quotes
    assert not passage_matches(DOC, "", "en", "APPOINTED BY THE MINISTER", gold_ws)


def test_citation_matching_uses_path_then_text_then_quote():
    gold_ref = (Gold(DOC, "art-20", "seven members", None),)
    assert citation_matches(citation(path="art-20/para-1/item-2"), gold_ref)
    assert not citation_matches(citation(path="art-2/para-1"), gold_ref)

    gold_quote = (Gold(DOC, None, "appointed by the Minister", None),)
    # the quote alone lacks the gold quote, the full text has it
    assert citation_matches(citation(path="sec-1", quote="seven members", text=EN_TEXT),
                            gold_quote)
    # empty text: fall back to the citation's own quote
    assert citation_matches(citation(path="", quote="members appointed by the Minister"),
                            gold_quote)
    assert not citation_matches(citation(path="", quote="seven members"), gold_quote)


# --------------------------------------------------------------------------- ranks


def test_reciprocal_rank_first_match_at_rank_three():
    ranks = [(), (), (0,), (), (0,)]
    assert reciprocal_rank(ranks) == pytest.approx(1 / 3)
    assert not hit_at_k(ranks, 1)
    assert hit_at_k(ranks, 3)
    assert reciprocal_rank([()] * 10 + [(0,)]) == 0.0  # rank 11 is outside the top 10
    assert reciprocal_rank([]) == 0.0


def test_recall_at_k_two_gold_entries():
    ranks = [(1,), (), (1,), (), (0,)]
    assert recall_at_k(ranks, 2, 1) == 0.5
    assert recall_at_k(ranks, 2, 3) == 0.5
    assert recall_at_k(ranks, 2, 5) == 1.0
    assert recall_at_k(ranks, 2, 10) == 1.0


def test_score_question_retrieval_from_hits():
    q = question(gold=(Gold(DOC, "art-20/para-1", "seven members", "委員七人"),
                       Gold(DOC, "art-21", None, None)))
    hits = [
        hit(passage(path="art-3/para-1"), 1),
        hit(passage(doc_id="other-doc", path="art-20/para-1"), 2),
        hit(passage(path="art-20", language="ja", text=JA_TEXT), 3),  # gold 0 by prefix
        hit(passage(path="art-20/para-1"), 4),  # gold 0 again: no double count
        hit(passage(path="art-21/para-2"), 5),  # gold 1
    ]
    s = score_question(q, Answer(answer="Seven."), hits, latency_ms=12.0)
    assert s.hit_at_k == {1: False, 3: True, 5: True, 10: True}
    assert s.recall_at_k == {1: 0.0, 3: 0.5, 5: 1.0, 10: 1.0}
    assert s.reciprocal_rank == pytest.approx(1 / 3)
    assert s.first_match_rank == 3


# --------------------------------------------------------------------------- answer scores


def test_citation_precision_values():
    assert citation_precision([True, False, True]) == pytest.approx(2 / 3)
    assert citation_precision([]) is None


def test_fact_groups_with_en_and_ja_alternatives():
    facts = (("Minister of Robotics", "ロボット大臣"), ("Article 20", "第二十条", "第20条"))
    assert fact_recall("The board answers to the ロボット大臣 under 第２０条.", facts) == 1.0
    assert fact_recall("It is appointed by the MINISTER  OF\nROBOTICS.", facts) == 0.5
    assert fact_recall("Nothing relevant.", facts) == 0.0
    assert fact_recall("anything", ()) is None
    assert fact_found("ｓｅｖｅｎ members", ("Seven",))


def test_abstained_answer_scores_zero_facts_and_no_citation_precision():
    q = question(facts=(("seven",),))
    ans = Answer(answer="The sources do not say; seven is a guess.", abstained=True,
                 citations=[citation()])
    s = score_question(q, ans, [], latency_ms=1.0)
    assert s.fact_recall == 0.0
    assert s.citation_precision is None
    assert not s.abstention_correct


def test_the_first_citation_and_the_confidence_given_are_kept_for_calibration():
    q = question()
    wrong_first = Answer(answer="…", citations=[citation(path="art-3/para-1"), citation(2)],
                         confidence="medium")
    s = score_question(q, wrong_first, [], latency_ms=1.0)
    assert s.lead_right is False and s.confidence == "medium" and s.citation_precision == 0.5
    s = score_question(q, Answer(answer="…", citations=[citation()], confidence="high"), [], latency_ms=1.0)
    assert s.lead_right is True and s.to_dict()["confidence"] == "high"
    abstained = score_question(q, Answer(answer="No.", abstained=True), [], latency_ms=1.0)
    assert abstained.lead_right is None and abstained.confidence is None


def test_abstention_correctness():
    assert abstention_correct(answerable=False, abstained=True)
    assert not abstention_correct(answerable=False, abstained=False)
    assert abstention_correct(answerable=True, abstained=False)
    assert not abstention_correct(answerable=True, abstained=True)


def test_percentile_linear():
    assert percentile([10.0, 20.0, 30.0, 40.0], 50) == 25.0
    assert percentile([10.0, 20.0, 30.0, 40.0], 95) == pytest.approx(38.5)
    assert percentile([5.0], 95) == 5.0
    assert percentile([], 50) is None


def test_aggregate_hand_computed():
    good = [hit(passage(path="art-20/para-1"))]
    third = [hit(passage(path="art-1"), 1), hit(passage(path="art-2"), 2),
             hit(passage(path="art-20"), 3)]
    facts = (("seven", "七"), ("Minister", "大臣"))
    ok_cite = citation(path="art-20/para-1")
    bad_cite = citation(n=2, path="art-9")
    scores = [
        # answerable, rank 1, both facts, 1 of 2 citations right
        score_question(question("a1", facts=facts),
                       Answer(answer="Seven, named by the Minister [1][2].",
                              citations=[ok_cite, bad_cite], confidence="medium"), good, 10.0),
        # answerable (ja), rank 3, one fact, 1 of 1 citation right
        score_question(question("a2", facts=facts, lang="ja", category="crosslingual"),
                       Answer(answer="委員は七人 [1]", citations=[ok_cite], confidence="medium"),
                       third, 20.0),
        # answerable, nothing retrieved, answered without citations, no facts
        score_question(question("a3", facts=facts), Answer(answer="No idea."), [], 30.0),
        # answerable but abstained: false abstention, fact recall 0
        score_question(question("a4", facts=facts), Answer(answer="Cannot say.",
                                                           abstained=True), good, 40.0),
        # unanswerable, correctly abstained
        score_question(question("u1", answerable=False, category="unanswerable"),
                       Answer(answer="Not covered.", abstained=True), good, 50.0),
        # unanswerable, answered with a citation
        score_question(question("u2", answerable=False, category="unanswerable"),
                       Answer(answer="Probably yes [1].", citations=[ok_cite], confidence="high"),
                       good, 60.0),  # an unanswerable question's confidence is not in the table
        # answerable, led by a wrong provision the answer was not sure of
        score_question(question("a5"), Answer(answer="Nine [1][2].", citations=[bad_cite, ok_cite],
                                              confidence="low"), third, 70.0),
    ]
    m = aggregate(scores)
    # the unsure answer (a5) is in the confidence table alone; the other metrics leave it out
    assert m["by_confidence"] == {"medium": {"n": 2, "lead_right": 1.0}, "low": {"n": 1, "lead_right": 0.0}}
    scores = scores[:-1]
    m = aggregate(scores)
    assert (m["n"], m["n_answerable"], m["n_unanswerable"]) == (6, 4, 2)
    assert m["hit_at_k"] == {"1": 0.5, "3": 0.75, "5": 0.75, "10": 0.75}
    assert m["recall_at_k"] == {"1": 0.5, "3": 0.75, "5": 0.75, "10": 0.75}
    assert m["mrr"] == pytest.approx(round((1 + 1 / 3 + 0 + 1) / 4, 4))
    assert m["citation_precision"] == 0.75  # (1/2 + 1/1) / 2
    assert m["citation_precision_n"] == 2
    assert m["answered_without_citations"] == 1
    assert m["fact_recall"] == pytest.approx(round((1 + 0.5 + 0 + 0) / 4, 4))
    assert m["fact_recall_n"] == 4
    assert m["abstention"] == {"unanswerable_correct": 0.5, "false_abstain": 0.25,
                               "cited_when_unanswerable": 1}
    assert m["latency_ms"] == {"p50": 35.0, "p95": 57.5, "p99": 59.5, "mean": 35.0}
    assert set(m["by_lang"]) == {"en", "ja"}
    assert m["by_lang"]["ja"]["mrr"] == pytest.approx(0.3333)
    assert m["by_lang"]["en"]["n"] == 5 and m["by_lang"]["en"]["n_answerable"] == 3
    assert m["by_category"]["unanswerable"]["mrr"] is None  # no answerable questions there
    assert m["by_category"]["institution"]["hit_at_k"]["1"] == pytest.approx(0.6667)
    assert list(m["by_category"]) == ["institution", "crosslingual", "unanswerable"]
    json.dumps(m)  # serialisable as is


def test_aggregate_empty():
    m = aggregate([])
    assert m["n"] == 0 and m["mrr"] is None and m["latency_ms"]["p50"] is None


# --------------------------------------------------------------------------- load_benchmark


def test_load_benchmark_ok_and_empty_lines_ignored(tmp_path):
    path = write_lines(tmp_path, [json.dumps(good_record("q1")), "", "  ",
                                  json.dumps(good_record("q2", lang="ja", notes="n")),
                                  json.dumps(good_record("u1", answerable=False, gold=[],
                                                         facts=[], category="unanswerable"))])
    qs = load_benchmark(path)
    assert [q.id for q in qs] == ["q1", "q2", "u1"]
    assert qs[0].gold == (Gold(DOC, "art-20/para-1", "seven members", "委員七人"),)
    assert qs[0].facts == (("seven", "7", "七"),)
    assert qs[1].notes == "n" and qs[0].notes == ""
    assert not qs[2].answerable and qs[2].gold == ()


def test_load_benchmark_bad_json_reports_line(tmp_path):
    path = write_lines(tmp_path, [json.dumps(good_record("q1")), "",
                                  '{"id": "q2", "question": '])
    with pytest.raises(BenchmarkError, match=rf"{path.name}:3: invalid JSON"):
        load_benchmark(path)


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (good_record(category="trivia"), "unknown category 'trivia'"),
        (good_record(lang="fr"), "unknown lang 'fr'"),
        ({k: v for k, v in good_record().items() if k != "facts"}, "missing field.*facts"),
        (good_record(answerable="yes"), "'answerable' must be true or false"),
        (good_record(gold=[]), "at least one gold passage"),
        (good_record(gold=[{"ref": "art-1"}]), r"gold\[0\]\.doc"),
        (good_record(facts=["seven"]), r"facts\[0\]"),
        ([1, 2], "expected a JSON object"),
    ],
)
def test_load_benchmark_invalid_records(tmp_path, record, message):
    path = write_lines(tmp_path, [json.dumps(good_record("q0")), json.dumps(record)])
    with pytest.raises(BenchmarkError, match=rf":2: .*{message}"):
        load_benchmark(path)


def test_load_benchmark_duplicate_id(tmp_path):
    path = write_lines(tmp_path, [json.dumps(good_record("q1")), json.dumps(good_record("q2")),
                                  json.dumps(good_record("q1"))])
    with pytest.raises(BenchmarkError, match=r":3: duplicate id 'q1' \(first used on line 1\)"):
        load_benchmark(path)


def _benchmarks_dir() -> Path:
    return Path(os.environ.get("REGQA_BENCHMARKS", REPO_ROOT.parent / "shared" / "benchmarks"))


def test_dev_set_validates():
    path = _benchmarks_dir() / "dev.jsonl"
    if not path.is_file():
        pytest.skip(f"dev set not found at {path} (set REGQA_BENCHMARKS)")
    qs = load_benchmark(path)
    assert len(qs) == 40
    assert len({q.id for q in qs}) == 40
    assert all(q.gold for q in qs if q.answerable)


# --------------------------------------------------------------------------- runner


class ScriptedPipeline:
    """Stands in for answer.pipeline: answers from a fixed script of hand-made objects."""

    def __init__(self, script: dict[str, tuple[Answer, list[Hit]]]):
        self.script = script
        self.calls: list[tuple[str, int]] = []

    def ask_with_hits(self, question: str, k: int) -> tuple[Answer, list[Hit]]:
        self.calls.append((question, k))
        if question not in self.script:
            raise RuntimeError("index unavailable")
        answer, hits = self.script[question]
        return answer, hits[:k]


def test_runner_writes_outputs(tmp_path):
    facts = (("seven", "七"),)
    q_hit = question("r1", facts=facts)
    q_missing_doc = question("r2", facts=facts,
                             gold=(Gold("not-indexed-doc", "art-1", "anything", None),))
    q_unans = question("r3", answerable=False, category="unanswerable")
    q_error = question("r4", facts=facts)
    pipeline = ScriptedPipeline({
        q_hit.question: (
            Answer(answer="Seven members sit on the Board [1].",
                   citations=[citation(text=EN_TEXT)]),
            [hit(passage(path="art-20/para-1"), 1, 0.9), hit(passage(path="art-3"), 2, 0.4)],
        ),
        q_missing_doc.question: (
            Answer(answer="The Board has five members [1].",
                   citations=[citation(path="art-3", quote="five")], confidence="low",
                   related=[PassageOut(passage_id=f"{DOC}:en:art-20/para-1", doc_id=DOC, path="art-20/para-1",
                                       ref="art-20/para-1", label="demo", language="en", text=EN_TEXT,
                                       score=0.2, rank=2)]),
            [hit(passage(path="art-3"), 1, 0.3)],
        ),
        q_unans.question: (Answer(answer="The sources do not cover this.", abstained=True),
                           [hit(passage(path="art-3"), 1, 0.1)]),
    })
    assert isinstance(pipeline, SupportsAskWithHits)
    seen = []
    run = run_benchmark(pipeline, [q_hit, q_missing_doc, q_unans, q_error], k=5,
                        progress=lambda done, total, r: seen.append((done, total, r.question.id)))
    assert seen[-1] == (4, 4, "r4")
    assert all(k == 5 for _, k in pipeline.calls)
    assert run.metrics["hit_at_k"]["1"] == pytest.approx(round(1 / 3, 4))
    assert run.metrics["n_errors"] == 1
    assert run.metrics["abstention"]["unanswerable_correct"] == 1.0
    assert run.results[0].latency_ms >= 0

    paths = write_outputs(run, tmp_path / "out")
    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text(encoding="utf-8"))
    for key in ("n", "n_answerable", "n_unanswerable", "hit_at_k", "recall_at_k", "mrr",
                "citation_precision", "citation_precision_n", "fact_recall", "abstention",
                "latency_ms", "by_lang", "by_category"):
        assert key in metrics
    assert set(metrics["hit_at_k"]) == {"1", "3", "5", "10"}
    assert set(metrics["latency_ms"]) == {"p50", "p95", "p99", "mean"}
    assert metrics["n"] == 4

    lines = paths["results"].read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == ["r1", "r2", "r3", "r4"]
    r1 = records[0]
    for key in ("id", "lang", "category", "answerable", "question", "retrieved", "answer",
                "abstained", "citations", "scores"):
        assert key in r1
    assert r1["retrieved"][0] == {"rank": 1, "passage_id": f"{DOC}:en:art-20/para-1",
                                  "doc_id": DOC, "path": "art-20/para-1", "language": "en",
                                  "score": 0.9, "match": True}
    assert r1["retrieved"][1]["match"] is False
    assert r1["citations"] == [{"n": 1, "doc_id": DOC, "path": "art-20/para-1",
                                "language": "en", "quote": "seven members", "match": True}]
    assert r1["scores"]["reciprocal_rank"] == 1.0
    assert r1["scores"]["fact_recall"] == 1.0
    assert records[1]["scores"]["hit_at_k"]["10"] is False
    assert records[1]["citations"][0]["match"] is False
    # what an unsure answer listed beside it, matched against the gold like a citation
    assert records[1]["related"] == [{"doc_id": DOC, "path": "art-20/para-1", "language": "en",
                                      "match": False}]  # its gold is another document
    assert r1["related"] == [] and records[1]["scores"]["confidence"] == "low"
    assert records[3]["error"] == "RuntimeError: index unavailable"
    assert EN_TEXT not in paths["results"].read_text(encoding="utf-8")  # no passage texts

    report = paths["report"].read_text(encoding="utf-8")
    for heading in ("## Metrics", "## By language", "## By category", "## Failed questions",
                    "Missed retrieval", "Wrong citations", "Missing facts",
                    "False abstentions"):
        assert heading in report
    assert "`r2`" in report and "not-indexed-doc" in report
    assert "`r4`" in report and "index unavailable" in report

    table = metrics_table(run.metrics)
    assert isinstance(table, Table)
    assert table.row_count >= 10
