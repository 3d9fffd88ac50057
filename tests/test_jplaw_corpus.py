"""The Japanese law XML parser on the real mirrored sources (REGQA_CORPUS_MIRROR).

Only paths, counts and a few short words are asserted: no source text is copied here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.jplaw_xml import ParsedLaw, parse_jplaw

pytestmark = pytest.mark.corpus


def _parse(rel: str) -> ParsedLaw:
    root = os.environ.get("REGQA_CORPUS_MIRROR")
    if not root:
        pytest.skip("REGQA_CORPUS_MIRROR is not set: the real source texts are not available")
    path = Path(root) / rel
    if not path.is_file():
        pytest.skip(f"{path} is missing from the corpus mirror (run `regqa corpus sync`)")
    return parse_jplaw(path.read_bytes(), str(path))


def _check_well_formed(law: ParsedLaw) -> None:
    paths = [p.path for p in law.provisions]
    assert len(paths) == len(set(paths))
    for prov in law.provisions:
        assert prov.text.strip(), prov.path
        for span in prov.spans:
            assert span.path.startswith(prov.path + "/")
            assert 0 <= span.start < span.end <= len(prov.text)


def _articles(law: ParsedLaw, prefix: str = "art-") -> set[str]:
    return {p.path.split("/")[0] for p in law.provisions if p.path.startswith(prefix)}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_ai_promotion_act(lang: str) -> None:
    law = _parse(f"jp-ai-promotion-act/{lang}.xml")
    _check_well_formed(law)
    assert law.language == lang
    paths = [p.path for p in law.provisions]
    assert "art-1/para-1" in paths and "art-22/para-1" in paths
    assert len(_articles(law)) == 28
    assert _articles(law) == {f"art-{n}" for n in range(1, 29)}
    suppl = {"/".join(p.split("/")[:2]) for p in paths if p.startswith("suppl")}
    assert suppl == {"suppl/art-1", "suppl/art-2"}
    provs = {p.path: p for p in law.provisions}
    assert provs["art-18/para-1"].caption == ""  # the one article without a caption
    assert ("chairperson" if lang == "en" else "本部長") in provs["art-22/para-1"].text
    assert [s.path for s in provs["art-18/para-2"].spans] == [
        "art-18/para-2/item-1", "art-18/para-2/item-2", "art-18/para-2/item-3"]


def test_ai_promotion_act_english_spent_provisions_skipped() -> None:
    law = _parse("jp-ai-promotion-act/en.xml")
    notes = " ".join(law.skipped)
    assert "suppl/art-3" in notes and "suppl/art-4" in notes
    spans = [s.path for p in law.provisions for s in p.spans]
    assert not [s for s in spans if "item-17-2" in s or "item-7-9" in s]


def test_appi_japanese() -> None:
    law = _parse("jp-appi/ja.xml")
    _check_well_formed(law)
    assert len(law.provisions) > 400
    paths = [p.path for p in law.provisions]
    assert "table-1" in paths and "table-2" in paths
    blocks = {p.split("/")[0] for p in paths if p.startswith("suppl-amend-")}
    assert len(blocks) >= 10
    amend = next(p for p in law.provisions if p.path.startswith("suppl-amend-"))
    assert amend.chapter.startswith("附則（")
    assert len(_articles(law)) > 150
    table = {p.path: p for p in law.provisions}["table-1"]
    assert table.text.count("\n") > 10 and " | " in table.text


def test_appi_english() -> None:
    law = _parse("jp-appi/en.xml")
    _check_well_formed(law)
    assert law.language == "en"
    assert len(law.provisions) > 400
    paths = [p.path for p in law.provisions]
    assert "table-1" in paths and "table-2" in paths
    assert not [p for p in paths if p.startswith("suppl")]
    first = {p.path: p for p in law.provisions}["art-2/para-1"]
    assert [s.path for s in first.spans] == ["art-2/para-1/item-1", "art-2/para-1/item-2"]
    for span in first.spans:
        assert first.text[span.start:span.end].startswith("(")


@pytest.mark.parametrize(("lang", "short", "word"), [("en", "headquarters", "strategic"),
                                                     ("ja", "本部", "戦略")])
def test_ai_promotion_act_defines_its_headquarters_short_form(lang: str, short: str, word: str) -> None:
    from ingest.abbreviations import find_abbreviations

    law = _parse(f"jp-ai-promotion-act/{lang}.xml")
    found = {a.short: a.full for p in law.provisions for a in find_abbreviations(p.text, lang)}
    assert short in found
    assert word in found[short] and found[short].endswith(short)
