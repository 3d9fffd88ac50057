"""How sure an answer is of the provision it cites first, read from the search alone: whether
the two independent rankings, by meaning (the dense one) and by keywords (BM25), each put that
provision first. It says nothing of whether the texts answer the question. Over the untouched
question sets the first citation was the right provision for about nine answers in ten where
both rankings agreed and for under six in ten otherwise (docs/answers.md, "Confidence"). An
article the question names by its caption counts as one more ranking putting it first (too rare
on the question sets for its own calibration: 3 questions, all right); a provision the question
cites by number is its own answer. An answer that is not sure lists the
next provisions the search ranks as related, not quoted: where its first citation is wrong, the
right provision is often among them. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from answer.compose import passage_out
from answer.records import CONFIDENCE_LEVELS, Answer, Confidence
from core.provision_paths import nested
from search.hits import Hit

INDEPENDENT = ("dense", "bm25")  # the rankings that share no input but the question
# and the article the question names by its caption (query/captions.py): a vote from structure
VOTES = (*INDEPENDENT, "caption")
LEVELS: tuple[Confidence, ...] = CONFIDENCE_LEVELS[::-1]  # by how many of them agree
ALTERNATIVES = 3  # provisions listed beside an answer that is not sure, as beside an abstention


def lead_confidence(answer: Answer, hits: Sequence[Hit]) -> Confidence | None:
    """The confidence of an answer's first citation; None for an abstention or an answer citing
    nothing. The first hit holding the cited provision (or held by it) is the one looked at; a
    citation no hit holds (answerers cite only the hits they are given: defensive) is "low".
    A generative answer's citations are in the order of the evidence, not of its text: its
    first citation is the best-ranked provision it cites."""
    if answer.abstained or not answer.citations:
        return None
    lead = answer.citations[0]
    hit = next((h for h in hits if h.passage.doc_id == lead.doc_id
                and nested(h.passage.path, lead.path)), None)
    if hit is None:
        return "low"
    if "named" in hit.firsts:
        return "high"
    return LEVELS[min(len(LEVELS) - 1, sum(name in hit.firsts for name in VOTES))]


def alternatives(answer: Answer, hits: Sequence[Hit], n: int = ALTERNATIVES) -> list[Hit]:
    """The first `n` hits holding no provision the answer cites, best first."""
    cited = [(c.doc_id, c.path) for c in answer.citations]
    return [h for h in hits if not any(h.passage.doc_id == doc and nested(h.passage.path, path)
                                       for doc, path in cited)][:n]


def with_confidence(answer: Answer, hits: Sequence[Hit]) -> Answer:
    """The answer with its confidence, and, when that is not high, the provisions ranked next
    as related (an abstention keeps the related passages it has)."""
    confidence = lead_confidence(answer, hits)
    update: dict[str, object] = {"confidence": confidence}
    if confidence not in (None, "high") and not answer.related:
        update["related"] = [passage_out(h) for h in alternatives(answer, hits)]
    return answer.model_copy(update=update)
