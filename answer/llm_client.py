"""Chat LLM backends through llama-index's integrations, imported lazily.

`openai`: any OpenAI-compatible endpoint (vLLM, llama.cpp server, LM Studio, OpenAI) through
llama-index-llms-openai-like; `ollama`: an Ollama server through llama-index-llms-ollama. Both
come with the optional extra `regqa[llm]`; nothing is imported unless a generative answerer is
configured.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from core.settings import Settings


class LLMError(RuntimeError):
    """The LLM backend is misconfigured, not installed, or failed to answer."""


@dataclass(frozen=True)
class Message:
    role: str  # system | user | assistant
    content: str


class ChatClient(Protocol):
    def complete(self, messages: Sequence[Message]) -> str: ...

    def stream(self, messages: Sequence[Message]) -> Iterator[str]: ...


class LlamaIndexChat:
    """A llama-index LLM behind the two calls the answerer needs."""

    def __init__(self, llm: Any, label: str) -> None:
        self.llm = llm
        self.label = label

    @staticmethod
    def _messages(messages: Sequence[Message]) -> list[Any]:
        from llama_index.core.llms import ChatMessage

        return [ChatMessage(role=m.role, content=m.content) for m in messages]

    def complete(self, messages: Sequence[Message]) -> str:
        try:
            response = self.llm.chat(self._messages(messages))
        except Exception as exc:  # noqa: BLE001 - any backend failure gets one clear message
            raise LLMError(f"{self.label} did not answer: {type(exc).__name__}: {exc}") from exc
        return response.message.content or ""

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        try:
            for chunk in self.llm.stream_chat(self._messages(messages)):
                if chunk.delta:
                    yield chunk.delta
        except Exception as exc:  # noqa: BLE001
            raise LLMError(f"{self.label} did not answer: {type(exc).__name__}: {exc}") from exc


def make_chat_client(settings: Settings) -> ChatClient:
    """The chat client the settings ask for (REGQA_ANSWERER=openai|ollama)."""
    kind = settings.answerer
    if kind not in ("openai", "ollama"):
        raise LLMError(f"REGQA_ANSWERER={kind!r} is not an LLM backend (use openai or ollama)")
    if not settings.llm_model:
        raise LLMError(f"REGQA_ANSWERER={kind} needs REGQA_LLM_MODEL (the model the endpoint serves)")
    try:
        if kind == "openai":
            from llama_index.llms.openai_like import OpenAILike
        else:
            from llama_index.llms.ollama import Ollama
    except ImportError as exc:
        raise LLMError(f"the {kind} backend is not installed: pip install 'regqa[llm]' ({exc})") from exc
    if kind == "openai":
        if not settings.llm_base_url:
            raise LLMError("REGQA_ANSWERER=openai needs REGQA_LLM_BASE_URL, e.g. http://127.0.0.1:8080/v1")
        llm = OpenAILike(
            model=settings.llm_model, api_base=settings.llm_base_url,
            api_key=settings.llm_api_key.get_secret_value() or "none",
            is_chat_model=True, timeout=settings.llm_timeout, max_retries=0,
            max_tokens=settings.llm_max_tokens, temperature=settings.llm_temperature,
            context_window=settings.llm_context_window,
        )
        return LlamaIndexChat(llm, f"the LLM at {settings.llm_base_url}")
    llm = Ollama(
        model=settings.llm_model, base_url=settings.llm_base_url or "http://127.0.0.1:11434",
        request_timeout=settings.llm_timeout, temperature=settings.llm_temperature,
        context_window=settings.llm_context_window,  # sent as num_ctx; no /api/show lookup
        additional_kwargs={"num_predict": settings.llm_max_tokens},
    )
    return LlamaIndexChat(llm, f"Ollama at {settings.llm_base_url or '127.0.0.1:11434'}")
