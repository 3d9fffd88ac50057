"""Which scored sentences an extractive answer quotes.

The best sentence's passage leads (the most direct provision); further sentences of it that hold
nearly as many of the question's terms are added; a list's lead-in ("... the following
affairs:") brings its items, and an item chosen on its own brings its lead-in, not its siblings;
another provision is cited only when its best sentence scores nearly as well and adds question
terms; a question comparing documents or places gets a quote from each side. A question
matching an FAQ entry's own question is answered from that entry's answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from answer.candidates import Candidate, PassageReader, term_coverage
from core.sentences import split_sentences
from core.settings import AnswerSettings
from ingest.records import Passage
from query.analysis import Comparison
from query.terms import TermReader
from search.hits import Hit

_LEAD_IN = re.compile(r"(?:[:：]|(?:次に掲げる|次の各号)[^。]*。?|the following[^.]*[.:]?)$", re.IGNORECASE)


def is_faq(p: Passage) -> bool:
    return p.kind == "faq" and p.path.startswith("faq-") and bool(p.caption)


def faq_answer(terms: dict[str, float], hits: Sequence[Hit], reader: TermReader,
               settings: AnswerSettings) -> list[Candidate] | None:
    """The answer of an FAQ entry among the hits whose own question matches this one's terms."""
    for hit in hits[: settings.passages_considered]:
        p = hit.passage
        if not is_faq(p):
            continue
        asked = reader.terms(p.caption)
        both = term_coverage(terms, set(asked)) * term_coverage(asked, set(terms))
        if both ** 0.5 >= settings.faq_match:
            spans = split_sentences(p.text)[: settings.max_sentences]
            return [Candidate(hit, a, b, 1.0) for a, b in spans] or None
    return None


class Selector:
    def __init__(self, reader: PassageReader, settings: AnswerSettings) -> None:
        self.reader = reader
        self.settings = settings

    def select(self, ranked: list[Candidate], terms: dict[str, float],
               comparison: Comparison | None = None) -> list[Candidate]:
        """The lead provision's best sentences, another provision's best sentence when it scores
        nearly as well and adds question terms, each compared side not yet quoted, list items
        with their lead-in; in reading order per provision."""
        s = self.settings
        best = ranked[0]
        lead = best.hit.passage
        chosen = [best]
        lead_tokens = self.reader.passage(lead)
        missing = {t: w for t, w in terms.items() if t not in lead_tokens}
        total = sum(terms.values())
        for cand in ranked[1:]:
            if len(chosen) >= s.max_sentences:
                break
            pid = cand.hit.passage.passage_id
            if pid == lead.passage_id:  # a further sentence of the lead provision, nearly as good
                keep = cand.lexical > 0 and cand.lexical >= s.keep_ratio * best.lexical
            else:  # another provision: its one best sentence, when nearly as good and it adds terms
                tokens = self.reader.sentence(cand.hit.passage, cand.start, cand.end)
                adds = sum(w for t, w in missing.items() if t in tokens)
                keep = (cand.hit.rank <= s.support_ranks and cand.score >= s.cite_ratio * best.score
                        and total > 0 and adds >= s.cite_new_terms * total
                        and all(c.hit.passage.passage_id != pid for c in chosen))
            if keep:
                chosen.append(cand)
        chosen = self._sides(chosen, ranked, comparison or Comparison())
        chosen = self._with_items(chosen, ranked)
        order = {c.hit.passage.passage_id: i for i, c in reversed(list(enumerate(chosen)))}
        return sorted(chosen, key=lambda c: (order[c.hit.passage.passage_id], c.start))

    def _sides(self, chosen: list[Candidate], ranked: list[Candidate],
               comparison: Comparison) -> list[Candidate]:
        """Each side of a comparison that the answer does not yet quote gets its best sentence
        holding a question term ("Do Korea's act and China's measures both require labels?"
        is not answered from China's alone)."""
        attr = comparison.attr
        for side in comparison.values:
            if len(chosen) >= self.settings.max_sentences:
                break
            if any(getattr(c.hit.passage, attr) == side for c in chosen):
                continue
            best = next((c for c in ranked if getattr(c.hit.passage, attr) == side and c.lexical > 0), None)
            if best is not None:
                chosen.append(best)
        return chosen

    def _with_items(self, chosen: list[Candidate], ranked: list[Candidate]) -> list[Candidate]:
        """A lead-in sentence ("...: ", 「次に掲げる…」) chosen on its merits brings its items, best
        first; an item chosen on its own merits gets its lead-in for context, and no other item:
        the question asked about that item (one exception of a list), not the whole list."""
        limit = self.settings.max_sentences
        leads = [c for c in chosen if _LEAD_IN.search(c.text)]
        for cand in list(chosen):  # an item quoted without its lead-in gets it, for context
            before = [c for c in ranked if c.hit.passage.passage_id == cand.hit.passage.passage_id
                      and c.start < cand.start and _LEAD_IN.search(c.text)]
            lead_in = max(before, key=lambda c: c.start, default=None)
            if lead_in is not None and lead_in not in chosen and len(chosen) < limit:
                chosen.append(lead_in)
        for lead in leads:
            p = lead.hit.passage
            after = [c for c in ranked if c.hit.passage.passage_id == p.passage_id
                     and c.start > lead.start and c not in chosen]
            for cand in after:
                if len(chosen) >= limit:
                    break
                chosen.append(cand)
        return chosen
