"""A tiny OpenAI-compatible chat server for tests: real HTTP on 127.0.0.1, scripted replies.

It stands in for a remote LLM (which cannot exist here) and speaks the protocol the real client
uses: POST /v1/chat/completions, with `stream: true` answered as server-sent events of
`chat.completion.chunk` objects ending in `data: [DONE]`. The reply is chosen by the first
script key that occurs in the last user message; `{n:phrase}` in a reply becomes the number of
the passage whose text contains the phrase. Every request is recorded for assertions.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

from e2e_support import serve_in_thread as serve_app
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse


def passage_number(prompt: str, phrase: str) -> str:
    """The n of the numbered passage in the prompt whose text contains `phrase` ("0" if none)."""
    for m in re.finditer(r'<passage n="(\d+)"[^>]*>(.*?)</passage>', prompt, flags=re.S):
        if phrase in m.group(2):
            return m.group(1)
    return "0"


def make_app(script: dict[str, str], default: str = "NO_ANSWER") -> tuple[FastAPI, list[dict]]:
    app = FastAPI()
    requests: list[dict] = []

    def reply_for(body: dict) -> str:
        user = next((m["content"] for m in reversed(body.get("messages", [])) if m["role"] == "user"), "")
        text = next((text for key, text in script.items() if key in user), default)
        return re.sub(r"\{n:([^}]+)\}", lambda m: passage_number(user, m.group(1)), text)

    @app.post("/v1/chat/completions")
    async def chat(request: Request):
        body = await request.json()
        requests.append(body)
        text = reply_for(body)
        created = int(time.time())
        if not body.get("stream"):
            return JSONResponse({
                "id": "chatcmpl-test", "object": "chat.completion", "created": created,
                "model": body.get("model", "scripted"),
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": text}}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            })

        def events() -> Iterator[str]:
            words = text.split(" ")
            for i, word in enumerate(words):
                piece = word if i == 0 else " " + word
                chunk = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": created,
                         "model": body.get("model", "scripted"),
                         "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                yield f"data: {json.dumps(chunk)}\n\n"
            end = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": created,
                   "model": body.get("model", "scripted"),
                   "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            yield f"data: {json.dumps(end)}\n\n"
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    return app, requests


@contextmanager
def serve_fake_openai(script: dict[str, str], default: str = "NO_ANSWER"):
    """Run the fake server; yields (base_url ending in /v1, recorded requests)."""
    app, requests = make_app(script, default)
    with serve_app(app) as url:
        yield f"{url}/v1", requests
