"""Check a claimed citation against the provision it names. Pure.

Verdicts:
- `exact_quote`: the quote (or the claim itself) occurs word for word in the provision, after
  NFKC normalisation and white-space folding ("..."/"…" may stand for omitted text);
- `supported_paraphrase`: not verbatim, but the claim's words are in the provision and it says
  much the same (lexical overlap and embedding similarity above calibrated thresholds), and
  the claim does not negate what the provision says (or the other way round);
- `not_supported`: the provision exists and does not say that;
- `no_such_provision`: the cited document has no such provision (decided by the caller).

The support score mixes the share of the claim's keyword tokens found in the provision
(`lexical`) with the best cosine similarity of the claim and a provision sentence
(`semantic`). The weight and threshold per language come from `eval/verify_calibration.py`,
which builds labelled pairs from the indexed texts themselves.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from answer.equivalents import found_tokens, not_counted
from core.sentences import split_sentences
from index.tokenize import is_japanese, is_topic_token, tokenize

EXACT = "exact_quote"
PARAPHRASE = "supported_paraphrase"
NOT_SUPPORTED = "not_supported"
NO_SUCH_PROVISION = "no_such_provision"

# similarity(claim, sentences) -> cosine similarity of the claim with each sentence
Similarity = Callable[[str, list[str]], np.ndarray]

_ELLIPSIS = re.compile(r"\s*(?:\.\s*\.\s*\.|…+|\[\s*\.\.\.\s*\])\s*")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": "", "」": "", "『": "", "』": ""})
_SPACE = re.compile(r"\s+")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+|\s+(?=[\u3000-\u9fff\uff00-\uffef])")
# "no" but not the "No." of a law's number ("the Cabinet Act (Act No. 5 of 1947)")
_NEG_EN = re.compile(
    r"\b(?:not|never|neither|nor|none|nothing|cannot|prohibit(?:s|ed)?|forbid(?:s|den)?)\b|n't\b"
    r"|\bno\b(?!\.?\s*\d)", re.IGNORECASE)
_HIRAGANA = re.compile(r"[\u3041-\u309f]")
# obligations are written with ならない (「しなければならない」): not a negation of the claim
_OBLIGATION_JA = re.compile(r"(?:なければ|ねば)ならない")
# a negation, or leave not to do (「特定しなくてもよい」), or no need (「不要」)
_NEG_JA = re.compile(r"ない|ません|てはならず|禁止|禁ず|禁じ|不要"
                     r"|なくて(?:も)?(?:よい|良い|いい|構わ|差し支え)")
_CLAUSE = re.compile(r"[,;:]\s+")
# a claim's exclusivity, and the ways a provision restricts (restatable as "only")
_ONLY_EN = re.compile(r"\b(?:only|solely|exclusively|nobody but|no one but|no one other than)\b",
                      re.IGNORECASE)
_RESTRICTS_EN = re.compile(r"\b(?:only|solely|exclusively|except|excluding|unless|beyond|other than|"
                           r"limited to|restricted to|not more than|no more than|within the scope)\b",
                           re.IGNORECASE)
# (not 「できるだけ」 "as far as possible", 「それだけ」 "by itself", nor a しか without its ない)
_ONLY_JA = re.compile(r"(?<!できる)(?<!それ)だけ|のみ|しか[^。、]*?ない|限って|に限り|専ら")
_RESTRICTS_JA = re.compile(r"のみ|限る|限り|限って|除く|除き|除いて|を超えて|専ら|以外")
# the condition of "must not X without Y" (「あらかじめYを得ないで、Xしてはならない」): Y
_WITHOUT_EN = re.compile(r"\bwithout\s+([^,;.:]+)", re.IGNORECASE)
_WITHOUT_JA = re.compile(r"([^、。]+?)(?:を得ないで|を得ずに|によらないで|なしに|なしで|なく(?![てはもな]))")


def normalize_text(text: str) -> str:
    """NFKC, curly quotes straightened and Japanese brackets dropped, white space folded to one
    space (and removed next to Japanese characters, which are written without spaces)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _SPACE.sub(" ", text).strip()
    return _CJK_GAP.sub("", text)


def _fold(text: str) -> str:
    """normalize_text, lower-cased and without trailing sentence punctuation."""
    return normalize_text(text).lower().strip(" .;:。、,\"'")


def quote_in(quote: str, text: str) -> bool:
    """Whether `quote` occurs verbatim in `text` (normalised; an ellipsis skips text, in order)."""
    haystack = _fold(text)
    pieces = [_fold(p) for p in _ELLIPSIS.split(quote)]
    pieces = [p for p in pieces if p]
    if not pieces:
        return False
    pos = 0
    for piece in pieces:
        found = haystack.find(piece, pos)
        if found < 0:
            return False
        pos = found + len(piece)
    return True


def negated(text: str) -> bool:
    if is_japanese(text):
        return bool(_NEG_JA.search(_OBLIGATION_JA.sub("", text)))
    return bool(_NEG_EN.search(text))


def claim_tokens(claim: str) -> set[str]:
    """The claim's keyword tokens that say what it is about: not its framing ("must", "requires")
    nor, in Japanese, any bigram holding hiragana (particles, endings and the kana of inflected
    verbs: 「には」, 「られ」, 「内閣に」's 「閣に」, 「置かれる」's 「置か」), which a statute words
    otherwise (「をもって充てる」 for 「が充てられる」, 「内閣に…置く」 for 「内閣に置かれる」): what
    a Japanese claim says is in its kanji and katakana words."""
    return {t for t in tokenize(claim)
            if t not in not_counted() and is_topic_token(t) and not _HIRAGANA.search(t)}


def lexical_support(claim: str, text: str) -> float:
    """Share of the claim's distinct keyword tokens (framing words aside) that the text holds,
    as such or in a wording that stands for them (answer/equivalents.py)."""
    tokens = claim_tokens(claim)
    if not tokens:
        return 0.0
    return len(found_tokens(tokens, set(tokenize(text)))) / len(tokens)


def denies(claim: str, clause: str) -> bool:
    """Whether `clause` negates what it states, for this claim. "must not provide data without
    obtaining consent" states a condition: a claim naming the condition ("consent is needed
    before providing data") agrees with it; one that does not ("data may be provided freely")
    is denied by it."""
    if is_japanese(clause):
        return _denies(claim, clause, _WITHOUT_JA)
    # an English sentence's negation counts in the part the claim is about, the one that shares
    # most of its words: "keep data accurate, and delete it if no longer needed" does not deny
    # "keep data accurate" (parts that tie all count)
    tokens = claim_tokens(claim)
    parts = [p for p in _CLAUSE.split(clause) if p.strip()]
    shared = [len(found_tokens(tokens, set(tokenize(p)))) for p in parts]
    return any(_denies(claim, part, _WITHOUT_EN) for part, n in zip(parts, shared, strict=True)
               if n == max(shared))


def _denies(claim: str, clause: str, without: re.Pattern[str]) -> bool:
    if not negated(clause):
        return False
    m = without.search(clause)
    if m is None:
        return True
    condition = set(tokenize(m.group(1))) - set(tokenize(clause[: m.start()] + clause[m.end():]))
    # the claim does X without Y too ("data may be shared without consent", 「同意なく提供できる」):
    # what the clause forbids, so it denies the claim unless the claim forbids it as well
    own = without.search(claim)
    if own is not None and found_tokens(set(tokenize(own.group(1))), condition) & condition:
        return True
    return not (found_tokens(claim_tokens(claim), condition) & condition)


def restriction_unstated(claim: str, text: str) -> str | None:
    """The claim's word of exclusivity ("only", 「だけ」) when the provision states no restriction
    at all: "only the Commission may ask for disclosure" says more than a provision that gives
    the right to the person and names the Commission too. A provision that restricts in any of
    its ways ("only", "except", "beyond", "limited to", 「限る」, 「を超えて」) may support it."""
    ja = is_japanese(claim)
    m = (_ONLY_JA if ja else _ONLY_EN).search(claim)
    if m is None or (_RESTRICTS_JA if ja else _RESTRICTS_EN).search(text):
        return None
    return m.group(0)


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)] or [text]


@dataclass(frozen=True)
class Thresholds:
    """score = weight * lexical + (1 - weight) * semantic; supported when score >= threshold."""

    weight: float
    threshold: float


# Calibrated with eval/verify_calibration.py on pairs built from the indexed corpus with the
# default model (see README, "Verifying a citation"); Japanese is lexical only because the
# default model reads no Japanese.
DEFAULT_THRESHOLDS: dict[str, Thresholds] = {
    "en": Thresholds(weight=0.7, threshold=0.78),
    "ja": Thresholds(weight=1.0, threshold=0.86),
}


@dataclass(frozen=True)
class Support:
    """How well one text supports a claim."""

    lexical: float
    semantic: float | None
    score: float
    sentence: str  # the provision sentence closest to the claim
    negation_mismatch: bool


def support(claim: str, text: str, similarity: Similarity | None, thresholds: Thresholds,
            candidates: int = 3) -> Support:
    """Lexical support over the whole provision; embedding similarity with the `candidates`
    sentences that share most words with the claim (the closest one is reported)."""
    sents = sentences(text)
    lexical = lexical_support(claim, text)
    per_sentence = [lexical_support(claim, s) for s in sents]
    order = sorted(range(len(sents)), key=lambda i: -per_sentence[i])[:candidates]
    semantic: float | None = None
    best = order[0]
    if similarity is not None and thresholds.weight < 1.0:
        sims = np.asarray(similarity(claim, [sents[i] for i in order]), dtype=float)
        semantic = float(max(0.0, sims.max()))
        best = order[int(np.argmax(sims + np.asarray([per_sentence[i] for i in order])))]
    w = thresholds.weight if semantic is not None else 1.0
    score = w * lexical + (1 - w) * (semantic or 0.0)
    sentence = sents[best]
    return Support(round(lexical, 4), None if semantic is None else round(semantic, 4),
                   round(score, 4), sentence, negated(claim) != denies(claim, sentence))


@dataclass(frozen=True)
class Check:
    verdict: str
    language: str  # the text the decision rests on
    support: Support | None
    threshold: float | None
    explanation: str


def check(texts: dict[str, str], claim: str | None = None, quote: str | None = None,
          similarity: Similarity | None = None,
          thresholds: dict[str, Thresholds] | None = None) -> Check:
    """Verify a quote or a claim against a provision's texts ({language: text}, non-empty)."""
    if not texts:
        raise ValueError("check() needs the provision's text in at least one language")
    statement = quote if quote is not None else claim
    if not statement or not statement.strip():
        raise ValueError("check() needs a claim or a quote")
    thresholds = thresholds or DEFAULT_THRESHOLDS
    for lang, text in texts.items():
        if quote_in(statement, text):
            what = "The quote" if quote is not None else "The claim"
            return Check(EXACT, lang, None, None, f"{what} appears word for word in the {lang} text.")
    claim_lang = "ja" if is_japanese(statement) else "en"
    # a claim is compared with the text in its own language; with the others only when the
    # provision has no text in that language (and then the words rarely match)
    langs = [claim_lang] if claim_lang in texts else list(texts)
    best: tuple[Support, str, Thresholds] | None = None
    for lang in langs:
        th = thresholds.get(lang) or thresholds.get("en") or Thresholds(0.5, 0.6)
        s = support(statement, texts[lang], similarity, th)
        if best is None or s.score - th.threshold > best[0].score - best[2].threshold:
            best = (s, lang, th)
    assert best is not None
    s, lang, th = best
    if s.score >= th.threshold and not s.negation_mismatch:
        unstated = restriction_unstated(statement, texts[lang])
        if unstated:
            return Check(NOT_SUPPORTED, lang, s, th.threshold,
                         f"The provision speaks to this, but the claim restricts it (“{unstated}”) and "
                         f"the provision states no such restriction; closest sentence: “{s.sentence}”")
        lead = "Not verbatim, but the" if quote is not None else "The"
        return Check(PARAPHRASE, lang, s, th.threshold,
                     f"{lead} {lang} text says this in other words (support {s.score:.2f} ≥ "
                     f"{th.threshold:.2f}); closest sentence: “{s.sentence}”")
    if s.score >= th.threshold:
        return Check(NOT_SUPPORTED, lang, s, th.threshold,
                     "The provision speaks to this, but one of the claim and the provision negates "
                     f"what the other says; closest sentence: “{s.sentence}”")
    what = "The quote is not in" if quote is not None else "The claim is not supported by"
    return Check(NOT_SUPPORTED, lang, s, th.threshold,
                 f"{what} the provision (support {s.score:.2f} < {th.threshold:.2f}); "
                 f"closest sentence: “{s.sentence}”")


def embedding_similarity(embed: Callable[[list[str]], np.ndarray], cache_size: int = 0) -> Similarity:
    """A Similarity from an embedder's `embed` (unit vectors): cosine = dot product. With
    `cache_size`, vectors of up to that many texts are kept (for calibration runs)."""
    cache: dict[str, np.ndarray] = {}

    def vectors(texts: list[str]) -> np.ndarray:
        if not cache_size:
            return embed(texts)
        missing = list(dict.fromkeys(t for t in texts if t not in cache))
        if missing:
            if len(cache) + len(missing) > cache_size:
                cache.clear()
            cache.update(zip(missing, embed(missing), strict=True))
        return np.vstack([cache[t] for t in texts])

    def similarity(claim: str, texts: list[str]) -> np.ndarray:
        vecs = vectors([claim, *texts])
        return vecs[1:] @ vecs[0]

    def warm(texts: list[str], batch: int = 256) -> None:
        """Embed many texts up front, in large batches (calibration runs)."""
        todo = list(dict.fromkeys(t for t in texts if t not in cache))
        for start in range(0, len(todo), batch):
            vectors(todo[start : start + batch])

    similarity.warm = warm  # type: ignore[attr-defined]
    return similarity


def describe(verdict: str) -> str:
    return {
        EXACT: "the quoted words are in the provision",
        PARAPHRASE: "the provision says this in other words",
        NOT_SUPPORTED: "the provision exists but does not say this",
        NO_SUCH_PROVISION: "the cited document has no such provision",
    }[verdict]


def split_statement(text: str, names: Sequence[str]) -> str:
    """A claim without the words that only name the provision ("Article 13 of the AI Promotion
    Act requires ..." -> "requires ..."), so they do not count as support."""
    from query.references import _EN_REF, _JA_REF  # the reference grammar of query analysis

    out = _EN_REF.sub(" ", text)
    out = _JA_REF.sub(" ", out)
    for name in sorted(names, key=len, reverse=True):
        out = re.sub(re.escape(name), " ", out, flags=re.IGNORECASE)
    out = re.sub(r"^(?:[\W_]|\b(?:of|under|in|the|according|to|per|by|pursuant|says?|that)\b)+", "",
                 out.strip(), flags=re.IGNORECASE)
    out = re.sub(r"^[のはにでがも、,\s]+", "", out)
    return _SPACE.sub(" ", out).strip(" ,、")
