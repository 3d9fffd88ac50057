"""The UI's only way to the pipeline: the HTTP API at REGQA_API_URL, through httpx.

No Streamlit here: each method returns the API's JSON (dicts and lists) or raises
`ApiError` with a message a person can act on (`ApiUnavailable` when nothing answers).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from typing import Any

import httpx

DEFAULT_URL = "http://127.0.0.1:8000"
HEALTH_TIMEOUT = 3.0  # the status banner must not hang the page
CALL_TIMEOUT = 60.0  # an answer embeds the question on CPU; a cold API can take a while


def api_url() -> str:
    """REGQA_API_URL from the environment, else the settings (.env), else the default."""
    url = os.environ.get("REGQA_API_URL")
    if not url:
        try:
            from corpus.settings import get_settings  # configuration only, not the pipeline

            url = get_settings().api_url
        except Exception:  # a broken .env must not stop the UI from naming the default
            url = DEFAULT_URL
    return url.rstrip("/")


class ApiError(RuntimeError):
    """The API answered with an error (status >= 400); `detail` is its message."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"API error {status}: {detail}" if status else detail)
        self.status = status
        self.detail = detail


class ApiUnavailable(ApiError):
    """Nothing answered at the API's address (refused, timed out, DNS)."""


def error_detail(resp: httpx.Response) -> str:
    """The human part of an error response: 422's `message`, else `detail`, else the body."""
    try:
        body = resp.json()
    except ValueError:
        return resp.text.strip()[:500] or resp.reason_phrase
    if isinstance(body, dict):
        if isinstance(body.get("message"), str):
            return body["message"]
        detail = body.get("detail")
        if isinstance(detail, str):
            return detail
        if isinstance(detail, list):
            return "; ".join(str(d.get("msg", d)) if isinstance(d, dict) else str(d) for d in detail)
    return str(body)[:500]


def parse_sse(lines: Iterable[str]) -> Iterator[tuple[str, Any]]:
    """(event, data) pairs from server-sent-event lines; data is JSON-decoded when it can be."""
    event, data = "message", []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line:
            if data:
                yield event, _payload(data)
            event, data = "message", []
        elif line.startswith(":"):
            continue
        elif line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].lstrip(" "))
    if data:
        yield event, _payload(data)


def _payload(data: list[str]) -> object:
    """An event's data lines joined: JSON when they parse as JSON, else the text."""
    text = "\n".join(data)
    try:
        return json.loads(text)
    except ValueError:
        return text


def _clean(body: dict[str, Any]) -> dict[str, Any]:
    """The request body without unset fields (the API forbids unknown ones, not missing ones)."""
    return {k: v for k, v in body.items() if v not in (None, "")}


class Api:
    """A thin client for the regqa API; one instance per page run is cheap."""

    def __init__(self, base: str | None = None, timeout: float = CALL_TIMEOUT) -> None:
        self.base = (base or api_url()).rstrip("/")
        self.timeout = timeout

    def _client(self, timeout: float | None = None) -> httpx.Client:
        return httpx.Client(base_url=self.base, timeout=timeout or self.timeout)

    def _request(self, method: str, path: str, timeout: float | None = None, **kwargs: Any) -> Any:
        try:
            with self._client(timeout) as client:
                resp = client.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise ApiUnavailable(0, f"the API at {self.base} did not answer in time ({exc})") from exc
        except httpx.HTTPError as exc:
            raise ApiUnavailable(0, f"no API answers at {self.base} ({type(exc).__name__}: {exc})") from exc
        if resp.status_code >= 400:
            raise ApiError(resp.status_code, error_detail(resp))
        return resp.json()

    # -- service ---------------------------------------------------------------------------
    def health(self) -> dict[str, Any]:
        return self._request("GET", "/health", timeout=HEALTH_TIMEOUT)

    # -- reading ---------------------------------------------------------------------------
    def documents(self) -> list[dict[str, Any]]:
        return self._request("GET", "/documents")["documents"]

    def document(self, doc_id: str) -> dict[str, Any]:
        return self._request("GET", f"/documents/{doc_id}")

    def provision(self, doc_id: str, path: str, lang: str | None = None) -> dict[str, Any]:
        params = {"lang": lang} if lang else None
        return self._request("GET", f"/provisions/{doc_id}/{path.strip('/')}", params=params)

    # -- answers and search ----------------------------------------------------------------
    def ask(self, question: str, k: int = 5, as_of: str | None = None, max_words: int | None = None,
            **filters: str | None) -> dict[str, Any]:
        body = _clean({"question": question, "k": k, "as_of": as_of, "max_words": max_words, **filters})
        return self._request("POST", "/ask", json=body)

    def ask_stream(self, question: str, k: int = 5, as_of: str | None = None, max_words: int | None = None,
                   **filters: str | None) -> Iterator[tuple[str, Any]]:
        """`sentence` events as they pass the guard, then one `answer` (or `error`) event."""
        body = _clean({"question": question, "k": k, "as_of": as_of, "max_words": max_words, **filters})
        try:
            with self._client() as client, client.stream("POST", "/ask/stream", json=body) as resp:
                if resp.status_code >= 400:
                    resp.read()
                    raise ApiError(resp.status_code, error_detail(resp))
                yield from parse_sse(resp.iter_lines())
        except httpx.TimeoutException as exc:
            raise ApiUnavailable(0, f"the API at {self.base} did not answer in time ({exc})") from exc
        except httpx.HTTPError as exc:
            raise ApiUnavailable(0, f"no API answers at {self.base} ({type(exc).__name__}: {exc})") from exc

    def search(self, query: str, k: int = 10, **filters: str | None) -> list[dict[str, Any]]:
        body = _clean({"query": query, "k": k, **filters})
        return self._request("POST", "/search", json=body)["results"]

    # -- verification ----------------------------------------------------------------------
    def verify(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._request("POST", "/verify", json=_clean(body))
