"""The hardened service over real HTTP: uvicorn on a loopback port serving the widget fixture
index (fake embedder). Reading endpoints, /verify, as_of, limits, API keys, CORS, logs,
/ready and the error handlers."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_support import LATE, fake_loader, serve, widget_api
from conftest import FakeEmbedder

from api.app import create_app
from api.schemas import DocumentDetail, DocumentList, ProvisionOut, VerifyResponse
from core.settings import Settings

pytestmark = pytest.mark.server
DOC = "widget-act"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("api-home")


@pytest.fixture(scope="module")
def api(home: Path) -> Iterator[httpx.Client]:
    with widget_api(home, FakeEmbedder(), max_body_bytes=4096) as url, \
            httpx.Client(base_url=url, timeout=30) as client:
        yield client


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(record.getMessage()))


@pytest.fixture
def access_log() -> Iterator[Capture]:
    handler = Capture()
    log = logging.getLogger("regqa.access")
    log.addHandler(handler)
    try:
        yield handler
    finally:
        log.removeHandler(handler)


# -- reading ---------------------------------------------------------------------------------

def test_documents_lists_languages_versions_and_authority(api: httpx.Client) -> None:
    resp = api.get("/documents")
    assert resp.status_code == 200
    docs = DocumentList.model_validate(resp.json()).documents
    assert [d.doc_id for d in docs] == [DOC]
    doc = docs[0]
    assert doc.languages == ["ja", "en"]  # the authoritative text first
    assert doc.titles == {"ja": "ウィジェット安全法", "en": "Act on Widget Safety"}
    assert doc.legal_effect == {"ja": True, "en": False}
    assert doc.versions["en"] == "test edition"
    assert doc.passages["en"] > 10 and doc.passages["ja"] > 10
    assert doc.jurisdiction == "JP" and doc.kind == "act"


def test_document_toc_is_ordered_with_refs_and_captions(api: httpx.Client) -> None:
    detail = DocumentDetail.model_validate(api.get(f"/documents/{DOC}").json())
    paths = [e.path for e in detail.toc]
    assert paths.index("art-1/para-1") < paths.index("art-3/para-2") < paths.index("art-6/para-1")
    assert len(paths) == len(set(paths))
    chair = next(e for e in detail.toc if e.path == "art-6/para-1")
    assert chair.refs == {"ja": "第六条第一項", "en": "Article 6(1)"}
    assert chair.captions["en"] == "Chairperson"
    assert chair.languages == ["ja", "en"]


def test_provision_in_each_language_with_its_counterpart(api: httpx.Client) -> None:
    en = ProvisionOut.model_validate(api.get(f"/provisions/{DOC}/art-6/para-1", params={"lang": "en"}).json())
    assert en.language == "en" and en.ref == "Article 6(1)"
    assert "Minister of Widgets" in en.text
    assert en.legal_effect is False and en.version == "test edition"
    assert en.counterpart is not None and en.counterpart.language == "ja"
    assert "ウィジェット大臣" in en.counterpart.text and en.counterpart.legal_effect is True
    default = ProvisionOut.model_validate(api.get(f"/provisions/{DOC}/art-6/para-1").json())
    assert default.language == "ja"  # without lang: the text with legal effect


def test_provision_item_and_whole_article(api: httpx.Client) -> None:
    item = api.get(f"/provisions/{DOC}/art-2/para-1/item-3", params={"lang": "en"}).json()
    assert item["ref"] == "Article 2(1)(iii)"
    assert item["text"].startswith("(iii) hazard") and "smart widget" not in item["text"]
    article = api.get(f"/provisions/{DOC}/art-6", params={"lang": "en"}).json()
    assert "Minister of Widgets" in article["text"] and "directs its staff" in article["text"]


@pytest.mark.parametrize(("url", "needle"), [
    ("/documents/no-such-act", "no document 'no-such-act'"),
    ("/provisions/no-such-act/art-1", "no document 'no-such-act'"),
    (f"/provisions/{DOC}/art-99", "has no provision 'art-99'"),
    (f"/provisions/{DOC}/art-6/para-1?lang=fr", "has no 'fr' text"),
])
def test_unknown_document_path_or_language_is_a_clear_404(api: httpx.Client, url: str, needle: str) -> None:
    resp = api.get(url)
    assert resp.status_code == 404
    assert needle in resp.json()["detail"]


# -- verify ----------------------------------------------------------------------------------

def _verify(api: httpx.Client, **body) -> VerifyResponse:
    resp = api.post("/verify", json=body)
    assert resp.status_code == 200, resp.text
    return VerifyResponse.model_validate(resp.json())


def test_verify_exact_quote_shows_both_texts_original_first(api: httpx.Client) -> None:
    out = _verify(api, doc_id=DOC, path="art-6/para-1", quote="the Minister of Widgets  holds that post")
    assert out.verdict == "exact_quote"
    assert [t.language for t in out.texts] == ["ja", "en"]
    assert out.texts[0].legal_effect and not out.texts[1].legal_effect
    assert all(t.version == "test edition" for t in out.texts)
    assert "legal effect" in out.note  # the match is in the translation: says which text binds


def test_verify_paraphrase_from_a_citation_in_words(api: httpx.Client) -> None:
    out = _verify(api, citation="Article 6 of the Widget Safety Act",
                  claim="the Minister of Widgets is the chairperson heading the Headquarters")
    assert out.verdict == "supported_paraphrase", out.explanation
    assert (out.doc_id, out.path, out.ref) == (DOC, "art-6", "Article 6")
    assert out.scores is not None and out.scores.score >= out.scores.threshold


def test_verify_statement_carrying_its_own_claim(api: httpx.Client) -> None:
    out = _verify(api, citation="Article 3-2 of the Widget Act requires an importer to check that "
                                "each imported widget meets the rules")
    assert out.verdict in ("supported_paraphrase", "exact_quote"), out.explanation
    assert out.path == "art-3-2"


def test_verify_wrong_provision_is_not_supported(api: httpx.Client) -> None:
    out = _verify(api, citation="Article 5 of the Widget Act",
                  claim="a maker must mark every widget with its cog count")
    assert out.verdict == "not_supported"
    assert out.texts and out.scores is not None and out.scores.score < out.scores.threshold


def test_verify_negated_claim_is_not_supported(api: httpx.Client) -> None:
    out = _verify(api, citation="Article 6(1) of the Widget Act",
                  claim="the Minister of Widgets does not head the Headquarters")
    assert out.verdict == "not_supported"
    assert "negat" in out.explanation


def test_verify_japanese_citation_and_quote(api: httpx.Client) -> None:
    out = _verify(api, citation="ウィジェット安全法第六条第一項", quote="ウィジェット大臣がその職に就く")
    assert out.verdict == "exact_quote" and out.matched_language == "ja"


@pytest.mark.parametrize("body", [
    {"citation": "Article 99 of the Widget Act", "claim": "widgets are blue"},
    {"doc_id": DOC, "path": "art-6/para-9", "claim": "widgets are blue"},
    {"doc_id": "no-such-act", "path": "art-1", "quote": "widgets"},
    {"citation": "Article 5 of the EU Widget Regulation", "claim": "widgets are blue"},
], ids=["missing-article", "missing-paragraph", "unknown-document", "unindexed-jurisdiction"])
def test_verify_no_such_provision(api: httpx.Client, body: dict) -> None:
    out = _verify(api, **body)
    assert out.verdict == "no_such_provision", out
    assert out.texts == []


@pytest.mark.parametrize(("body", "field"), [
    ({"claim": "widgets are blue"}, "citation or path"),
    ({"citation": "the Widget Act", "claim": "widgets are blue"}, "citation"),
    ({"citation": "Article 6 of the Widget Act", "claim": "x", "quote": "y"}, "claim and quote"),
    ({"citation": "Article 6 of the Widget Act"}, "claim or quote"),
    ({"path": "art-6"}, "doc_id"),
    ({"citation": "Article 6", "claim": "x", "colour": "blue"}, "colour"),
])
def test_verify_unclear_requests_are_422_naming_the_field(api: httpx.Client, body: dict, field: str) -> None:
    resp = api.post("/verify", json=body)
    assert resp.status_code == 422, resp.text
    data = resp.json()
    assert field in (data.get("message") or data["detail"])


# -- as_of -------------------------------------------------------------------------------------

def test_as_of_leaves_out_provisions_not_yet_in_effect(api: httpx.Client) -> None:
    late = next(iter(LATE))
    query = {"query": "importer imported widget check rules", "k": 20}
    now = api.post("/search", json=query).json()["results"]
    assert any(r["path"] == late for r in now)
    before = api.post("/search", json={**query, "as_of": "2031-12-31"}).json()["results"]
    assert before and all(r["path"] != late for r in before)
    assert [r["rank"] for r in before] == list(range(1, len(before) + 1))
    after = api.post("/search", json={**query, "as_of": LATE[late]}).json()["results"]
    assert any(r["path"] == late for r in after)
    answer = api.post("/ask", json={"question": "What must an importer check?", "as_of": "2031-12-31"})
    assert answer.status_code == 200
    assert all(c["path"] != late for c in answer.json()["citations"])


@pytest.mark.parametrize("as_of", ["2031-02-30", "next week", 20310101, "2031-1-5"])
def test_as_of_malformed_is_422(api: httpx.Client, as_of) -> None:
    resp = api.post("/ask", json={"question": "Who heads the Headquarters?", "as_of": as_of})
    assert resp.status_code == 422
    assert resp.json()["message"].startswith("as_of:")


def test_a_brief_answer_keeps_the_lead_and_drops_what_overflows_its_word_budget(api: httpx.Client) -> None:
    question = "What must makers do and what can the Minister order?"
    full = api.post("/ask", json={"question": question}).json()
    brief = api.post("/ask", json={"question": question, "max_words": 10}).json()
    assert len(full["citations"]) >= 2  # the lead provision and another one
    assert [c["path"] for c in brief["citations"]] == [full["citations"][0]["path"]]
    assert len(brief["answer"].split()) < len(full["answer"].split())
    streamed = api.post("/ask/stream", json={"question": question}).text
    events = api.post("/ask/stream", json={"question": question, "max_words": 10}).text
    assert streamed.count("event: sentence") >= 2 and events.count("event: sentence") == 1  # as briefly
    assert api.post("/ask", json={"question": question, "max_words": -1}).status_code == 422


# -- limits ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "field"), [
    ({"question": "x" * 2001}, "question"),
    ({"question": ""}, "question"),
    ({"question": "Who?", "k": 0}, "k"),
    ({"question": "Who?", "k": 51}, "k"),
    ({"question": "Who?", "colour": "blue"}, "colour"),
])
def test_limits_are_422_naming_the_field(api: httpx.Client, body: dict, field: str) -> None:
    resp = api.post("/ask", json=body)
    assert resp.status_code == 422
    data = resp.json()
    assert data["message"].startswith(f"{field}:")
    assert "xxxxxxxx" not in resp.text  # what was sent is not echoed back


def test_body_over_the_limit_is_413_naming_it(api: httpx.Client) -> None:
    resp = api.post("/ask", json={"question": "y" * 5000})
    assert resp.status_code == 413
    assert "4096 bytes" in resp.json()["detail"] and "REGQA_MAX_BODY_BYTES" in resp.json()["detail"]
    chunked = api.post("/search", content=iter([b'{"query": "', b"z" * 5000, b'"}']),
                       headers={"content-type": "application/json"})
    assert chunked.status_code == 413


# -- logs, health ----------------------------------------------------------------------------

def test_one_json_log_line_per_request(api: httpx.Client, access_log: Capture) -> None:
    resp = api.post("/ask", json={"question": "Who heads the Headquarters?"}, headers={"X-Request-ID": "t-1"})
    assert resp.headers["x-request-id"] == "t-1"
    # the server thread writes the line after the response has been sent: wait for it
    deadline = time.monotonic() + 5
    while not any(line["request_id"] == "t-1" for line in access_log.lines) and time.monotonic() < deadline:
        time.sleep(0.02)
    lines = [line for line in access_log.lines if line["request_id"] == "t-1"]
    assert len(lines) == 1
    line = lines[0]
    assert (line["method"], line["path"], line["status"]) == ("POST", "/ask", 200)
    assert line["latency_ms"] >= 0
    assert line["question"] == "Who heads the Headquarters?"


def test_health_and_ready(api: httpx.Client) -> None:
    assert api.get("/health").json()["status"] == "ok"
    ready = api.get("/ready")
    assert ready.status_code == 200 and ready.json()["passages"] > 0


def test_openapi_has_an_example_for_every_endpoint(api: httpx.Client) -> None:
    schema = api.get("/openapi.json").json()
    text = json.dumps(schema)
    for path in ("/ask", "/search", "/verify", "/documents", "/documents/{doc_id}",
                 "/provisions/{doc_id}/{path}", "/health", "/ready", "/admin/reload"):
        assert path in schema["paths"], path
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            assert op.get("summary"), (method, path)
            params = op.get("parameters", [])
            assert all("example" in p or "examples" in p or p.get("schema", {}).get("examples")
                       for p in params if p["in"] == "path"), (method, path)
    for name in ("VerifyRequest", "VerifyResponse", "DocumentSummary", "ProvisionOut", "AskRequest"):
        assert "example" in json.dumps(schema["components"]["schemas"][name]), name
    assert "X-API-Key" in text
    failed = schema["paths"]["/ask"]["post"]["responses"]["502"]
    assert "LLM backend" in failed["description"] and failed["content"]["application/json"]["example"]


# -- separately configured servers -----------------------------------------------------------

def test_no_index_is_503_saying_what_to_run(tmp_path: Path) -> None:
    fe = FakeEmbedder()
    app = create_app(Settings(home=tmp_path, model=fe.name), loader=fake_loader(fe))
    with serve(app) as url, httpx.Client(base_url=url) as client:
        for resp in (client.get("/ready"), client.post("/ask", json={"question": "Who?"}),
                     client.get("/documents"),
                     client.post("/verify", json={"citation": "Art. 1", "claim": "x"})):
            assert resp.status_code == 503
            assert "regqa build" in resp.json()["detail"]
        assert client.get("/health").status_code == 200


def test_admin_reload_needs_a_key(home: Path) -> None:
    fe = FakeEmbedder()
    with widget_api(home, fe) as url:  # no keys configured: admin is off
        resp = httpx.post(f"{url}/admin/reload")
        assert resp.status_code == 403 and "REGQA_API_KEYS" in resp.json()["detail"]
    with widget_api(home, fe, api_keys="alpha,beta") as url:
        assert httpx.post(f"{url}/admin/reload").status_code == 401
        wrong = httpx.post(f"{url}/admin/reload", headers={"X-API-Key": "alphax"})
        assert wrong.status_code == 401 and "valid API key" in wrong.json()["detail"]
        ok = httpx.post(f"{url}/admin/reload", headers={"Authorization": "Bearer beta"})
        assert ok.status_code == 200 and ok.json()["status"] == "reloaded"
        assert ok.json()["passages"] > 0
        assert httpx.post(f"{url}/search", json={"query": "widget"}).status_code == 200  # reads stay open


def test_key_for_all_and_cors(home: Path) -> None:
    fe = FakeEmbedder()
    with widget_api(home, fe, api_keys="alpha", require_key_for_all=True,
                    cors_origins="https://legal.example") as url:
        assert httpx.post(f"{url}/search", json={"query": "widget"}).status_code == 401
        assert httpx.get(f"{url}/documents").status_code == 401
        resp = httpx.get(f"{url}/documents", headers={"X-API-Key": "alpha", "Origin": "https://legal.example"})
        assert resp.status_code == 200
        assert resp.headers["access-control-allow-origin"] == "https://legal.example"
        other = httpx.get(f"{url}/documents", headers={"X-API-Key": "alpha", "Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        assert httpx.get(f"{url}/health").status_code == 200  # probes stay open
        assert httpx.get(f"{url}/ready").status_code == 200


def test_require_key_for_all_without_keys_refuses_to_start(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="REGQA_API_KEYS"):
        create_app(Settings(home=tmp_path, require_key_for_all=True))


def test_questions_left_out_of_logs_when_configured(home: Path, access_log: Capture) -> None:
    with widget_api(home, FakeEmbedder(), log_questions=False) as url:
        httpx.post(f"{url}/ask", json={"question": "Who heads the Headquarters?"},
                   headers={"X-Request-ID": "quiet-1"})
    line = next(line for line in access_log.lines if line["request_id"] == "quiet-1")
    assert line["status"] == 200 and "question" not in line
    assert "Headquarters" not in json.dumps(line)


def test_a_crash_is_a_500_with_a_request_id_and_no_trace(home: Path) -> None:
    fe = FakeEmbedder()
    loader = fake_loader(fe)

    def broken(settings: Settings):
        pipeline = loader(settings)

        def explode(*args, **kwargs):
            raise RuntimeError("secret internals /etc/passwd")
        pipeline.ask = explode
        return pipeline

    app = create_app(Settings(home=home, model=fe.name), loader=broken)
    with serve(app) as url:
        resp = httpx.post(f"{url}/ask", json={"question": "Who heads the Headquarters?"})
    assert resp.status_code == 500
    body = resp.json()
    assert body["request_id"] and "internal error" in body["detail"]
    assert "Traceback" not in resp.text and "secret" not in resp.text and "RuntimeError" not in resp.text


# -- the real `regqa serve` (real model) configured from the environment ---------------------

@pytest.mark.model
def test_regqa_serve_with_keys_from_the_environment(tmp_path_factory: pytest.TempPathFactory) -> None:
    from e2e_support import base_env, free_port, health_ok, regqa_bin, shared_fixture_index, start_process
    from e2e_support import wait_http as wait

    fixture = shared_fixture_index(tmp_path_factory)
    port = free_port()
    tmp = tmp_path_factory.mktemp("api-serve-keys")
    proc = start_process([str(regqa_bin()), "serve", "--host", "127.0.0.1", "--port", str(port)],
                         base_env(fixture.home, REGQA_API_KEYS="k-one, k-two"), tmp / "api.log")
    url = f"http://127.0.0.1:{port}"
    try:
        wait(f"{url}/health", health_ok, proc=proc)
        assert httpx.post(f"{url}/admin/reload", timeout=60).status_code == 401
        ok = httpx.post(f"{url}/admin/reload", headers={"X-API-Key": "k-two"}, timeout=120)
        assert ok.status_code == 200, ok.text
        out = httpx.post(f"{url}/verify", timeout=60, json={
            "citation": "Article 6(1) of the Widget Safety Act",
            "claim": "the Minister of Widgets is the chairperson heading the Headquarters"}).json()
        assert out["verdict"] == "supported_paraphrase", out
        assert out["scores"]["semantic"] is not None  # the real model scored it
    finally:
        proc.stop()
    log = proc.tail(20000)
    lines = [json.loads(line) for line in log.splitlines() if line.startswith('{"ts"')]
    assert any(x["path"] == "/verify" and x["status"] == 200 for x in lines)
    assert "Traceback" not in log


def test_ask_takes_the_search_filters_and_names_an_unknown_value(api):
    kept = api.post("/ask", json={"question": "Who chairs the widget headquarters?", "language": "ja"})
    assert kept.status_code == 200
    data = kept.json()
    assert all(c["language"] == "ja" for c in data["citations"] + data["related"])
    wrong = api.post("/ask", json={"question": "Who chairs the widget headquarters?", "jurisdiction": "XX"})
    assert wrong.status_code == 422
    assert "unknown jurisdiction filter 'XX'" in wrong.text and "JP" in wrong.text
    streamed = api.post("/ask/stream", json={"question": "Who chairs it?", "doc_id": "nope"})
    assert streamed.status_code == 422 and "unknown doc id filter" in streamed.text
