"""The Japanese→English word table learnt from the texts held in both languages (index/lexicon.py)
and the search of a Japanese question by its translated keywords. Pure parts with invented token
lists; the search over the real FAISS/BM25 widget index (invented texts)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_reach import _GADGET, _passage
from widget_index import FIXTURES, widget_sources

from index import lexicon
from index.build import build_index, documents_meta
from index.lexicon import Lexicon, aligned_pairs, learn
from index.store import load_index
from ingest.pipeline import ingest_source
from search.filters import Filters
from search.retrieval import Retrieval

# provisions of an invented law: each Japanese token stands for one English word, and a common
# word ("shall") comes with every provision, as statutes' formulas do
PAIRS = [
    (["記録", "保存"], ["record", "keep", "shall"]),
    (["記録", "閲覧"], ["record", "read", "shall"]),
    (["保存", "期間"], ["keep", "period", "shall"]),
    (["閲覧", "請求"], ["read", "request", "shall"]),
    (["期間", "請求"], ["period", "request", "shall"]),
]


def test_each_japanese_token_learns_the_english_word_it_comes_with():
    table = learn(PAIRS, iterations=20)
    best = {ja: pairs[0][0] for ja, pairs in table.table.items()}
    assert best == {"記録": "record", "保存": "keep", "閲覧": "read", "期間": "period", "請求": "request"}
    # the formula every provision has is the null token's, not any one word's translation
    assert all(en != "shall" for pairs in table.table.values() for en, p in pairs if p >= 0.3)


def test_translation_weighs_each_english_word_by_its_summed_probability():
    table = Lexicon({"記録": (("record", 0.8), ("file", 0.15), ("keep", 0.05)), "保存": (("keep", 0.6),)})
    found = table.translate(["記録", "保存", "不明"])
    assert found == pytest.approx({"record": 0.8, "file": 0.15, "keep": 0.6})
    assert table.translate(["記録"], per_token=1) == {"record": 0.8}
    assert table.translate(["記録"], floor=0.5) == {"record": 0.8}
    assert learn([]) == Lexicon()


def test_the_table_round_trips_and_a_build_without_one_has_none(tmp_path):
    table = learn(PAIRS)
    (tmp_path / lexicon.FILE).write_bytes(lexicon.to_bytes(table))
    back = lexicon.load(tmp_path)
    assert back is not None and back.translate(["記録"]) == pytest.approx(table.translate(["記録"]), abs=1e-4)
    assert lexicon.load(tmp_path / "nowhere") is None
    (tmp_path / lexicon.FILE).write_text("{not json", encoding="utf-8")
    assert lexicon.load(tmp_path) is None
    (tmp_path / lexicon.FILE).write_text('["a list"]', encoding="utf-8")
    assert lexicon.load(tmp_path) is None


def _widget_passages():
    passages = []
    for source in widget_sources():
        passages.extend(ingest_source(source, FIXTURES / source.file).passages)
    return passages


def test_the_pairs_are_the_provisions_and_captions_held_in_both_languages():
    passages = _widget_passages()
    both = {(p.doc_id, p.path) for p in passages if p.language == "ja"} & {
        (p.doc_id, p.path) for p in passages if p.language == "en"}
    captioned = {(p.doc_id, p.path.split("/")[0]) for p in passages if p.caption and p.language == "ja"} & {
        (p.doc_id, p.path.split("/")[0]) for p in passages if p.caption and p.language == "en"}
    english_only = [_passage("gadget-act", "en", path, text, "KR") for path, text in _GADGET.items()]
    pairs = aligned_pairs(passages + english_only)
    assert len(pairs) == len(both) + len(captioned) and both
    ja, en = pairs[0]
    assert ja and all(not t.isascii() for t in ja) and en and all(t.isascii() for t in en)


def test_a_japanese_question_confined_to_english_only_texts_is_searched_by_its_english_keywords(
        tmp_path, fake_embedder):
    gadget_texts = [replace(_passage("gadget-act", "en", path, text, "KR"), title="Gadget Act",
                            short_title="Gadget Act") for path, text in _GADGET.items()]
    passages = _widget_passages() + gadget_texts
    sources = widget_sources()
    gadget = replace(sources[1], doc_id="gadget-act", jurisdiction="KR", title="Gadget Act",
                     short_title="Gadget Act", aliases=())
    build_index(passages, fake_embedder, tmp_path, {s.key: "0" * 64 for s in sources},
                documents=documents_meta([*sources, gadget]))
    retrieval = Retrieval.over(load_index(tmp_path, fake_embedder.name), fake_embedder)
    question = "韓国の法律では、年次報告書を公表するのは誰ですか？"
    analysis = retrieval.analyzer.analyze(question)
    assert analysis.confined_place == "KR"

    def first(lex: Lexicon | None) -> str:
        retrieval.searcher.lexicon = lex
        return retrieval.searcher.search(analysis, k=3, filters=Filters(jurisdiction="KR"))[0].passage.path

    # as if learnt from the Japanese laws: 報告 -> report, 公表 -> publish, 年次 -> annual
    table = Lexicon({"報告": (("report", 0.9),), "公表": (("publish", 0.8),), "年次": (("annual", 0.7),)})
    assert first(table) == "art-3"
    assert first(None) != "art-3"  # its own tokens share nothing with the English texts



@pytest.mark.parametrize("translated_first", [False, True])
def test_a_japanese_question_s_translation_reorders_the_hits_after_the_first(
        tmp_path, fake_embedder, translated_first):
    from widget_index import build_widget_index

    from core.settings import SearchSettings

    build_widget_index(tmp_path / "index", fake_embedder)
    index = load_index(tmp_path / "index", fake_embedder.name)
    question = "本部の長は誰か"  # no caption's words alone: the search ranks it
    own = Retrieval.over(index, fake_embedder).search(question, k=3)[0].passage.path
    assert own.startswith("art-6/")
    # a table sending the question's words to "cog", which only the makers' duties use, with a
    # vote strong enough to outweigh the question's own rankings
    retrieval = Retrieval.over(index, fake_embedder, search=SearchSettings(
        translated_weight_ja=5.0, translated_first=translated_first))
    retrieval.searcher.lexicon = Lexicon({"本部": (("cog", 1.0),)})
    hits = [h.passage.path for h in retrieval.search(question, k=3)]
    if translated_first:
        assert hits[0] == "art-3/para-2", hits
    else:
        assert hits[:2] == [own, "art-3/para-2"], "the first stays the question's own"
