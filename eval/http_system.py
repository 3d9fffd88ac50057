"""Score a running deployment over HTTP: what users actually hit.

Each question is one `POST /ask` (its round trip is the end-to-end latency) and one
`POST /search` with the same k for the ranked passages the retrieval metrics read: /ask returns
the cited and related passages, not the ranking. /search runs the same search as /ask but not
/ask's extra search of each side of a comparison, so a comparison's retrieval may score a
little lower than in process. Document paths for the invented-reference check come from
`GET /documents` and `GET /documents/{id}` (paragraph level: items are not listed).
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from api.schemas import Answer, PassageOut
from core.timing import record_stage, stage
from ingest.records import Passage
from search.hits import Hit


class ApiError(RuntimeError):
    """The deployment answered with an error or not at all; the message says which."""


def passage_of(out: PassageOut) -> Passage:
    """A /search result as a passage record (the fields scoring reads, the rest empty)."""
    return Passage(passage_id=out.passage_id, doc_id=out.doc_id, language=out.language, path=out.path,
                   text=out.text, label=out.label, ref=out.ref, title="", short_title="", caption="",
                   chapter="", kind="", jurisdiction="", version=out.version, url=out.url,
                   legal_effect=out.legal_effect, authority="")


class HttpSystem:
    """`ask_with_hits` over a deployment's API."""

    items_known = False  # the table of contents lists paragraphs, not items

    def __init__(self, base_url: str, api_key: str | None = None, timeout: float = 60.0,
                 client: httpx.Client | None = None) -> None:
        headers = {"X-API-Key": api_key} if api_key else {}
        self.base_url = base_url.rstrip("/")
        self.client = client or httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout)

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        try:
            resp = self.client.post(path, json=body)
        except httpx.HTTPError as exc:
            raise ApiError(f"{self.base_url}{path}: {type(exc).__name__}: {exc}") from exc
        if resp.status_code >= 400:
            raise ApiError(f"{self.base_url}{path}: HTTP {resp.status_code}: {resp.text[:300]}")
        return resp.json()

    def ask_with_hits(self, question: str, k: int) -> tuple[Answer, list[Hit]]:
        t0 = time.perf_counter()
        answer = Answer.model_validate(self._post("/ask", {"question": question, "k": k}))
        end_to_end = (time.perf_counter() - t0) * 1000.0
        with stage("search_request"):
            found = self._post("/search", {"query": question, "k": k})["results"]
        record_stage("end_to_end", end_to_end)  # the runner reads it as the question's latency
        hits = [Hit(passage_of(PassageOut.model_validate(r)), float(r["score"]), int(r["rank"]))
                for r in found]
        return answer, hits

    def document_paths(self) -> dict[str, set[str]]:
        """Every document's provision paths, from its table of contents."""
        try:
            docs = self.client.get("/documents").raise_for_status().json()
            items = docs.get("documents", docs) if isinstance(docs, dict) else docs
            out: dict[str, set[str]] = {}
            for d in items:
                detail = self.client.get(f"/documents/{d['doc_id']}").raise_for_status().json()
                out[d["doc_id"]] = {e["path"] for e in detail.get("toc", [])}
        except httpx.HTTPError as exc:
            raise ApiError(f"{self.base_url}/documents: {type(exc).__name__}: {exc}") from exc
        return out
