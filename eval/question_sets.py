"""Which question sets were tuned on: eval/questions/sets.toml, read for the reports."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

REGISTRY = Path(__file__).with_name("questions") / "sets.toml"


@dataclass(frozen=True)
class SetInfo:
    name: str
    tuned: bool | None  # None: the registry does not list the set
    why: str = ""

    @property
    def label(self) -> str:
        return {True: "tuned on", False: "not tuned on", None: "unknown"}[self.tuned]


def set_name(path: str | Path) -> str:
    """A set's name: its file's stem (dev.jsonl -> dev)."""
    return Path(path).name.removesuffix(".jsonl")


def load_registry(path: Path = REGISTRY) -> dict[str, SetInfo]:
    data = tomllib.loads(path.read_text(encoding="utf-8")).get("sets", {})
    out = {}
    for name, entry in data.items():
        if not isinstance(entry.get("tuned"), bool):
            raise ValueError(f"{path}: sets.{name}.tuned must be true or false")
        out[name] = SetInfo(name, entry["tuned"], str(entry.get("why", "")))
    return out


def set_info(name: str, registry: dict[str, SetInfo] | None = None) -> SetInfo:
    registry = load_registry() if registry is None else registry
    return registry.get(name, SetInfo(name, None, "not listed in eval/questions/sets.toml"))
