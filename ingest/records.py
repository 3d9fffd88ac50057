"""The records ingest produces and every later stage reads."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ingest.delegations import Delegation


class IngestError(ValueError):
    """A source file could not be ingested; the message names the file and the reason."""


@dataclass(frozen=True)
class Span:
    """Where a finer provision (an item, a subitem) sits inside a passage's text."""

    path: str  # e.g. "art-2/para-1/item-3"
    start: int  # character offsets into Passage.text
    end: int


@dataclass(frozen=True)
class LawRef:
    """A reference into another act: its name and number as the text gives them, the key of
    its number ("2013-27", None when the text never gives it) and the provision cited in it
    ("art-12"; "" for the act as a whole)."""

    name: str
    number: str = ""
    key: str | None = None
    path: str = ""


@dataclass(frozen=True)
class Provision:
    """One citable unit as the parser found it: a paragraph with its items, or a section.

    `path` follows ../shared/benchmarks/FORMAT.md ("art-7/para-1", "suppl/art-2/para-1",
    "table-1"); `heading` is the provision's own number as the text writes it
    ("Article 7", "第七条"); `spans` locate items and subitems inside `text`.
    """

    path: str
    text: str
    heading: str = ""
    caption: str = ""  # article caption, without brackets
    chapter: str = ""  # chapter (and section) title, as written
    spans: tuple[Span, ...] = ()
    page: int | None = None  # for paged sources (PDF)


@dataclass(frozen=True)
class Passage:
    """A provision of one source, labelled and ready to index and cite."""

    passage_id: str  # "{doc_id}:{language}:{path}"
    doc_id: str
    language: str
    path: str
    text: str
    label: str  # "Article 7(1), AI Promotion Act — English reference translation, no legal effect"
    ref: str  # "Article 7(1)" / "第七条第一項"
    title: str  # document title
    short_title: str
    caption: str
    chapter: str
    kind: str
    jurisdiction: str
    version: str
    url: str | None
    legal_effect: bool
    authority: str
    spans: tuple[Span, ...] = field(default_factory=tuple)
    page: int | None = None
    # -- added fields; every one has a default so indexes written before them still load --
    # a long provision is split into overlapping parts that keep one `path`: `part` is 1..n
    # (0: the passage is the whole provision) and `offset` is where this part's text starts in
    # the whole provision's text (parts overlap by one sentence)
    part: int = 0
    parts: int = 0
    offset: int = 0
    # provision paths of this document that the text refers to ("the preceding Article" ...)
    cross_refs: tuple[str, ...] = ()
    # ISO date from which this provision is in force, when the manifest says so
    effective_from: str | None = None
    # the Japanese original of this provision changed after the translation was made
    changed_since_translation: bool = False
    # references into other acts (never paths of this one) and the matters the text leaves
    # to a Cabinet Order, the Commission's rules, an ordinance or a Presidential Decree
    law_refs: tuple[LawRef, ...] = ()
    delegations: tuple[Delegation, ...] = ()

    @property
    def heading_line(self) -> str:
        """The provision's context in one line: document, chapter, caption and reference."""
        return " ".join(x for x in (self.short_title, self.chapter, self.caption, self.ref) if x)

    @property
    def embed_text(self) -> str:
        """The text that is embedded and keyword-indexed: context first, then the provision."""
        return f"{self.heading_line}\n{self.text}"

    def path_at(self, offset: int) -> str:
        """The most specific provision path covering a character offset of `text`."""
        best = self.path
        best_len = -1
        for span in self.spans:
            if span.start <= offset < span.end and len(span.path) > best_len:
                best, best_len = span.path, len(span.path)
        return best

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Passage:
        data = dict(data)
        data["spans"] = tuple(Span(**s) for s in data.get("spans", ()))
        if "cross_refs" in data:
            data["cross_refs"] = tuple(data["cross_refs"])
        data["law_refs"] = tuple(LawRef(**r) for r in data.get("law_refs", ()))
        data["delegations"] = tuple(Delegation(**d) for d in data.get("delegations", ()))
        return cls(**data)
