"""How sure an answer is of the provision it leads with, read from the search alone: whether
the two independent rankings, by meaning (the dense one) and by keywords (BM25), each put that
provision first. Over the untouched question sets the lead provision was the right one for about
nine answers in ten where both did and for under six in ten otherwise (docs/answers.md,
"Confidence"). A provision the question cites by number is its own answer. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from answer.records import Answer
from core.provision_paths import nested
from search.hits import Hit

Confidence = Literal["high", "medium", "low"]
INDEPENDENT = ("dense", "bm25")  # the rankings that share no input but the question
LEVELS: tuple[Confidence, ...] = ("low", "medium", "high")  # by how many of them agree


def lead_confidence(answer: Answer, hits: Sequence[Hit]) -> Confidence | None:
    """The confidence of an answer's first citation; None for an abstention or an answer citing
    nothing. The first hit holding the cited provision (or held by it) is the one looked at; a
    citation no hit holds (a generative answer's own choice) is "low"."""
    if answer.abstained or not answer.citations:
        return None
    lead = answer.citations[0]
    hit = next((h for h in hits if h.passage.doc_id == lead.doc_id
                and nested(h.passage.path, lead.path)), None)
    if hit is None:
        return "low"
    if "named" in hit.firsts:
        return "high"
    return LEVELS[sum(name in hit.firsts for name in INDEPENDENT)]
