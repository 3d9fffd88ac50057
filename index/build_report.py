"""What a build reports: each source's outcome, the build's summary, and the hooks through which
it reports as it goes (the CLI's progress bars; tests use the defaults)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

# statuses of one source in a build
PARSED, REUSED, SKIPPED, FAILED = "ingested", "unchanged", "skipped", "failed"


@dataclass
class SourceOutcome:
    """What happened to one source in a build."""

    key: str
    status: str  # "ingested" (parsed now) | "unchanged" (from cache) | "skipped" | "failed"
    message: str = ""
    passages: int = 0  # passages of this source in the new index
    kept: bool = False  # the previously indexed version was kept (it failed or is missing now)
    notes: list[str] = field(default_factory=list)
    user: bool = False  # a user document (regqa ingest)


@dataclass
class BuildReport:
    outcomes: list[SourceOutcome] = field(default_factory=list)
    build_dir: Path | None = None
    passage_count: int = 0
    embedded: int = 0  # passages embedded in this run
    reused_vectors: int = 0  # passages whose vector came from the cache
    removed: list[str] = field(default_factory=list)  # sources indexed before, gone from manifests
    up_to_date: bool = False  # nothing changed: the live index was left as it was
    error: str | None = None  # nothing could be built (the live index is unchanged)

    @property
    def failed(self) -> list[SourceOutcome]:
        return [o for o in self.outcomes if o.status == FAILED]

    @property
    def ok(self) -> bool:
        return self.error is None and not self.failed

    def summary(self) -> str:
        """One line: counts by status, and what happened to the index."""
        statuses = (PARSED, REUSED, SKIPPED, FAILED)
        counts = {s: sum(1 for o in self.outcomes if o.status == s) for s in statuses}
        parts = [f"{n} {s}" for s, n in counts.items() if n]
        head = "sources: " + (", ".join(parts) or "none")
        if self.removed:
            head += f"; removed: {', '.join(self.removed)}"
        if self.error:
            return f"{head}. {self.error}"
        if self.up_to_date:
            return f"{head}. index up to date ({self.passage_count} passages), nothing rewritten"
        return (f"{head}. index: {self.passage_count} passages ({self.embedded} embedded, "
                f"{self.reused_vectors} vectors reused) -> {self.build_dir}")


class BuildHooks:
    """How a build reports as it goes; the CLI overrides these, tests use the defaults."""

    def source(self, outcome: SourceOutcome) -> None:
        """Called once per source, in order."""

    def message(self, text: str) -> None:
        """A one-line status message."""

    def embedding(self, total: int) -> AbstractContextManager[Callable[[int], None]]:
        """A context around embedding `total` passages, yielding an `advance(n)` callable."""
        return no_progress()

    def adapting(self, total: int) -> AbstractContextManager[Callable[[int], None]]:
        """A context around adapting the embedder on `total` training pairs (index/adapt.py)."""
        return no_progress()


@contextmanager
def no_progress() -> Iterator[Callable[[int], None]]:
    yield lambda _n: None
