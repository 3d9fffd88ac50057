"""Look-ups over the stored passages by provision: all parts of one, the whole of one, and the
same provision in another language. Pure.

The Japanese original and the English translation of a provision share doc id and path, so
"the other language of this provision" is the passage under the same (doc_id, path) in the
other language. A long provision is stored as overlapping parts that keep its path
(ingest/chunking.py); `provision` reassembles it from the parts' offsets.
"""

from __future__ import annotations

from dataclasses import replace

from ingest.delegations import Delegation
from ingest.records import Passage, Span

Key = tuple[str, str, str]  # (doc_id, language, path)


def merge_parts(parts: list[Passage]) -> Passage:
    """One passage for a whole provision from its parts (a passage of one part is returned as is)."""
    parts = sorted(parts, key=lambda p: p.part)
    if len(parts) == 1 and parts[0].part == 0:
        return parts[0]
    text = ""
    spans: dict[str, tuple[int, int]] = {}
    refs: list[str] = []
    laws: list = []
    delegations: dict[tuple[str, int], Delegation] = {}
    for p in parts:
        text = text[: p.offset] + p.text if p.offset <= len(text) else f"{text}\n{p.text}"
        for s in p.spans:
            a, b = s.start + p.offset, s.end + p.offset
            old = spans.get(s.path)
            spans[s.path] = (min(a, old[0]), max(b, old[1])) if old else (a, b)
        refs.extend(r for r in p.cross_refs if r not in refs)
        laws.extend(r for r in p.law_refs if r not in laws)
        for d in p.delegations:
            delegations.setdefault((d.body, d.start + p.offset),
                                   Delegation(d.body, d.start + p.offset, d.end + p.offset))
    first = parts[0]
    return replace(first, passage_id=first.passage_id.split("#")[0], text=text,
                   spans=tuple(Span(k, a, b) for k, (a, b) in spans.items()),
                   part=0, parts=0, offset=0, cross_refs=tuple(refs), law_refs=tuple(laws),
                   delegations=tuple(sorted(delegations.values(), key=lambda d: d.start)))


class PassageStore:
    def __init__(self, passages: list[Passage]) -> None:
        self._parts: dict[Key, list[Passage]] = {}
        self._langs: dict[tuple[str, str], list[str]] = {}
        for p in passages:
            self._parts.setdefault((p.doc_id, p.language, p.path), []).append(p)
            langs = self._langs.setdefault((p.doc_id, p.path), [])
            if p.language not in langs:
                langs.append(p.language)
        self._whole: dict[Key, Passage] = {}

    def parts(self, doc_id: str, language: str, path: str) -> list[Passage]:
        """The stored passages of one provision in one language, in order (one if not split)."""
        return sorted(self._parts.get((doc_id, language, path), ()), key=lambda p: p.part)

    def provision(self, doc_id: str, language: str, path: str) -> Passage | None:
        """The whole provision in one language, reassembled from its parts."""
        key = (doc_id, language, path)
        if key not in self._whole:
            parts = self._parts.get(key)
            if not parts:
                return None
            self._whole[key] = merge_parts(parts)
        return self._whole[key]

    def languages(self, doc_id: str, path: str) -> list[str]:
        """The languages this provision is stored in."""
        return list(self._langs.get((doc_id, path), ()))

    def counterpart(self, passage: Passage, language: str | None = None) -> Passage | None:
        """The same provision in another language (the other one when `language` is None)."""
        if language is None:
            others = [lang for lang in self.languages(passage.doc_id, passage.path)
                      if lang != passage.language]
            if not others:
                return None
            language = others[0]
        return self.provision(passage.doc_id, language, passage.path)
