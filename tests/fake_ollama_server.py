"""A tiny Ollama server for tests: real HTTP on 127.0.0.1, scripted replies.

It stands in for an Ollama daemon (no model can be pulled here) and speaks the REST protocol
the `ollama` Python client behind llama-index-llms-ollama uses:

- `POST /api/chat`: `stream` true (Ollama's default when absent) is answered as NDJSON
  (`application/x-ndjson`), one `{"model", "created_at", "message": {"role", "content"},
  "done": false}` object per line and a last one with `done: true`, `done_reason` and the
  token counts; `stream: false` as one such object;
- `POST /api/show`: the model's details and `model_info` (llama-index reads
  `*.context_length` from it to set `options.num_ctx`);
- `GET /api/tags`, `GET /api/version`, `GET /`: what a client probing the daemon sees.

An unknown model is a 404 `{"error": "model ... not found"}`, as Ollama answers. The reply is
chosen by the first script key that occurs in the last user message; `{n:phrase}` in a reply
becomes the number of the passage whose text contains the phrase (as in fake_openai_server). A
reply that starts with `<think>...</think>` is sent as a thinking model's output: the reasoning
in `message.thinking`, the rest in `message.content`. `{error:text}` in a reply ends it there
with an Ollama error: mid-stream an `{"error": text}` line, otherwise a 500. Every request is
recorded (`{"path": ..., "body": ...}`) for assertions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from e2e_support import serve_in_thread as serve_app
from fake_openai_server import passage_number
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse

CONTEXT_LENGTH = 32768
ERROR = re.compile(r"\{error:([^}]*)\}")


@dataclass(frozen=True)
class Reply:
    thinking: str
    content: str
    error: str | None  # the daemon fails after `content`


def parse_reply(text: str) -> Reply:
    thinking = ""
    m = re.match(r"\s*<think>(.*?)</think>\s*", text, flags=re.S)
    if m:
        thinking, text = m.group(1).strip(), text[m.end():]
    m = ERROR.search(text)
    if m:
        return Reply(thinking, text[:m.start()].rstrip(), m.group(1))
    return Reply(thinking, text, None)


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _pieces(text: str) -> list[str]:
    """Word-sized fragments, as a model streams tokens."""
    words = text.split(" ")
    return [word if i == 0 else " " + word for i, word in enumerate(words)]


def make_app(script: dict[str, str], model: str = "scripted",
             default: str = "NO_ANSWER") -> tuple[FastAPI, list[dict]]:
    app = FastAPI()
    requests: list[dict] = []
    names = {model, f"{model}:latest"} if ":" not in model else {model}

    def not_found(name: str, hint: str = "") -> JSONResponse:
        return JSONResponse({"error": f"model '{name}' not found{hint}"}, status_code=404)

    def reply_for(body: dict) -> Reply:
        user = next((m.get("content") or "" for m in reversed(body.get("messages") or [])
                     if m.get("role") == "user"), "")
        text = next((text for key, text in script.items() if key in user), default)
        return parse_reply(re.sub(r"\{n:([^}]+)\}", lambda m: passage_number(user, m.group(1)), text))

    @app.get("/")
    def root() -> PlainTextResponse:
        return PlainTextResponse("Ollama is running")

    @app.get("/api/version")
    def version() -> dict:
        return {"version": "0.0.0-scripted"}

    @app.get("/api/tags")
    def tags() -> dict:
        return {"models": [{"name": f"{model}:latest" if ":" not in model else model, "model": model,
                            "modified_at": _now(), "size": 1, "digest": "0" * 64,
                            "details": {"format": "gguf", "family": "scripted",
                                        "parameter_size": "0B", "quantization_level": "none"}}]}

    @app.post("/api/show")
    async def show(request: Request):
        body = await request.json()
        requests.append({"path": "/api/show", "body": body})
        name = body.get("model") or body.get("name") or ""
        if name not in names:
            return not_found(name)
        return {"modelfile": f"FROM {model}", "parameters": "", "template": "{{ .Prompt }}",
                "details": {"format": "gguf", "family": "scripted"}, "modified_at": _now(),
                "model_info": {"general.architecture": "scripted",
                               "scripted.context_length": CONTEXT_LENGTH},
                "capabilities": ["completion", "thinking"]}

    @app.post("/api/chat")
    async def chat(request: Request):
        body = await request.json()
        requests.append({"path": "/api/chat", "body": body})
        name = body.get("model") or ""
        if name not in names:
            return not_found(name, ", try pulling it first")
        if not isinstance(body.get("messages"), list):
            return JSONResponse({"error": "messages: a list is required"}, status_code=400)
        reply = reply_for(body)
        thinking = reply.thinking if body.get("think") is not False else ""

        def chunk(content: str, thinking_piece: str = "", done: bool = False) -> dict:
            message = {"role": "assistant", "content": content}
            if thinking_piece:
                message["thinking"] = thinking_piece
            out: dict = {"model": name, "created_at": _now(), "message": message, "done": done}
            if done:
                out.update(done_reason="stop", total_duration=1000, load_duration=10,
                           prompt_eval_count=10, prompt_eval_duration=100,
                           eval_count=len(_pieces(reply.content)), eval_duration=100)
            return out

        if not body.get("stream", True):  # Ollama streams unless told not to
            if reply.error is not None:
                return JSONResponse({"error": reply.error}, status_code=500)
            return JSONResponse(chunk(reply.content, thinking, done=True))

        def lines() -> Iterator[str]:
            for piece in _pieces(thinking) if thinking else []:
                yield json.dumps(chunk("", piece)) + "\n"
            for piece in _pieces(reply.content) if reply.content else []:
                yield json.dumps(chunk(piece)) + "\n"
            if reply.error is not None:
                yield json.dumps({"error": reply.error}) + "\n"
                return
            yield json.dumps(chunk("", done=True)) + "\n"

        return StreamingResponse(lines(), media_type="application/x-ndjson")

    return app, requests


@contextmanager
def serve_fake_ollama(script: dict[str, str], model: str = "scripted", default: str = "NO_ANSWER"):
    """Run the fake daemon; yields (base URL as REGQA_LLM_BASE_URL takes it, recorded requests)."""
    app, requests = make_app(script, model, default)
    with serve_app(app) as url:
        yield url, requests
