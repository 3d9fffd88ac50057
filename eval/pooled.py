"""The sets not tuned on, pooled: each headline metric over all their questions, with a bootstrap
interval over questions (eval/bootstrap.py). A single untouched set of 30 questions says little;
pooled, its interval is what to quote for new questions. Pure."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from eval.bootstrap import mean_interval
from eval.calibration import rights_by_level
from eval.scoring import QuestionScore, length_block

Value = Callable[[QuestionScore], float | None]

# metric -> its value for one answerable question (None: does not apply)
POOLED: dict[str, Value] = {
    "citation_precision": lambda s: s.citation_precision,
    "mrr": lambda s: s.reciprocal_rank or 0.0,
    "hit_at_5": lambda s: float(s.hit_at_k.get(5, False)),
    "fact_recall": lambda s: s.fact_recall,
    "false_abstain": lambda s: float(s.abstained),
}
# the same per language of the question
BY_LANGUAGE = ("hit_at_5", "citation_precision")


def pooled_block(scores: Sequence[QuestionScore], resamples: int = 2000, seed: int = 0) -> dict[str, Any]:
    """Mean, interval and n of each pooled metric over the answerable questions; unanswerable
    abstained over the rest; English answer lengths."""
    ans = [s for s in scores if s.answerable]

    def interval(values: list[float | None]) -> dict[str, Any]:
        i = mean_interval(values, resamples, seed)
        return {"mean": _r(i.mean), "low": _r(i.low), "high": _r(i.high), "n": i.n}

    out: dict[str, Any] = {"n": len(scores), "n_answerable": len(ans)}
    out.update({name: interval([value(s) for s in ans]) for name, value in POOLED.items()})
    out["by_lang"] = {lang: {name: interval([POOLED[name](s) for s in ans if s.lang == lang])
                             for name in BY_LANGUAGE} for lang in ("en", "ja")}
    # calibration: how often the first citation is right at each confidence the answers gave
    out["lead_right_by_confidence"] = {
        level: interval([float(r) for r in rights])
        for level, rights in rights_by_level((s.confidence, s.lead_right) for s in ans).items()}
    out["unanswerable_correct"] = interval([float(s.abstained) for s in scores if not s.answerable])
    out["answer_words_en"] = length_block([s.answer_words for s in ans if s.lang == "en"
                                           and s.answer_words is not None])
    return out


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
