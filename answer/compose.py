"""An Answer from chosen sentences: each quoted verbatim, introduced by its provision, with a
numbered citation (one number per provision, its quotes joined); or an abstention with the
closest passages as related."""

from __future__ import annotations

from collections.abc import Sequence

from answer import messages
from answer.candidates import Candidate
from answer.records import Answer, Citation, PassageOut
from core.provision_paths import human_ref
from ingest.records import Passage
from search.hits import Hit


def passage_out(hit: Hit) -> PassageOut:
    p = hit.passage
    return PassageOut(
        passage_id=p.passage_id, doc_id=p.doc_id, path=p.path, ref=p.ref, label=p.label,
        language=p.language, text=p.text, score=round(hit.score, 6), rank=hit.rank, url=p.url,
        version=p.version, legal_effect=p.legal_effect,
    )


def ref_for(passage: Passage, path: str) -> str:
    """A path of the passage (the passage's own, or an item inside it) as people write it."""
    return passage.ref if path == passage.path else human_ref(path, passage.language)


def citation_from(hit: Hit, n: int, start: int, end: int, score: float) -> Citation:
    """A citation of the provision at offsets start:end of the hit's passage, quoting them."""
    p = hit.passage
    path = p.path_at(start)
    ref = ref_for(p, path)
    return Citation(
        n=n, passage_id=p.passage_id, doc_id=p.doc_id, path=path, ref=ref,
        label=p.label if path == p.path else p.label.replace(p.ref, ref, 1),
        quote=p.text[start:end], score=round(score, 4), language=p.language, url=p.url,
        version=p.version, legal_effect=p.legal_effect, text=p.text,
    )


def compose(chosen: Sequence[Candidate], ja: bool) -> Answer:
    citations: list[Citation] = []
    lines: list[str] = []
    numbers: dict[str, int] = {}
    for cand in chosen:
        p = cand.hit.passage
        # the same provision (a paragraph, or an item of it) keeps one number
        key = f"{p.passage_id}|{p.path_at(cand.start)}"
        if key not in numbers:
            numbers[key] = len(citations) + 1
            citations.append(citation_from(cand.hit, numbers[key], cand.start, cand.end, score=cand.score))
        else:  # a further sentence of a cited provision: one citation, both quotes
            i = numbers[key] - 1
            citations[i] = citations[i].model_copy(update={"quote": f"{citations[i].quote} … {cand.text}"})
        lines.append(messages.quote_line(ref_for(p, p.path_at(cand.start)), p.short_title, cand.text,
                                         numbers[key], ja))
    return Answer(answer="\n".join(lines), citations=citations, abstained=False)


def abstain(hits: Sequence[Hit], ja: bool, reason: str | None = None) -> Answer:
    """An abstention, saying why when a rule decided it, with the closest passages as related."""
    return Answer(answer=messages.abstention(ja, reason), abstained=True,
                  related=[passage_out(h) for h in hits[:3]])
