"""The captions of the provisions a provision cites. Pure: no I/O.

A provision often says what it does only by number: "Article 26 and Articles 32 through 39 do
not apply to pseudonymized personal information" is the answer to "do the breach-reporting
duty and the data-subject request rules apply to pseudonymized data?", yet holds none of those
words. The cited articles' captions do ("Reporting Leaks", "Disclosure", "Corrections"...), so
a provision is keyword-indexed with the captions of the provisions it cites (index/build.py),
and the extractive answerer counts a question's terms in them too (answer/extractive.py).

Cross-references come from ingest (Passage.cross_refs, resolved to paths of the same act);
a caption belongs to the article, so "art-41/para-7" reads "art-41"'s caption. A provision's
own caption is not repeated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ingest.crossrefs import find_refs
from ingest.records import Passage

Key = tuple[str, str, str]  # (doc_id, language, article path)


def article_of(path: str) -> str:
    """The article a provision path sits in: "art-41/para-7" -> "art-41",
    "suppl/art-3/para-1" -> "suppl/art-3"; a path with no article is its own."""
    segments = path.split("/")
    for n, seg in enumerate(segments):
        if seg.startswith("art-"):
            return "/".join(segments[: n + 1])
    return path


@dataclass(frozen=True)
class CitedCaptions:
    captions: dict[Key, str] = field(default_factory=dict)
    # each document version's article paths in document order ("the preceding Article")
    order: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    # of_span's answers by (passage id, start, end): a sentence is read once, not per question
    _spans: dict[tuple[str, int, int], str] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_passages(cls, passages: Iterable[Passage]) -> CitedCaptions:
        captions: dict[Key, str] = {}
        order: dict[tuple[str, str], list[str]] = {}
        for p in passages:
            article = article_of(p.path)
            articles = order.setdefault((p.doc_id, p.language), [])
            if not articles or articles[-1] != article:
                articles.append(article)
            if p.caption:
                captions.setdefault((p.doc_id, p.language, article), p.caption.strip())
        return cls(captions, {k: tuple(dict.fromkeys(v)) for k, v in order.items()})

    def of_paths(self, p: Passage, paths: Iterable[str]) -> str:
        """The captions of `paths` (provisions of p's document), each once, p's own left out."""
        own = (p.caption or "").strip()
        out: list[str] = []
        for path in paths:
            caption = self.captions.get((p.doc_id, p.language, article_of(path)))
            if caption and caption != own and caption not in out:
                out.append(caption)
        return " ".join(out)

    def of_passage(self, p: Passage) -> str:
        """The captions of every provision the passage cites."""
        return self.of_paths(p, p.cross_refs)

    def of_span(self, p: Passage, start: int, end: int) -> str:
        """The captions of the provisions cited in p.text[start:end] (one sentence); a passage
        that cites nothing (no cross-references from ingest) is not read again."""
        if not p.cross_refs:
            return ""
        key = (p.passage_id, start, end)
        if key not in self._spans:
            order = self.order.get((p.doc_id, p.language))
            refs = find_refs(p.text[start:end], lambda o: p.path_at(start + o), order)
            self._spans[key] = self.of_paths(p, [r.path for r in refs if r.law is None])
        return self._spans[key]


def keyword_text(p: Passage, cited: CitedCaptions) -> str:
    """What a passage is keyword-indexed by: its embed text and the captions it cites."""
    extra = cited.of_passage(p)
    return f"{p.embed_text}\n{extra}" if extra else p.embed_text
