"""Articles a question names by their caption.

A statute's article captions are its own index of what each article is about: 目的 / "Purpose",
基本理念 / "Basic Principles", 定義 / "Definitions". A question whose subject is exactly one of
them ("What is the purpose of the APPI?", 「AI推進法の基本理念は何ですか？」) asks for that
article as surely as one citing it by number, though its words recur in many other provisions
("purpose of use", 「特定の目的」) that the rankings may put first.

A caption and a question are compared by their content terms: the keyword tokens that are no
question word (query/terms.py), less the Japanese bigrams holding a hiragana (a particle joined to
a word, の目, is no word), a caption read without a closing 等 ("and the like": 研究開発機関の責務等 names the
institutes' responsibilities). They match only when the two sets are equal: a question saying more
than the caption ("the purpose of use") asks something narrower. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from query.references import ProvisionRef
from query.terms import question_terms

_HIRAGANA = re.compile(r"[\u3041-\u309f]")  # in a bigram: a particle joined to a word (の目)
# "and the like" closing a caption (研究開発機関の責務等): it names the class by its main member
_AND_THE_LIKE = re.compile(r"等$")
_ARTICLE = re.compile(r"^(?:suppl/)?art-([0-9]+(?:-[0-9]+)*)")


def content_terms(terms: Iterable[str]) -> frozenset[str]:
    """The terms that are words: not a Japanese bigram holding a hiragana."""
    return frozenset(t for t in terms if not _HIRAGANA.search(t))


def caption_terms(caption: str) -> frozenset[str]:
    """A caption's content terms, read as a question's are, without a closing 等."""
    return content_terms(question_terms(_AND_THE_LIKE.sub("", caption.strip()), None))


def article_ref(doc_id: str, path: str) -> ProvisionRef | None:
    """The article a provision path is in (`art-27/para-5` -> Article 27), None outside articles."""
    m = _ARTICLE.match(path)
    if m is None:
        return None
    return ProvisionRef(m.group(1), suppl=path.startswith("suppl/"), doc_id=doc_id)


@dataclass(frozen=True)
class CaptionIndex:
    """Content terms of a caption -> the articles captioned so, in the order first met."""

    articles: Mapping[frozenset[str], tuple[ProvisionRef, ...]]

    @classmethod
    def from_captions(cls, captions: Iterable[tuple[str, str, str]]) -> CaptionIndex:
        """From (document id, provision path, caption) triples, in any language: a provision
        outside an article, or a caption with no content term, is left out."""
        out: dict[frozenset[str], dict[ProvisionRef, None]] = {}
        for doc_id, path, caption in captions:
            ref = article_ref(doc_id, path)
            key = caption_terms(caption) if ref is not None and caption else frozenset()
            if key:
                out.setdefault(key, {})[ref] = None
        return cls({k: tuple(v) for k, v in out.items()})

    def matching(self, terms: Iterable[str],
                 documents: Sequence[str] | None = None) -> tuple[ProvisionRef, ...]:
        """The articles whose caption's content terms are exactly the question's (`terms`, its
        subject terms), within `documents` when given."""
        found = self.articles.get(content_terms(terms), ())
        if documents is None:
            return found
        return tuple(r for r in found if r.doc_id in documents)
