"""eval/matrix.py, eval/report_md.py, eval/report_html.py, eval/floors.py, eval/compare.py on
scripted systems: the whole output of a run of two sets x two configurations, no models."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from eval_support import DOC, MEMBERS, Scripted, answer, cite, hit, passage, question

from core.timing import stage
from eval.commands import run_compare
from eval.compare import compare_runs, render_comparison
from eval.configs import EvalConfig
from eval.floors import check_floors, parse_floors
from eval.matrix import QuestionSet, load_summary, read_results, run_matrix, write_matrix
from eval.pipelines import EvalSystem
from eval.question_sets import SetInfo
from eval.report_html import render_html
from eval.report_md import render_markdown

QS = [question("q1"), question("q2", ref="art-7/para-1", lang="ja", category="obligation"),
      question("u1", answerable=False, category="unanswerable")]
PATHS = {DOC: {"art-6/para-1", "art-7/para-1"}}
PROVISIONS = {"art-6/para-1": "The Minister of Widgets holds that post."}


class Timed(Scripted):
    def ask_with_hits(self, question: str, k: int):
        with stage("embed"):
            pass
        return super().ask_with_hits(question, k)


def ours(good: bool = True) -> Timed:
    first, second = ("art-6/para-1", "art-7/para-1") if good else ("art-7/para-1", "art-6/para-1")
    chair = "Article 6(1): “the Minister of Widgets holds that post” [1]"
    return Timed({
        QS[0].question: (answer(chair, [cite(path=first)]), [hit(passage(first)), hit(passage(second), 2)]),
        QS[1].question: (answer("Article 99(1) says twelve [1]", [cite(path="art-7/para-1", text=MEMBERS)]),
                         [hit(passage("art-7/para-1", MEMBERS))]),
        QS[2].question: (answer("The texts do not say.", abstained=True), []),
    })


def peer() -> Scripted:
    chunk = passage("", "The Minister of Widgets holds that post. The Headquarters consists of twelve.")
    return Scripted({q.question: (answer(chunk.text, [cite(path="", text=chunk.text)]), [hit(chunk)])
                     for q in QS})


def systems(good: bool = True) -> list[EvalSystem]:
    return [EvalSystem(EvalConfig("default"), ours(good), PATHS, facts={"passages": 3}),
            EvalSystem(EvalConfig("llamaindex-baseline", system="llamaindex"), peer(), None,
                       provision_text=lambda d, lang, p: PROVISIONS.get(p))]


def sets() -> list[QuestionSet]:
    return [QuestionSet("dev", Path("dev.jsonl"), QS, SetInfo("dev", True, "read")),
            QuestionSet("blind", Path("blind.jsonl"), QS[:2], SetInfo("blind", False, "never read"))]


def run(out: Path, good: bool = True) -> dict:
    started = []
    cells = run_matrix(sets(), systems(good), 5,
                       lambda label, total: started.append((label, total)) or (lambda: None))
    assert started == [("dev · default", 3), ("dev · llamaindex-baseline", 3), ("blind · default", 2),
                       ("blind · llamaindex-baseline", 2)]
    return write_matrix(cells, out, 5)


@pytest.fixture
def run_a(tmp_path) -> tuple[Path, dict]:
    out = tmp_path / "a"
    return out, run(out)


def test_layout_and_summary(run_a):
    out, summary = run_a
    for cell in ("dev/default", "dev/llamaindex-baseline", "blind/default"):
        assert {p.name for p in (out / cell).iterdir()} == {"metrics.json", "results.jsonl", "report.md"}
    assert json.loads((out / "summary.json").read_text())["k"] == 5
    assert [(s["name"], s["tuned_label"]) for s in summary["sets"]] == [("dev", "tuned on"),
                                                                        ("blind", "not tuned on")]
    dev = {c["config"]: c for c in summary["cells"] if c["set"] == "dev"}
    assert dev["default"]["metrics"]["invented_references"] == 1  # Article 99(1) is not in the act
    assert dev["default"]["metrics"]["stage_latency_ms"]["embed"]["p50"] is not None
    assert dev["llamaindex-baseline"]["metrics"]["invented_references"] is None
    # the peer's path-less chunk matched q1 through the quote derived from the gold provision
    assert dev["llamaindex-baseline"]["metrics"]["hit_at_k"]["1"] == 0.5
    assert "derived" in dev["llamaindex-baseline"]["scoring"]


def test_reports_put_the_peer_beside_ours(run_a):
    out, summary = run_a
    results = read_results(out, summary)
    md = render_markdown(summary, results)
    assert "| metric | default | llamaindex-baseline | default ÷ llamaindex-baseline |" in md
    assert "## blind (2 questions, not tuned on)" in md
    assert "q2: " in md and "invented reference(s): art-99/para-1" in md
    html = render_html(summary, results)
    assert html.count("<svg") == 8  # 2 sets x (2 category charts, language chart, latency histogram)
    assert "<script" not in html and not re.search(r"(src|href)=\"https?:", html)
    assert "not tuned on" in html and "default ÷ llamaindex-baseline" in html
    assert "reading them one by one makes this set tuned on" in html
    assert load_summary(out) == summary and load_summary(out / "dev") is None


def test_floors_check_ours_only(run_a):
    _, summary = run_a
    floors = parse_floors({"sets": {"dev": {"hit_at_5": 0.4}, "missing": {"mrr": 0.1}},
                           "max": {"invented_references": 0}}, "floors.toml")
    problems = check_floors(summary, floors)
    assert any(p.startswith("missing:") for p in problems)
    assert any("invented_references 1 > maximum 0" in p for p in problems)
    assert not any("llamaindex" in p for p in problems)
    with pytest.raises(ValueError, match="unknown metric"):
        parse_floors({"sets": {"dev": {"hit@5": 0.9}}}, "floors.toml")


def test_compare_two_runs(run_a, tmp_path):
    out_a, _ = run_a
    out_b = tmp_path / "b"
    run(out_b, good=False)
    comparisons = compare_runs(out_a, out_b, resamples=100)
    assert [c.a for c in comparisons] == ["dev · default", "dev · llamaindex-baseline", "blind · default",
                                          "blind · llamaindex-baseline"]
    dev = comparisons[0]
    assert dev.changed["cited right → wrong"] == ["q1"]
    assert dev.changed["hit@5: hit → miss"] == []  # the gold passage is still second
    hit1 = next(d for label, d, _ in dev.deltas if label == "hit@1")
    assert hit1.delta == pytest.approx(-0.5)
    text = render_comparison(comparisons)
    assert "95% CI" in text and "cited right → wrong (1): q1" in text


def test_compare_pairs_single_cells_and_refuses_strangers(run_a, tmp_path):
    out_a, _ = run_a
    comps = compare_runs(out_a / "dev" / "default", out_a / "dev" / "llamaindex-baseline", resamples=50)
    assert len(comps) == 1 and comps[0].n == 3
    (tmp_path / "empty").mkdir()
    from rich.console import Console
    console = Console(record=True, width=200)
    assert run_compare([str(out_a), str(tmp_path / "empty")], console, console) == 2
    assert "not a `regqa eval` output" in console.export_text()


def test_the_ui_evaluate_page_finds_every_set_and_configuration_of_a_run(run_a):
    """The Evaluate page (ui/page_evaluate.py, through ui/eval_data.py) reads the same output."""
    from ui.eval_data import find_runs, load_dir

    out, _ = run_a
    runs = find_runs([out])
    assert len(runs) >= 2 and all((r / "metrics.json").is_file() for r in runs)
    loaded = load_dir(runs[0])
    assert loaded.results and "hit" in " ".join(loaded.metrics)
