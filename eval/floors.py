"""CI floors: minimum metrics the project's own configuration must keep on named sets.

eval/floors.toml holds, per set, floors for metrics named as in the report's headline
(eval/report_md.py: hit_at_5, citation_precision, grounded_share, ...), and ceilings under
`[max]` (invented_references = 0). Only regqa's configurations are checked, never the peer.
A floor on a set the run did not score is reported, so a CI line that lost a set fails.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.report_md import METRICS


@dataclass(frozen=True)
class Floors:
    per_set: dict[str, dict[str, float]] = field(default_factory=dict)
    ceilings: dict[str, float] = field(default_factory=dict)  # every set, every regqa config
    source: str = ""


def parse_floors(data: dict[str, Any], where: str) -> Floors:
    per_set = data.get("sets", {})
    ceilings = data.get("max", {})
    for name, table in [*((f"sets.{k}", v) for k, v in per_set.items()), ("max", ceilings)]:
        if not isinstance(table, dict):
            raise ValueError(f"{where}: [{name}] must be a table")
        for metric, value in table.items():
            if metric not in METRICS:
                raise ValueError(f"{where}: [{name}] unknown metric {metric!r}; known: {', '.join(METRICS)}")
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise ValueError(f"{where}: [{name}] {metric} must be a number")
    return Floors({k: dict(v) for k, v in per_set.items()}, dict(ceilings), where)


def load_floors(path: Path) -> Floors:
    try:
        return parse_floors(tomllib.loads(path.read_text(encoding="utf-8")), str(path))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: invalid TOML: {exc}") from exc


def check_floors(summary: dict[str, Any], floors: Floors) -> list[str]:
    """One line per broken floor or ceiling; empty when all hold."""
    ours = [c for c in summary["cells"] if not c["peer"]]
    problems = []
    for set_name, table in floors.per_set.items():
        cells = [c for c in ours if c["set"] == set_name]
        if not cells:
            problems.append(f"{set_name}: floors set, but the run scored no regqa configuration on it")
        for c in cells:
            for metric, floor in table.items():
                value = METRICS[metric].get(c["metrics"])
                if value is None or value < floor:
                    problems.append(f"{set_name} · {c['config']}: {metric} {value} < floor {floor}")
    for c in ours:
        for metric, ceiling in floors.ceilings.items():
            value = METRICS[metric].get(c["metrics"])
            if value is not None and value > ceiling:
                problems.append(f"{c['set']} · {c['config']}: {metric} {value} > maximum {ceiling}")
    return problems
