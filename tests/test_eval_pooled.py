"""The untouched sets pooled with bootstrap intervals (eval/pooled.py, eval/bootstrap.py) and the
answer length every run reports (eval/scoring.py)."""

from __future__ import annotations

from eval.bootstrap import mean_interval
from eval.pooled import pooled_block
from eval.scoring import QuestionScore, aggregate, answer_size


def score(qid: str, lang: str = "en", answerable: bool = True, cp: float | None = 1.0, rr: float = 1.0,
          hit5: bool = True, abstained: bool = False, words: int | None = 40) -> QuestionScore:
    return QuestionScore(id=qid, lang=lang, category="obligation", answerable=answerable, k=10, n_gold=1,
                         hit_at_k={1: rr == 1.0, 3: hit5, 5: hit5, 10: hit5} if answerable else {},
                         recall_at_k={1: 1.0, 3: 1.0, 5: 1.0, 10: 1.0} if answerable else {},
                         reciprocal_rank=rr if answerable else None, abstained=abstained,
                         citation_precision=cp if answerable and not abstained else None,
                         answer_words=words if answerable and not abstained else None)


def test_an_interval_holds_the_mean_and_counts_only_what_applies():
    values = [1.0, 0.0, 1.0, None, 1.0, 0.0, 1.0, 1.0]
    i = mean_interval(values, resamples=500)
    assert i.n == 7 and abs(i.mean - 5 / 7) < 1e-9
    assert 0.0 <= i.low < i.mean < i.high <= 1.0
    same = mean_interval([0.5] * 10, resamples=200)
    assert same.low == same.high == same.mean == 0.5
    assert mean_interval([None, None]).mean is None


def test_the_pool_is_over_questions_not_a_mean_of_set_means():
    scores = [score("a1"), score("a2", cp=0.0, rr=0.5), score("a3", lang="ja", hit5=False, cp=0.0, rr=0.0),
              score("u1", answerable=False, abstained=True), score("a4", abstained=True)]
    pooled = pooled_block(scores, resamples=300)
    assert pooled["n"] == 5 and pooled["n_answerable"] == 4
    assert pooled["citation_precision"]["mean"] == round(1 / 3, 4) and pooled["citation_precision"]["n"] == 3
    assert pooled["mrr"]["mean"] == round((1 + 0.5 + 0 + 1) / 4, 4)
    assert pooled["false_abstain"]["mean"] == 0.25 and pooled["unanswerable_correct"]["mean"] == 1.0
    assert pooled["by_lang"]["ja"]["hit_at_5"]["mean"] == 0.0
    assert pooled["by_lang"]["en"]["hit_at_5"]["n"] == 3
    assert pooled["answer_words_en"]["n"] == 2 and pooled["answer_words_en"]["max"] == 40


def test_answer_length_leaves_out_markers_and_counts_japanese_by_half_characters():
    assert answer_size("Article 22(1): “The chair is the Prime Minister.” [1]", False) == 8
    assert answer_size("第二十二条：「本部長は内閣総理大臣」[1]", True) == 9
    lengths = aggregate([score("a", words=10), score("b", words=30), score("c", words=None, abstained=True)])
    assert lengths["answer_words"]["en"] == {"p50": 20.0, "p90": 28.0, "max": 30, "n": 2}


def test_the_first_citation_is_scored_by_the_confidence_the_answer_gave():
    def rated(qid: str, level: str | None, right: bool | None) -> QuestionScore:
        s = score(qid, cp=1.0 if right else 0.0)
        s.confidence, s.lead_right = level, right
        return s
    scores = [rated("h1", "high", True), rated("h2", "high", True), rated("h3", "high", False),
              rated("m1", "medium", False), rated("a1", None, None), score("u", answerable=False)]
    calibration = pooled_block(scores, resamples=200)["lead_right_by_confidence"]
    assert calibration["high"]["mean"] == round(2 / 3, 4) and calibration["high"]["n"] == 3
    assert calibration["medium"]["mean"] == 0.0 and calibration["medium"]["n"] == 1
    assert calibration["low"]["mean"] is None and calibration["low"]["n"] == 0
