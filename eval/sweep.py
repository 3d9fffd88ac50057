"""The abstention trade-off: abstention vs false abstention vs fact recall per threshold.

The extractive answerer abstains when its best evidence score is below REGQA_ABSTAIN_THRESHOLD
(or when the question itself shows the texts cannot answer: an unindexed jurisdiction, a
missing article). Nothing else in the answer depends on the threshold, so each question is
answered once with the threshold at zero, its evidence score kept, and every threshold is then
scored from those records. Run: `regqa sweep BENCH.jsonl` (or `python -m eval.sweep BENCH.jsonl`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from eval.benchmark import Question
from eval.scoring import fact_recall


@dataclass(frozen=True)
class SweepRecord:
    answerable: bool
    evidence: float  # the answerer's best candidate score (0 when nothing was retrieved)
    refused: bool  # abstained whatever the threshold (the question shows it cannot be answered)
    fact_recall: float | None  # of the answer given at threshold 0; None without facts


@dataclass(frozen=True)
class SweepRow:
    threshold: float
    unanswerable_abstained: float | None
    false_abstain: float | None
    fact_recall: float | None


def _mean(xs: Sequence[float]) -> float | None:
    return round(sum(xs) / len(xs), 4) if xs else None


def sweep(records: Sequence[SweepRecord], thresholds: Sequence[float]) -> list[SweepRow]:
    """One row per threshold; pure."""
    rows = []
    for t in thresholds:
        def abstains(r: SweepRecord, t: float = t) -> bool:
            return r.refused or r.evidence < t

        unans = [float(abstains(r)) for r in records if not r.answerable]
        ans = [r for r in records if r.answerable]
        facts = [0.0 if abstains(r) else r.fact_recall for r in ans if r.fact_recall is not None]
        rows.append(SweepRow(round(t, 4), _mean(unans), _mean([float(abstains(r)) for r in ans]),
                             _mean(facts)))
    return rows


def best_threshold(rows: Sequence[SweepRow], max_false_abstain: float = 0.05) -> SweepRow | None:
    """The threshold that abstains most on unanswerable questions while false abstention stays
    within the limit; ties go to the higher fact recall, then the lower threshold."""
    ok = [r for r in rows if r.false_abstain is not None and r.false_abstain <= max_false_abstain]
    if not ok:
        return None
    return max(ok, key=lambda r: (r.unanswerable_abstained or 0.0, r.fact_recall or 0.0, -r.threshold))


def collect(pipeline, questions: Sequence[Question], k: int = 10) -> list[SweepRecord]:
    """Answer each question once with abstention on weak evidence switched off."""
    from api.answer import ExtractiveAnswerer

    base = pipeline.extractive
    open_answerer = ExtractiveAnswerer(None, threshold=float("-inf"), max_sentences=base.max_sentences,
                                       passages_considered=base.passages_considered,
                                       keep_ratio=base.keep_ratio, support_ranks=base.support_ranks)
    records = []
    for q in questions:
        analysis = pipeline.searcher.analyze(q.question)
        hits = pipeline.searcher.search(q.question, k=k, analysis=analysis)
        refusal = pipeline.refusal(analysis)
        ranked = open_answerer.candidates(q.question, hits)
        answer = open_answerer.answer(q.question, hits, refusal=refusal)
        facts = fact_recall(answer.answer, q.facts) if q.facts and not answer.abstained else (
            0.0 if q.facts else None)
        records.append(SweepRecord(q.answerable, ranked[0].score if ranked else 0.0,
                                   bool(refusal) or answer.abstained, facts))
    return records


def render(rows: Sequence[SweepRow], current: float) -> str:
    lines = ["threshold  unanswerable-abstained  false-abstain  fact-recall"]
    for r in rows:
        mark = "  <- current" if abs(r.threshold - current) < 1e-9 else ""
        lines.append(f"{r.threshold:9.3f}  {_f(r.unanswerable_abstained):>22}  {_f(r.false_abstain):>13}"
                     f"  {_f(r.fact_recall):>11}{mark}")
    return "\n".join(lines)


def _f(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def main(argv: Sequence[str] | None = None) -> None:
    import argparse

    from api.pipeline import QAPipeline
    from corpus.settings import get_settings
    from eval.benchmark import load_benchmark

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("benchmark")
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--lo", type=float, default=0.0)
    ap.add_argument("--hi", type=float, default=0.8)
    ap.add_argument("--step", type=float, default=0.025)
    args = ap.parse_args(argv)
    settings = get_settings()
    pipeline = QAPipeline.load(settings)
    records = collect(pipeline, load_benchmark(args.benchmark), k=args.k)
    n = int(round((args.hi - args.lo) / args.step)) + 1
    thresholds = sorted({round(args.lo + i * args.step, 4) for i in range(n)} | {settings.abstain_threshold})
    rows = sweep(records, thresholds)
    print(render(rows, settings.abstain_threshold))
    best = best_threshold(rows)
    if best:
        print(f"\nbest with false abstention <= 0.05: threshold {best.threshold:.3f} "
              f"(unanswerable abstained {_f(best.unanswerable_abstained)}, "
              f"fact recall {_f(best.fact_recall)})")


if __name__ == "__main__":
    main()
