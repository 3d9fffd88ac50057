"""The real API server end to end: `regqa build` on the fixture laws, `regqa serve` as a
subprocess on a free port, and plain HTTP against it."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from e2e_support import DOC_ID, FixtureIndex, health_ok, shared_fixture_index, start_api, wait_http

from api.schemas import Answer, Health, SearchResponse

pytestmark = [pytest.mark.server, pytest.mark.model]

CHAIR_PATH = "art-6/para-1"  # "The Headquarters is headed by a chairperson; the Minister of Widgets ..."
TIMEOUT = httpx.Timeout(60.0)


@pytest.fixture(scope="module")
def fixture_index(tmp_path_factory: pytest.TempPathFactory) -> FixtureIndex:
    return shared_fixture_index(tmp_path_factory)


@pytest.fixture(scope="module")
def api(fixture_index: FixtureIndex, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    proc, base = start_api(fixture_index.home, tmp_path_factory.mktemp("e2e-api"))
    try:
        wait_http(f"{base}/health", health_ok, proc=proc)
        with httpx.Client(base_url=base, timeout=TIMEOUT) as client:
            yield client
    finally:
        proc.stop()


@pytest.fixture(scope="module")
def api_without_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    tmp = tmp_path_factory.mktemp("e2e-empty")
    home = tmp / "home"
    home.mkdir()
    proc, base = start_api(home, tmp, name="api-empty")
    try:
        wait_http(f"{base}/health", proc=proc)
        with httpx.Client(base_url=base, timeout=TIMEOUT) as client:
            yield client
    finally:
        proc.stop()


def _ask(api: httpx.Client, question: str, **extra) -> Answer:
    resp = api.post("/ask", json={"question": question, **extra})
    assert resp.status_code == 200, resp.text
    return Answer.model_validate(resp.json())


def _cites(answer: Answer, path: str) -> bool:
    return any(c.doc_id == DOC_ID and c.path == path for c in answer.citations)


def test_health_reports_loaded_index(api: httpx.Client) -> None:
    resp = api.get("/health")
    assert resp.status_code == 200
    health = Health.model_validate(resp.json())
    assert health.status == "ok"
    assert health.passages > 0
    assert health.model
    assert health.index_built


def test_search_returns_fixture_passages(api: httpx.Client) -> None:
    resp = api.post("/search", json={"query": "Widget Safety Headquarters chairperson", "k": 5})
    assert resp.status_code == 200, resp.text
    data = SearchResponse.model_validate(resp.json())
    assert data.query == "Widget Safety Headquarters chairperson"
    assert 0 < len(data.results) <= 5
    assert all(r.doc_id == DOC_ID for r in data.results)
    assert [r.rank for r in data.results] == sorted(r.rank for r in data.results)
    assert any(r.path == CHAIR_PATH for r in data.results)


def test_ask_english_cites_the_chairperson_article(api: httpx.Client) -> None:
    answer = _ask(api, "Who heads the Widget Safety Headquarters?")
    assert not answer.abstained, answer
    assert answer.answer.strip()
    assert _cites(answer, CHAIR_PATH), [(c.doc_id, c.path) for c in answer.citations]
    chair = next(c for c in answer.citations if c.path == CHAIR_PATH)
    assert chair.quote and chair.quote in chair.text
    assert "Minister of Widgets" in chair.text or "ウィジェット大臣" in chair.text
    assert f"[{chair.n}]" in answer.answer
    assert answer.confidence in ("high", "medium", "low"), answer.confidence  # answer/confidence.py


def test_ask_japanese_cites_the_chairperson_article(api: httpx.Client) -> None:
    answer = _ask(api, "ウィジェット安全本部の本部長は誰ですか？")
    assert not answer.abstained, answer
    assert _cites(answer, CHAIR_PATH), [(c.doc_id, c.path) for c in answer.citations]


def test_an_answer_lists_the_next_provisions_only_when_it_is_not_sure(api: httpx.Client) -> None:
    # the second is vague: several provisions say who must do what with a widget
    answers = [_ask(api, q) for q in ("Who heads the Widget Safety Headquarters?",
                                      "ウィジェットについて誰が何をしなければなりませんか？")]
    assert answers[0].confidence == "high" and answers[0].related == []
    unsure = answers[1]
    assert not unsure.abstained and unsure.confidence in ("medium", "low"), unsure.confidence
    cited = {(c.doc_id, c.path) for c in unsure.citations}
    assert unsure.related and not cited & {(r.doc_id, r.path) for r in unsure.related}


def test_ask_unrelated_question_returns_a_valid_answer(api: httpx.Client) -> None:
    answer = _ask(api, "What is the tax rate on imported bananas?", k=3)
    assert answer.answer.strip()
    for c in answer.citations:
        assert c.doc_id == DOC_ID and c.quote and c.label
    if answer.abstained:
        assert all(r.doc_id == DOC_ID for r in answer.related)
        assert answer.confidence is None


@pytest.mark.parametrize(
    "body",
    [
        {"question": ""},
        {"question": "Who heads the Headquarters?", "k": 0},
        {"question": "Who heads the Headquarters?", "colour": "blue"},
        {},
    ],
    ids=["empty-question", "k-zero", "unknown-field", "no-question"],
)
def test_ask_rejects_invalid_requests(api: httpx.Client, body: dict) -> None:
    resp = api.post("/ask", json=body)
    assert resp.status_code == 422, resp.text
    assert "detail" in resp.json()


def test_search_rejects_invalid_requests(api: httpx.Client) -> None:
    assert api.post("/search", json={"query": ""}).status_code == 422
    assert api.post("/search", json={"query": "widget", "k": 0}).status_code == 422


def test_without_index_health_says_not_loaded_and_ask_is_503(api_without_index: httpx.Client) -> None:
    health = Health.model_validate(api_without_index.get("/health").json())
    assert health.status != "ok"
    assert health.passages == 0
    assert "regqa build" in health.status
    resp = api_without_index.post("/ask", json={"question": "Who heads the Headquarters?"})
    assert resp.status_code == 503, resp.text
    assert "regqa build" in resp.json()["detail"]
    resp = api_without_index.post("/search", json={"query": "widget"})
    assert resp.status_code == 503
