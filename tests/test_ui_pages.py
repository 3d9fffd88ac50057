"""Each page of the Streamlit workspace, run by streamlit.testing's AppTest against a real
`regqa serve` on a loopback port over the fixture-law index (no mock of the API)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_support import (
    FixtureIndex,
    fixture_eval,
    free_port,
    health_ok,
    shared_fixture_index,
    start_checkout,
    wait_http,
)
from streamlit.testing.v1 import AppTest

pytestmark = [pytest.mark.server, pytest.mark.model]

APP = Path(__file__).resolve().parent.parent / "ui" / "app.py"
TIMEOUT = 60  # seconds per script run: the first answer embeds the question on CPU
CHAIR_EN = "the Minister of Widgets holds that post"
CHAIR_JA = "ウィジェット大臣がその職に就く"


@pytest.fixture(scope="module")
def fixture_index(tmp_path_factory: pytest.TempPathFactory) -> FixtureIndex:
    return shared_fixture_index(tmp_path_factory)


@pytest.fixture(scope="module")
def api_base(fixture_index: FixtureIndex, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("ui-pages")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    api = start_checkout(["serve", "--host", "127.0.0.1", "--port", str(port)], fixture_index.home,
                         tmp / "api.log")
    try:
        wait_http(f"{base}/health", health_ok, proc=api)
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("REGQA_API_URL", base)
            yield base
    finally:
        api.stop()


@pytest.fixture(scope="module")
def eval_dir(fixture_index: FixtureIndex, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_eval(fixture_index, tmp_path_factory.mktemp("ui-eval") / "fixture-run")


def page(name: str | None = None, **query: str) -> AppTest:
    """The app on page `name` (a ui/page_*.py file) with `query` as its URL query string."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if name is None:
        at.query_params.update(query)
        return at.run()
    at.run()  # the first run registers the pages st.navigation names
    at.switch_page(name)
    at.query_params.clear()
    at.query_params.update(query)
    return at.run()


def html_of(at: AppTest) -> str:
    return "\n".join(h.value for h in at.get("html"))


def text_of(at: AppTest) -> str:
    """Everything the page wrote as markdown, captions, alerts and badges."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [x.value for x in (*at.info, *at.warning, *at.error, *at.success)]
    return "\n".join(str(p) for p in parts)


def assert_ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


# -- Ask ------------------------------------------------------------------------------------------


def test_ask_from_a_shared_link_shows_answer_chips_and_the_cited_provision(api_base: str) -> None:
    at = page(q="Who heads the Widget Safety Headquarters?")
    assert_ok(at)
    html = html_of(at)
    assert CHAIR_EN in html and 'class="rq-chip" href="#cite-1"' in html
    labels = [e.label for e in at.expander]
    cited = next(x for x in labels if x.startswith("[1]"))
    assert "Article 6(1)" in cited, labels
    assert f"<mark>The Headquarters is headed by a chairperson; {CHAIR_EN}.</mark>" in html
    text = text_of(at)
    assert "English reference translation — no legal effect; the Japanese text prevails" in text
    assert "Version: test fixture" in text
    assert "answered by the extractive answerer" in text
    assert any(f"Cited provision: {level} confidence" in text for level in ("high", "medium", "low")), text
    assert not at.error


def test_ask_typed_in_the_box_puts_question_and_settings_in_the_url(api_base: str) -> None:
    at = page()
    assert_ok(at)
    assert "Type a question" in text_of(at)
    at.text_input(key="ask_q").input("What must a maker mark on every widget?")
    at.slider(key="ask_k").set_value(7)
    at.button[0].click()  # the form's Ask button (Enter in the box does the same in a browser)
    at.run()
    assert_ok(at)
    assert at.query_params["q"] == "What must a maker mark on every widget?"
    assert at.query_params["k"] == "7"
    assert "cog count" in html_of(at)


def test_a_brief_answer_is_asked_for_from_the_sidebar_and_kept_in_the_link(api_base: str) -> None:
    # what the budget drops is tested over HTTP (test_api_service.py); here: the page sends it
    # (an unknown or malformed field would be a 422 shown as an error) and the link keeps it
    at = page(q="Who heads the Widget Safety Headquarters?")
    at.toggle(key="ask_brief").set_value(True)
    at.button[0].click()
    at.run()
    assert_ok(at)
    assert at.query_params["brief"] == "1"
    assert CHAIR_EN in html_of(at) and 'class="rq-chip"' in html_of(at)
    assert not at.error


def test_ask_in_japanese_cites_the_original(api_base: str) -> None:
    at = page(q="ウィジェット安全本部の本部長は誰ですか")
    assert_ok(at)
    assert CHAIR_JA in html_of(at)
    cited = [e.label for e in at.expander if e.label.startswith("[")]
    assert any("第六条第一項" in label for label in cited), cited
    assert "Japanese original — has legal effect" in text_of(at)


def test_an_answer_not_sure_of_its_provision_lists_the_ones_ranked_next(api_base: str) -> None:
    # a vague question: the fixture's rankings disagree on its first provision (answer/confidence.py)
    at = page(q="ウィジェットについて誰が何をしなければなりませんか？")
    assert_ok(at)
    text = text_of(at)
    assert "medium confidence" in text or "low confidence" in text, text
    subheaders = [s.value for s in at.subheader]
    assert "Also ranked close — one of these may be the provision that answers" in subheaders
    labels = [e.label for e in at.expander]
    cited = [x for x in labels if x.startswith("[")]
    # the Answer tab's expanders: the citations, then those listed under "Also ranked close"
    # (the Passages tab's come after, numbered "1. ...")
    listed = [x for x in labels[labels.index(cited[-1]) + 1:] if not x.startswith("Link")]
    listed = listed[:next((i for i, x in enumerate(listed) if x[:1].isdigit()), len(listed))]
    assert cited and listed and not set(listed) & {c.split("] ", 1)[1] for c in cited}, labels


def test_ask_abstains_plainly_with_related_passages(api_base: str) -> None:
    at = page(q="What is the sales tax on widgets in France?")
    assert_ok(at)
    assert any("do not answer" in w.value for w in at.warning)
    assert "Related passages — not an answer" in [s.value for s in at.subheader]
    assert not any(e.label.startswith("[1]") for e in at.expander)


def test_ask_passages_tab_applies_the_filters(api_base: str) -> None:
    at = page(q="widget maker duties", lang="ja")
    assert_ok(at)
    passages = [e.label for e in at.expander if e.label[:1].isdigit()]
    assert passages and all("原文" in label for label in passages), passages
    assert "language=ja" in text_of(at)


def test_a_page_says_what_to_run_when_the_api_is_down(api_base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("REGQA_API_URL", f"http://127.0.0.1:{port}")
    at = page(q="anything")
    assert_ok(at)
    assert len(at.error) == 1
    assert "The API is not reachable" in at.error[0].value and "regqa serve" in at.error[0].value
    assert not at.expander  # nothing else was tried


# -- Side by side, Browse -------------------------------------------------------------------------


def test_side_by_side_aligns_items_and_marks_the_one_linked(api_base: str) -> None:
    at = page("page_side_by_side.py", doc="widget-act", path="art-2/para-1/item-1-2")
    assert_ok(at)
    html = html_of(at)
    assert "<b>一の二</b> <mark>スマートウィジェット" in html
    assert "<b>(i)-2</b> <mark>smart widget a widget that chats with a network;</mark>" in html
    assert html.count("<mark>") == 2
    md = text_of(at)
    assert "#### Japanese" in md and "#### English" in md
    assert "Japanese original — has legal effect" in md and "the Japanese text prevails" in md
    assert not at.warning  # both fixture texts are of the same version: no mismatch to flag


def test_side_by_side_switching_provision_updates_the_link(api_base: str) -> None:
    at = page("page_side_by_side.py", doc="widget-act", path="art-6")
    assert_ok(at)
    assert CHAIR_JA in html_of(at) and CHAIR_EN in html_of(at)
    box = next(s for s in at.selectbox if s.label == "Provision")
    box.set_value("art-3-2")
    at.run()
    assert_ok(at)
    assert at.query_params["path"] == "art-3-2"
    assert "An importer must check" in html_of(at)


def test_browse_tree_reads_an_article_and_searches_the_document(api_base: str) -> None:
    at = page("page_browse.py", doc="widget-act", path="art-3", lang="en")
    assert_ok(at)
    assert "Article 3 (Duties of Makers)" in [s.value for s in at.subheader]
    assert "A maker must mark every widget with its cog count" in html_of(at)
    tree = [b.label for b in at.button]
    assert any(label.startswith("▶ Article 3 — Duties of Makers") for label in tree), tree
    next(b for b in at.button if b.label.startswith("Article 6")).click()
    at.run()
    assert_ok(at)
    assert at.query_params["path"] == "art-6"
    assert CHAIR_EN in html_of(at)
    at.text_input(key="find_widget-act").input("importer").run()
    assert_ok(at)
    assert "<mark>importer</mark>" in html_of(at).lower()


# -- Verify ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("claim", "verdict"), [
    ("the Minister of Widgets heads the Headquarters", "Supported paraphrase"),
    ("the Headquarters is headed by the Prime Minister", "Not supported"),
])
def test_verify_a_true_and_a_false_claim(api_base: str, claim: str, verdict: str) -> None:
    at = page("page_verify.py", citation="Article 6(1) of the Widget Safety Act", claim=claim)
    assert_ok(at)
    html = html_of(at)
    assert f"{verdict}</span>" in html
    metrics = {m.label: m.value for m in at.metric}
    assert float(metrics["Support score"]) > 0 and float(metrics["Threshold"]) > 0
    assert (float(metrics["Support score"]) >= float(metrics["Threshold"])) == (verdict != "Not supported")
    assert "<mark>The Headquarters is headed by a chairperson" in html  # the closest sentence
    assert CHAIR_JA in html  # both language texts
    assert "The verdict rests on the en text" in text_of(at)  # the note


def test_verify_form_and_no_such_provision(api_base: str) -> None:
    at = page("page_verify.py")
    assert_ok(at)
    at.text_input(key="v_citation").input("Article 99 of the Widget Safety Act")
    at.text_area(key="v_text").input("widgets are taxed")
    next(b for b in at.button if b.label == "Verify").click()
    at.run()
    assert_ok(at)
    assert "No such provision</span>" in html_of(at)
    assert at.query_params["citation"] == "Article 99 of the Widget Safety Act"


def test_verify_batch_file_gives_a_table_to_download(api_base: str) -> None:
    at = page("page_verify.py")
    csv = ("id,citation,claim,quote\n"
           "fn1,Article 6(1) of the Widget Safety Act,the Minister of Widgets heads the Headquarters,\n"
           "fn2,Article 3(1) of the Widget Safety Act,,A maker must assemble each widget so that its screws "
           "stay tight.\n"
           "fn3,Article 99 of the Widget Safety Act,widgets are taxed,\n"
           "fn4,,no provision named,\n")
    at.get("file_uploader")[0].upload("memo.csv", csv.encode(), "text/csv")
    at.run()
    assert_ok(at)
    assert any("line 5: no citation" in w.value for w in at.warning)
    next(b for b in at.button if b.label.startswith("Check 3")).click()
    at.run()
    assert_ok(at)
    frame = at.dataframe[0].value
    assert list(frame["id"]) == ["fn1", "fn2", "fn3"]
    assert list(frame["verdict"]) == ["Supported paraphrase", "Exact quote", "No such provision"]
    assert {m.label: m.value for m in at.metric}["Exact quote"] == "1"
    assert [b.label for b in at.get("download_button")][-2:] == ["Download verdicts (CSV)",
                                                                 "Download verdicts (JSONL)"]


# -- Evaluate, Library ----------------------------------------------------------------------------


def test_evaluate_reads_a_real_eval_output_and_compares_two_runs(api_base: str, eval_dir: Path) -> None:
    at = page("page_evaluate.py", run=str(eval_dir), compare=str(eval_dir))
    assert_ok(at)
    assert f"Run: {eval_dir.name}" in [s.value for s in at.subheader]
    metrics = {m.label: m.value for m in at.metric}
    assert set(metrics) >= {"hit@1", "MRR", "citation precision", "latency p50 (ms)"}
    assert 0.0 <= float(metrics["hit@1"]) <= 1.0
    assert "5 questions (4 answerable, 1 unanswerable)" in text_of(at)
    assert "**0 question(s) changed**" in text_of(at)  # a run compared with itself
    failed = [e.label for e in at.expander if e.label.startswith("fx-")]
    assert any("failed question" in m.value for m in at.markdown)
    assert all(label.split(" · ")[0] in {"fx-en-001", "fx-en-002", "fx-en-003", "fx-ja-001", "fx-un-001"}
               for label in failed)


def test_evaluate_says_what_is_wrong_with_a_folder_that_is_no_eval_output(tmp_path: Path) -> None:
    at = page("page_evaluate.py", run=str(tmp_path))
    assert_ok(at)
    assert any("no metrics.json" in e.value for e in at.error)


def test_library_lists_documents_with_authority_and_counts(api_base: str) -> None:
    at = page("page_library.py")
    assert_ok(at)
    frame = at.dataframe[0].value
    row = frame[frame["doc_id"] == "widget-act"].iloc[0]
    assert row["languages"] == "Japanese / English" and row["passages"] > 10
    text = text_of(at)
    assert "Japanese original — has legal effect" in text and "regqa ingest" in text
    assert {m.label: m.value for m in at.metric}["Your documents"] == "0"
