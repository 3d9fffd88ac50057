"""The indexed documents as a reader sees them: per document its languages, versions and
authority, its table of contents, and the text of any provision path in any language. Pure:
built from the loaded passages (and the index manifest's document entries)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from core.provision_paths import human_ref
from index.passage_store import merge_parts
from ingest.records import Passage

# the authoritative text first: Japanese originals before translations, then by name
_LANG_ORDER = {"ja": 0, "en": 1}


def language_order(languages: Iterable[str]) -> list[str]:
    return sorted(set(languages), key=lambda lang: (_LANG_ORDER.get(lang, 9), lang))


@dataclass(frozen=True)
class ProvisionText:
    """A provision (a paragraph, an item inside one, or a whole article) in one language."""

    doc_id: str
    language: str
    path: str
    ref: str
    text: str
    passages: tuple[Passage, ...]  # the passages it is made of (one, or an article's paragraphs)

    @property
    def first(self) -> Passage:
        return self.passages[0]


@dataclass
class DocumentInfo:
    doc_id: str
    jurisdiction: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    by_language: dict[str, Passage] = field(default_factory=dict)  # one passage per language
    counts: dict[str, int] = field(default_factory=dict)
    paths: dict[str, list[str]] = field(default_factory=dict)  # language -> paths in text order

    @property
    def languages(self) -> list[str]:
        return language_order(self.by_language)


def in_effect(passage: Passage, as_of: date | None) -> bool:
    """Whether a passage is in effect on `as_of`, from the optional `effective_from` (and
    `effective_until`) fields ingest records; a passage without a date is always in effect."""
    if as_of is None:
        return True
    start = _as_date(getattr(passage, "effective_from", None))
    end = _as_date(getattr(passage, "effective_until", None))
    return (start is None or start <= as_of) and (end is None or as_of < end)


def _as_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class Whole:
    """All passages of one provision path in one language (a long provision is split into
    overlapping parts that keep its path), its reassembled text and its item spans."""

    passages: tuple[Passage, ...]
    text: str
    spans: tuple[tuple[str, int, int], ...]  # (path, start, end) into `text`

    @classmethod
    def of(cls, passages: list[Passage]) -> Whole:
        merged = merge_parts(passages)
        return cls(tuple(sorted(passages, key=lambda p: p.part)), merged.text,
                   tuple((sp.path, sp.start, sp.end) for sp in merged.spans))


class Library:
    """Look-ups over one loaded index's passages."""

    def __init__(self, passages: list[Passage], documents: Mapping[str, Mapping] | None = None) -> None:
        self.passages = passages
        grouped: dict[tuple[str, str, str], list[Passage]] = {}
        self.documents: dict[str, DocumentInfo] = {}
        meta = documents or {}
        for p in passages:
            key = (p.doc_id, p.language, p.path)
            doc = self.documents.get(p.doc_id)
            if doc is None:
                info = meta.get(p.doc_id, {})
                doc = DocumentInfo(p.doc_id, info.get("jurisdiction", p.jurisdiction),
                                   info.get("kind", p.kind), list(info.get("aliases", [])))
                self.documents[p.doc_id] = doc
            doc.by_language.setdefault(p.language, p)
            doc.counts[p.language] = doc.counts.get(p.language, 0) + 1
            if key not in grouped:
                doc.paths.setdefault(p.language, []).append(p.path)
            grouped.setdefault(key, []).append(p)
        self._whole = {key: Whole.of(ps) for key, ps in grouped.items()}

    # -- documents ---------------------------------------------------------------------------

    def document(self, doc_id: str) -> DocumentInfo | None:
        return self.documents.get(doc_id)

    def toc(self, doc_id: str) -> list[str]:
        """Every provision path of a document, in text order, merged over its languages."""
        doc = self.documents[doc_id]
        out: list[str] = []
        seen: set[str] = set()
        for lang in doc.languages:
            for path in doc.paths[lang]:
                if path not in seen:
                    seen.add(path)
                    out.append(path)
        return out

    def passage(self, doc_id: str, language: str, path: str) -> Passage | None:
        """The (first part of the) passage filed under exactly this path."""
        whole = self._whole.get((doc_id, language, path))
        return whole.passages[0] if whole else None

    # -- provisions --------------------------------------------------------------------------

    def provision(self, doc_id: str, path: str, language: str) -> ProvisionText | None:
        """The text of `path` in `language`: a passage, an item inside one (by its span), or
        every paragraph of an article ("art-6" -> art-6/para-1 + art-6/para-2)."""
        path = path.strip("/")
        exact = self._whole.get((doc_id, language, path))
        if exact is not None:
            return ProvisionText(doc_id, language, path, exact.passages[0].ref, exact.text,
                                 exact.passages)
        doc = self.documents.get(doc_id)
        if doc is None or language not in doc.paths:
            return None
        # an item or subitem: a span inside the passage whose path is a prefix of it
        for p_path in doc.paths[language]:
            if path.startswith(p_path + "/"):
                whole = self._whole[(doc_id, language, p_path)]
                for span_path, a, b in whole.spans:
                    if span_path == path:
                        return ProvisionText(doc_id, language, path, human_ref(path, language),
                                             whole.text[a:b].strip(), whole.passages)
        # an article (or another container): its parts in order
        parts = [self._whole[(doc_id, language, q)] for q in doc.paths[language]
                 if q.startswith(path + "/")]
        if parts:
            text = "\n".join(w.text for w in parts)
            passages = tuple(p for w in parts for p in w.passages)
            return ProvisionText(doc_id, language, path, human_ref(path, language), text, passages)
        return None

    def provision_languages(self, doc_id: str, path: str) -> dict[str, ProvisionText]:
        """The provision in every language it exists in, authoritative language first."""
        doc = self.documents.get(doc_id)
        if doc is None:
            return {}
        out = {}
        for lang in doc.languages:
            found = self.provision(doc_id, path, lang)
            if found is not None:
                out[lang] = found
        return out


def not_in_effect_count(passages: Iterable[Passage], as_of: date | None) -> int:
    """How many passages `as_of` excludes (how many more hits to fetch before filtering)."""
    return 0 if as_of is None else sum(1 for p in passages if not in_effect(p, as_of))


def hits_in_effect(hits: list, as_of: date | None, k: int) -> list:
    """The first `k` hits whose passage is in effect on `as_of`, ranked again from 1."""
    if as_of is None:
        return hits[:k]
    from dataclasses import replace

    kept = [h for h in hits if in_effect(h.passage, as_of)][:k]
    return [replace(h, rank=i) for i, h in enumerate(kept, 1)]
