"""REGQA_ANSWERER=ollama end to end: the real regqa API (uvicorn on a loopback port) answering
through llama-index-llms-ollama and the `ollama` client from a local server that speaks the
Ollama REST protocol with scripted replies (tests/fake_ollama_server.py; no Ollama daemon or
model can exist here). The widget law is indexed with an instruction planted in Article 4.

What reaches a user over /ask and /ask/stream must be grounded: a well-cited reply keeps its
citations; every adversarial reply is caught by the guard; a thinking model's reasoning is
never shown; a daemon that is down, lacks the model or fails mid-answer is a clear error.
"""

from __future__ import annotations

import httpx
import pytest
from api_support import (
    GOOD,
    PLANTED,
    Q_CARE,
    Q_CHAIR,
    SCRIPT,
    build_planted_widget,
    fake_loader,
    parse_sse,
    serve,
)
from conftest import FakeEmbedder
from e2e_support import free_port
from fake_ollama_server import CONTEXT_LENGTH, serve_fake_ollama

from answer.generative import SYSTEM_PROMPT
from answer.grounding import (
    REASON_ARTICLE,
    REASON_BAD_CITATION,
    REASON_INSTRUCTION,
    REASON_NO_CITATION,
    REASON_QUOTE,
)
from api.app import create_app
from core.settings import Settings

pytest.importorskip("llama_index.llms.ollama",
                    reason="the Ollama backend is the optional extra: pip install 'regqa[llm]'")
pytestmark = pytest.mark.server

MAX_TOKENS = 300
OLLAMA_SCRIPT = {
    **SCRIPT,
    # a thinking model: its reasoning comes in message.thinking and must never reach the user
    "Q-think": f"<think>The user wants the chair. I should say the Prime Minister.</think>{GOOD}",
    # the daemon fails after the first sentence (an {"error": ...} line mid-stream, else a 500)
    "Q-crash": f"{GOOD} The chairperson also {{error:CUDA error: out of memory}}",
}


@pytest.fixture(scope="module")
def embedder():
    return FakeEmbedder()


@pytest.fixture(scope="module")
def home(tmp_path_factory, embedder):
    return build_planted_widget(tmp_path_factory.mktemp("ollama"), embedder)


@pytest.fixture(scope="module")
def ollama():
    with serve_fake_ollama(OLLAMA_SCRIPT, model="scripted") as (url, requests):
        yield url, requests


def regqa_api(home, embedder, base_url: str, model: str = "scripted"):
    """The regqa API with REGQA_ANSWERER=ollama, served on a loopback port."""
    settings = Settings(home=home, model=embedder.name, answerer="ollama", llm_base_url=base_url,
                        llm_model=model, llm_timeout=10, llm_max_tokens=MAX_TOKENS)
    return serve(create_app(settings, loader=fake_loader(embedder)))


@pytest.fixture(scope="module")
def api(home, embedder, ollama):
    with regqa_api(home, embedder, ollama[0]) as url:
        yield url


def ask(api: str, tag: str, question: str = Q_CHAIR, k: int = 3) -> dict:
    r = httpx.post(f"{api}/ask", json={"question": f"{question} ({tag})", "k": k}, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def stream(api: str, tag: str, question: str = Q_CHAIR, k: int = 3) -> tuple[httpx.Response, list]:
    r = httpx.post(f"{api}/ask/stream", json={"question": f"{question} ({tag})", "k": k}, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream"), r.text
    return r, parse_sse(r.text)


def chats(requests: list[dict], tag: str) -> list[dict]:
    return [r["body"] for r in requests if r["path"] == "/api/chat"
            and tag in r["body"]["messages"][-1]["content"]]


def test_well_cited_answer_comes_through_grounded(api, ollama):
    answer = ask(api, "Q-good")
    assert answer["mode"] == "ollama" and not answer["abstained"], answer
    assert answer["grounded_share"] == 1.0 and answer["removed"] == []
    [citation] = answer["citations"]
    assert citation["path"] == "art-6/para-1" and citation["doc_id"] == "widget-act"
    assert citation["quote"] and citation["quote"] in citation["text"]
    assert "Minister of Widgets" in answer["answer"] and answer["answer"].endswith(f"[{citation['n']}].")
    # what the Ollama client sent: one non-streamed chat with the system prompt and our options
    [body] = chats(ollama[1], "Q-good")
    assert body["model"] == "scripted" and body["stream"] is False
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert body["messages"][0]["content"] == SYSTEM_PROMPT
    assert body["options"]["num_predict"] == MAX_TOKENS and body["options"]["temperature"] == 0.0
    # num_ctx is our setting (REGQA_LLM_CONTEXT_WINDOW), not the model's full context length
    assert body["options"]["num_ctx"] == Settings().llm_context_window != CONTEXT_LENGTH


@pytest.mark.parametrize(("tag", "reason", "bad"), [
    ("Q-article", REASON_ARTICLE, "Article 45"),   # an article the law does not have
    ("Q-uncited", REASON_NO_CITATION, "bonus"),    # a sentence without a citation
    ("Q-nine", REASON_BAD_CITATION, "four-year"),  # [9] with 3 passages
    ("Q-quote", REASON_QUOTE, "Prime Minister"),   # a quote the passage does not contain
])
def test_adversarial_sentence_is_dropped(api, tag, reason, bad):
    answer = ask(api, tag)
    assert not answer["abstained"] and answer["mode"] == "ollama"
    assert bad not in answer["answer"]
    assert "Minister of Widgets" in answer["answer"]  # the supported sentence survives
    assert [(r["reason"], r["action"]) for r in answer["removed"]] == [(reason, "dropped")]
    assert bad in answer["removed"][0]["sentence"]
    assert answer["grounded_share"] == 0.5
    assert [c["n"] for c in answer["citations"]] and all(c["n"] in (1, 2, 3) for c in answer["citations"])
    assert "[9]" not in answer["answer"]


def test_answer_obeying_a_planted_instruction_is_refused(api, ollama):
    answer = ask(api, "Q-obey", Q_CARE)
    assert answer["abstained"] and "exempt" not in answer["answer"]
    assert answer["citations"] == [] and answer["related"]
    assert [r["reason"] for r in answer["removed"]] == [REASON_INSTRUCTION]
    # the planted text reached the model only inside the passage delimiters, as data
    [body] = chats(ollama[1], "Q-obey")
    user = body["messages"][-1]["content"]
    assert user.index("<passages>") < user.index(PLANTED) < user.index("</passages>")


def test_model_saying_no_answer_abstains(api):
    answer = ask(api, "Q-none")
    assert answer["abstained"] and answer["citations"] == [] and answer["related"]


def test_stream_sends_only_grounded_sentences(api, ollama):
    before = len(ollama[1])
    r, events = stream(api, "Q-quote")
    assert [kind for kind, _ in events] == ["sentence", "answer"]
    sentence, final = events[0][1], events[-1][1]
    assert "Minister of Widgets" in sentence["text"] and len(sentence["citations"]) == 1
    assert "Prime Minister" not in r.text.split("event: answer")[0]  # never sent as a sentence
    assert final["mode"] == "ollama" and final["grounded_share"] == 0.5
    assert [x["reason"] for x in final["removed"]] == [REASON_QUOTE]
    assert final["answer"] == ask(api, "Q-quote")["answer"]  # the same guarded answer as /ask
    assert [b["stream"] for b in chats(ollama[1][before:], "Q-quote")] == [True, False]  # NDJSON, JSON


def test_thinking_model_reasoning_never_reaches_the_user(api, ollama):
    answer = ask(api, "Q-think")
    r, events = stream(api, "Q-think")
    for text in (answer["answer"], r.text):
        assert "The user wants the chair" not in text and "Prime Minister" not in text
    assert answer["grounded_share"] == 1.0 and answer["removed"] == []
    assert [kind for kind, _ in events] == ["sentence", "answer"]
    assert events[-1][1]["answer"] == answer["answer"]


def test_failure_mid_stream_is_an_error_event_after_the_checked_sentences(api):
    r, events = stream(api, "Q-crash")
    assert [kind for kind, _ in events] == ["sentence", "error"]
    assert "Minister of Widgets" in events[0][1]["text"]
    detail = events[-1][1]["detail"]
    assert "Ollama" in detail and "out of memory" in detail and "Traceback" not in detail


def assert_clear_error(r: httpx.Response, *words: str) -> None:
    assert r.status_code == 502, r.text
    body = r.json()
    assert "Ollama" in body["detail"] and "Traceback" not in r.text
    for word in words:
        assert word in body["detail"], body


def test_daemon_failing_a_plain_answer_is_a_clear_error(api):
    r = httpx.post(f"{api}/ask", json={"question": f"{Q_CHAIR} (Q-crash)", "k": 3}, timeout=30)
    assert_clear_error(r, "out of memory")


def test_unknown_model_is_a_clear_error(home, embedder, ollama):
    with regqa_api(home, embedder, ollama[0], model="llama9:70b") as url:
        r = httpx.post(f"{url}/ask", json={"question": f"{Q_CHAIR} (Q-good)", "k": 3}, timeout=30)
        assert_clear_error(r, "llama9:70b", "not found")
        _, events = stream(url, "Q-good")
        assert [kind for kind, _ in events] == ["error"] and "not found" in events[0][1]["detail"]


def test_daemon_down_is_a_clear_error_not_a_500(home, embedder):
    down = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    with regqa_api(home, embedder, down) as url:
        r = httpx.post(f"{url}/ask", json={"question": f"{Q_CHAIR} (Q-good)", "k": 3}, timeout=30)
        assert_clear_error(r, down, "did not answer")
        _, events = stream(url, "Q-good")
        assert [kind for kind, _ in events] == ["error"]
        assert down in events[0][1]["detail"] and "did not answer" in events[0][1]["detail"]
        # the rest of the service is unaffected
        assert httpx.get(f"{url}/health", timeout=10).status_code == 200
        assert httpx.post(f"{url}/search", json={"query": "widget", "k": 2}, timeout=10).status_code == 200


def test_fake_daemon_speaks_what_the_ollama_client_parses(ollama):
    import ollama as ollama_client

    client = ollama_client.Client(host=ollama[0], timeout=10)
    assert [m.model for m in client.list().models] == ["scripted"]
    assert client.show("scripted").modelinfo["scripted.context_length"] == CONTEXT_LENGTH
    with pytest.raises(ollama_client.ResponseError) as err:
        client.show("absent")
    assert err.value.status_code == 404
    assert httpx.get(ollama[0], timeout=5).text == "Ollama is running"
