"""eval/http_system.py against a mock deployment (httpx.MockTransport): no server, no model."""

from __future__ import annotations

import httpx
import pytest
from eval_support import CHAIR, DOC

from core.timing import collect_stages
from eval.http_system import ApiError, HttpSystem

CITATION = {"n": 1, "passage_id": f"{DOC}:en:art-6/para-1", "doc_id": DOC, "path": "art-6/para-1",
            "ref": "Article 6(1)", "label": "Article 6(1)", "quote": CHAIR, "score": 0.7,
            "language": "en", "text": CHAIR}
RESULT = {"passage_id": f"{DOC}:en:art-6/para-1", "doc_id": DOC, "path": "art-6/para-1",
          "ref": "Article 6(1)", "label": "Article 6(1)", "language": "en", "text": CHAIR, "score": 0.03,
          "rank": 1}


def handler(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/ask":
        return httpx.Response(200, json={"answer": f"Article 6(1): “{CHAIR}” [1]", "citations": [CITATION],
                                         "abstained": False, "grounded_share": 1.0})
    if request.url.path == "/search":
        return httpx.Response(200, json={"query": "q", "results": [RESULT]})
    if request.url.path == "/documents":
        return httpx.Response(200, json={"documents": [{"doc_id": DOC}]})
    if request.url.path == f"/documents/{DOC}":
        return httpx.Response(200, json={"toc": [{"path": "art-6/para-1"}, {"path": "art-6/para-2"}]})
    return httpx.Response(503, json={"detail": "index not built"})


def system(h=handler) -> HttpSystem:
    return HttpSystem("http://deploy", client=httpx.Client(base_url="http://deploy",
                                                            transport=httpx.MockTransport(h)))


def test_answer_hits_and_end_to_end_latency():
    with collect_stages() as stages:
        answer, hits = system().ask_with_hits("Who heads it?", 5)
    assert answer.citations[0].path == "art-6/para-1" and answer.grounded_share == 1.0
    assert [(h.passage.doc_id, h.passage.path, h.rank) for h in hits] == [(DOC, "art-6/para-1", 1)]
    assert stages["end_to_end"] >= 0 and "search_request" in stages


def test_document_paths_from_the_table_of_contents():
    assert system().document_paths() == {DOC: {"art-6/para-1", "art-6/para-2"}}


def test_an_error_names_the_endpoint_and_status():
    with pytest.raises(ApiError, match=r"http://deploy/ask: HTTP 503"):
        system(lambda r: httpx.Response(503, text="index not built")).ask_with_hits("q", 5)
