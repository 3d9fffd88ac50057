"""The passages grouped by provision (search/provisions.py): invented texts."""

from __future__ import annotations

from ingest.records import Passage
from search.provisions import ProvisionTable


def passage(path: str, language: str = "en", part: int = 0) -> Passage:
    return Passage(
        passage_id=f"widget-act:{language}:{path}" + (f"#{part}" if part else ""), doc_id="widget-act",
        language=language, path=path, text=f"text of {path} part {part}", label=path, ref=path,
        title="Act on Widget Safety", short_title="Widget Act", caption="", chapter="", kind="act",
        jurisdiction="JP", version="test", url=None, legal_effect=False, authority="translation",
        part=part, parts=2 if part else 0)


def table() -> ProvisionTable:
    return ProvisionTable([
        passage("art-1/para-1"),                 # 0: one part
        passage("art-2/para-1", part=1),         # 1: a long provision in two parts
        passage("art-2/para-1", part=2),         # 2
        passage("art-2/para-1", "ja"),           # 3: its Japanese original, one part
        passage("art-3/para-1"),                 # 4
    ])


def test_best_parts_keeps_the_best_ranked_part_of_each_split_provision():
    t = table()
    # the keyword ranking has part 2 second, the dense one part 1 fourth: part 2 is the better
    assert t.best_parts([[4, 2, 0], [0, 3, 4, 1]], [True] * 5) == {("widget-act", "art-2/para-1", "en"): 2}
    # a provision of one part is never listed; a part filtered out is not chosen
    assert t.best_parts([[0, 3, 4]], [True] * 5) == {}
    only_first = [True, True, False, True, True]
    assert t.best_parts([[2, 1]], only_first) == {("widget-act", "art-2/para-1", "en"): 1}


def test_keys_and_pick_show_each_provision_once_in_the_asked_language():
    t = table()
    assert t.keys([2, 1, 3, 0], [True] * 5) == [("widget-act", "art-2/para-1"),
                                                ("widget-act", "art-1/para-1")]
    key = ("widget-act", "art-2/para-1")
    assert t.pick(key, "ja", [True] * 5) == 3
    assert t.pick(key, "ja", [True, True, True, False, True]) == 1  # the Japanese one filtered out
    assert t.pick(key, "en", [True] * 5, {(*key, "en"): 2}) == 2
    assert t.first(key).part == 1  # a provision is first shown by its first stored passage
