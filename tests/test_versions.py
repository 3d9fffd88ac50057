"""Version truth and effective dates: manifest fields, passage labels and fields (invented act)."""

from __future__ import annotations

import json

import pytest

from corpus.manifest import ManifestError, parse_manifest
from ingest.passages import to_passages
from ingest.records import Passage, Provision

_BASE = """
[[source]]
doc_id = "widget-act"
language = "{lang}"
file = "widget-act/{lang}.xml"
format = "jplaw-xml"
title = "Act on Widget Safety"
short_title = "Widget Act"
jurisdiction = "JP"
kind = "act"
legal_effect = {effect}
authority = "test"
version = "v2"
licence = "test"
attribution = "test"
"""


def _manifest(extra: str, lang: str = "en", effect: str = "false") -> str:
    return _BASE.format(lang=lang, effect=effect) + extra


def test_effective_dates_default_and_later_entries_by_path_prefix():
    [src] = parse_manifest(_manifest('''effective_from = "2031-04-01"

[[source.effective]]
from = "2031-10-01"
paths = ["art-5", "suppl/art-2"]

[[source.effective]]
from = "2032-01-01"
paths = ["art-5/para-2"]
'''))
    assert src.effective_for("art-1/para-1") == "2031-04-01"
    assert src.effective_for("art-5/para-1") == "2031-10-01"
    assert src.effective_for("art-5/para-2/item-1") == "2032-01-01"  # the more specific entry
    assert src.effective_for("art-50/para-1") == "2031-04-01"  # art-5 does not cover art-50
    assert src.effective_for("suppl/art-2/para-1") == "2031-10-01"


def test_no_dates_means_none():
    [src] = parse_manifest(_manifest(""))
    assert src.effective_for("art-1/para-1") is None
    assert not src.changed_since_translation("art-1/para-1")


@pytest.mark.parametrize(("extra", "message"), [
    ('effective_from = "1st April"\n', "not an ISO date"),
    ('[[source.effective]]\nfrom = "2031-13-01"\npaths = ["art-1"]\n', "not an ISO date"),
    ('[[source.effective]]\nfrom = "2031-01-01"\n', "needs both from and paths"),
    ('[[source.effective]]\nfrom = "2031-01-01"\npaths = "art-1"\n', "paths must be a list"),
    ('[[source.effective]]\nfrom = "2031-01-01"\npaths = ["art-1"]\nuntil = "x"\n', "allowed keys"),
    ('changed_paths = ["art-1"]\n', "needs translation_outdated"),
])
def test_bad_version_fields_are_named(extra, message):
    with pytest.raises(ManifestError, match=message):
        parse_manifest(_manifest(extra))


def test_an_original_cannot_be_an_outdated_translation():
    with pytest.raises(ManifestError, match="cannot be an outdated translation"):
        parse_manifest(_manifest("translation_outdated = true\n", lang="ja", effect="true"))


def test_outdated_translation_labels_every_passage_and_marks_changed_provisions():
    [src] = parse_manifest(_manifest('''translation_of = "as amended by Act No. 7 of 2030"
translation_outdated = true
changed_paths = ["art-2", "table-1"]
effective_from = "2031-04-01"
'''))
    provisions = [Provision("art-1/para-1", "A widget has a cog."),
                  Provision("art-2/para-1", "A maker tests every widget."),
                  Provision("table-1", "cog | wheel")]
    one, two, table = to_passages(src, provisions)
    for p in (one, two, table):
        assert "as amended by Act No. 7 of 2030" in p.label
        assert "older than the current Japanese text" in p.label
        assert p.effective_from == "2031-04-01"
    assert not one.changed_since_translation and "has changed" not in one.label
    assert two.changed_since_translation and table.changed_since_translation
    assert "the Japanese text of this provision has changed since this translation" in two.label
    assert two.label.startswith("Article 2(1), Widget Act")


def test_passages_carry_cross_references_that_exist_in_the_act():
    [src] = parse_manifest(_manifest(""))
    provisions = [Provision("art-1/para-1", "A widget has a cog."),
                  Provision("art-2/para-1", "The preceding Article and Article 9 apply."),
                  Provision("art-2/para-2", "Paragraph (1) does not apply to sprockets.")]
    passages = to_passages(src, provisions)
    assert passages[1].cross_refs == ("art-1",)  # Article 9 does not exist
    assert passages[2].cross_refs == ("art-2/para-1",)


def test_passages_written_before_the_new_fields_still_load():
    [src] = parse_manifest(_manifest(""))
    [p] = to_passages(src, [Provision("art-1/para-1", "A widget has a cog.")])
    old = {k: v for k, v in json.loads(json.dumps(p.to_dict())).items()
           if k not in ("part", "parts", "offset", "cross_refs", "effective_from",
                        "changed_since_translation")}
    loaded = Passage.from_dict(old)
    assert loaded.part == 0 and loaded.cross_refs == () and loaded.effective_from is None
    round_trip = Passage.from_dict(json.loads(json.dumps(p.to_dict())))
    assert round_trip == p
