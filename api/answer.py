"""The extractive answerer: quote the provisions that answer, verbatim, each with its citation.

Every sentence of an answer is a verbatim quote of the passage its [n] marker cites, introduced
by the provision it comes from, so nothing in an answer is unsupported. When the best evidence
scores below the threshold the answerer abstains and lists the closest passages as related.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from api.schemas import Answer, Citation, PassageOut
from api.sentences import split_sentences
from index.hits import Hit
from index.tokenize import is_japanese, tokenize
from ingest.records import Passage
from ingest.refs import human_ref

ABSTAIN_EN = "The indexed texts do not answer this question."
ABSTAIN_JA = "索引済みの文書には、この質問に答える規定が見当たりません。"

# similarity(question, sentences) -> cosine similarities, one per sentence
Similarity = Callable[[str, list[str]], np.ndarray]


@dataclass(frozen=True)
class Candidate:
    hit: Hit
    start: int
    end: int
    score: float

    @property
    def text(self) -> str:
        return self.hit.passage.text[self.start : self.end]


def passage_out(hit: Hit) -> PassageOut:
    p = hit.passage
    return PassageOut(
        passage_id=p.passage_id, doc_id=p.doc_id, path=p.path, ref=p.ref, label=p.label,
        language=p.language, text=p.text, score=round(hit.score, 6), rank=hit.rank, url=p.url,
        version=p.version, legal_effect=p.legal_effect,
    )


def lexical_overlap(question_tokens: set[str], sentence: str) -> float:
    """Share of the question's keyword tokens that occur in the sentence."""
    if not question_tokens:
        return 0.0
    return len(question_tokens & set(tokenize(sentence))) / len(question_tokens)


class ExtractiveAnswerer:
    """Select the one to `max_sentences` best sentences of the top passages and cite them."""

    def __init__(self, similarity: Similarity | None, threshold: float, max_sentences: int = 3,
                 passages_considered: int = 5, keep_ratio: float = 0.85,
                 support_ranks: int = 2) -> None:
        self.similarity = similarity
        self.threshold = threshold
        self.max_sentences = max_sentences
        self.passages_considered = passages_considered
        self.keep_ratio = keep_ratio
        self.support_ranks = support_ranks

    def candidates(self, question: str, hits: Sequence[Hit]) -> list[Candidate]:
        japanese = is_japanese(question)
        qtokens = set(tokenize(question))
        spans: list[tuple[Hit, int, int]] = []
        for hit in hits[: self.passages_considered]:
            for start, end in split_sentences(hit.passage.text):
                spans.append((hit, start, end))
        if not spans:
            return []
        texts = [h.passage.text[a:b] for h, a, b in spans]
        # sentence-level similarity when a scorer is given; else the passage's own similarity
        if self.similarity is not None:
            sims = self.similarity(question, texts)
        else:
            sims = [h.dense or 0.0 for h, _, _ in spans]
        out = []
        for (hit, a, b), text, sim in zip(spans, texts, sims, strict=True):
            prior = 1.0 / hit.rank
            lexical = lexical_overlap(qtokens, text)
            if japanese:  # the default embedding model reads no Japanese: trust the words
                score = 0.6 * lexical + 0.4 * prior
            else:
                score = 0.4 * float(sim) + 0.3 * lexical + 0.3 * prior
            out.append(Candidate(hit, a, b, score))
        out.sort(key=lambda c: -c.score)
        return out

    def answer(self, question: str, hits: Sequence[Hit], refusal: str | None = None) -> Answer:
        """Answer from the hits; `refusal` (a reason the texts cannot answer) forces abstention."""
        if refusal:
            return self.abstain(question, hits, refusal)
        ranked = self.candidates(question, hits)
        if not ranked or ranked[0].score < self.threshold:
            return self.abstain(question, hits)
        chosen = [ranked[0]]
        for cand in ranked[1:]:
            if len(chosen) >= self.max_sentences or cand.score < self.keep_ratio * ranked[0].score:
                break
            if cand.hit.rank > self.support_ranks:
                continue
            chosen.append(cand)
        return self.compose(question, chosen)

    def compose(self, question: str, chosen: list[Candidate]) -> Answer:
        ja = is_japanese(question)
        citations: list[Citation] = []
        lines: list[str] = []
        numbers: dict[str, int] = {}
        for cand in chosen:
            p = cand.hit.passage
            # the same provision (a paragraph, or an item of it) keeps one number
            key = f"{p.passage_id}|{p.path_at(cand.start)}"
            if key not in numbers:
                numbers[key] = len(citations) + 1
                citations.append(citation_from(cand.hit, numbers[key], cand.start, cand.end,
                                               score=cand.score))
            else:  # a further sentence of a cited provision: one citation, both quotes
                i = numbers[key] - 1
                citations[i] = citations[i].model_copy(
                    update={"quote": f"{citations[i].quote} … {cand.text}"})
            n = numbers[key]
            ref = _ref_for(p, p.path_at(cand.start))
            if ja:
                lines.append(f"{p.short_title}{ref}：「{cand.text}」[{n}]")
            else:
                lines.append(f"{ref} of the {p.short_title}: “{cand.text}” [{n}]")
        return Answer(answer="\n".join(lines), citations=citations, abstained=False)

    def abstain(self, question: str, hits: Sequence[Hit], reason: str | None = None) -> Answer:
        text = ABSTAIN_JA if is_japanese(question) else ABSTAIN_EN
        if reason:
            text = f"{text} {reason}"
        return Answer(answer=text, abstained=True, related=[passage_out(h) for h in hits[:3]])


def citation_from(hit: Hit, n: int, start: int, end: int, score: float) -> Citation:
    """A citation of the provision at offsets start:end of the hit's passage, quoting them."""
    p = hit.passage
    path = p.path_at(start)
    ref = _ref_for(p, path)
    return Citation(
        n=n, passage_id=p.passage_id, doc_id=p.doc_id, path=path, ref=ref,
        label=p.label if path == p.path else p.label.replace(p.ref, ref, 1),
        quote=p.text[start:end], score=round(score, 4), language=p.language, url=p.url,
        version=p.version, legal_effect=p.legal_effect, text=p.text,
    )


def _ref_for(passage: Passage, path: str) -> str:
    if path == passage.path:
        return passage.ref
    return human_ref(path, passage.language)
