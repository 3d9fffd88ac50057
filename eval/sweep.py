"""The abstention trade-off: abstention vs false abstention vs fact recall per threshold.

The extractive answerer (answer/extractive.py) abstains when the question itself shows the texts
cannot answer (an unindexed jurisdiction, a missing article), when the question asks for an
amount or a rate and no quoted sentence holds a number, and otherwise on two signals:

- `evidence`: the best sentence's score (REGQA_ABSTAIN_THRESHOLD);
- `coverage`: the idf-weighted share of the question's subject terms that the cited passages
  hold, in its own words or the thesaurus's statutory ones (REGQA_ANSWER_MIN_COVERAGE; 0 = off);
- `known`: the share of an English question's subject words that occur in some indexed text or
  that the thesaurus knows (REGQA_ANSWER_MIN_KNOWN; 0 = off; 1.0 for Japanese questions).

Nothing else in the answer depends on these thresholds, so each question is answered once with
them off, its signals kept, and every threshold is then scored from those records: one curve
per signal, the other held at its setting. Each curve row also gives the margin, the distance
from the threshold to the nearest question on either side, so a knife-edge choice shows.
Run: `regqa sweep BENCH.jsonl [MORE.jsonl ...]` (or `python -m eval.sweep ...`); several sets
are pooled into one curve.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from answer.compose import compose
from eval.benchmark import Question
from eval.scoring import fact_recall

SIGNALS = ("evidence", "coverage", "known")
# the setting that holds each signal's threshold
SETTINGS = {"evidence": "abstain_threshold", "coverage": "answer_min_coverage",
            "known": "answer_min_known"}


@dataclass(frozen=True)
class SweepRecord:
    answerable: bool
    evidence: float  # the answerer's best candidate score (0 when nothing was retrieved)
    refused: bool  # abstained whatever the thresholds (the question shows it cannot be answered)
    fact_recall: float | None  # of the answer given with the thresholds off; None without facts
    coverage: float = 1.0  # share of the question's subject terms in the cited passages
    amount_missing: bool = False  # asks for an amount; no quoted sentence holds a number
    japanese: bool = False  # the question is in Japanese (shown per question)
    known: float = 1.0  # share of the question's subject words that some indexed text uses


@dataclass(frozen=True)
class SweepRow:
    threshold: float
    unanswerable_abstained: float | None
    false_abstain: float | None
    fact_recall: float | None


def _mean(xs: Sequence[float]) -> float | None:
    return round(sum(xs) / len(xs), 4) if xs else None


def _value(r: SweepRecord, signal: str) -> float:
    if signal not in SIGNALS:
        raise ValueError(f"unknown signal {signal!r}; one of {', '.join(SIGNALS)}")
    return {"evidence": r.evidence, "coverage": r.coverage, "known": r.known}[signal]


def sweep(records: Sequence[SweepRecord], thresholds: Sequence[float], signal: str = "evidence",
          fixed: dict[str, float] | None = None, amount_rule: bool = True) -> list[SweepRow]:
    """One row per threshold on `signal`, the other signals held at `fixed`; pure."""
    fixed = fixed or {}
    rows = []
    for t in thresholds:
        def abstains(r: SweepRecord, t: float = t) -> bool:
            held = any(_value(r, s) < fixed.get(s, float("-inf")) for s in SIGNALS if s != signal)
            return r.refused or (amount_rule and r.amount_missing) or held or _value(r, signal) < t

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


def margins(records: Sequence[SweepRecord], signal: str,
            amount_rule: bool = True) -> tuple[float | None, float | None]:
    """(highest value among unanswerable questions no other rule catches, lowest value among
    answerable questions): a threshold between the two separates them; None when there is none."""
    open_unans = [_value(r, signal) for r in records
                  if not r.answerable and not r.refused and not (amount_rule and r.amount_missing)]
    ans = [_value(r, signal) for r in records if r.answerable and not r.refused]
    return (max(open_unans) if open_unans else None, min(ans) if ans else None)


def collect(pipeline, questions: Sequence[Question], k: int = 10) -> list[SweepRecord]:
    """Answer each question once with abstention on weak evidence switched off."""
    base = pipeline.extractive
    records = []
    for q in questions:
        analysis = pipeline.analyze(q.question)
        # the passages /ask may quote: a question naming a law is answered from that law
        hits = pipeline.answer_basis(pipeline.searcher.search(analysis, k=k), analysis)
        refusal = pipeline.refusal(analysis)
        decision = base.decide(analysis, hits)
        answered = bool(decision.chosen) and not refusal
        text = compose(decision.chosen, analysis.japanese).answer if answered else ""
        facts = fact_recall(text, q.facts) if q.facts else None
        records.append(SweepRecord(q.answerable, decision.evidence, not answered, facts,
                                   decision.coverage, decision.amount_missing, analysis.japanese,
                                   decision.known))
    return records


def render(rows: Sequence[SweepRow], current: float, signal: str = "evidence",
           without_amount: Sequence[SweepRow] | None = None) -> str:
    """The curve; `without_amount` (the same thresholds, amount rule off) adds a column."""
    extra = "  (no amount rule)" if without_amount else ""
    lines = [f"{signal + ' >=':>11}  unanswerable-abstained{extra}  false-abstain  fact-recall"]
    for i, r in enumerate(rows):
        mark = "  <- current" if abs(r.threshold - current) < 1e-9 else ""
        alt = f"  {_f(without_amount[i].unanswerable_abstained):>16}" if without_amount else ""
        lines.append(f"{r.threshold:11.3f}  {_f(r.unanswerable_abstained):>22}{alt}  "
                     f"{_f(r.false_abstain):>13}  {_f(r.fact_recall):>11}{mark}")
    return "\n".join(lines)


def render_records(records: Sequence[SweepRecord], questions: Sequence[Question]) -> str:
    """One line per question: its signals, sorted by coverage (for reading the margins)."""
    lines = ["id                    answerable  lang  evidence  coverage  known  amount-missing  refused"]
    for q, r in sorted(zip(questions, records, strict=True), key=lambda qr: qr[1].coverage):
        lang = "ja" if r.japanese else "en"
        lines.append(f"{q.id[:20]:20}  {'yes' if r.answerable else 'no':>10}  {lang:>4}  "
                     f"{r.evidence:8.3f}  {r.coverage:8.3f}  {r.known:5.2f}  "
                     f"{'yes' if r.amount_missing else '':>14}  "
                     f"{'yes' if r.refused else ''}")
    return "\n".join(lines)


def _f(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def main(argv: Sequence[str] | None = None) -> None:
    import argparse

    from answer.pipeline import QAPipeline
    from core.settings import get_settings
    from eval.benchmark import load_benchmark

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("benchmark", nargs="+", help="one or more benchmark files, pooled")
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--lo", type=float, default=0.0)
    ap.add_argument("--hi", type=float, default=0.8)
    ap.add_argument("--step", type=float, default=0.025)
    ap.add_argument("--per-question", action="store_true", help="print each question's signals")
    args = ap.parse_args(argv)
    settings = get_settings()
    pipeline = QAPipeline.load(settings)
    questions = [q for path in args.benchmark for q in load_benchmark(path)]
    records = collect(pipeline, questions, k=args.k)
    n = int(round((args.hi - args.lo) / args.step)) + 1
    grid = {round(args.lo + i * args.step, 4) for i in range(n)}
    current = {signal: getattr(settings, name) for signal, name in SETTINGS.items()}
    caught = sum(r.amount_missing and not r.refused for r in records if not r.answerable)
    wrong = sum(r.amount_missing and not r.refused for r in records if r.answerable)
    print(f"question analysis refuses {sum(r.refused for r in records if not r.answerable)} unanswerable "
          f"and {sum(r.refused for r in records if r.answerable)} answerable questions; the amount rule "
          f"(asks for an amount, no number quoted) catches {caught} unanswerable and {wrong} answerable")
    for signal in SIGNALS:
        thresholds = sorted(grid | {current[signal]})
        rows = sweep(records, thresholds, signal, fixed=current)
        unans_top, ans_low = margins(records, signal)
        held = ", ".join(f"{s} at {current[s]}" for s in SIGNALS if s != signal)
        print(f"\n{signal} ({held} held):")
        bare = sweep(records, thresholds, signal, fixed=current, amount_rule=False)
        print(render(rows, current[signal], signal, without_amount=bare))
        bare_top = margins(records, signal, amount_rule=False)[0]
        print(f"highest {signal} of an unanswerable question no rule catches: {_f(unans_top)} "
              f"({_f(bare_top)} without the amount rule); lowest of an answerable one: {_f(ans_low)}")
        best = best_threshold(rows)
        if best:
            print(f"best with false abstention <= 0.05: {signal} >= {best.threshold:.3f} "
                  f"(unanswerable abstained {_f(best.unanswerable_abstained)}, "
                  f"fact recall {_f(best.fact_recall)})")
    if args.per_question:
        print()
        print(render_records(records, questions))


if __name__ == "__main__":
    main()
