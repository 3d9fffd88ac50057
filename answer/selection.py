"""Which scored sentences an extractive answer quotes, and how much of each.

The best sentence leads (the most direct provision; of a provision the question names by number, or
else by its caption, when it names one); then at most `max_support_sentences` more: each compared
side not yet quoted, further sentences of the lead provision that hold nearly as many of the
question's terms (any but a list's, when the provision is short: `whole_size`), another provision's
best sentence when it scores nearly as well and adds question terms, each time the one adding most
of what the answer lacks; for a question asking two things, a sentence holding each part's own
terms. A list's lead-in ("... the following affairs:") brings its items only when the
question asks for the list (or what a term means, or the lead-in leads and says little else); an
item chosen on its own brings its lead-in, not its siblings (from the whole provision when the
item lies in a later part of a provision indexed in parts). With `max_words`, supporting
sentences are quoted only while the answer's quotes stay within it. A question matching an FAQ
entry's own question is answered from that entry's answer. Each chosen sentence is then cut down
to the clauses that bear on the question (answer/trim.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from answer.candidates import Candidate, PassageReader, has_number, in_item, term_coverage
from answer.trim import size, trim
from core.provision_paths import nested, split_path, under
from core.sentences import question_parts, split_sentences
from core.settings import AnswerSettings
from index.tokenize import tokenize
from ingest.records import Passage
from query.analysis import Comparison, QueryAnalysis
from query.references import ProvisionRef
from query.supplementary import says_when_in_effect
from query.terms import TermReader
from search.hits import Hit

_LEAD_IN = re.compile(r"(?:[:：]|(?:次に掲げる|次の各号)[^。]*。?|the following[^.]*[.:]?)$", re.IGNORECASE)


def leads_list(p: Passage, start: int, end: int, item: str) -> bool:
    """The sentence at p.text[start:end] is the lead-in of the list that `item` (a path) is in."""
    return bool(_LEAD_IN.search(p.text[start:end])) and item.startswith(p.path_at(start) + "/")


def reading_order(path: str) -> tuple[int, ...]:
    """A sort key putting the provisions of one article in reading order ("art-3/para-10" after
    "art-3/para-2"); across articles it would not tell "suppl/art-2" from "art-2"."""
    return tuple(int(n) for _, num in split_path(path) for n in num.split("-") if n.isdigit())


def cited_by_number(cand: Candidate, refs: Sequence[ProvisionRef]) -> bool:
    """The sentence is in a provision the question names by number (or holds one it names)."""
    p = cand.hit.passage
    at = p.path_at(cand.start)
    return any(p.doc_id == r.doc_id and nested(at, r.path) for r in refs)


def within(cand: Candidate, refs: Sequence[ProvisionRef]) -> bool:
    """The sentence is in a provision the question names by number or below it (not only in a
    passage holding one: the item itself, not its paragraph's lead-in)."""
    p = cand.hit.passage
    at = p.path_at(cand.start)
    return any(p.doc_id == r.doc_id and under(at, r.path) for r in refs)


def cites(p: Passage, refs: Sequence[ProvisionRef]) -> bool:
    """The passage cites a provision the question names by number (its resolved cross-references)."""
    return any(p.doc_id == r.doc_id and any(nested(x, r.path) for x in p.cross_refs) for r in refs)


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
            spans = split_sentences(p.text)[: min(settings.max_sentences, 1 + settings.max_support_sentences)]
            return [Candidate(hit, a, b, 1.0) for a, b in spans] or None
    return None


# what a sentence stating a quantity bears on: a period, a limit or an amount changes what a rule
# says, and a reader cannot infer it
NUMBER = "#number"


Provision = Callable[[str, str, str], Passage | None]  # (doc, language, path) -> the whole provision


class Selector:
    def __init__(self, reader: PassageReader, settings: AnswerSettings,
                 provision: Provision | None = None) -> None:
        self.reader = reader
        self.settings = settings
        self.provision = provision  # a long provision indexed in parts, reassembled

    def select(self, ranked: list[Candidate], analysis: QueryAnalysis) -> list[Candidate]:
        """The best sentence, then at most `max_support_sentences` more: each compared side not
        yet quoted, then, each time the one adding most of what the answer lacks, further
        sentences of the lead provision nearly as good (any but a list's, when the provision is
        no longer than `whole_size`) and another provision's best sentence
        when it scores nearly as well and adds question terms; list items with their lead-in; in
        reading order per provision."""
        s = self.settings
        terms = analysis.terms
        whole_list = analysis.asks_list or analysis.definition  # a definition may be a list
        best = self._lead(ranked, analysis)
        lead = best.hit.passage
        chosen = self._sides([best], ranked, analysis.comparison)
        limit = min(s.max_sentences, max(len(chosen), 1 + s.max_support_sentences))
        lead_tokens = self.reader.passage(lead)
        missing = {t: w for t, w in terms.items() if t not in lead_tokens}
        total = sum(terms.values())
        # a short provision's other sentences too, whatever terms they hold; not for a question
        # asking for an amount (a number in a sentence about something else would seem to answer)
        short_lead = (s.whole_size > 0 and lead.part == 0 and not analysis.asks_amount
                      and size(lead.text, lead.language == "ja") <= s.whole_size)
        own_article = not analysis.refs and cited_by_number(best, analysis.captioned)
        eligible: list[Candidate] = []
        for cand in ranked:
            if cand is best:
                continue
            pid = cand.hit.passage.passage_id
            if pid == lead.passage_id:  # a further sentence of the lead provision, nearly as good
                # or of a short provision (not a list's lead-in or items then), and not one item of
                # a list the question did not ask for
                near = cand.lexical > 0 and cand.lexical >= s.keep_ratio * best.lexical
                item = in_item(cand.hit.passage, cand.start)
                listed = item or bool(_LEAD_IN.search(cand.text))
                keep = (near or (short_lead and not listed)) and (whole_list or not item)
            elif own_article and not cited_by_number(cand, analysis.captioned):
                # the article named by its caption holds every word asked about: no other
                # provision's sentence supports it (a compared side or an FAQ entry still may)
                keep = False
            else:  # another provision: its one best sentence, when nearly as good and it adds terms
                tokens = self.reader.sentence(cand.hit.passage, cand.start, cand.end)
                adds = sum(w for t, w in missing.items() if t in tokens)
                keep = (cand.hit.rank <= s.support_ranks and cand.score >= s.cite_ratio * best.score
                        and total > 0 and adds >= s.cite_new_terms * total
                        and all(c.hit.passage.passage_id != pid for c in chosen + eligible))
            if keep and cand not in chosen:
                eligible.append(cand)
        weights = self._weights(analysis, numbers=analysis.asks_amount)
        chosen += self._within_budget(chosen, self._most_new(chosen, eligible, weights, limit - len(chosen)),
                                      analysis)
        chosen = self._each_part(chosen, ranked, analysis)
        chosen = self._with_items(chosen, ranked, whole_list)
        order = {c.hit.passage.passage_id: i for i, c in reversed(list(enumerate(chosen)))}
        return sorted(chosen, key=lambda c: (order[c.hit.passage.passage_id], c.start))

    def _lead(self, ranked: list[Candidate], analysis: QueryAnalysis) -> Candidate:
        """The sentence that answers: the best scored, but for a question naming a provision by
        number, that provision's best sentence (its first among equals: "What does Article 27(1)
        say?" is answered by its opening sentence), not another provision's that cites it or
        shares more of the question's words, unless the named one holds none of what the
        question asks about (its terms but the names of documents and places) and a provision
        citing it does ("What is the fine under Article 31?": the penal provision that cites
        Article 31). For a question naming an article by its caption and none by number, that
        article's opening ("What is the purpose of the APPI?": Article 1(1), not a sentence on
        the purpose of use), of the article whose sentence scores best when it names several."""
        named = [c for c in ranked if cited_by_number(c, analysis.refs)]
        if not named:
            captioned = [c for c in ranked if cited_by_number(c, analysis.captioned)]
            if captioned:
                article = next(r for r in analysis.captioned if cited_by_number(captioned[0], [r]))
                return min((c for c in captioned if cited_by_number(c, [article])),
                           key=lambda c: (reading_order(c.hit.passage.path_at(c.start)), c.start))
            return self._commencement(ranked, analysis) or ranked[0]
        # the provision named itself before one holding it (the item before its lead-in)
        best = min(named, key=lambda c: (not within(c, analysis.refs), -c.score, c.hit.rank, c.start))
        asked = set(tokenize(analysis.subject)) & analysis.terms.keys()

        def holds(c: Candidate) -> bool:
            return bool(asked & self.reader.sentence(c.hit.passage, c.start, c.end))

        if not asked or any(holds(c) for c in named):
            return best
        return next((c for c in ranked if holds(c) and cites(c.hit.passage, analysis.refs)), best)

    def _commencement(self, ranked: list[Candidate], analysis: QueryAnalysis) -> Candidate | None:
        """For a question asking when a law takes effect, the sentence of the law's own supplementary
        provision that says so (施行期日, query/supplementary.py), when the search ranks it among its
        first `commencement_ranks`: the date is the answer whatever other sentences share more of
        the question's words ("When does Korea's AI Framework Act take effect?" was answered by a
        provision on financing that "effectively" promotes policies and has the State "take"
        measures)."""
        if not analysis.asks_commencement:
            return None
        found = [c for c in ranked if c.hit.rank <= self.settings.commencement_ranks
                 and says_when_in_effect(c.hit.passage.path, c.text)]
        return min(found, key=lambda c: (c.hit.rank, c.start)) if found else None

    def _each_part(self, chosen: list[Candidate], ranked: list[Candidate],
                   analysis: QueryAnalysis) -> list[Candidate]:
        """A question asking two things in two sentences ("How long is the term? Can they be
        reappointed?") is answered on each: a part whose own terms (those no other part has) no
        chosen sentence holds gets the best sentence holding at least half their weight."""
        asked = [p for p in question_parts(analysis.question) if p.rstrip().endswith(("?", "？"))]
        if len(asked) < 2:
            return chosen
        terms = analysis.terms
        found = [set(tokenize(p)) & terms.keys() for p in asked]
        for i, part in enumerate(found):
            own = part.difference(*(f for j, f in enumerate(found) if j != i))
            if not own or len(chosen) >= self.settings.max_sentences:
                continue

            def held(c: Candidate, own: set[str] = own) -> float:
                tokens = self.reader.sentence(c.hit.passage, c.start, c.end)
                return sum(terms[t] for t in own if t in tokens)

            if any(held(c) > 0 for c in chosen):
                continue
            best = max(ranked, key=lambda c: (held(c), c.score))
            if held(best) >= 0.5 * sum(terms[t] for t in own) and best not in chosen:
                chosen.append(best)
        return chosen

    @staticmethod
    def _weights(analysis: QueryAnalysis, numbers: bool = True) -> dict[str, float]:
        """What a sentence may bear on, weighed: the question's terms, and a stated quantity
        (as much as all the terms when the question asks for one, else as its least term)."""
        terms = analysis.terms
        if not numbers:
            return dict(terms)
        total = sum(terms.values())
        return {**terms, NUMBER: total if analysis.asks_amount else min(terms.values(), default=1.0)}

    def _bears(self, p: Passage, text: str, weights: dict[str, float]) -> frozenset[str]:
        """What of the question (`weights`' keys) a text of the passage holds."""
        tokens = self.reader.tokens(p, text)
        found = {t for t in weights if t in tokens}
        if NUMBER in weights and has_number(text):
            found.add(NUMBER)
        return frozenset(found)

    def _most_new(self, chosen: list[Candidate], eligible: list[Candidate], weights: dict[str, float],
                  room: int) -> list[Candidate]:
        """Up to `room` of the eligible sentences, each time the one adding the most of what the
        answer does not yet hold (the best scored first among equals): with few sentences allowed,
        each should say something the others do not; with `support_adds`, one adding nothing is
        not quoted."""
        def held(c: Candidate) -> frozenset[str]:
            return self._bears(c.hit.passage, c.text, weights)

        covered = frozenset().union(*(held(c) for c in chosen))
        pool = [(c, held(c)) for c in eligible]
        out: list[Candidate] = []
        while pool and len(out) < room:
            i = max(range(len(pool)), key=lambda i: (sum(weights[t] for t in pool[i][1] - covered), -i))
            if self.settings.support_adds and not pool[i][1] - covered:
                break
            cand, found = pool.pop(i)
            out.append(cand)
            covered |= found
        return out

    def _within_budget(self, chosen: list[Candidate], supports: list[Candidate],
                       analysis: QueryAnalysis) -> list[Candidate]:
        """The supporting sentences, in the order chosen, that keep the answer's quotes (as
        trimmed) within `max_words`; the sentence that answers and a comparison's sides always
        stay (0: no budget). A condition is worth quoting; a second provision that makes the
        answer three times as long is not: the reader can open it from the citation."""
        budget = self.settings.max_words
        if budget <= 0:
            return supports
        ja = analysis.japanese
        used = sum(size(c.quote, ja) for c in self.trimmed(chosen, analysis))
        out = []
        for cand in supports:
            n = size(self.trimmed([cand], analysis)[0].quote, ja)
            if used + n <= budget:
                out.append(cand)
                used += n
        return out

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

    def _with_items(self, chosen: list[Candidate], ranked: list[Candidate],
                    whole_list: bool) -> list[Candidate]:
        """An item chosen on its own merits gets its lead-in for context, and no other item: the
        question asked about that item (one exception of a list), not the whole list. A lead-in
        sentence ("...: ", 「次に掲げる…」) chosen on its merits brings its items when the question
        asks for the list (`whole_list`), or when it leads the answer and is so short that it says
        little but that they follow; a list the question did not ask for is not quoted."""
        cap = self.settings.max_sentences
        leads = [c for c in chosen if _LEAD_IN.search(c.text)]
        for cand in list(chosen):  # an item quoted without its lead-in gets it, for context
            p = cand.hit.passage
            item = p.path_at(cand.start)
            before = [c for c in ranked if c.hit.passage.passage_id == p.passage_id and c.start < cand.start
                      and leads_list(p, c.start, c.end, item)]
            lead_in = max(before, key=lambda c: c.start, default=None)
            if lead_in is None and in_item(p, cand.start) and len(chosen) < cap:
                found = self._lead_in_before_part(cand)  # the list began in an earlier part
                if found is not None:
                    chosen[chosen.index(cand)], lead_in = found
            if lead_in is not None and lead_in not in chosen and len(chosen) < cap:
                chosen.append(lead_in)
        first = chosen[0]
        for lead in leads:
            p = lead.hit.passage
            frame = lead is first and size(lead.text, p.language == "ja") <= self.settings.list_frame
            if not (whole_list or frame):
                continue
            after = [c for c in ranked if c.hit.passage.passage_id == p.passage_id and c.start > lead.start
                     and c not in chosen]
            chosen.extend(after[: max(0, cap - len(chosen))])
        return chosen

    def _lead_in_before_part(self, cand: Candidate) -> tuple[Candidate, Candidate] | None:
        """For an item of a later part of a long provision (indexed in parts) whose list began in
        an earlier part: the item re-read in the whole provision, and the list's lead-in there
        (an exception's item needs the rule it is an exception to), which the part does not
        hold."""
        p = cand.hit.passage
        whole = self.provision(p.doc_id, p.language, p.path) if self.provision and p.part > 1 else None
        if whole is None:
            return None
        shift = p.offset  # where the part starts in the whole provision's text
        hit = replace(cand.hit, passage=whole)
        moved = replace(cand, hit=hit, start=cand.start + shift, end=cand.end + shift,
                        pieces=tuple((a + shift, b + shift) for a, b in cand.pieces))
        item = p.path_at(cand.start)
        leads = [(a, b) for a, b in split_sentences(whole.text)
                 if b <= moved.start and leads_list(whole, a, b, item)]
        if not leads:
            return None
        a, b = leads[-1]
        return moved, Candidate(hit, a, b, cand.score)

    def trimmed(self, chosen: list[Candidate], analysis: QueryAnalysis) -> list[Candidate]:
        """Each chosen sentence cut down to its clauses that bear on the question (its terms, a
        stated quantity), the cuts marked "…" (answer/trim.py); a lead-in keeps its last clause
        when its items follow."""
        weights = self._weights(analysis)
        out = []
        for cand in chosen:
            p = cand.hit.passage
            text = cand.text
            items_follow = bool(_LEAD_IN.search(text)) and any(
                c.hit.passage.passage_id == p.passage_id and c.start > cand.start for c in chosen)
            pieces = trim(text, lambda piece, p=p: self._bears(p, piece, weights), analysis.japanese,
                          weights, self.settings.trim, keep_last=items_follow)
            if pieces != [(0, len(text))]:
                cand = replace(cand, pieces=tuple((cand.start + a, cand.start + b) for a, b in pieces))
            out.append(cand)
        return out
