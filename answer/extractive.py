"""The extractive answerer: quote the provisions that answer, verbatim, each with its citation.

Every sentence of an answer is a verbatim quote of the passage its [n] marker cites, introduced
by the provision it comes from, so nothing in an answer is unsupported. How it chooses:

- each sentence of the top passages is scored by the share of the question's subject terms it
  holds (idf-weighted: a rare term such as "pseudonymized" counts more than "person"; the names
  of the documents and places the question mentions say where to look, not what about, and do
  not count), the same share for its whole passage, the passage's retrieval score relative to
  the best one and, for English, the passage's embedding similarity; when the question asks
  what a term means, a sentence that defines one ("... means ...", 「…」とは…をいう) scores higher;
  a sentence that only rewords another provision for a new context (読み替え: "the phrase "X" in
  Article 23 is deemed to be replaced with "Y"") scores lower: it repeats a rule's words, and
  the rule itself, or the provision that applies it, is the answer;
- a statute's short forms are read as the full names they abbreviate (where a statute calls its
  "widget safety council" "the council", "the council" holds all three words;
  ingest/abbreviations.py), so a provision that spells a name out does not outrank, or get cited
  beside, the one that answers;
- a provision that cites others by number is read with their captions ("Article 26 does not
  apply" holds "leaks", from Article 26's caption "Reporting Leaks"; index/cited_captions.py);
- the best sentence's passage leads (the most direct provision); further sentences of it that
  score close to the best are added, a list's lead-in ("... the following affairs:") brings its
  items (an item chosen on its own brings its lead-in, not its siblings), another provision is
  cited only when its best sentence scores nearly as well and adds question terms, and a
  question naming two or more documents or places gets a quote from each;
- a question matching an FAQ entry's own question is answered from that entry's answer;
- it abstains, listing the closest passages as related, when the best evidence scores below the
  threshold, when the cited passages hold too few of the question's terms, when most of an
  English question's words occur in no indexed text, when the question asks for an amount or a
  rate and no evidence holds a number, or when the question shows the texts cannot answer (a
  refusal from the question analysis).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from answer.equivalents import equivalent_tokens
from api.schemas import Answer, Citation, PassageOut
from core.provision_paths import human_ref
from core.sentences import question_parts, split_sentences
from core.settings import Settings
from index.cited_captions import CitedCaptions
from index.tokenize import is_japanese, tokenize
from ingest.abbreviations import Abbreviations
from ingest.records import Passage
from query.references import (
    DEFINITION_QUESTION,
    mentioned_documents,
    mentioned_jurisdictions,
    without_document_names,
    without_place_names,
)
from query.thesaurus import statutory_terms
from search.hits import Hit

ABSTAIN_EN = "The indexed texts do not answer this question."
ABSTAIN_JA = "索引済みの文書には、この質問に答える規定が見当たりません。"

# similarity(question, sentences) -> cosine similarities, one per sentence
Similarity = Callable[[str, list[str]], np.ndarray]
# (idf of every keyword token in the index, idf of an unseen token): search.searcher.term_idf
TermWeights = tuple[dict[str, float], float]

# words that phrase a question rather than name its subject (stemmed like index tokens)
_QUESTION_WORDS = frozenset(tokenize(
    "what which who whom whose when where why how say says said tell tells mean meant count counts "
    "anything everything something there kind kinds sort provision provisions article articles "
    "law act rule rules require required requires apply applies expected supposed "
    "under about regarding concerning according "
    # auxiliaries and pronouns the index's stop list keeps ("When did it come into force?");
    # not "must" / "have to", which statutes' duties share
    "did done had having would could might am were been being can them"))
# the question asks for a quantity (an amount, a rate, a count, a period, an age, a deadline): the
# evidence must hold a number for it to be answered
_AMOUNT_Q = re.compile(
    r"\b(how much|what (?:percentage|percent|amount)|what\b[^?]{0,40}\brates?|rates? of (?:tax|interest)"
    r"|maximum (?:fine|penalty)|fine amount|how many|how long|how old|what age|at what age"
    r"|within how|what (?:is|are) the (?:\w+ )?(?:fee|price|deadline|time limit)s?"
    r"|(?:exact|precise|minimum|maximum) (?:amount|number|figure|threshold|level)"
    r"|what (?:is|are) the (?:\w+ )?(?:amount|threshold|figure|cut-?off)s?)\b"
    r"|税率|金額|いくら|何(?:円|パーセント|割|人|日|年|歳|回|か月|ヶ月|箇月|週間|時間|件|倍)|罰金の額|期限はいつ",
    re.IGNORECASE)
_NUMBER = re.compile(r"\d|percent|％|%|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
                     r"|fifteen|twenty|thirty|sixty|hundred|thousand|million|billion|once|twice|annual(?:ly)?"
                     r"|yearly|monthly|weekly|daily)\b|[一二三四五六七八九十百千万億]+(?:円|パーセント|割|人|日|年|歳"
                     r"|回|か月|ヶ月|箇月|月|週間|時間|件|倍)|毎年|毎月",
                     re.IGNORECASE)
# numbers that name a text, not a quantity: a law's number, a provision's, a page's
_CITATION = re.compile(
    r"\b(?:Act|Order|Ordinance|Rules?|Notice|Law)\s+No\.\s*\d+(?:\s+of\s+\d{4})?"
    r"|\b(?:Articles?|Art\.|paragraphs?|para\.|items?|sub-?items?|subparagraphs?|Sections?|parts?|Chapters?"
    r"|pp?\.)\s*\(?\d+(?:-\d+)?\)?(?:\(\w{1,4}\))*(?:\s*(?:,|and|through|to|or)\s*\(?\d+(?:-\d+)?\)?)*"
    # a paragraph's or an item's own number: "(1) A business operator shall ...", "2. Providers ..."
    r"|\(\d{1,3}\)|^\s*\d{1,3}\.(?!\d)"
    r"|(?:明治|大正|昭和|平成|令和)[元一二三四五六七八九十\d]+年(?:[^。]{0,12}?第[一二三四五六七八九十百千\d]+号)?"
    r"|第[一二三四五六七八九十百千\d]+(?:条|項|号|章|節)(?:の[一二三四五六七八九十\d]+)?",
    re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_HIRAGANA_ONLY = re.compile(r"^[\u3040-\u309f]+$")  # particles and endings, not a subject
_ABBREVIATIONS = {"ai": "artificial intelligence", "AI": "人工知能", "ＡＩ": "人工知能"}
# a sentence that defines a term answers a definition question most directly
_DEFINES = re.compile(r"\bmeans\b|\(meaning\b|\bis defined as\b|\brefers? to\b|」とは|をいう", re.IGNORECASE)
# a question that sets places side by side, not one that merely mentions two
_COMPARES = re.compile(r"\b(?:both|compar\w*|differ\w*|versus|vs\.?|unlike|like|similar\w*|same as|"
                       r"and what (?:do|does|about))\b|比較|違い|異な|両方|ともに|いずれも", re.IGNORECASE)
# a sentence that only rewords another provision for a new context (読み替え: "the phrase "X" in
# Article 23 is deemed to be replaced with "Y"", 「「X」とあるのは「Y」と読み替える」) adapts a rule stated
# elsewhere; it is where a question's words recur, not where its answer is
_REWORDS = re.compile(r"\b(?:phrase|term|word)s?\s+[“\"][^”\"]*[”\"][^.;]{0,80}?\b(?:is|are)\s+"
                      r"(?:deemed to be\s+)?replaced with|」とあるのは、?「", re.IGNORECASE)
_LEAD_IN = re.compile(r"(?:[:：]|(?:次に掲げる|次の各号)[^。]*。?|the following[^.]*[.:]?)$", re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    hit: Hit
    start: int
    end: int
    score: float
    lexical: float = 0.0  # share of the question's terms in this sentence

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


def expand(question: str) -> str:
    """The question with abbreviations the texts spell out added, in both languages: "AI" adds
    "artificial intelligence" and 人工知能 (unlike the search query's expansion, which adds the
    question's language only; the answer's term weights were calibrated with both)."""
    words = set(re.findall(r"[A-Za-zＡ-Ｚ]+", question))
    extra = [full for short, full in _ABBREVIATIONS.items()
             if short in words or (short.lower() == short and short in {w.lower() for w in words})]
    return " ".join([question, *dict.fromkeys(extra)])


def question_terms(question: str, weights: TermWeights | None) -> dict[str, float]:
    """The question's subject terms with their idf weight: question words, kana-only Japanese
    bigrams and (with weights) tokens that occur nowhere in the index are left out."""
    idf = weights[0] if weights else None
    out: dict[str, float] = {}
    for tok in tokenize(expand(question)):
        if tok in _QUESTION_WORDS or _HIRAGANA_ONLY.match(tok):
            continue
        if idf is None:
            out[tok] = 1.0
        elif tok in idf:
            out[tok] = idf[tok]
    return out


def term_coverage(terms: dict[str, float], tokens: set[str]) -> float:
    """Share of the terms' weight found among the tokens (0 when there are no terms)."""
    total = sum(terms.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in terms.items() if t in tokens) / total


def asks_for_amount(question: str) -> bool:
    """The question asks for a number: a rate, an amount, a fine's size, how many, how long,
    what age (何日, 何歳, いくら). Not "how often": "regularly" answers it."""
    return bool(_AMOUNT_Q.search(question))


def has_number(text: str) -> bool:
    """The text states a quantity; the numbers of laws, provisions and pages do not count
    ("Act No. 57 of 2007", "Article 2, paragraph (9)", 平成十九年法律第五十七号)."""
    return bool(_NUMBER.search(_CITATION.sub(" ", text)))


def _asks_apart(question: str) -> bool:
    """Two sentences of the question name different places: it asks about each in turn ("Korea
    revises its AI plan on a cycle. How often, and does Japan's act set one?")."""
    named = [frozenset(mentioned_jurisdictions(part)) for part in question_parts(question)]
    return len({places for places in named if places}) > 1


def rewords_another_provision(text: str) -> bool:
    """The sentence replaces words of another provision for a new context (読み替え規定): "the
    phrase "X" in Article 23 is deemed to be replaced with "Y"", 「「X」とあるのは「Y」と読み替える」."""
    return bool(_REWORDS.search(text))


def is_faq(p: Passage) -> bool:
    return p.kind == "faq" and p.path.startswith("faq-") and bool(p.caption)


@dataclass(frozen=True)
class Decision:
    """The sentences an answer would quote and the signals that decide whether it abstains."""

    chosen: list[Candidate]
    evidence: float  # the best sentence's score
    coverage: float  # share of the question's subject terms (idf-weighted) in the cited passages,
    # in its own words or the thesaurus's statutory ones
    amount_missing: bool  # the question asks for an amount and no quoted sentence holds a number
    known: float = 1.0  # share of the (English) question's subject words the indexed texts use


class ExtractiveAnswerer:
    """Select the one to `max_sentences` best sentences of the top passages and cite them."""

    def __init__(self, similarity: Similarity | None, threshold: float, max_sentences: int = 5,
                 passages_considered: int = 5, keep_ratio: float = 0.7,
                 support_ranks: int = 2, term_weights: TermWeights | None = None,
                 cite_ratio: float = 0.8, faq_match: float = 0.6, min_coverage: float = 0.0,
                 cite_new_terms: float = 0.1, definition_bonus: float = 0.2, min_known: float = 0.0,
                 rewording_penalty: float = 0.1,
                 abbreviations: Abbreviations | None = None,
                 aliases: Mapping[str, Sequence[str]] | None = None,
                 cited: CitedCaptions | None = None) -> None:
        self.similarity = similarity
        self.threshold = threshold
        self.max_sentences = max_sentences
        self.passages_considered = passages_considered
        self.keep_ratio = keep_ratio  # further sentences of the lead provision: share of the best
        self.support_ranks = support_ranks  # other provisions are cited from this many top ranks
        self.term_weights = term_weights
        self.cite_ratio = cite_ratio  # another provision is cited when this close to the best
        self.faq_match = faq_match  # share of the question's terms an FAQ entry's question holds
        self.min_coverage = min_coverage  # below this evidence coverage it abstains
        self.min_known = min_known  # below this share of the question's words the index holds
        self.cite_new_terms = cite_new_terms  # share of the question's terms another provision adds
        self.definition_bonus = definition_bonus  # for a defining sentence, when the question asks
        self.rewording_penalty = rewording_penalty  # for a sentence that rewords another provision
        self.abbreviations = abbreviations  # a statute's short forms read as its full names
        self.aliases = aliases or {}  # document id -> its names, to tell where a question looks
        self.cited = cited  # the captions of the provisions a provision cites

    def subject(self, question: str) -> str:
        """The question without the names of documents and places it mentions: "China's
        generative AI measures" says where to look, not what to look for, and its words would
        otherwise favour every provision that repeats the document's name."""
        return without_place_names(without_document_names(question, self.aliases))

    def terms(self, question: str) -> dict[str, float]:
        """The weighted terms of the question's subject; of the whole question when only names
        are left ("Tell me about the AI Promotion Act")."""
        return (question_terms(self.subject(question), self.term_weights)
                or question_terms(question, self.term_weights))

    def compared(self, question: str) -> tuple[str, list[str]]:
        """What a comparison question sets side by side: ("doc_id", ids) when it names two or
        more documents, ("jurisdiction", codes) when it names two or more places and compares
        them ("both", "unlike", 違い; a US company asking about Japan's law compares nothing),
        else ("", [])."""
        documents = self.named("doc_id", question)
        if len(documents) > 1:
            return "doc_id", documents
        places = self.named("jurisdiction", question)
        if len(places) > 1 and (_COMPARES.search(question) or _asks_apart(question)):
            return "jurisdiction", places
        return "", []

    def named(self, attr: str, text: str) -> list[str]:
        """The documents (`attr` "doc_id") or places ("jurisdiction") the text names."""
        if attr == "doc_id":
            return mentioned_documents(text, self.aliases)
        return mentioned_jurisdictions(text)

    def tokens(self, p: Passage, text: str, cites: str = "") -> set[str]:
        """The keyword tokens of `text` (of passage `p`), with the full names of the short forms
        its document defines and the text uses (ingest/abbreviations.py) and `cites`, the
        captions of the provisions the text cites (index/cited_captions.py)."""
        full = (self.abbreviations.full_names(p.doc_id, p.language, text)
                if self.abbreviations is not None else [])
        tokens = set(tokenize(" ".join([text, *full, cites])))
        return tokens | equivalent_tokens(tokens)

    def sentence_tokens(self, p: Passage, start: int, end: int) -> set[str]:
        """The tokens of one sentence of `p`, read with the captions of what it cites."""
        cites = self.cited.of_span(p, start, end) if self.cited is not None else ""
        return self.tokens(p, p.text[start:end], cites)

    def passage_tokens(self, p: Passage) -> set[str]:
        cites = self.cited.of_passage(p) if self.cited is not None else ""
        return self.tokens(p, f"{p.caption or ''} {p.text}", cites)

    @classmethod
    def from_settings(cls, settings: Settings, term_weights: TermWeights | None = None,
                      **overrides: Any) -> ExtractiveAnswerer:
        kw: dict[str, Any] = dict(
            threshold=settings.abstain_threshold, max_sentences=settings.answer_max_sentences,
            cite_ratio=settings.answer_cite_ratio, faq_match=settings.answer_faq_match,
            min_coverage=settings.answer_min_coverage, min_known=settings.answer_min_known,
            term_weights=term_weights)
        return cls(None, **{**kw, **overrides})

    def candidates(self, question: str, hits: Sequence[Hit],
                   terms: dict[str, float] | None = None) -> list[Candidate]:
        japanese = is_japanese(question)
        terms = self.terms(question) if terms is None else terms
        definition = bool(DEFINITION_QUESTION.search(question))
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
        top = max(h.score for h in hits[: self.passages_considered]) or 1.0
        context: dict[str, float] = {}
        out = []
        for (hit, a, b), text, sim in zip(spans, texts, sims, strict=True):
            p = hit.passage
            if p.passage_id not in context:
                context[p.passage_id] = term_coverage(terms, self.passage_tokens(p))
            lexical = term_coverage(terms, self.sentence_tokens(p, a, b))
            prior = 0.5 * (1.0 / hit.rank) + 0.5 * max(0.0, hit.score / top)
            if japanese:  # the default embedding model reads no Japanese: trust the words
                score = 0.4 * lexical + 0.2 * context[p.passage_id] + 0.4 * prior
            else:
                score = 0.3 * float(sim) + 0.25 * lexical + 0.15 * context[p.passage_id] + 0.3 * prior
            if definition and _DEFINES.search(text):
                score += self.definition_bonus
            if rewords_another_provision(text):
                score -= self.rewording_penalty
            out.append(Candidate(hit, a, b, score, lexical))
        out.sort(key=lambda c: -c.score)
        return out

    def decide(self, question: str, hits: Sequence[Hit]) -> Decision:
        """What the answer would quote, with the signals abstention is decided on."""
        terms = self.terms(question)
        ranked = self.candidates(question, hits, terms)
        known = self.known_share(question)
        if not ranked:
            return Decision([], 0.0, 0.0, False, known)
        chosen = (self.faq_answer(question, hits, terms)
                  or self.select(ranked, terms, self.compared(question)))
        cited = {c.hit.passage.passage_id: c.hit.passage for c in chosen}
        tokens = set().union(*(self.passage_tokens(p) for p in cited.values()))
        gap = asks_for_amount(question) and not any(has_number(c.text) for c in chosen)
        return Decision(chosen, ranked[0].score, self.coverage(question, terms, tokens), gap, known)

    def known_share(self, question: str) -> float:
        """Share of an English question's subject words that occur somewhere in the indexed texts
        or that the thesaurus maps to statutory terms ("chatbot"). "Can a landlord in Osaka evict
        a tenant without notice?" shares only "without" and "notice" with them: no indexed text
        is about it, whatever the passage that holds "notice" scores. 1.0 for Japanese (character
        bigrams say little about whether a word is known) and without term weights."""
        known, unknown = self.word_knowledge(question)
        return len(known) / (len(known) + len(unknown)) if known or unknown else 1.0

    def word_knowledge(self, question: str) -> tuple[list[str], list[str]]:
        """An English question's subject words that some indexed text uses (or the thesaurus
        knows), and those no text uses; ([], []) for Japanese or without term weights."""
        if self.term_weights is None or is_japanese(question):
            return [], []
        idf = self.term_weights[0]
        known: list[str] = []
        unknown: list[str] = []
        for word in _WORD.findall(self.subject(question)):
            tokens = [t for t in tokenize(word) if t not in _QUESTION_WORDS]
            if not tokens:
                continue
            if any(t in idf for t in tokens) or statutory_terms(word, False):
                known.append(word)
            else:
                unknown.append(word)
        return known, unknown

    def coverage(self, question: str, terms: dict[str, float], tokens: set[str]) -> float:
        """Share of the question's subject terms the cited passages hold, read two ways, the
        better counting: in the question's own words, or in the statutory words the thesaurus
        gives for them ("prefectures" is answered by a provision on "local governments")."""
        statutory = question_terms(" ".join(statutory_terms(self.subject(question), is_japanese(question))),
                                   self.term_weights)
        return max(term_coverage(terms, tokens), term_coverage(statutory, tokens))

    def abstains(self, decision: Decision) -> bool:
        return (not decision.chosen or decision.evidence < self.threshold
                or decision.coverage < self.min_coverage or decision.known < self.min_known
                or decision.amount_missing)

    def answer(self, question: str, hits: Sequence[Hit], refusal: str | None = None) -> Answer:
        """Answer from the hits; `refusal` (a reason the texts cannot answer) forces abstention."""
        if refusal:
            return self.abstain(question, hits, refusal)
        decision = self.decide(question, hits)
        if self.abstains(decision):
            return self.abstain(question, hits, self.why(question, decision))
        return self.compose(question, decision.chosen)

    def why(self, question: str, decision: Decision) -> str | None:
        """What the question shows about why it is not answered, when a rule says so plainly."""
        if decision.known < self.min_known:
            words = ", ".join(dict.fromkeys(self.word_knowledge(question)[1]))
            return f"None of the indexed texts uses the words {words}."
        if decision.amount_missing and decision.chosen:
            return ("（質問は数値を尋ねていますが、該当しうる規定に数値がありません。）"
                    if is_japanese(question) else
                    "The question asks for a number, and none of the provisions that come closest "
                    "states one.")
        return None

    def faq_answer(self, question: str, hits: Sequence[Hit],
                   terms: dict[str, float] | None = None) -> list[Candidate] | None:
        """The answer of an FAQ entry whose own question matches this one, when one does."""
        terms = self.terms(question) if terms is None else terms
        for hit in hits[: self.passages_considered]:
            p = hit.passage
            if not is_faq(p):
                continue
            asked = self.terms(p.caption)
            both = term_coverage(terms, set(asked)) * term_coverage(asked, set(terms))
            if both ** 0.5 >= self.faq_match:
                spans = split_sentences(p.text)[: self.max_sentences]
                return [Candidate(hit, a, b, 1.0) for a, b in spans] or None
        return None

    def select(self, ranked: list[Candidate], terms: dict[str, float] | None = None,
               compared: tuple[str, list[str]] = ("", [])) -> list[Candidate]:
        """The lead provision's best sentences (a lead-in with its items), then another
        provision's best sentence when it scores nearly as well and holds question terms the
        lead provision lacks, then for a comparison (`compared`: the documents or places the
        question names) the best sentence of each one not yet quoted that holds a question term;
        in reading order per provision."""
        best = ranked[0]
        lead = best.hit.passage
        chosen = [best]
        terms = terms or {}
        lead_tokens = self.passage_tokens(lead)
        missing = {t: w for t, w in terms.items() if t not in lead_tokens}
        total = sum(terms.values())
        for cand in ranked[1:]:
            if len(chosen) >= self.max_sentences:
                break
            pid = cand.hit.passage.passage_id
            if pid == lead.passage_id:  # a further sentence of the lead provision, nearly as good
                keep = cand.lexical > 0 and cand.lexical >= self.keep_ratio * best.lexical
            else:  # another provision: its one best sentence, when nearly as good and it adds terms
                tokens = self.sentence_tokens(cand.hit.passage, cand.start, cand.end)
                adds = sum(w for t, w in missing.items() if t in tokens)
                keep = (cand.hit.rank <= self.support_ranks and cand.score >= self.cite_ratio * best.score
                        and total > 0 and adds >= self.cite_new_terms * total
                        and all(c.hit.passage.passage_id != pid for c in chosen))
            if keep:
                chosen.append(cand)
        chosen = self._compared(chosen, ranked, *compared)
        chosen = self._with_items(chosen, ranked)
        order = {c.hit.passage.passage_id: i for i, c in reversed(list(enumerate(chosen)))}
        return sorted(chosen, key=lambda c: (order[c.hit.passage.passage_id], c.start))

    def _compared(self, chosen: list[Candidate], ranked: list[Candidate], attr: str,
                  sides: list[str]) -> list[Candidate]:
        """Each side of a comparison that the answer does not yet quote gets its best sentence
        holding a question term ("Do Korea's act and China's measures both require labels?"
        is not answered from China's alone)."""
        for side in sides:
            if len(chosen) >= self.max_sentences:
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
        leads = [c for c in chosen if _LEAD_IN.search(c.text)]
        for cand in list(chosen):  # an item quoted without its lead-in gets it, for context
            before = [c for c in ranked if c.hit.passage.passage_id == cand.hit.passage.passage_id
                      and c.start < cand.start and _LEAD_IN.search(c.text)]
            lead_in = max(before, key=lambda c: c.start, default=None)
            if lead_in is not None and lead_in not in chosen and len(chosen) < self.max_sentences:
                chosen.append(lead_in)
        for lead in leads:
            p = lead.hit.passage
            after = [c for c in ranked if c.hit.passage.passage_id == p.passage_id
                     and c.start > lead.start and c not in chosen]
            for cand in after:
                if len(chosen) >= self.max_sentences:
                    break
                chosen.append(cand)
        return chosen

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
