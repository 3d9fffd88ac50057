"""The hand-written vocabulary tables read from their data files: the thesaurus
(query/vocabulary/thesaurus.toml) and the equivalent wordings (answer/vocabulary/equivalents.toml),
each entry with where it came from and why it holds."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from answer import equivalents
from answer.equivalents import Entry, found_tokens, groups, not_counted, parse_entries, parse_equivalents
from index.tokenize import tokenize
from query import thesaurus
from query.thesaurus import Concept, en_concepts, ja_concepts, parse_concepts, parse_thesaurus

ROOT = Path(__file__).resolve().parents[1]


def test_the_loaded_thesaurus_holds_hand_written_entries_in_their_order():
    en = en_concepts()
    assert (en[0].triggers, en[0].terms) == (
        (r"\bcompan(y|ies)\b", r"\bfirms?\b", r"\bbusiness(es)?\b", r"\bcorporations?\b",
         r"\bemployers?\b", r"\bvendors?\b", r"\bproviders?\b"), "business operator business handling")
    # a trigger with a quote in it (written as a basic string in the file) reads back as a regex
    agent = next(c for c in en if c.terms == "agent legal representative")
    assert r"\bon (someone|somebody|another person|that person|the person|his|her)(['’]s)? behalf\b" \
        in agent.triggers
    assert (ja_concepts()[0].triggers, ja_concepts()[0].terms) == (
        ("会社", "企業", "当社", "弊社", "ベンダー"), "事業者")


def test_every_entry_says_where_it_came_from_and_why():
    table = equivalents.equivalents()
    for c in (*en_concepts(), *ja_concepts()):
        assert c.source.strip() and c.reason.strip(), c.terms
    for e in (*table.groups, *table.framing, *table.function_words):
        assert e.source.strip() and e.reason.strip(), e.words


def test_every_trigger_compiles_and_no_concept_or_group_is_written_twice():
    for c in en_concepts():
        assert c.triggers and c.terms.strip()
        for t in c.triggers:  # each a valid regex on its own, before they are joined per concept
            re.compile(t)
    assert len(thesaurus._compiled()) == len(en_concepts())
    for table in (en_concepts(), ja_concepts()):
        keys = [(c.triggers, c.terms) for c in table]
        assert len(keys) == len(set(keys))
    assert len(groups()) == len(set(groups())) and all(len(g) >= 2 for g in groups())


def test_an_entry_without_a_reason_is_refused_by_name():
    entries = [{"triggers": ["a"], "terms": "x", "source": "general legal usage", "reason": "r"},
               {"triggers": ["b"], "terms": "y", "source": "general legal usage"}]
    with pytest.raises(ValueError, match=r"\[\[ja\]\] entry 2: no reason"):
        parse_concepts(entries, "ja")
    assert parse_concepts(entries[:1], "en") == (Concept(("a",), "x", "general legal usage", "r"),)


def test_a_trigger_written_as_one_string_is_refused():
    with pytest.raises(ValueError, match=r"\[\[en\]\] entry 1: triggers must be strings"):
        parse_thesaurus('[[en]]\ntriggers = "abc"\nterms = "x"\nsource = "s"\nreason = "r"\n')


def test_the_loaded_equivalents_hold_hand_written_groups_and_framing_words():
    table = groups()
    assert table[0] == ("State", "national government", "government")
    assert ("register", "registration") in table and ("licence", "license") in table
    assert {"must", "should", "requir"} <= not_counted() and "them" in not_counted()
    assert "provid" not in not_counted()
    national = set(tokenize("the national government"))
    assert found_tokens(set(tokenize("the State")), national) == set(tokenize("State"))


def test_an_equivalence_entry_without_a_source_is_refused_by_name():
    data = tomllib.loads('[[group]]\nwordings = ["a", "b"]\nreason = "r"\n')
    with pytest.raises(ValueError, match=r"\[\[group\]\] entry 1: no source"):
        parse_entries(data, "group", "wordings")
    text = '[[framing]]\nwords = "must should"\nsource = "s"\nreason = "r"\n'
    assert parse_equivalents(text).framing == (Entry(("must", "should"), "s", "r"),)


@pytest.mark.parametrize("module,package", [(thesaurus, "query"), (equivalents, "answer")])
def test_the_data_files_are_package_data(module, package):
    assert module.VOCABULARY[0] == package
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    assert package in project["packages"]
    patterns = project["package-data"][package]
    assert any((ROOT / package).glob(p) for p in patterns)
    assert (ROOT / package / module.VOCABULARY[1]).match(f"{package}/{patterns[0]}")


@given(st.data())
@settings(max_examples=200, deadline=None)
def test_equivalent_tokens_agree_with_checking_every_group(data):
    """Reference: every group checked in turn (the function looks only at the groups holding one
    of the text's tokens)."""
    pool = sorted({t for members in equivalents._groups() for m in members for t in m}) + ["widget", "gadget"]
    text = set(data.draw(st.lists(st.sampled_from(pool), max_size=12)))
    expected: set[str] = set()
    for members in equivalents._groups():
        if any(m <= text for m in members):
            expected |= frozenset().union(*members)
    assert equivalents.equivalent_tokens(text) == expected
