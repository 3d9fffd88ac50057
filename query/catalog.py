"""What a built index holds that reading a question needs: the documents' names, places and kinds, the
provision paths of each document, the languages of each place's texts, how rare each keyword is,
and each document's own structure (its chapters, its captions, and the roles its provisions play:
penal provisions, registrations; query/roles.py). Built once per loaded index, from the passages'
own chapter, caption and text fields (no rebuild); read-only after."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from core.provision_paths import under
from index.store import LoadedIndex
from ingest.records import Passage
from query.roles import roles_held
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


def document_roles(passages: Iterable[Passage]) -> dict[str, frozenset[str]]:
    """Document id -> the roles some provision of it plays, read from every language version's
    chapter titles, captions and texts (and paths: the supplementary provisions set no deadline)."""
    by_doc: dict[str, list[tuple[str, str, str, str]]] = {}
    for p in passages:
        by_doc.setdefault(p.doc_id, []).append((p.chapter, p.caption, p.text, p.path))
    return {d: roles_held(provisions) for d, provisions in by_doc.items()}


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
    # document id -> the roles some provision of it plays, in any language version (query/roles.py)
    roles: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # document id -> language -> its chapter titles (without sections), in the text's order
    chapters: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    # (document id, provision path, caption) of every captioned provision, once per article and
    # language version (query/captions.py reads them)
    captions: tuple[tuple[str, str, str], ...] = ()

    @classmethod
    def from_index(cls, index: LoadedIndex) -> Catalog:
        docs = index.manifest.get("documents", {})
        aliases = {d: info.get("aliases", []) for d, info in docs.items()}
        jurisdiction = {d: info.get("jurisdiction") for d, info in docs.items()}
        kind = {d: info.get("kind") for d, info in docs.items()}
        paths: dict[str, set[str]] = {}
        languages: dict[str, set[str]] = {}
        titles: dict[str, dict[str, str]] = {}
        chapters: dict[str, dict[str, dict[str, None]]] = {}
        captions: dict[tuple[str, str, str], tuple[str, str]] = {}  # (doc, language, article) ->
        for p in index.passages:
            jurisdiction.setdefault(p.doc_id, p.jurisdiction)
            kind.setdefault(p.doc_id, p.kind)
            # a paragraph's items are spans of its passage: Article 27(5)(i) is held too
            paths.setdefault(p.doc_id, set()).update([p.path, *(s.path for s in p.spans)])
            languages.setdefault(p.jurisdiction, set()).add(p.language)
            titles.setdefault(p.doc_id, {}).setdefault(p.language, p.short_title)
            if p.chapter:
                chapters.setdefault(p.doc_id, {}).setdefault(p.language, {})[p.chapter.split(" / ")[0]] = None
            if p.caption:  # an article's paragraphs share its caption
                captions.setdefault((p.doc_id, p.language, p.path.split("/para-")[0]), (p.path, p.caption))
        return cls(aliases=aliases, jurisdiction=jurisdiction, kind=kind,
                   paths={d: frozenset(v) for d, v in paths.items()},
                   place_languages={j: frozenset(v) for j, v in languages.items()},
                   name_words=name_words(aliases), place_words=place_name_words(aliases, jurisdiction),
                   titles=titles, weights=term_idf(index), roles=document_roles(index.passages),
                   chapters={d: {lang: tuple(c) for lang, c in by.items()} for d, by in chapters.items()},
                   captions=tuple((d, path, caption) for (d, _, _), (path, caption) in captions.items()))

    def is_law(self, doc_id: str) -> bool:
        """The document is made of articles, as a statute or regulation is (not sections of a
        guideline or an explainer's questions)."""
        return any(p.startswith("art-") for p in self.paths.get(doc_id, ()))

    def plays(self, doc_id: str, role: str) -> bool:
        """Some provision of the document plays `role` (query/roles.py)."""
        return role in self.roles.get(doc_id, frozenset())

    def chapter_titles(self, doc_id: str, language: str) -> tuple[str, ...]:
        """The document's chapter titles in `language` where that version exists, else its first."""
        own = self.chapters.get(doc_id, {})
        return own.get(language) or next(iter(own.values()), ())

    def documents_of(self, places: list[str]) -> list[str]:
        return [d for d, j in self.jurisdiction.items() if j in places]

    def holds(self, doc_id: str, path: str) -> bool:
        """The document has the provision at `path` or one below it."""
        return any(under(p, path) for p in self.paths.get(doc_id, ()))

    def title(self, doc_id: str, language: str) -> str:
        """The document's short title in `language` where that version exists, else its first."""
        own = self.titles.get(doc_id, {})
        return own.get(language) or next(iter(own.values()), doc_id)

    def indexed_titles(self, language: str) -> list[str]:
        """Each indexed document's short title, in `language` where that version exists."""
        return [self.title(d, language) for d in self.titles]
