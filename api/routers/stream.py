"""POST /ask/stream: the answer as server-sent events, each sentence sent once it is grounded.

Events, in order:

- `sentence`: `{"text": "... [1]", "citations": [1]}`, one per sentence that passed the
  grounding guard (with an LLM answerer, as the model writes; nothing unchecked is sent);
- `answer`: the whole guarded answer, the same record `POST /ask` returns (citations,
  `grounded_share`, `removed`, `abstained`, `related`, `confidence`) — authoritative;
- `error`: `{"detail": "..."}` when the LLM backend fails (no stack trace).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

from fastapi import APIRouter, Depends
from fastapi.responses import StreamingResponse

from answer.llm_client import LLMError
from answer.pipeline import QAPipeline
from api.deps import checked_filters, get_pipeline
from api.schemas import AskRequest

router = APIRouter(tags=["answers"])
log = logging.getLogger("regqa.api")


def sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.post(
    "/ask/stream",
    summary="Answer a question, streamed as server-sent events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {"example": (
        'event: sentence\ndata: {"text": "Article 22(1) ...: “...” [1]", "citations": [1]}\n\n'
        'event: answer\ndata: {"answer": "...", "citations": [...], "grounded_share": 1.0}\n\n')}},
        "description": "sentence events, then one answer event (or an error event)"}},
)
def ask_stream(req: AskRequest, pipeline: QAPipeline = Depends(get_pipeline)) -> StreamingResponse:  # noqa: B008
    filters = checked_filters(req.filters(), pipeline)

    def events() -> Iterator[str]:
        try:
            for kind, payload in pipeline.ask_stream(req.question, k=req.k, as_of=req.as_of, filters=filters,
                                                     max_words=req.max_words):
                data = payload.model_dump(mode="json") if kind == "answer" else payload
                yield sse(kind, data)
        except LLMError as exc:
            log.warning("LLM failed: %s", exc)
            yield sse("error", {"detail": str(exc)})

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
