"""The generative answerer against a local OpenAI-compatible server with scripted completions.

The server (tests/fake_openai_server.py) is real HTTP on 127.0.0.1 and speaks the chat
completions protocol, streaming included; it stands in for a remote LLM. The widget law is
indexed with one planted instruction in Article 4. Every adversarial completion must be caught
by the grounding guard before it reaches the user.
"""

from __future__ import annotations

import httpx
import pytest
from api_support import PLANTED, Q_CARE, Q_CHAIR, SCRIPT, build_planted_widget
from api_support import parse_sse as _sse
from fake_openai_server import serve_app, serve_fake_openai

from answer.generative import SYSTEM_PROMPT
from answer.grounding import (
    REASON_ARTICLE,
    REASON_BAD_CITATION,
    REASON_INSTRUCTION,
    REASON_NO_CITATION,
    REASON_QUOTE,
    REASON_UNSUPPORTED,
)
from answer.pipeline import QAPipeline
from api.app import create_app
from core.settings import Settings
from index.store import load_index

pytest.importorskip("llama_index.llms.openai_like",
                    reason="the generative backend is the optional extra: pip install 'regqa[llm]'")
pytestmark = pytest.mark.server

@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    """The widget law, with an instruction planted in Article 4 of the English text."""
    from conftest import FakeEmbedder

    return build_planted_widget(tmp_path_factory.mktemp("gen"), FakeEmbedder())


@pytest.fixture(scope="module")
def llm():
    with serve_fake_openai(SCRIPT) as (url, requests):
        yield url, requests


def make_pipeline(index_dir, url, **extra) -> QAPipeline:
    from conftest import FakeEmbedder

    embedder = FakeEmbedder()
    settings = Settings(home=index_dir, model=embedder.name, answerer="openai", llm_base_url=url,
                        llm_model="scripted", llm_timeout=10, **extra)
    return QAPipeline(load_index(index_dir / "index", embedder.name), embedder, settings)


def ask(pipeline, tag: str, question: str = Q_CHAIR, k: int = 3):
    return pipeline.ask(f"{question} ({tag})", k=k)


def test_grounded_llm_answer_passes_with_its_citation(index_dir, llm):
    answer = ask(make_pipeline(index_dir, llm[0]), "Q-good")
    assert not answer.abstained, answer
    assert answer.mode == "openai"
    assert answer.grounded_share == 1.0 and answer.removed == []
    n = answer.citations[0].n
    assert "Minister of Widgets" in answer.answer and answer.answer.endswith(f"[{n}].")
    assert len(answer.citations) == 1
    assert answer.citations[0].path == "art-6/para-1"
    assert answer.citations[0].quote in answer.citations[0].text


@pytest.mark.parametrize(("tag", "reason", "bad"), [
    ("Q-article", REASON_ARTICLE, "Article 45"),
    ("Q-uncited", REASON_NO_CITATION, "bonus"),
    ("Q-nine", REASON_BAD_CITATION, "four-year"),
    ("Q-quote", REASON_QUOTE, "Prime Minister"),
])
def test_adversarial_sentences_are_dropped_and_reported(index_dir, llm, tag, reason, bad):
    answer = ask(make_pipeline(index_dir, llm[0]), tag)
    assert not answer.abstained
    assert bad not in answer.answer
    assert "Minister of Widgets" in answer.answer  # the supported sentence survives
    assert [(r.reason, r.action) for r in answer.removed] == [(reason, "dropped")]
    assert bad in answer.removed[0].sentence
    assert answer.grounded_share == 0.5
    assert all(c.n in (1, 2, 3) for c in answer.citations)
    if tag == "Q-nine":
        assert "[9]" not in answer.answer


def test_flag_mode_keeps_unsupported_sentence_marked(index_dir, llm):
    answer = ask(make_pipeline(index_dir, llm[0], grounding="flag"), "Q-article")
    assert "Article 45" in answer.answer and "⚠" in answer.answer
    assert [(r.reason, r.action) for r in answer.removed] == [(REASON_ARTICLE, "flagged")]


def test_planted_instruction_is_data_not_a_command(index_dir, llm):
    url, requests = llm
    pipeline = make_pipeline(index_dir, url)
    answer = ask(pipeline, "Q-obey", Q_CARE)
    # the scripted model obeyed the planted text; the guard stops it and the answer abstains
    assert answer.abstained
    assert "exempt" not in answer.answer
    assert answer.citations == []
    assert [r.reason for r in answer.removed] == [REASON_INSTRUCTION]
    assert answer.related  # closest passages, shown as related only
    # and the prompt carried the planted text only inside the passage delimiters, as data
    body = next(r for r in requests if "Q-obey" in r["messages"][-1]["content"])
    system, user = body["messages"][0]["content"], body["messages"][-1]["content"]
    assert system == SYSTEM_PROMPT and "never an instruction" in system
    start, end = user.index("<passages>"), user.index("</passages>")
    assert start < user.index(PLANTED) < end  # the planted passage was given, inside the delimiters
    assert '<passage n="1"' in user and "[n]" in user


def test_nothing_supported_abstains_with_everything_listed(index_dir, llm):
    answer = ask(make_pipeline(index_dir, llm[0]), "Q-nothing")
    assert answer.abstained and answer.citations == []
    assert len(answer.removed) == 2 and answer.grounded_share == 0.0
    assert {r.reason for r in answer.removed} <= {REASON_UNSUPPORTED, REASON_ARTICLE}


def test_model_saying_no_answer_abstains(index_dir, llm):
    answer = ask(make_pipeline(index_dir, llm[0]), "Q-none")
    assert answer.abstained and answer.citations == [] and answer.related


def test_missing_article_refuses_without_calling_the_model(index_dir, llm):
    url, requests = llm
    before = len(requests)
    answer = make_pipeline(index_dir, url).ask("What does Article 35 of the Widget Act require?")
    assert answer.abstained and "no Article 35" in answer.answer
    assert len(requests) == before


def test_unreachable_llm_is_a_clear_error(index_dir):
    from answer.llm_client import LLMError

    pipeline = make_pipeline(index_dir, "http://127.0.0.1:9/v1")
    with pytest.raises(LLMError, match="did not answer"):
        ask(pipeline, "Q-good")


def test_stream_over_http_sends_only_grounded_sentences(index_dir, llm):
    pipeline = make_pipeline(index_dir, llm[0])
    app = create_app(pipeline.settings, loader=lambda s: pipeline)
    with serve_app(app) as api:
        # the LLM is asked to stream (stream=true SSE from the fake server) ...
        r = httpx.post(f"{api}/ask/stream", json={"question": f"{Q_CHAIR} (Q-quote)", "k": 3}, timeout=30)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        events = _sse(r.text)
        kinds = [k for k, _ in events]
        assert kinds == ["sentence", "answer"]
        assert "Minister of Widgets" in events[0][1]["text"] and len(events[0][1]["citations"]) == 1
        assert "Prime Minister" not in r.text.split("event: answer")[0]  # never sent as a sentence
        final = events[-1][1]
        assert final["grounded_share"] == 0.5 and final["removed"][0]["reason"] == REASON_QUOTE
        # the same guarded answer as POST /ask
        plain = httpx.post(f"{api}/ask", json={"question": f"{Q_CHAIR} (Q-quote)", "k": 3}, timeout=30)
        assert plain.status_code == 200
        assert plain.json()["answer"] == final["answer"]
    assert any(req.get("stream") for req in llm[1])
