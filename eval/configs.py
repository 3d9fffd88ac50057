"""Evaluation configurations: a name and a few settings, kept as small TOML files.

A configuration says which system answers (`regqa`, in process; `llamaindex`, the peer
baseline), how regqa retrieves (`retriever`: one of index/search.py's MODES), optionally its
own retrieval depth `k`, and under `[settings]` any regqa setting by its name in the settings
object (`thesaurus`, `top_k`, `abstain_threshold`, `reranker`, `model`, `answerer`, ...; the
names are checked where the settings are built, eval/pipelines.py). `[llamaindex]` holds the
peer's parameters (`chunk_size`, `chunk_overlap`). Built-in configurations live in
eval/configs/*.toml and are named by their file stem; anything else is a path to a TOML file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BUILTIN_DIR = Path(__file__).with_name("configs")
SYSTEMS = ("regqa", "llamaindex")
RETRIEVERS = ("dense", "bm25", "hybrid", "hybrid+refs")  # index/search.py MODES
PEER_KEYS = ("chunk_size", "chunk_overlap")
_TOP_KEYS = ("name", "system", "description", "retriever", "k", "settings", "llamaindex")


class ConfigError(ValueError):
    """A configuration file is missing or malformed; the message names it."""


@dataclass(frozen=True)
class EvalConfig:
    name: str
    system: str = "regqa"
    description: str = ""
    retriever: str = "hybrid+refs"
    k: int | None = None  # None: the run's --k
    settings: dict[str, Any] = field(default_factory=dict)
    llamaindex: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # "built-in" or the file it was read from

    @property
    def is_peer(self) -> bool:
        return self.system != "regqa"

    def summary(self) -> dict[str, Any]:
        """What a report states about the configuration."""
        return {"name": self.name, "system": self.system, "description": self.description,
                "retriever": self.retriever if not self.is_peer else None, "k": self.k,
                "settings": dict(self.settings), "llamaindex": dict(self.llamaindex),
                "source": self.source}


def builtin_names(directory: Path = BUILTIN_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.toml"))


def parse_config(data: dict[str, Any], where: str, default_name: str) -> EvalConfig:
    """Validate one decoded TOML document."""
    unknown = sorted(set(data) - set(_TOP_KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; known: {', '.join(_TOP_KEYS)}")
    name = data.get("name", default_name)
    if not isinstance(name, str) or not name.strip() or "/" in name:
        raise ConfigError(f"{where}: 'name' must be a non-empty string without '/', got {name!r}")
    system = data.get("system", "regqa")
    if system not in SYSTEMS:
        raise ConfigError(f"{where}: unknown system {system!r}; one of {', '.join(SYSTEMS)}")
    retriever = data.get("retriever", "hybrid+refs")
    if retriever not in RETRIEVERS:
        raise ConfigError(f"{where}: unknown retriever {retriever!r}; one of {', '.join(RETRIEVERS)}")
    k = data.get("k")
    if k is not None and (not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= 100):
        raise ConfigError(f"{where}: 'k' must be an integer from 1 to 100, got {k!r}")
    settings = data.get("settings", {})
    peer = data.get("llamaindex", {})
    for key, table in (("settings", settings), ("llamaindex", peer)):
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: [{key}] must be a table")
    bad = sorted(set(peer) - set(PEER_KEYS))
    if bad:
        raise ConfigError(f"{where}: unknown [llamaindex] key(s) {', '.join(bad)}; "
                          f"known: {', '.join(PEER_KEYS)}")
    if system == "llamaindex" and settings:
        raise ConfigError(f"{where}: [settings] are regqa's; the llamaindex system takes [llamaindex]")
    return EvalConfig(name=name, system=system, description=str(data.get("description", "")),
                      retriever=retriever, k=k, settings=dict(settings), llamaindex=dict(peer),
                      source=where)


def load_config(name_or_file: str, directory: Path = BUILTIN_DIR) -> EvalConfig:
    """A built-in configuration by name, or a TOML file by path."""
    builtin = directory / f"{name_or_file}.toml"
    path = builtin if builtin.is_file() else Path(name_or_file)
    if not path.is_file():
        raise ConfigError(f"no configuration {name_or_file!r}: not a file, and the built-in ones are "
                          f"{', '.join(builtin_names(directory))}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    config = parse_config(data, str(path), path.stem)
    return config if path != builtin else EvalConfig(**{**config.__dict__, "source": "built-in"})


def load_configs(names: list[str], directory: Path = BUILTIN_DIR) -> list[EvalConfig]:
    """Several configurations; two with one name would write over each other's output."""
    configs = [load_config(n, directory) for n in names]
    seen: set[str] = set()
    for c in configs:
        if c.name in seen:
            raise ConfigError(f"two configurations are named {c.name!r}")
        seen.add(c.name)
    return configs
