"""What resolving a cross-reference works with: where the sentence sits (`Here`), a resolved
reference (`Ref`), the components one mention names per level, and the resolver that turns them
into provision paths of the act (relative ones against `Here`), plus the helpers both languages'
readers share: quoted wording, substitution tables, references typed to another act. Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ingest.law_names import (
    LawCite,
    is_version,
    ja_key,
    ja_name_before,
)

MAX_RANGE = 30  # "Articles 1 to 500" is not expanded beyond this many provisions

COUNT_EN = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10}


@dataclass(frozen=True)
class Here:
    """Where the referring text sits: ``suppl/art-3/para-2/item-1`` -> prefix, article, ..."""

    prefix: str = ""  # "", "suppl/", "suppl-amend-2/"
    article: str | None = None  # "3", "27-2"
    para: int | None = None
    item: int | None = None

    @classmethod
    def of(cls, path: str) -> Here:
        prefix, article, para, item = "", None, None, None
        for seg in path.split("/"):
            kind, _, num = seg.partition("-")
            try:
                if kind.startswith("suppl"):
                    prefix = seg + "/"
                elif kind == "art":
                    article = num
                elif kind == "para":
                    para = int(num.split("-")[0])
                elif kind == "item":
                    item = int(num.split("-")[0])
            except ValueError:
                continue
        return cls(prefix, article, para, item)


@dataclass(frozen=True)
class Ref:
    """One resolved reference: the text it was found in and the path it names; `law` is set
    when the path is a provision of another act (then never a path of this one)."""

    start: int
    end: int
    path: str
    law: LawCite | None = None


# -- one reference at a time: components per level ------------------------------------------------

# a level's value: explicit numbers, or a relation ("preceding", count) / ("same", 0)
Value = tuple[str, object]


@dataclass
class Parts:
    suppl: bool = False
    scope: str = ""  # prefix of numbered articles: "suppl/", "law#0/" (another act), "nowhere/"
    art: Value | None = None
    para: Value | None = None
    item: Value | None = None
    table: int | None = None


class Resolver:
    """Turns components into paths, remembering the last article/paragraph/item named."""

    def __init__(self, order: Sequence[str] | None) -> None:
        self.order = list(order or [])
        self.last: dict[str, str] = {}  # "art" -> "suppl/art-3", "para" -> ".../para-2", ...

    def _article_step(self, here: Here, steps: int) -> str | None:
        """The article `steps` before (negative) or after the current one, same prefix."""
        if here.article is None:
            return None
        current = f"{here.prefix}art-{here.article}"
        same = [a for a in self.order if a.rpartition("art-")[0] == here.prefix]
        # an amending act's supplementary provisions are an excerpt (抄): the article before
        # Article 9 is Article 8 even when Article 8 was left out, and then there is no target
        if current in same and not here.prefix.startswith("suppl-amend"):
            j = same.index(current) + steps
            return same[j] if 0 <= j < len(same) else None
        head, *branch = here.article.split("-")
        try:
            n = int(head) + steps if not branch or steps > 0 else int(head) + steps + 1
        except ValueError:
            return None
        return f"{here.prefix}art-{n}" if n > 0 else None

    def articles(self, parts: Parts, here: Here) -> list[str]:
        if parts.art is None:
            if parts.para is not None and parts.para[0] == "same" and "para" in self.last:
                return [self.last["para"].rsplit("/para-", 1)[0]]
            if parts.item is not None and parts.item[0] == "same" and "item" in self.last:
                return [self.last["item"].rsplit("/para-", 1)[0]]
            return [f"{here.prefix}art-{here.article}"] if here.article else []
        kind, value = parts.art
        if kind == "num":
            if parts.scope:
                prefix = parts.scope
            elif parts.suppl:
                prefix = here.prefix if here.prefix.startswith("suppl-amend") else "suppl/"
            else:
                prefix = ""
            return [f"{prefix}art-{n}" for n in value]  # type: ignore[union-attr]
        if kind == "same":
            return [self.last["art"]] if "art" in self.last else []
        if kind == "preceding":  # in document order: "the preceding two Articles" -> N-2, N-1
            found = [self._article_step(here, -s) for s in range(int(value) or 1, 0, -1)]  # type: ignore[call-overload]
        else:
            found = [self._article_step(here, 1)]
        return [a for a in found if a]

    @staticmethod
    def _level(value: Value, current: int | None, last: str | None, name: str) -> list[str]:
        kind, v = value
        if kind == "num":
            return [f"{name}-{n}" for n in v]  # type: ignore[union-attr]
        if kind == "same":
            return [last.rsplit("/", 1)[1]] if last else []
        if current is None:
            return []
        if kind == "preceding":
            count = int(v) if v else current - 1  # type: ignore[call-overload]
            return [f"{name}-{n}" for n in range(max(1, current - count), current)]
        return [f"{name}-{current + 1}"]

    def resolve(self, parts: Parts, here: Here) -> list[str]:
        if parts.table is not None:
            return [f"table-{parts.table}"]
        arts = self.articles(parts, here)
        out: list[str] = []
        for art in arts:
            same_art = art == f"{here.prefix}art-{here.article}"
            if parts.para is None:
                if parts.item is not None and same_art:
                    # 「第三号」 alone: an item of the paragraph the text is in
                    paras = [f"para-{here.para}"] if here.para else []
                elif parts.item is not None:  # 「第二条第一号」: an article of one paragraph
                    paras = ["para-1"]
                else:
                    paras = [""]
            else:
                last = self.last.get("para")
                paras = self._level(parts.para, here.para if same_art else None, last, "para")
            for para in paras:
                base = f"{art}/{para}" if para else art
                if parts.item is None or not para:
                    out.append(base)
                    continue
                same_para = same_art and para == f"para-{here.para}"
                items = self._level(parts.item, here.item if same_para else None,
                                    self.last.get("item"), "item")
                out.extend(f"{base}/{item}" for item in items)
        for path in out:  # what 同条/同項/同号 ("that Article") will mean: the last one named
            segs = path.split("/")
            if parts.art is not None or parts.para is not None:  # not by 「次号」 alone
                self.last["art"] = "/".join(s for s in segs if not s.startswith(("para-", "item-")))
            if "/para-" in path and (parts.para is not None or parts.art is not None):
                self.last["para"] = path.split("/item-")[0]
            if "/item-" in path:
                self.last["item"] = path
        return out



def _quoted(text: str, opening: str, closing: str) -> list[tuple[int, int]]:
    """Spans of outermost quotations (「…」 may nest: 「…（以下「審査庁」という。）」)."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == opening:
            if depth == 0:
                start = i
            depth += 1
        elif ch == closing and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def same_act(text: str, pos: int, flagged: list[tuple[int, int]], laws: Mapping[str, LawCite],
              contexts: list[LawCite]) -> str | None:
    """The scope of 「同法」 at `pos`: the last act named before it (「行政不服審査法第二章…同法」)."""
    for m in reversed(list(re.finditer(r"(?<=法)(?:第|（)", text[:pos]))):
        if any(a <= m.start() < b for a, b in flagged):
            continue
        named = ja_name_before(text, m.start())
        if named is None or named[0].endswith("同法"):
            continue
        if is_version(named[0]):
            return "nowhere/"
        contexts.append(LawCite(named[0], named[1], ja_key(named[1])).with_number(dict(laws)))
        return f"law#{len(contexts) - 1}/"
    return None


def typed(ref: Ref, contexts: Sequence[LawCite]) -> Ref:
    """A resolver path of another act ("law#0/art-2") becomes a typed link; one that has no
    target ("nowhere/...") links nowhere (an empty path)."""
    if ref.path.startswith("law#"):
        head, _, rest = ref.path.partition("/")
        return Ref(ref.start, ref.end, rest, contexts[int(head[4:])])
    if ref.path.startswith("nowhere/"):
        return Ref(ref.start, ref.end, "")
    return ref


def substituted_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans of wording that another provision is read with (substitution tables, and the
    quoted words of 「…」とあるのは「…」 / "the term "…" is deemed to be replaced with "…""):
    references in them are the other provision's own words, flagged and not linked."""
    spans: list[tuple[int, int]] = []
    substituting = ("読み替" in text or "字句" in text) if lang == "ja" else "deemed to be replaced" in text
    if not substituting:
        return spans
    pos = 0
    for line in text.split("\n"):
        if " | " in line:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    if lang == "ja":
        for a, b in _quoted(text, "「", "」"):
            if text.startswith("とあるのは", b) or text[:a].endswith("とあるのは"):
                spans.append((a, b))
    else:
        for m in re.finditer(r"[\"“][^\"“”]*[\"”]", text):
            before = text[max(0, m.start() - 30):m.start()]
            if not re.search(r"referred\s+to\s+as\s+(?:the\s+|a\s+)?$", before):
                spans.append((m.start(), m.end()))
    return spans


