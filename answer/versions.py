"""The other language version of the provisions an answer quotes, quoted beside them. Pure.

A Japanese law's Japanese text is the authoritative one; its English is a reference
translation. A question about the original's wording ("what is the term in the Japanese
original?") or about the translation (英訳では) is answered as any other, then each provision
the answer quotes is quoted again in the version asked for: the sentences in the same places of
the same provision, or the whole provision when the two versions do not split into as many
sentences. Each quote is verbatim from that version's passage and cited on its own, so the
grounding guard checks it like any other line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from answer import messages
from answer.compose import ref_for
from answer.protocol import Answerer, Draft
from answer.records import Answer, Citation
from core.sentences import split_sentences
from ingest.records import Passage
from query.analysis import QueryAnalysis
from search.hits import Hit

Counterpart = Callable[[str, str, str], Passage | None]  # (doc_id, language, path) -> the passage
_CUT = re.compile(r"\s*…\s*")


def quoted_sentences(citation: Citation) -> list[int]:
    """Indexes of the sentences of the cited provision's text that its quote draws on."""
    text = citation.text or citation.quote
    spans = split_sentences(text)
    found: set[int] = set()
    for piece in _CUT.split(citation.quote):
        piece = piece.strip()
        at = text.find(piece) if piece else -1
        if at < 0:
            continue
        end = at + len(piece)
        found |= {i for i, (a, b) in enumerate(spans) if a < end and at < b}
    return sorted(found)


def matching_quote(citation: Citation, other: Passage) -> str:
    """The sentences of `other` (the same provision in another language) in the places of those
    the citation quotes; all of it when the versions differ in their number of sentences."""
    mine = split_sentences(citation.text or citation.quote)
    theirs = split_sentences(other.text)
    wanted = quoted_sentences(citation)
    if len(mine) != len(theirs) or not wanted:
        return other.text.strip()
    runs: list[list[int]] = []
    for i in wanted:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    mark = "…" if other.language == "ja" else " … "
    return mark.join(other.text[theirs[r[0]][0]:theirs[r[-1]][1]] for r in runs)


def with_version(answer: Answer, language: str, counterpart: Counterpart, most: int = 2) -> Answer:
    """`answer` with its first `most` quoted provisions quoted again in `language`, each as a
    line of its own with a citation of its own; unchanged when it abstained or none of them has
    a version in that language."""
    if answer.abstained or not answer.citations:
        return answer
    lines, citations = [answer.answer], list(answer.citations)
    done: set[tuple[str, str]] = set()
    for c in answer.citations:
        if len(done) >= most:
            break
        if c.language == language or (c.doc_id, c.path) in done:
            continue
        done.add((c.doc_id, c.path))
        whole = c.passage_id.split(":", 2)[-1]  # an item is quoted from its paragraph's passage
        other = counterpart(c.doc_id, language, c.path) or counterpart(c.doc_id, language, whole)
        if other is None or not other.text.strip():
            continue
        n = len(citations) + 1
        quote = matching_quote(c, other)
        ref = ref_for(other, c.path)
        # the label leads with the introduction, in the question's language: the reader sees what
        # the quote is, and the guard finds the line's own words in what it cites
        intro = messages.version_intro(c.ref, language, other.legal_effect)
        citations.append(Citation(
            n=n, passage_id=other.passage_id, doc_id=other.doc_id, path=c.path, ref=ref,
            label=f"{intro} — {other.label}", quote=quote, score=c.score, language=other.language,
            url=other.url, version=other.version, legal_effect=other.legal_effect, text=other.text))
        lines.append(messages.version_line(intro, quote, n, language))
    if len(citations) == len(answer.citations):
        return answer
    return answer.model_copy(update={"answer": "\n".join(lines), "citations": citations})


class VersionQuoting:
    """An answerer whose answers also quote the language version a question asks about
    (`QueryAnalysis.version`); such an answer is composed whole, not streamed as drafted."""

    def __init__(self, inner: Answerer, counterpart: Counterpart) -> None:
        self.inner = inner
        self.counterpart = counterpart
        self.mode = inner.mode

    def answer(self, analysis: QueryAnalysis, hits: Sequence[Hit], refusal: str | None = None) -> Answer:
        answer = self.inner.answer(analysis, hits, refusal=refusal)
        return with_version(answer, analysis.version, self.counterpart) if analysis.version else answer

    def draft(self, analysis: QueryAnalysis, hits: Sequence[Hit]) -> Draft | None:
        return None if analysis.version else self.inner.draft(analysis, hits)
