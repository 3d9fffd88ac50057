"""A text's subject terms, weighted by how rare they are in the index.

A question's subject is the question without the names of the documents and places it
mentions: "China's generative AI measures" says where to look, not what to look for, and its
words would otherwise favour every provision that repeats the document's name. Its terms are its
keyword tokens less the words that phrase a question, weighted by their idf; the answerer counts
them in sentences, and reads an FAQ entry's own question the same way.

A question of several sentences often sets out a situation, then asks ("We are not sure whether
our product counts as high-impact. Can we ask the government to decide?"). The situation helps
find the law that applies, and its words stay in the search; but the quote that answers must
say what is asked. So the terms of its question sentences count `ask_weight` times in the answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from core.sentences import question_parts
from index.tokenize import is_japanese, tokenize
from query.catalog import TermWeights
from query.expansions import answer_abbreviations
from query.places import without_place_names
from query.references import without_document_names, without_references
from query.thesaurus import statutory_terms

# words that phrase a question rather than name its subject (stemmed like index tokens)
QUESTION_WORDS = frozenset(tokenize(
    "what which who whom whose when where why how say says said tell tells mean meant count counts "
    "anything everything something there kind kinds sort provision provisions article articles "
    "law act rule rules require required requires apply applies expected supposed "
    "under about regarding concerning according "
    # auxiliaries and pronouns the index's stop list keeps ("When did it come into force?");
    # not "must" / "have to", which statutes' duties share
    "did done had having would could might am were been being can them"))
_HIRAGANA_ONLY = re.compile(r"^[\u3040-\u309f]+$")  # particles and endings, not a subject
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def question_terms(text: str, weights: TermWeights | None) -> dict[str, float]:
    """The text's subject terms with their idf weight: question words, kana-only Japanese bigrams
    and (with weights) tokens that occur nowhere in the index are left out; abbreviations the
    texts spell out count with their full forms, in both languages."""
    idf = weights[0] if weights else None
    out: dict[str, float] = {}
    for tok in tokenize(" ".join([text, *answer_abbreviations(text)])):
        if tok in QUESTION_WORDS or _HIRAGANA_ONLY.match(tok):
            continue
        if idf is None:
            out[tok] = 1.0
        elif tok in idf:
            out[tok] = idf[tok]
    return out


def asked_parts(text: str) -> list[str]:
    """The question sentences of a text that also states something (a situation, then the ask);
    none when every sentence is a question or none is."""
    parts = question_parts(text)
    asks = [part for part in parts if part.rstrip().endswith(("?", "？"))]
    return asks if len(asks) < len(parts) else []


@dataclass(frozen=True)
class TermReader:
    aliases: Mapping[str, Sequence[str]]  # document id -> its names
    weights: TermWeights | None = None
    ask_weight: float = 1.0  # the weight of terms in the question sentences of a text stating a situation

    def subject(self, text: str) -> str:
        """The text without the names of documents and places it mentions and the provisions it
        cites by number."""
        return without_references(without_place_names(without_document_names(text, self.aliases)))

    def terms(self, text: str) -> dict[str, float]:
        """The weighted terms of the text's subject; of the whole text (but its provision numbers)
        when only names are left ("Tell me about the AI Promotion Act"), the terms of the question
        sentences of a text that also sets out a situation weighing `ask_weight` times theirs."""
        terms = (question_terms(self.subject(text), self.weights)
                 or question_terms(without_references(text), self.weights))
        asks = asked_parts(text) if self.ask_weight != 1.0 else []
        if not asks:
            return terms
        asked = question_terms(" ".join(self.subject(part) for part in asks), None).keys()
        return {t: w * self.ask_weight if t in asked else w for t, w in terms.items()}

    def statutory(self, text: str) -> dict[str, float]:
        """The weighted terms of the statutory words the thesaurus gives for the subject's plain
        ones ("prefectures" is answered by a provision on "local governments")."""
        return question_terms(" ".join(statutory_terms(self.subject(text), is_japanese(text))), self.weights)

    def word_knowledge(self, text: str) -> tuple[list[str], list[str]]:
        """An English text's subject words that some indexed text uses (or the thesaurus knows),
        and those no text uses; ([], []) for Japanese (character bigrams say little about whether
        a word is known) or without weights."""
        if self.weights is None or is_japanese(text):
            return [], []
        idf = self.weights[0]
        known: list[str] = []
        unknown: list[str] = []
        for word in _WORD.findall(self.subject(text)):
            tokens = [t for t in tokenize(word) if t not in QUESTION_WORDS]
            if not tokens:
                continue
            if any(t in idf for t in tokens) or statutory_terms(word, False):
                known.append(word)
            else:
                unknown.append(word)
        return known, unknown
