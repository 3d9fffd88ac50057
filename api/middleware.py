"""Per-request plumbing as one plain ASGI middleware: a request id (echoed as X-Request-ID),
the body size limit (413 naming it), and one JSON log line per request (method, path,
status, latency; the question text only when REGQA_LOG_QUESTIONS is true)."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_LOGGED_FIELDS = ("question", "query", "claim", "quote", "citation")
_CAPTURE = 16384


def access_logger() -> logging.Logger:
    """`regqa.access`: one JSON object per line on stderr."""
    log = logging.getLogger("regqa.access")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return log


class BodyTooLarge(Exception):
    pass


def log_record(method: str, path: str, status: int, latency_ms: float, request_id: str,
               body: bytes, log_questions: bool) -> dict[str, Any]:
    """The log line's fields. Pure."""
    record: dict[str, Any] = {
        "ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "event": "request",
        "request_id": request_id, "method": method, "path": path, "status": status,
        "latency_ms": round(latency_ms, 1),
    }
    if log_questions and body:
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if isinstance(data, dict):
            for name in _LOGGED_FIELDS:
                if isinstance(data.get(name), str):
                    record[name] = data[name][:500]
    return record


class RequestMiddleware:
    def __init__(self, app: ASGIApp, max_body_bytes: int, log_questions: bool,
                 logger: logging.Logger | None = None) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.log_questions = log_questions
        self.log = logger or access_logger()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        given = headers.get("x-request-id", "")
        request_id = given if _ID.match(given) else uuid.uuid4().hex[:16]
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500
        captured = b""

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > self.max_body_bytes:
                raise BodyTooLarge
            body = await self._read_body(receive)
            captured = body[:_CAPTURE]
            await self.app(scope, _replay(body, receive), send_wrapper)
        except BodyTooLarge:
            await self._too_large(send_wrapper, request_id)
        finally:
            record = log_record(scope.get("method", ""), scope.get("path", ""), status,
                                (time.perf_counter() - start) * 1000, request_id, captured,
                                self.log_questions)
            self.log.info(json.dumps(record, ensure_ascii=False))

    async def _read_body(self, receive: Receive) -> bytes:
        """The whole request body (requests here are small), or BodyTooLarge past the limit."""
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return bytes(body)
            body.extend(message.get("body", b""))
            if len(body) > self.max_body_bytes:
                raise BodyTooLarge
            if not message.get("more_body", False):
                return bytes(body)

    async def _too_large(self, send: Send, request_id: str) -> None:
        body = json.dumps({
            "detail": f"request body too large: the limit is {self.max_body_bytes} bytes "
                      "(REGQA_MAX_BODY_BYTES)", "request_id": request_id}).encode()
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive() that hands the app the body already read, then waits for a disconnect."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()
    return replay
