"""eval/question_sets.py keeps README and sets.toml in step; core/timing.py; pipelines' settings."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from core.timing import Laps, collect_stages, record_stage, stage
from eval.question_sets import REGISTRY, load_registry, set_info, set_name

QUESTIONS = Path(__file__).parents[1] / "eval" / "questions"


def test_readme_table_matches_the_registry_and_every_set_is_listed():
    registry = load_registry()
    readme = (QUESTIONS / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (\S+)[^|]* \| (tuned on|not tuned on) \|", readme, re.MULTILINE))
    assert rows == {name: info.label for name, info in registry.items()}
    assert {p.stem for p in QUESTIONS.glob("*.jsonl")} <= set(registry)
    untouched = ["extra-g", "extra-h", "extra-i", "extra-j", "extra-k", "extra-l", "extra-m",
                 "extra-n", "extra-o"]
    assert [n for n, i in registry.items() if i.tuned is False] == untouched
    assert set_info("new-set", registry).label == "unknown" and set_name("a/dev.jsonl") == "dev"
    assert REGISTRY.is_file()


def test_stages_are_timed_only_when_collected():
    with stage("embed"):
        pass  # no collection open: nothing recorded, nothing raised
    with collect_stages() as stages:
        with stage("embed"):
            time.sleep(0.002)
        with stage("embed"):
            pass
        lap = Laps()
        lap("search")
        record_stage("end_to_end", 12.5)
    assert stages["embed"] >= 2.0 and set(stages) == {"embed", "search", "end_to_end"}
    assert stages["end_to_end"] == 12.5


def test_configuration_settings_are_checked_against_the_settings_object():
    from eval.configs import ConfigError, EvalConfig
    from eval.pipelines import SystemFactory

    factory = SystemFactory()
    assert factory.settings_for(EvalConfig("x", settings={"thesaurus": "off"})).thesaurus == "off"
    with pytest.raises(ConfigError, match="unknown setting"):
        factory.settings_for(EvalConfig("x", settings={"thesaurus_level": 3}))
    with pytest.raises(ConfigError):
        factory.settings_for(EvalConfig("x", settings={"thesaurus": "sometimes"}))
