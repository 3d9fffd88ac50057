"""What a page's URL query string holds, so that a link reproduces the page: parsing (tolerant:
a hand-edited link falls back to defaults) and building (defaults left out). Pure, no Streamlit."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from urllib.parse import urlencode, urlsplit, urlunsplit

K_DEFAULT, K_MIN, K_MAX = 5, 1, 50
# a brief answer's word budget for supporting sentences (the API's max_words; docs/answers.md)
BRIEF_WORDS = 120
PATH_RE = re.compile(r"^[A-Za-z0-9_/-]{1,200}$")
DOC_RE = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")


def _first(params: Mapping[str, object], key: str) -> str:
    value = params.get(key)
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return str(value).strip() if value is not None else ""


def parse_k(value: str, default: int = K_DEFAULT) -> int:
    try:
        return min(K_MAX, max(K_MIN, int(value)))
    except (TypeError, ValueError):
        return default


def parse_date(value: str) -> str | None:
    """An ISO date (YYYY-MM-DD) that exists, else None."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value or ""):
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def parse_doc(value: str) -> str | None:
    return value if value and DOC_RE.match(value) else None


def parse_path(value: str) -> str | None:
    value = (value or "").strip("/")
    return value if value and PATH_RE.match(value) and ".." not in value else None


@dataclass(frozen=True)
class AskState:
    """The Ask page: the question and every setting that changes what is shown."""

    q: str = ""
    k: int = K_DEFAULT
    as_of: str | None = None
    doc: str | None = None  # filters of the passage search
    jur: str | None = None
    kind: str | None = None
    lang: str | None = None
    brief: bool = False  # supporting sentences only within BRIEF_WORDS words

    @classmethod
    def from_query(cls, params: Mapping[str, object]) -> AskState:
        lang = _first(params, "lang")
        kind = _first(params, "kind")
        jur = _first(params, "jur").upper()
        return cls(
            q=_first(params, "q")[:2000],
            k=parse_k(_first(params, "k")),
            as_of=parse_date(_first(params, "as_of")),
            doc=parse_doc(_first(params, "doc")),
            jur=jur if re.fullmatch(r"[A-Z]{2,3}", jur) else None,
            kind=kind if re.fullmatch(r"[a-z_-]{1,40}", kind) else None,
            lang=lang if re.fullmatch(r"[a-z]{2}", lang) else None,
            brief=_first(params, "brief") == "1",
        )

    def to_query(self) -> dict[str, str]:
        out = {}
        for key, value in asdict(self).items():
            if value in (None, "", False) or (key == "k" and value == K_DEFAULT):
                continue
            out[key] = "1" if value is True else str(value)
        return out

    @property
    def max_words(self) -> int | None:
        """The API's word budget for this answer (None: the server's)."""
        return BRIEF_WORDS if self.brief else None

    def filters(self) -> dict[str, str | None]:
        """The /search filters these settings name (the API's field names)."""
        return {"doc_id": self.doc, "jurisdiction": self.jur, "kind": self.kind, "language": self.lang}

    def with_(self, **changes: object) -> AskState:
        return replace(self, **changes)


@dataclass(frozen=True)
class ProvisionState:
    """Side by side and Browse: a document, a provision in it, and a language to read it in."""

    doc: str | None = None
    path: str | None = None
    lang: str | None = None
    find: str = ""  # Browse: search within the document

    @classmethod
    def from_query(cls, params: Mapping[str, object]) -> ProvisionState:
        lang = _first(params, "lang")
        return cls(
            doc=parse_doc(_first(params, "doc")),
            path=parse_path(_first(params, "path")),
            lang=lang if re.fullmatch(r"[a-z]{2}", lang) else None,
            find=_first(params, "find")[:200],
        )

    def to_query(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items() if v not in (None, "")}


@dataclass(frozen=True)
class VerifyState:
    """The Verify page's single check: the citation and what it is said to say."""

    citation: str = ""
    text: str = ""
    as_quote: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_query(cls, params: Mapping[str, object]) -> VerifyState:
        quote = _first(params, "quote")
        return cls(
            citation=_first(params, "citation")[:500],
            text=(quote or _first(params, "claim"))[:5000],
            as_quote=bool(quote),
        )

    def to_query(self) -> dict[str, str]:
        out = {"citation": self.citation} if self.citation else {}
        if self.text:
            out["quote" if self.as_quote else "claim"] = self.text
        return out

    def body(self) -> dict[str, str]:
        """The POST /verify body."""
        out = {"citation": self.citation}
        if self.text:
            out["quote" if self.as_quote else "claim"] = self.text
        return out


def share_url(page_url: str | None, query: Mapping[str, str]) -> str:
    """The page's address with `query` as its query string (the page's own URL, if known)."""
    qs = urlencode(dict(query))
    if not page_url:
        return f"?{qs}" if qs else ""
    parts = urlsplit(page_url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, qs, ""))


def article_of(path: str) -> str:
    """The article a provision path belongs to: `suppl/art-3/para-2/item-1` -> `suppl/art-3`."""
    segs = path.strip("/").split("/")
    for i, seg in enumerate(segs):
        if seg.startswith("art-") or seg.startswith("table-"):
            return "/".join(segs[: i + 1])
    # unnumbered supplementary provisions (`suppl-amend-2/para-1`), sections of plain documents
    return "/".join(segs[:-1]) if len(segs) > 1 and segs[-1].startswith("para-") else segs[0]
