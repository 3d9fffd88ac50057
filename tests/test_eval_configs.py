"""eval/configs.py: built-in and file configurations, and their mistakes."""

from __future__ import annotations

import pytest

from eval.configs import ConfigError, builtin_names, load_config, load_configs, parse_config


def test_builtins_include_ours_and_the_peer():
    ours = {"default", "llamaindex-baseline", "bm25", "dense", "no-thesaurus", "brief", "embedder-english"}
    assert ours <= set(builtin_names())
    assert load_config("brief").settings == {"answer_max_words": 120}
    default = load_config("default")
    assert (default.system, default.retriever, default.source, default.is_peer) == (
        "regqa", "hybrid+refs", "built-in", False)
    peer = load_config("llamaindex-baseline")
    assert peer.is_peer and peer.llamaindex == {"chunk_size": 1024, "chunk_overlap": 200}
    assert load_config("no-thesaurus").settings == {"thesaurus": "off"}
    assert load_config("embedder-english").settings == {"reach_questions": "unreadable"}


def test_a_file_configuration_takes_its_stem_as_name(tmp_path):
    path = tmp_path / "rerank-off.toml"
    path.write_text('retriever = "bm25"\nk = 5\n[settings]\nabstain_threshold = 0.5\n', encoding="utf-8")
    config = load_config(str(path))
    assert (config.name, config.retriever, config.k, config.settings) == (
        "rerank-off", "bm25", 5, {"abstain_threshold": 0.5})


@pytest.mark.parametrize(("data", "message"), [
    ({"retriever": "sparse"}, "unknown retriever"),
    ({"system": "haystack"}, "unknown system"),
    ({"k": 0}, "'k' must be an integer"),
    ({"colour": "blue"}, "unknown key"),
    ({"system": "llamaindex", "settings": {"thesaurus": "off"}}, "[settings] are regqa's"),
    ({"system": "llamaindex", "llamaindex": {"chunk": 3}}, "unknown [llamaindex] key"),
])
def test_mistakes_are_named(data, message):
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_config(data, "x.toml", "x")


def test_unknown_name_lists_the_builtins():
    with pytest.raises(ConfigError, match="llamaindex-baseline"):
        load_config("no-such-config")


def test_two_configurations_with_one_name_are_refused(tmp_path):
    path = tmp_path / "default.toml"
    path.write_text('name = "default"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="two configurations"):
        load_configs(["default", str(path)])
