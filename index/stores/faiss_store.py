"""The embedded store: the live build directory under REGQA_HOME/index (FAISS memory-mapped,
bm25s memory-mapped), switched by the atomic `CURRENT` pointer (index/store.py)."""

from __future__ import annotations

from pathlib import Path

from index.store import CURRENT, IndexUnavailable, LoadedIndex, live_build, load_index


class FaissStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def load(self, expected_model: str | None = None) -> LoadedIndex:
        return load_index(self.root, expected_model)

    def generation(self) -> str:
        try:
            return (self.root / CURRENT).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise IndexUnavailable(f"no index in {self.root}: run `regqa build` first") from exc

    def publish(self, build: Path) -> str:
        """A build written by index/store.py is already live in this store."""
        return live_build(self.root).name if build.parent == self.root else build.name
