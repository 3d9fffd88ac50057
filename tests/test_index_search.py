"""The index on disk and hybrid search, with real FAISS and BM25 and the fake embedder."""

from __future__ import annotations

import json

import pytest
from widget_index import build_widget_index

from index.store import CURRENT, IndexUnavailable, live_build, load_index
from search.boosts import ChapterWeight, load_chapter_weights
from search.filters import Filters
from search.retrieval import Retrieval


@pytest.fixture
def searcher(tmp_path, fake_embedder):
    build_widget_index(tmp_path / "index", fake_embedder)
    return Retrieval.over(load_index(tmp_path / "index", fake_embedder.name), fake_embedder)


def test_index_round_trip_keeps_passages_and_manifest(tmp_path, fake_embedder):
    build = build_widget_index(tmp_path / "index", fake_embedder)
    index = load_index(tmp_path / "index", expected_model=fake_embedder.name)
    assert index.directory == build
    assert len(index) == index.manifest["passage_count"] == index.dense.ntotal
    assert index.manifest["model"] == fake_embedder.name
    assert "widget-act" in index.manifest["documents"]
    paths = {(p.language, p.path) for p in index.passages}
    assert ("en", "art-6/para-1") in paths and ("ja", "art-6/para-1") in paths


def test_model_mismatch_says_what_to_run(tmp_path, fake_embedder):
    build_widget_index(tmp_path / "index", fake_embedder)
    with pytest.raises(IndexUnavailable, match="regqa build"):
        load_index(tmp_path / "index", expected_model="another-model")


def test_missing_and_corrupt_index_say_what_to_run(tmp_path, fake_embedder):
    with pytest.raises(IndexUnavailable, match="regqa build"):
        load_index(tmp_path / "nothing")
    build = build_widget_index(tmp_path / "index", fake_embedder)
    (build / "dense.faiss").write_bytes(b"not a faiss index")
    with pytest.raises(IndexUnavailable, match="corrupt"):
        load_index(tmp_path / "index")


def test_new_build_switches_atomically_and_old_one_survives_a_failed_build(tmp_path, fake_embedder):
    root = tmp_path / "index"
    first = build_widget_index(root, fake_embedder)
    assert live_build(root) == first

    class Exploding:
        name, dim = fake_embedder.name, fake_embedder.dim

        def embed(self, texts):
            raise KeyboardInterrupt  # an interrupted build

    with pytest.raises(KeyboardInterrupt):
        build_widget_index(root, Exploding())
    assert (root / CURRENT).read_text() == first.name
    assert len(load_index(root)) > 0
    second = build_widget_index(root, fake_embedder)
    assert live_build(root) == second != first
    assert not list(root.glob(".tmp-*"))


def test_manifest_records_source_checksums(tmp_path, fake_embedder):
    build = build_widget_index(tmp_path / "index", fake_embedder)
    manifest = json.loads((build / "manifest.json").read_text())
    assert set(manifest["sources"]) == {"widget-act:en", "widget-act:ja"}


def test_keyword_query_finds_the_provision_in_the_question_language(searcher):
    hits = searcher.search("Who holds the post of chairperson of the Headquarters?", k=5)
    assert hits[0].passage.path.startswith("art-6/para-")
    assert hits[0].passage.language == "en"
    ja = searcher.search("本部長の職に就くのはだれか", k=5)
    assert ja[0].passage.path == "art-6/para-1"
    assert ja[0].passage.language == "ja"


def test_one_hit_per_provision(searcher):
    hits = searcher.search("widget", k=30)
    keys = [(h.passage.doc_id, h.passage.path) for h in hits]
    assert len(keys) == len(set(keys))
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))


@pytest.mark.parametrize("query,path", [
    ("What does Article 3-2 say?", "art-3-2/para-1"),
    ("Art. 3(2) of the Widget Act", "art-3/para-2"),
    ("ウィジェット法第三条第二項", "art-3/para-2"),
    ("Supplementary Provisions, Article 2", "suppl/art-2/para-1"),
])
def test_direct_references_come_first(searcher, query, path):
    assert searcher.search(query, k=3)[0].passage.path == path


def _relative_prior(searcher, analysis, key, other=("widget-act", "art-3/para-1")) -> float:
    """The query-side prior of provision `key` relative to an ordinary main provision's."""
    fused = {key: 1.0, other: 1.0}
    searcher.searcher.boosts.apply(fused, analysis)
    return fused[key] / fused[other]


def test_supplementary_provisions_answer_questions_about_when(searcher):
    general, when = searcher.analyzer.analyze("May a widget be sold?"), searcher.analyzer.analyze(
        "Until when may widgets made earlier be sold after the Act takes effect?")
    assert not general.asks_when and when.asks_when
    assert searcher.analyzer.analyze("施行前に作られたウィジェットは販売できるか").asks_when
    suppl = ("widget-act", "suppl/art-2/para-1")
    assert _relative_prior(searcher, general, suppl) == pytest.approx(0.7)
    assert _relative_prior(searcher, when, suppl) == pytest.approx(1.0)


def test_the_public_bodies_chapter_answers_questions_that_name_public_bodies(searcher):
    business = searcher.analyzer.analyze("Must we keep a register of our widget files?")
    public = searcher.analyzer.analyze("Must an administrative organ keep a register of its widget files?")
    assert not business.asks_public and public.asks_public
    assert searcher.analyzer.analyze("地方公共団体はウィジェットの台帳を作るか").asks_public
    chapter_v = ("widget-act", "art-5/para-1")
    # a rule as search/document_rules.toml states them: as if art-5 sat in a chapter on public bodies
    rule = ChapterWeight("widget-act", ("Widget registers",), 0.7, "asks_public", "test")
    searcher.searcher.boosts.chapter_rules[chapter_v] = [rule]
    assert _relative_prior(searcher, business, chapter_v) == pytest.approx(0.7)
    assert _relative_prior(searcher, public, chapter_v) == pytest.approx(1.0)


def test_missing_article_of_a_named_law_is_reported(searcher):
    analysis = searcher.analyzer.analyze("What does Article 35 of the Widget Act require?")
    assert analysis.missing_refs and analysis.missing_refs[0].path == "art-35"
    assert not analysis.refs


def test_unindexed_jurisdiction_is_out_of_scope(searcher):
    assert searcher.analyzer.analyze("What fines does the EU impose on widget makers?").out_of_scope
    assert not searcher.analyzer.analyze("What must widget makers in Japan do?").out_of_scope


def test_filters_restrict_results(searcher):
    hits = searcher.search("widget", k=10, filters=Filters(language="ja"))
    assert hits and all(h.passage.language == "ja" for h in hits)


def test_definition_questions_prefer_the_definitions_article(searcher):
    analysis = searcher.analyzer.analyze("What counts as a smart widget under the Widget Act?")
    assert analysis.definition
    assert searcher.search("What counts as a smart widget?", k=3)[0].passage.path == "art-2/para-1"


def test_document_rules_are_data_keyed_by_an_indexed_document_with_a_reason():
    rules = load_chapter_weights()
    assert rules, "search/document_rules.toml holds at least the APPI's public-sector rule"
    for rule in rules:
        assert rule.doc and rule.chapters and 0 < rule.weight <= 1 and rule.reason.strip()
        assert rule.unless in {"asks_public", "asks_when", "definition"}
    appi = next(r for r in rules if r.doc == "jp-appi")
    assert appi.matches("jp-appi", "Chapter V Obligations of Administrative Entities, etc.")
    assert not appi.matches("widget-act", "Chapter V Obligations of Administrative Entities, etc.")


def test_each_hit_names_the_rankings_that_put_it_first(searcher):
    hits = searcher.search("Who holds the post of chairperson of the Headquarters?", k=5)
    assert hits[0].firsts, "the first hit of a plain question is first in some ranking"
    assert set(hits[0].firsts) <= {"dense", "bm25"}
    assert sum(len(h.firsts) for h in hits) <= 2, "each ranking has one first"
    named = searcher.search("What does Article 3-2 say?", k=3)
    assert "named" in named[0].firsts and all("named" not in h.firsts for h in named[1:])
    # a whole article named: its first paragraph is the one named, not every paragraph of it
    article = searcher.search("What does Article 3 of the Widget Act say?", k=5)
    named_paths = [h.passage.path for h in article if "named" in h.firsts]
    assert named_paths == ["art-3/para-1"], [(h.passage.path, h.firsts) for h in article]
