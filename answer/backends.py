"""The answerer REGQA_ANSWERER names: extractive (offline quotes, the default) or a generative
one over an OpenAI-compatible endpoint or Ollama, with its chat client (the guard's optional
LLM judge uses the same client)."""

from __future__ import annotations

from dataclasses import dataclass

from answer.extractive import ExtractiveAnswerer
from answer.llm_client import ChatClient
from answer.protocol import Answerer
from core.settings import Settings


@dataclass(frozen=True)
class Backend:
    answerer: Answerer
    client: ChatClient | None = None  # the LLM's, for a generative answerer


def make_backend(settings: Settings, extractive: ExtractiveAnswerer) -> Backend:
    if settings.answerer == "extractive":
        return Backend(extractive)
    from answer.generative import GenerativeAnswerer
    from answer.llm_client import make_chat_client

    client = make_chat_client(settings)
    return Backend(GenerativeAnswerer(client, settings.answerer), client)
