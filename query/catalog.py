"""What a built index holds that reading a question needs: the documents' names, places and
kinds, the provision paths of each document, the languages of each place's texts, and how rare
each keyword is. Built once per loaded index; read-only after."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from index.store import LoadedIndex
from query.statute_names import name_words, place_name_words

# (idf of every keyword token in the index, idf of an unseen token)
TermWeights = tuple[dict[str, float], float]


def term_idf(index: LoadedIndex) -> TermWeights:
    """Inverse document frequency of every keyword token, and the idf of an unseen token."""
    kw = index.keyword
    indptr = np.asarray(kw.scores["indptr"])
    df = np.diff(indptr)
    n = int(kw.scores["num_docs"])
    idf = np.log((n + 1) / (df + 0.5))
    return {tok: float(idf[i]) for tok, i in kw.vocab_dict.items() if i < len(idf)}, float(np.log(n + 1) + 1)


@dataclass(frozen=True)
class Catalog:
    aliases: Mapping[str, list[str]]  # document id -> its names (titles, short forms)
    jurisdiction: Mapping[str, str | None]  # document id -> jurisdiction code
    kind: Mapping[str, str | None]  # document id -> act, regulation, guideline, faq, ...
    paths: Mapping[str, frozenset[str]]  # document id -> the provision paths it holds
    place_languages: Mapping[str, frozenset[str]]  # jurisdiction -> languages of its texts
    name_words: frozenset[str]  # content words of every document's names
    place_words: Mapping[str, frozenset[str]]  # jurisdiction -> content words of its documents' names
    titles: Mapping[str, Mapping[str, str]]  # document id -> language -> its short title
    weights: TermWeights | None = None  # keyword rarity, for weighing a question's terms

    @classmethod
    def from_index(cls, index: LoadedIndex) -> Catalog:
        docs = index.manifest.get("documents", {})
        aliases = {d: info.get("aliases", []) for d, info in docs.items()}
        jurisdiction = {d: info.get("jurisdiction") for d, info in docs.items()}
        kind = {d: info.get("kind") for d, info in docs.items()}
        paths: dict[str, set[str]] = {}
        languages: dict[str, set[str]] = {}
        titles: dict[str, dict[str, str]] = {}
        for p in index.passages:
            jurisdiction.setdefault(p.doc_id, p.jurisdiction)
            kind.setdefault(p.doc_id, p.kind)
            paths.setdefault(p.doc_id, set()).add(p.path)
            languages.setdefault(p.jurisdiction, set()).add(p.language)
            titles.setdefault(p.doc_id, {}).setdefault(p.language, p.short_title)
        return cls(aliases=aliases, jurisdiction=jurisdiction, kind=kind,
                   paths={d: frozenset(v) for d, v in paths.items()},
                   place_languages={j: frozenset(v) for j, v in languages.items()},
                   name_words=name_words(aliases), place_words=place_name_words(aliases, jurisdiction),
                   titles=titles, weights=term_idf(index))

    def documents_of(self, places: list[str]) -> list[str]:
        return [d for d, j in self.jurisdiction.items() if j in places]

    def holds(self, doc_id: str, path: str) -> bool:
        """The document has the provision at `path` or one below it."""
        return any(p == path or p.startswith(path + "/") for p in self.paths.get(doc_id, ()))

    def title(self, doc_id: str, language: str) -> str:
        """The document's short title in `language` where that version exists, else its first."""
        own = self.titles.get(doc_id, {})
        return own.get(language) or next(iter(own.values()), doc_id)

    def indexed_titles(self, language: str) -> list[str]:
        """Each indexed document's short title, in `language` where that version exists."""
        return [self.title(d, language) for d in self.titles]
