"""The index's passages grouped by provision: a provision (document + path) has a passage per
language, and a long one several parts that keep its path (ingest/chunking.py). Rankings are
fused per provision, and each provision is shown by one passage."""

from __future__ import annotations

from collections.abc import Sequence

from core.provision_paths import under
from ingest.records import Passage

Key = tuple[str, str]  # (doc_id, path)
PartKey = tuple[str, str, str]  # (doc_id, path, language)


class ProvisionTable:
    def __init__(self, passages: Sequence[Passage]) -> None:
        self.passages = passages
        self.key_of: list[Key] = [(p.doc_id, p.path) for p in passages]
        self.by_key: dict[Key, dict[str, int]] = {}  # provision -> language -> its first part
        self.parts_of: dict[PartKey, list[int]] = {}
        for i, p in enumerate(passages):
            self.by_key.setdefault((p.doc_id, p.path), {}).setdefault(p.language, i)
            self.parts_of.setdefault((p.doc_id, p.path, p.language), []).append(i)
        # each passage's (doc, path, language) when its provision is split into parts, else None
        self.split_key: list[PartKey | None] = [
            key if len(self.parts_of[key]) > 1 else None
            for key in ((p.doc_id, p.path, p.language) for p in passages)]

    def first(self, key: Key) -> Passage:
        return self.passages[next(iter(self.by_key[key].values()))]

    def under(self, doc_id: str, path: str) -> list[Key]:
        """The provisions of a document at `path` or below it, in index order."""
        return [(d, p) for (d, p) in self.by_key if d == doc_id and under(p, path)]

    def named(self, doc_id: str, path: str) -> list[Key]:
        """The provisions a reference to `path` names: those at it or below it, else the one
        holding it (an item is a span of its paragraph's passage: Article 27(5)(i) is found in
        Article 27(5))."""
        below = self.under(doc_id, path)
        if below:
            return below
        holding = [(d, p) for (d, p) in self.by_key if d == doc_id and p != path and under(path, p)]
        return sorted(holding, key=lambda k: -len(k[1]))[:1]

    def keys(self, ids: Sequence[int], keep: Sequence[bool]) -> list[Key]:
        """The provisions of ranked passages, each once, in rank order, of the kept passages."""
        out: list[Key] = []
        seen: set[Key] = set()
        for i in ids:
            key = self.key_of[i]
            if keep[i] and key not in seen:
                seen.add(key)
                out.append(key)
        return out

    def best_parts(self, rankings: Sequence[Sequence[int]], keep: Sequence[bool]) -> dict[PartKey, int]:
        """For provisions split into parts: the part ranked best by any ranking."""
        best: dict[PartKey, tuple[int, int]] = {}
        split = self.split_key
        for ids in rankings:
            for rank, i in enumerate(ids):
                key = split[i]
                if key is not None and keep[i] and rank < best.get(key, (rank + 1,))[0]:
                    best[key] = (rank, i)
        return {key: i for key, (_, i) in best.items()}

    def pick(self, key: Key, language: str, keep: Sequence[bool],
             best_part: dict[PartKey, int] | None = None) -> int | None:
        """The passage to show a provision by: the asked language first, then any allowed."""
        versions = self.by_key[key]
        for lang in [language] + [lang for lang in versions if lang != language]:
            i = (best_part or {}).get((*key, lang), versions.get(lang))
            if i is not None and keep[i]:
                return i
        return None
