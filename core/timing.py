"""Optional per-stage timings of one answer, for the evaluator; a no-op unless it collects.

`collect_stages()` opens a collection (a dict of stage -> milliseconds, summed over repeated
stages) for the code run inside it; `stage(name)` times a block and `Laps` times consecutive
steps of one function (`lap(name)` records the time since the previous lap). Outside a
collection both cost one context-variable lookup. Stage names: analyze, embed, search, fuse,
rerank, answer, guard.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from time import perf_counter

_current: ContextVar[dict[str, float] | None] = ContextVar("regqa_stage_timings", default=None)


@contextmanager
def collect_stages() -> Iterator[dict[str, float]]:
    """Collect the stage timings of the code run inside; yields the dict being filled."""
    timings: dict[str, float] = {}
    token = _current.set(timings)
    try:
        yield timings
    finally:
        _current.reset(token)


def _add(timings: dict[str, float], name: str, seconds: float) -> None:
    timings[name] = timings.get(name, 0.0) + seconds * 1000.0


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time the block as stage `name` when a collection is open."""
    timings = _current.get()
    if timings is None:
        yield
        return
    t0 = perf_counter()
    try:
        yield
    finally:
        _add(timings, name, perf_counter() - t0)


class Laps:
    """Consecutive steps of one function: `lap(name)` records the time since the last lap."""

    def __init__(self) -> None:
        self.timings = _current.get()
        self.last = perf_counter() if self.timings is not None else 0.0

    def __call__(self, name: str) -> None:
        if self.timings is None:
            return
        now = perf_counter()
        _add(self.timings, name, now - self.last)
        self.last = now


def record_stage(name: str, milliseconds: float) -> None:
    """Record a timing measured elsewhere (e.g. a request's round trip) when collecting."""
    timings = _current.get()
    if timings is not None:
        timings[name] = timings.get(name, 0.0) + milliseconds
