"""Keyword tokens for English and Japanese text. Pure (the analysers are loaded once, lazily).

English words are lower-cased, stop words dropped and Snowball-stemmed (PyStemmer). Runs of
Japanese/CJK characters are tokenized by one of three schemes, named in the index manifest
so queries are always tokenized like the passages were:

- `bigram`: overlapping character bigrams (plus the character of a one-character run), so
  「本部長」 matches inside 「人工知能戦略本部長」;
- `sudachi`: SudachiPy (sudachidict_core) content words, mode C (long units such as
  「個人情報取扱事業者」) plus their mode-A parts, in normalised form, without particles,
  auxiliaries and symbols;
- `sudachi+bigram`: both of the above.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_EN

_WORD = re.compile(r"[a-z0-9]+|[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f々〆ヵヶ]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f々〆ヵヶ]")
_STOP = frozenset(STOPWORDS_EN) | {"does", "do", "s", "shall", "may", "us", "our", "we", "any"}
# parts of speech that carry no topic: particles, auxiliaries, symbols, blanks
_JA_SKIP_POS = frozenset({"助詞", "助動詞", "補助記号", "記号", "空白"})

JA_SCHEMES = ("bigram", "sudachi", "sudachi+bigram")
DEFAULT_JA = "bigram"


class TokenizerUnavailable(RuntimeError):
    """The configured Japanese analyser is not installed."""


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits become ASCII) and lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


@lru_cache(maxsize=1)
def _sudachi():
    try:
        from sudachipy import Dictionary, SplitMode
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise TokenizerUnavailable(
            "the Japanese tokenizer 'sudachi' needs sudachipy and sudachidict_core "
            "(pip install sudachipy sudachidict_core), or rebuild with the bigram scheme") from exc
    dictionary = Dictionary(dict="core")
    make = getattr(dictionary, "tokenizer", None) or dictionary.create
    return make(), SplitMode.A, SplitMode.C


@lru_cache(maxsize=4096)
def _sudachi_words(run: str) -> tuple[str, ...]:
    tok, mode_a, mode_c = _sudachi()
    out: list[str] = []
    for m in tok.tokenize(run, mode_c):
        if m.part_of_speech()[0] in _JA_SKIP_POS:
            continue
        out.append(m.normalized_form())
        parts = m.split(mode_a)
        if len(parts) > 1:
            out.extend(p.normalized_form() for p in parts if p.part_of_speech()[0] not in _JA_SKIP_POS)
    return tuple(out)


def _japanese(scheme: str) -> Callable[[str], list[str]]:
    if scheme == "bigram":
        return _bigrams
    if scheme == "sudachi":
        return lambda run: list(_sudachi_words(run))
    if scheme == "sudachi+bigram":
        return lambda run: [*_sudachi_words(run), *_bigrams(run)]
    raise ValueError(f"unknown Japanese tokenizer {scheme!r}; one of {', '.join(JA_SCHEMES)}")


# English contractions and possessives: "don't" is "do not", not the words "don" and "t"
_CONTRACTIONS = ((re.compile(r"\bcan['’]t\b"), "cannot"), (re.compile(r"\bwon['’]t\b"), "will not"),
                 (re.compile(r"n['’]t\b"), " not"), (re.compile(r"['’](?:s|re|ll|ve|d|m)\b"), ""))


def tokenize(text: str, ja: str = DEFAULT_JA) -> list[str]:
    """Keyword tokens of a text in any mix of English and Japanese. A single Latin letter (an
    item's "(a)", what is left of "U.S.") is no keyword."""
    japanese = _japanese(ja)
    tokens: list[str] = []
    words: list[str] = []
    text = normalize(text)
    if "'" in text or "’" in text:
        for pattern, plain in _CONTRACTIONS:
            text = pattern.sub(plain, text)
    for run in _WORD.findall(text):
        if _CJK.match(run):
            tokens.extend(japanese(run))
        elif run not in _STOP and not (len(run) == 1 and run.isalpha()):
            words.append(run)
    if words:
        tokens.extend(_stemmer().stemWords(words))
    return tokens


# Japanese query tokens that carry no topic: all-hiragana bigrams (particles, the polite endings
# of a question: です, ます, すか, statutes use neither) and question words (何, 誰).
_JA_NOISE = re.compile(r"[\u3041-\u309fー]+|.?[何誰]|[何誰].")


def is_topic_token(token: str) -> bool:
    """False for a Japanese query token that says nothing about the subject."""
    return not _JA_NOISE.fullmatch(token)


def topic_tokens(text: str, ja: str = DEFAULT_JA) -> list[str]:
    """A text's keyword tokens that say something about its subject (`is_topic_token`)."""
    return [t for t in tokenize(text, ja) if is_topic_token(t)]


def scheme_of(manifest_tokenizer: str | None) -> str:
    """The Japanese scheme recorded in an index manifest ("en-snowball+ja-bigram" -> "bigram")."""
    if not manifest_tokenizer or "+ja-" not in manifest_tokenizer:
        return DEFAULT_JA
    return manifest_tokenizer.split("+ja-", 1)[1]


def manifest_name(ja: str) -> str:
    return f"en-snowball+ja-{ja}"


def is_japanese(text: str) -> bool:
    """True when a text is mostly Japanese: kana/kanji outnumber Latin letters."""
    cjk = len(_CJK.findall(text))
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return cjk > latin
