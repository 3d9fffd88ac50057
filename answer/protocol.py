"""What every answerer does, so the pipeline and the guard treat them alike."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from answer.records import Answer
from query.analysis import QueryAnalysis
from search.hits import Hit


@dataclass
class Draft:
    """An answer being written: its text as it streams, the passages it may cite (numbered from
    1), and how the whole text becomes an Answer."""

    chunks: Iterator[str]
    evidence: list[Hit]
    finish: Callable[[str], Answer]


class Answerer(Protocol):
    mode: str  # "extractive", "openai", "ollama"

    def answer(self, analysis: QueryAnalysis, hits: Sequence[Hit], refusal: str | None = None) -> Answer:
        """Answer from the hits; `refusal` (why the texts cannot answer) forces an abstention."""
        ...

    def draft(self, analysis: QueryAnalysis, hits: Sequence[Hit]) -> Draft | None:
        """The answer as text written piece by piece, or None when it is composed whole."""
        ...
