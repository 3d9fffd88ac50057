"""An Answer from chosen sentences: each quoted verbatim, introduced by its provision, with a
numbered citation (one number per provision, its quotes joined); or an abstention with the
closest passages as related."""

from __future__ import annotations

from collections.abc import Sequence

from answer import messages
from answer.candidates import Candidate
from answer.records import Answer, Citation, PassageOut
from answer.trim import ELLIPSIS
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


def citation_from(hit: Hit, n: int, start: int, end: int, score: float, quote: str | None = None) -> Citation:
    """A citation of the provision at offsets start:end of the hit's passage, quoting them (or
    the kept pieces of them, joined by "…")."""
    p = hit.passage
    path = p.path_at(start)
    ref = ref_for(p, path)
    return Citation(
        n=n, passage_id=p.passage_id, doc_id=p.doc_id, path=path, ref=ref,
        label=p.label if path == p.path else p.label.replace(p.ref, ref, 1),
        quote=p.text[start:end] if quote is None else quote, score=round(score, 4), language=p.language,
        url=p.url,
        version=p.version, legal_effect=p.legal_effect, text=p.text,
    )


def _key(cand: Candidate) -> str:
    """The provision a sentence belongs to: a passage's own path, or an item of it."""
    return f"{cand.hit.passage.passage_id}|{cand.hit.passage.path_at(cand.start)}"


def _joined(group: Sequence[Candidate], ja: bool) -> str:
    """The quotes of one provision's sentences as one quote: sentences that follow each other
    in its text are joined as they stand, others with "…" for the text between them."""
    out = group[0].quote
    for before, cand in zip(group, group[1:], strict=False):
        gap = cand.hit.passage.text[before.end : cand.start]
        whole = not before.pieces and not cand.pieces and not gap.strip()
        mark = ("" if ja else " ") if whole else (ELLIPSIS if ja else f" {ELLIPSIS} ")
        out += mark + cand.quote
    return out


def compose(chosen: Sequence[Candidate], ja: bool) -> Answer:
    """One line per quoted provision (sentences of it chosen one after another share it), each
    introduced by the provision and, on the first line of a run from one document, its title;
    one numbered citation per provision, its quotes joined."""
    citations: list[Citation] = []
    lines: list[str] = []
    numbers: dict[str, int] = {}
    groups: list[list[Candidate]] = []
    for cand in chosen:
        if groups and _key(groups[-1][-1]) == _key(cand):
            groups[-1].append(cand)
        else:
            groups.append([cand])
    doc = None
    for group in groups:
        first = group[0]
        p = first.hit.passage
        key, quote = _key(first), _joined(group, ja)
        if key not in numbers:
            numbers[key] = len(citations) + 1
            citations.append(citation_from(first.hit, numbers[key], first.start, group[-1].end, first.score,
                                           quote))
        else:  # the provision quoted again after another: one citation, both quotes
            i = numbers[key] - 1
            citations[i] = citations[i].model_copy(update={"quote": f"{citations[i].quote} … {quote}"})
        title = "" if p.doc_id == doc else p.short_title
        lines.append(messages.quote_line(ref_for(p, p.path_at(first.start)), title, quote, numbers[key], ja))
        doc = p.doc_id
    return Answer(answer="\n".join(lines), citations=citations, abstained=False)


def abstain(hits: Sequence[Hit], ja: bool, reason: str | None = None) -> Answer:
    """An abstention, saying why when a rule decided it, with the closest passages as related."""
    return Answer(answer=messages.abstention(ja, reason), abstained=True,
                  related=[passage_out(h) for h in hits[:3]])
