"""Keyword tokens for English and Japanese text. Pure.

English words are lower-cased, stop words dropped and Snowball-stemmed (PyStemmer);
runs of Japanese/CJK characters become overlapping character bigrams (plus the single
character for one-character runs), so 「本部長」 matches inside 「人工知能戦略本部長」.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_EN

_WORD = re.compile(r"[a-z0-9]+|[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f々〆ヵヶ]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f々〆ヵヶ]")
_STOP = frozenset(STOPWORDS_EN) | {"does", "do", "s", "shall", "may", "us", "our", "we", "any"}


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits become ASCII) and lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def tokenize(text: str) -> list[str]:
    """Keyword tokens of a text in any mix of English and Japanese."""
    tokens: list[str] = []
    words: list[str] = []
    for run in _WORD.findall(normalize(text)):
        if _CJK.match(run):
            if len(run) == 1:
                tokens.append(run)
            else:
                tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        elif run not in _STOP:
            words.append(run)
    if words:
        tokens.extend(_stemmer().stemWords(words))
    return tokens


def is_japanese(text: str) -> bool:
    """True when a text is mostly Japanese: kana/kanji outnumber Latin letters."""
    cjk = len(_CJK.findall(text))
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return cjk > latin
