"""The UI's pure helpers (no Streamlit, no server): highlighting, query strings, item alignment,
the table-of-contents tree, batch-verify files, eval output, labels, the API client's parsing."""

from __future__ import annotations

import json
import socket

import httpx
import pytest

from ui.alignment import align, kanji_number, paragraph_of, roman_number, split_units, unit_key_of
from ui.api_client import Api, ApiError, ApiUnavailable, error_detail, parse_sse
from ui.batch_verify import parse_claims, request_body, result_row, tally, to_csv, to_jsonl
from ui.eval_data import (
    EvalDataError,
    compare,
    confidence_rows,
    failure_reasons,
    failures,
    find_runs,
    group_rows,
    headline,
    latency_histogram,
    load_dir,
    load_gold,
    parse_run,
    question_changes,
)
from ui.highlight import answer_html, badge_html, chips_in, find_span, mark_spans, provision_html, unit_html
from ui.labels import (
    ORIGINAL_PREVAILS,
    authority_notes,
    confidence_badge,
    short_ref,
    status_banner,
    verdict_badge,
    version_mismatch,
)
from ui.query_state import AskState, ProvisionState, VerifyState, article_of, share_url
from ui.toc_tree import build_tree, filter_tree, find_article

# -- highlighting ---------------------------------------------------------------------------


def test_mark_spans_escapes_and_marks_the_quote() -> None:
    html, found = mark_spans("a <b> & the chair heads it.", ["the chair heads"])
    assert found == 1
    assert html == "a &lt;b&gt; &amp; <mark>the chair heads</mark> it."


def test_find_span_tolerates_white_space_and_japanese_without_spaces() -> None:
    assert find_span("heads\n  the  body", "heads the body") == (0, 17)
    text = "本部の長は、\n本部長とする。"
    start, end = find_span(text, "本部の長は、本部長")
    assert text[start:end].replace("\n", "") == "本部の長は、本部長"
    assert find_span("abc", "xyz") is None
    assert find_span("abc", "   ") is None


def test_overlapping_spans_merge_into_one_mark() -> None:
    html, found = mark_spans("one two three four", ["one two", "two three"])
    assert found == 2
    assert html.count("<mark>") == 1 and "<mark>one two three</mark>" in html


def test_answer_chips_link_known_citations_only() -> None:
    html = answer_html("Art 6: “x” [1] and [7].\nNext [2] ⚠", [1, 2])
    assert '<a class="rq-chip" href="#cite-1"' in html and 'href="#cite-2"' in html
    assert "[7]" in html and "cite-7" not in html
    assert "<br>" in html and "&ldquo;" not in html  # quotes are kept as typed, not entity-mangled
    assert '<span class="rq-flag">⚠</span>' in html
    assert chips_in("a [2] b [1] c [2]") == [2, 1]


def test_provision_unit_and_badge_html_escape_text() -> None:
    assert "<script>" not in provision_html("<script>x</script>")
    assert unit_html("(i)", "a & b", 1, marked=True).count("<mark>a &amp; b</mark>") == 1
    assert "margin-left:1.2em" in unit_html("(i)", "x", 1)
    assert badge_html("No <such>", "gray", "∅").endswith("∅ No &lt;such&gt;</span>")


# -- query strings ----------------------------------------------------------------------------


def test_ask_state_round_trips_and_drops_defaults() -> None:
    state = AskState(q="本部長は誰？", k=8, as_of="2025-09-01", jur="JP")
    query = state.to_query()
    assert query == {"q": "本部長は誰？", "k": "8", "as_of": "2025-09-01", "jur": "JP"}
    assert AskState.from_query(query) == state
    assert AskState(q="x").to_query() == {"q": "x"}  # k=5 is the default
    brief = AskState(q="x", brief=True)
    assert brief.to_query() == {"q": "x", "brief": "1"} and AskState.from_query(brief.to_query()) == brief
    assert brief.max_words == 120 and AskState(q="x").max_words is None


def test_ask_state_from_a_hand_edited_link_falls_back_to_defaults() -> None:
    state = AskState.from_query(
        {
            "q": ["  hello "],
            "k": "500",
            "as_of": "2025-02-30",
            "doc": "../etc",
            "jur": "jp",
            "kind": "Act!",
            "lang": "english",
        }
    )
    assert state == AskState(q="hello", k=50, jur="JP")
    assert AskState.from_query({"k": "zero"}).k == 5
    assert state.filters() == {"doc_id": None, "jurisdiction": "JP", "kind": None, "language": None}


def test_provision_and_verify_state() -> None:
    p = ProvisionState.from_query({"doc": "jp-appi", "path": "/art-27/para-1/", "lang": "en"})
    assert p.path == "art-27/para-1" and p.to_query() == {
        "doc": "jp-appi",
        "path": "art-27/para-1",
        "lang": "en",
    }
    assert ProvisionState.from_query({"path": "art-1/../x"}).path is None
    v = VerifyState.from_query({"citation": "Article 6", "quote": "the Minister"})
    assert v.as_quote and v.body() == {"citation": "Article 6", "quote": "the Minister"}
    assert VerifyState(citation="A", text="c").to_query() == {"citation": "A", "claim": "c"}


def test_share_url_keeps_the_page_and_replaces_the_query() -> None:
    url = share_url("http://host:8501/verify?old=1", {"citation": "Article 6", "claim": "a b"})
    assert url == "http://host:8501/verify?citation=Article+6&claim=a+b"
    assert share_url(None, {"q": "x"}) == "?q=x"


@pytest.mark.parametrize(
    ("path", "article"),
    [
        ("art-27/para-1/item-2", "art-27"),
        ("suppl/art-3/para-2", "suppl/art-3"),
        ("art-3-2", "art-3-2"),
        ("suppl-amend-2/para-1", "suppl-amend-2"),
        ("sec-1/part-2", "sec-1"),
        ("table-1", "table-1"),
    ],
)
def test_article_of(path: str, article: str) -> None:
    assert article_of(path) == article


# -- alignment --------------------------------------------------------------------------------

JA = "\n".join(["次に掲げる語の意味は、次のとおり。", "一 甲　第一の語", "一の二 乙　第二の語",
               "二 丙　次のもの", "イ 小さいもの", "ロ 大きいもの", "（１） 赤いもの"])
EN = "\n".join(["The terms below mean:", "(i) alpha the first;", "(i)-2 beta the second;",
               "(ii) gamma these:", "(a) small;", "(b) large;", "1. red"])


def test_numbers_of_item_labels() -> None:
    assert [kanji_number(x) for x in ("一", "十", "十二", "二十", "二十三", "百五")] == [
        1,
        10,
        12,
        20,
        23,
        105,
    ]
    assert [roman_number(x) for x in ("i", "iv", "ix", "xiv", "xl")] == [1, 4, 9, 14, 40]


def test_split_units_keys_items_subitems_and_branches() -> None:
    ja = split_units(JA, "ja")
    en = split_units(EN, "en")
    assert [u.key for u in ja] == ["0", "1", "1-2", "2", "2.1", "2.2", "2.2.1"]
    assert [u.key for u in en] == [u.key for u in ja]
    assert en[2].label == "(i)-2" and en[2].text.startswith("beta")
    assert ja[4].label == "イ" and ja[4].depth == 2


def test_roman_letter_after_h_is_a_subitem_not_item_one() -> None:
    text = (
        "lead\n(iii) item three\n" + "".join(f"({c}) sub {c}\n" for c in "abcdefgh") + "(i) sub i\n(iv) four"
    )
    keys = [u.key for u in split_units(text, "en")]
    assert keys[-2:] == ["3.9", "4"]


def test_align_puts_a_one_sided_item_where_it_falls() -> None:
    ja = split_units("前文\n一 a\n二 b\n三 c", "ja")
    en = split_units("lead\n(i) a\n(iii) c", "en")
    rows = align(ja, en)
    assert [k for k, _, _ in rows] == ["0", "1", "2", "3"]
    assert rows[2][2] is None and rows[3][2].text == "c"
    rows = align(en, ja)
    assert [k for k, _, _ in rows] == ["0", "1", "2", "3"] and rows[2][1] is None


def test_unit_key_and_paragraph_of_a_path() -> None:
    assert unit_key_of("art-2/para-1/item-3") == "3"
    assert unit_key_of("art-2/para-1/item-1-2") == "1-2"
    assert unit_key_of("art-2/para-1/item-3/subitem-2") == "3.2"
    assert unit_key_of("art-2/para-1") is None
    assert paragraph_of("art-2/para-1/item-3/subitem-2") == "art-2/para-1"


# -- table of contents -------------------------------------------------------------------------

TOC = [
    {
        "path": "art-1/para-1",
        "refs": {"ja": "第一条第一項", "en": "Article 1(1)"},
        "captions": {"en": "Aim"},
        "chapter": "第一章",
    },
    {
        "path": "art-3/para-1",
        "refs": {"en": "Article 3(1)"},
        "captions": {"en": "Duties"},
        "chapter": "第一章",
    },
    {
        "path": "art-3/para-2",
        "refs": {"en": "Article 3(2)"},
        "captions": {"en": "Duties"},
        "chapter": "第一章",
    },
    {
        "path": "suppl/art-1/para-1",
        "refs": {"en": "Supplementary Provisions, Article 1(1)"},
        "captions": {},
        "chapter": "附則",
    },
    {"path": "sec-2/part-1", "refs": {"en": "Section 2 part 1, p. 4"}, "captions": {}, "chapter": ""},
]


def test_build_tree_groups_chapters_articles_paragraphs() -> None:
    tree = build_tree(TOC, "en")
    assert [c.title for c in tree] == ["第一章", "附則", "(outside any chapter)"]
    arts = tree[0].articles
    assert [a.key for a in arts] == ["art-1", "art-3"]
    assert arts[1].label == "Article 3" and arts[1].caption == "Duties"
    assert arts[1].paths == ["art-3/para-1", "art-3/para-2"]
    assert tree[1].articles[0].label == "Supplementary Provisions, Article 1"
    assert tree[2].articles[0].label == "Section 2, p. 4"
    assert build_tree(TOC, "ja")[0].articles[0].label == "第一条"


def test_find_and_filter_articles() -> None:
    tree = build_tree(TOC, "en")
    assert find_article(tree, "art-3/para-2/item-1").key == "art-3"
    assert find_article(tree, "art-9") is None and find_article(tree, None) is None
    only = filter_tree(tree, "duties")
    assert [a.key for c in only for a in c.articles] == ["art-3"]
    assert filter_tree(tree, "") is tree


# -- batch verification --------------------------------------------------------------------------


def test_parse_csv_with_aliases_and_row_errors() -> None:
    data = (
        "Footnote,Citation,Claim,Quote\n"
        "fn1,Article 6 of the Widget Safety Act,the Minister chairs it,\n"
        "fn2,,a claim without a provision,\n"
        "fn3,Article 3,a claim,a quote\n"
        ",,,\n"
    ).encode("utf-8-sig")
    parsed = parse_claims("memo.csv", data)
    assert [r["id"] for r in parsed.rows] == ["fn1"]
    assert parsed.rows[0] == {
        "id": "fn1",
        "citation": "Article 6 of the Widget Safety Act",
        "claim": "the Minister chairs it",
    }
    assert parsed.errors == [
        "line 3: no citation (or doc_id and path)",
        "line 4: both a claim and a quote: give one",
    ]
    assert request_body(parsed.rows[0]) == {
        "citation": "Article 6 of the Widget Safety Act",
        "claim": "the Minister chairs it",
    }


def test_parse_jsonl_and_a_csv_without_header() -> None:
    lines = [json.dumps({"doc_id": "widget-act", "path": "art-6", "quote": "x"}), "not json", "[1]", ""]
    parsed = parse_claims("claims.jsonl", "\n".join(lines).encode())
    assert parsed.rows == [{"doc_id": "widget-act", "path": "art-6", "quote": "x", "id": "1"}]
    assert parsed.errors[0].startswith("line 2: not JSON") and parsed.errors[1] == "line 3: not a JSON object"
    assert parse_claims("x.csv", b"a,b\n1,2\n").errors[0].startswith("the CSV needs a header row")


def test_result_rows_tally_and_export() -> None:
    row = {"id": "fn1", "citation": "Article 6", "claim": "c"}
    resp = {
        "verdict": "not_supported",
        "ref": "Article 6",
        "doc_id": "widget-act",
        "path": "art-6",
        "explanation": "no",
        "note": "",
        "matched_language": "en",
        "scores": {
            "score": 0.2,
            "threshold": 0.7,
            "lexical": 0.1,
            "semantic": None,
            "closest_sentence": "日本語の文",
        },
    }
    table = [result_row(row, resp), result_row({"id": "fn2", "citation": "x"}, None, "API down")]
    assert table[0]["verdict"] == "not_supported" and table[0]["semantic"] == ""
    assert table[1]["verdict"] == "error" and table[1]["explanation"] == "API down"
    assert tally(table) == {"not_supported": 1, "error": 1}
    csv_bytes = to_csv(table)
    assert csv_bytes.startswith(b"\xef\xbb\xbfid,citation") and "日本語の文".encode() in csv_bytes
    assert [json.loads(x)["id"] for x in to_jsonl(table).decode().splitlines()] == ["fn1", "fn2"]


# -- eval output -----------------------------------------------------------------------------------

METRICS = {
    "n": 3,
    "n_answerable": 2,
    "n_unanswerable": 1,
    "k": 10,
    "n_errors": 0,
    "hit_at_k": {"1": 0.5, "3": 1.0, "5": 1.0, "10": 1.0},
    "mrr": 0.75,
    "citation_precision": 0.5,
    "fact_recall": 0.5,
    "abstention": {"unanswerable_correct": 1.0, "false_abstain": 0.0},
    "latency_ms": {"p50": 20.0, "p95": 40.0},
    "by_lang": {
        "en": {"n": 2, "n_answerable": 1, "hit_at_k": {"1": 1.0, "5": 1.0}, "mrr": 1.0, "fact_recall": 1.0}
    },
    "by_category": {},
}


def _rec(qid: str, rank: int | None, cp: float | None = 1.0, answerable: bool = True, **extra) -> dict:
    scores = {
        "first_match_rank": rank,
        "citation_precision": cp,
        "fact_recall": 1.0,
        "facts_missing": [],
        "abstention_correct": extra.pop("abstention_correct", True),
        "cited_when_unanswerable": False,
        "latency_ms": extra.pop("latency", 10.0),
    }
    return {
        "id": qid,
        "question": qid,
        "answerable": answerable,
        "abstained": False,
        "scores": scores,
        "retrieved": [],
        "citations": [],
        "latency_ms": scores["latency_ms"],
        "error": None,
        **extra,
    }


def test_parse_run_rejects_what_is_not_an_eval_output(tmp_path) -> None:
    with pytest.raises(EvalDataError, match="hit_at_k"):
        parse_run("x", "{}", "")
    with pytest.raises(EvalDataError, match="line 2"):
        parse_run("x", json.dumps(METRICS), json.dumps(_rec("a", 1)) + "\n{oops")
    with pytest.raises(EvalDataError, match="no metrics.json"):
        load_dir(tmp_path)


def test_load_dir_find_runs_and_headline(tmp_path) -> None:
    run_dir = tmp_path / "eval-out" / "dev"
    run_dir.mkdir(parents=True)
    (run_dir / "metrics.json").write_text(json.dumps(METRICS))
    (run_dir / "results.jsonl").write_text("\n".join(json.dumps(_rec(q, 1)) for q in "ab"))
    assert find_runs([tmp_path / "eval-out"]) == [run_dir]
    run = load_dir(run_dir)
    assert run.name == "dev" and len(run.results) == 2
    heads = {label: value for label, value, _ in headline(run.metrics)}
    assert heads["hit@1"] == 0.5 and heads["hit@10"] == 1.0 and heads["latency p95 (ms)"] == 40.0
    assert group_rows(run.metrics, "by_lang") == [
        {
            "group": "en",
            "questions": 2,
            "answerable": 1,
            "hit@1": 1.0,
            "hit@5": 1.0,
            "MRR": 1.0,
            "fact recall": 1.0,
        }
    ]


def test_confidence_rows_say_how_often_each_level_led_with_the_right_provision() -> None:
    metrics = {"by_confidence": {"high": {"n": 5, "lead_right": 0.96}, "low": {"n": 2, "lead_right": 0.5}}}
    assert confidence_rows(metrics) == [
        {"confidence": "high", "answers": 5, "first citation right": 0.96},
        {"confidence": "low", "answers": 2, "first citation right": 0.5},
    ]
    assert confidence_rows({"hit_at_k": {}}) == []  # a run made before answers gave a confidence


def test_failures_and_their_reasons() -> None:
    run = parse_run(
        "r",
        json.dumps(METRICS),
        "\n".join(
            json.dumps(r)
            for r in [
                _rec("ok", 1),
                _rec("late", 3),
                _rec("missed", None, None),
                _rec("wrongcite", 1, 0.0),
                _rec("unans", None, None, answerable=False, abstention_correct=False),
            ]
        ),
    )
    assert [r["id"] for r in failures(run)] == ["missed", "unans", "wrongcite"]
    assert [r["id"] for r in failures(run, strict_rank=True)] == ["missed", "late", "unans", "wrongcite"]
    assert failure_reasons(_rec("e", 1, error="Boom")) == ["error: Boom"]
    assert failure_reasons(run.by_id["unans"]) == ["answered a question the texts do not answer"]


def test_latency_histogram_counts_every_question() -> None:
    results = [_rec(str(i), 1, latency=float(v)) for i, v in enumerate([10, 11, 12, 50, 100])]
    hist = latency_histogram(results, bins=3)
    assert [h["questions"] for h in hist] == [3, 1, 1]
    assert latency_histogram([]) == []
    assert latency_histogram(results[:1])[0]["questions"] == 1


def test_compare_two_runs() -> None:
    a = parse_run(
        "a", json.dumps(METRICS), "\n".join(json.dumps(r) for r in [_rec("q1", 1), _rec("q2", None)])
    )
    better = {**METRICS, "hit_at_k": {**METRICS["hit_at_k"], "1": 1.0}}
    b = parse_run(
        "b", json.dumps(better), "\n".join(json.dumps(r) for r in [_rec("q1", None), _rec("q2", 1)])
    )
    row = compare(a, b)[0]
    assert row["metric"] == "hit@1" and row["A: a"] == 0.5 and row["B: b"] == 1.0 and row["change"] == 0.5
    changes = question_changes(a, b)
    assert [(c["id"], c["change"]) for c in changes] == [("q1", "broken"), ("q2", "fixed")]


def test_load_gold_skips_bad_lines() -> None:
    text = json.dumps({"id": "q1", "gold": [{"doc": "d", "ref": "art-1"}], "facts": [["x"]]}) + "\nnope\n"
    assert load_gold(text) == {"q1": {"gold": [{"doc": "d", "ref": "art-1"}], "facts": [["x"]]}}


# -- labels -------------------------------------------------------------------------------------------


def test_authority_notes_say_which_text_prevails_and_flag_an_older_translation() -> None:
    ja = {"language": "ja", "legal_effect": True, "version": "rev 2026"}
    en = {"language": "en", "legal_effect": False, "version": "as amended 2021: OLDER than the current text"}
    assert authority_notes(ja, ["ja", "en"]) == ["Japanese original — has legal effect"]
    assert authority_notes(en, ["ja", "en"]) == [
        ORIGINAL_PREVAILS,
        "This translation is older than the current Japanese text",
    ]
    kr = {"language": "en", "legal_effect": False, "authority": "government reference translation"}
    assert authority_notes(kr, ["en"]) == ["government reference translation"]
    assert version_mismatch(ja, en).startswith("Version mismatch: the English text is older")
    same = {"language": "en", "legal_effect": False, "version": "rev 2026"}
    assert version_mismatch(ja, same) == "" and version_mismatch(ja, None) == ""


@pytest.mark.parametrize(
    ("path", "ref"),
    [
        ("art-27/para-1/item-2", "Article 27(1)(ii)"),
        ("art-3-2", "Article 3-2"),
        ("art-2/para-1/item-1-2", "Article 2(1)(i-2)"),
        ("suppl/art-1/para-1", "Suppl. Article 1(1)"),
        ("table-1", "Appended Table 1"),
    ],
)
def test_short_ref(path: str, ref: str) -> None:
    assert short_ref(path) == ref


def test_confidence_badges_say_what_the_level_rests_on() -> None:
    assert confidence_badge("high")[:2] == ("Cited provision: high confidence", "green")
    assert confidence_badge("low")[1] == "red" and "ranked close" in confidence_badge("low")[2]
    assert all("not say whether the texts answer" in confidence_badge(v)[2] for v in ("high", "low"))
    assert confidence_badge(None) is None and confidence_badge("unheard-of") is None


def test_verdict_badges_and_status_banner() -> None:
    assert verdict_badge("exact_quote")[:2] == ("Exact quote", "green")
    assert verdict_badge("not_supported")[1] == "red"
    assert verdict_badge("odd_new_verdict")[0] == "Odd new verdict"
    level, text = status_banner("http://x", None, "connection refused")
    assert level == "error" and "regqa serve" in text and "REGQA_API_URL" in text
    level, text = status_banner("http://x", {"status": "no index: run regqa build"}, None)
    assert level == "warning" and "regqa build" in text and "/admin/reload" in text
    assert status_banner("http://x", {"status": "ok"}, None) is None


# -- the API client, over a transport that answers like the API would -------------------------------


def test_parse_sse_events() -> None:
    lines = [
        "event: sentence",
        'data: {"text": "A [1]", "citations": [1]}',
        "",
        ": comment",
        "event: answer",
        'data: {"answer": "A [1]"}',
        "",
        "data: plain",
    ]
    assert list(parse_sse(lines)) == [
        ("sentence", {"text": "A [1]", "citations": [1]}),
        ("answer", {"answer": "A [1]"}),
        ("message", "plain"),
    ]


def test_error_detail_prefers_the_human_message() -> None:
    assert error_detail(httpx.Response(422, json={"detail": [], "message": "k: too big"})) == "k: too big"
    assert error_detail(httpx.Response(404, json={"detail": "no such document"})) == "no such document"
    assert error_detail(httpx.Response(500, text="boom")) == "boom"


def test_client_says_plainly_when_nothing_answers() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ApiUnavailable, match=f"no API answers at http://127.0.0.1:{port}") as err:
        Api(f"http://127.0.0.1:{port}").health()
    assert isinstance(err.value, ApiError) and err.value.status == 0
