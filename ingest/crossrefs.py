"""Cross-references inside provision text, resolved to provision paths of the same act. Pure.

English (the Japanese Law Translation style, and plain "Article 12, paragraph 2"):
"Article 13", "Article 5, paragraph (2), item (iii)", "paragraph (1) of the preceding Article",
"item (ii) of that paragraph", "the preceding two Articles", "Articles 18 to 20",
"Article 3 of the Supplementary Provisions". Japanese: 「第十三条」「第五条第二項第三号」「前条」
「次条」「同条第二項」「前項」「前各項」「前二項」「前号」「同号」「附則第三条」「別表第一」, ranges
「第十八条から第二十条まで」, and 「第二条第一項及び第三項」 (the second paragraph is of Article 2).

References to other acts ("Article 2 of the Administrative Procedure Act", 「行政手続法第二条」,
「同法第三条」, 「（平成五年法律第八十八号）第二条」) are not resolved: they are not provisions
of this act. Relative references resolve against the provision the sentence sits in (its
article, paragraph and item), inside the same supplementary provisions when it is in them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence

from ingest.crossrefs_en import english_refs
from ingest.crossrefs_ja import japanese_refs
from ingest.law_names import (
    LawCite,
)
from ingest.ref_parts import Here, Ref, Resolver

# -- the public functions ---------------------------------------------------------------------------


def find_refs(text: str, here: str | Callable[[int], str], order: Sequence[str] | None = None,
              laws: Mapping[str, LawCite] | None = None) -> list[Ref]:
    """Every reference in `text` with the path it resolves to, in order of appearance.

    `here` is the path of the provision the text belongs to, or a function giving the most
    specific path at a character offset (Passage.path_at). `order` lists the act's article
    paths ("art-1", "art-27-2", "suppl/art-1") in document order, for "the preceding Article".
    """
    at: Callable[[int], str] = (lambda _o: here) if isinstance(here, str) else here  # type: ignore[assignment]

    def here_at(offset: int) -> Here:
        return Here.of(at(offset))

    table = laws or {}
    refs = (english_refs(text, here_at, Resolver(order), table)
            + japanese_refs(text, here_at, Resolver(order), table))
    return sorted(refs, key=lambda r: (r.start, r.end))


def exists(path: str, known: Collection[str]) -> bool:
    """`known` holds `path` or a provision below it (art-13 exists if art-13/para-1 does)."""
    return path in known or any(k.startswith(path + "/") for k in known)


def resolve_cross_refs(text: str, here: str | Callable[[int], str],
                       known: Collection[str] | None = None,
                       order: Sequence[str] | None = None) -> tuple[str, ...]:
    """The distinct paths `text` refers to, in order; only those in `known` when it is given,
    never the provision itself."""
    own = here if isinstance(here, str) else here(0)
    out: list[str] = []
    for ref in find_refs(text, here, order):
        path = ref.path
        if ref.law is not None or path in out or path == own or own.startswith(path + "/"):
            continue
        if known is not None and not exists(path, known):
            continue
        out.append(path)
    return tuple(out)
