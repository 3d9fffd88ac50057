"""Retrieval additions: defined terms, cross-lingual bridge, modes, filters, reranking, HNSW,
manifest checks and the benchmark helpers. Real FAISS/BM25, invented texts, the fake embedder."""

from __future__ import annotations

import json

import numpy as np
import pytest
from widget_index import build_widget_index

from core.settings import SearchSettings
from eval.bench_retrieval import run_retrieval_bench, summarize
from eval.bench_scale import report_rows, synthetic_tokens, synthetic_vectors
from eval.benchmark import Gold, Question
from index.store import HnswConfig, IndexUnavailable, dense_index, load_index, write_index
from index.tokenize import manifest_name, scheme_of, tokenize
from ingest.records import Passage
from query.references import DEFINITION_QUESTION, asked_terms, definition_pattern, quoted_terms
from search.dense import bridge_vector
from search.filters import Filters
from search.keyword import keyword_ranking
from search.rerank import load_reranker, rerank_order
from search.retrieval import Retrieval
from search.searcher import MODES, HybridSearcher


@pytest.fixture
def searcher(tmp_path, fake_embedder):
    build_widget_index(tmp_path / "index", fake_embedder)
    return Retrieval.over(load_index(tmp_path / "index", fake_embedder.name), fake_embedder)


# -- defined terms ---------------------------------------------------------------------------

def test_quoted_terms_ignore_possessive_apostrophes():
    q = "Under Japan's widget law and Korea's rules, what is a 'cog set'? 「歯車組」 “spin rate”"
    assert quoted_terms(q) == ["cog set", "歯車組", "spin rate"]
    assert quoted_terms("Japan's and Korea's laws") == []


@pytest.mark.parametrize("question,terms", [
    ("What counts as a cog set under the Widget Act?", ["cog set"]),
    ("What does spin rate mean?", ["spin rate"]),
    ("What is meant by a third party in this law?", ["third party"]),
    ("Define widget lamp.", ["widget lamp"]),
    ("歯車組とは何ですか？", ["歯車組"]),
    ("Who sells cog sets?", []),  # no definition asked
])
def test_asked_terms_read_unquoted_definition_questions(question, terms):
    assert asked_terms(question) == terms


@pytest.mark.parametrize("text", [
    '"Cog set" in this Act means a bundle of cogs.',
    "the makers shall keep cog sets (meaning bundles of cogs) dry",
    'a bundle of cogs (referred to below as a "cog set")',
    "この法律において「cog set」とは、歯車の束をいう。",
])
def test_definition_pattern_finds_the_usual_statutory_forms(text):
    assert definition_pattern("cog set").search(text)


def test_definition_pattern_needs_a_defining_form():
    assert not definition_pattern("cog set").search("Every cog set must be kept dry.")
    ja = definition_pattern("歯車組")
    assert ja.search("歯車組（歯車を束ねたものをいう。）は乾燥させる")
    assert ja.search("以下「歯車組」という。")
    assert not ja.search("歯車組は乾燥させなければならない。")


def _passage(i: int, lang: str, path: str, text: str, doc: str = "cog-act", kind: str = "act") -> Passage:
    return Passage(passage_id=f"{doc}:{lang}:{path}", doc_id=doc, language=lang, path=path, text=text,
                   label=f"{path} {doc}", ref=path, title="Cog Act", short_title="Cog Act", caption="",
                   chapter="", kind=kind, jurisdiction="JP", version="v", url=None,
                   legal_effect=lang == "ja", authority="original" if lang == "ja" else "translation")


COG_TEXTS = [
    ("en", "art-1/para-1", "Cog sets must be kept dry by every maker and every seller of cog sets."),
    ("en", "art-2/para-1", 'In this Act, "cog set" means a bundle of cogs tied with wire.'),
    ("en", "art-3/para-1", "A maker of cog sets reports each broken cog set to the Cog Office."),
    ("ja", "art-1/para-1", "歯車組は、製造者及び販売者が乾燥させて保管しなければならない。"),
    ("ja", "art-2/para-1", "この法律において「歯車組」とは、針金で束ねた歯車の集まりをいう。"),
    ("ja", "art-3/para-1", "歯車組の製造者は、壊れた歯車組を歯車局に報告する。"),
    ("en", "faq-1", "Cog sets explained: what a cog set is and who makes cog sets.", ),
]


@pytest.fixture
def cog_searcher(tmp_path, fake_embedder):
    faq = {"doc": "cog-faq", "kind": "faq"}
    passages = [_passage(i, lang, path, text, **(faq if path == "faq-1" else {}))
                for i, (lang, path, text) in enumerate(COG_TEXTS)]
    vectors = fake_embedder.embed([p.embed_text for p in passages])
    tokens = [tokenize(p.embed_text) for p in passages]
    write_index(tmp_path / "cog", passages, vectors, tokens,
                {"model": fake_embedder.name, "tokenizer": manifest_name("bigram")})
    return Retrieval.over(load_index(tmp_path / "cog", fake_embedder.name), fake_embedder)


def test_the_provision_defining_a_quoted_term_comes_first(cog_searcher):
    assert cog_searcher.search("What is a 'cog set'?", k=3)[0].passage.path == "art-2/para-1"
    top = cog_searcher.search("「歯車組」とは何ですか？", k=3)[0].passage
    assert (top.path, top.language) == ("art-2/para-1", "ja")


def test_japanese_query_gets_a_dense_ranking_through_the_english_version(cog_searcher):
    s = cog_searcher.searcher
    kw_ids, _ = keyword_ranking(s.index, "壊れた歯車組の報告", 10, "bigram")
    bridge = bridge_vector(s.index, s.table, kw_ids, 3, "en")
    assert bridge is not None and abs(float(np.linalg.norm(bridge)) - 1.0) < 1e-5
    en_first = s.table.by_key[s.table.key_of[kw_ids[0]]]["en"]
    assert float(bridge @ s.index.dense.reconstruct(en_first)) > 0.5
    assert bridge_vector(s.index, s.table, [], 3, "en") is None


def test_every_mode_runs_and_an_unknown_one_is_named(searcher):
    for mode in MODES:
        assert searcher.search("chairperson of the widget board", k=3, mode=mode)
    with pytest.raises(ValueError, match="unknown search mode 'magic'"):
        searcher.search("widget", mode="magic")


def test_direct_references_only_in_the_refs_mode(searcher):
    first = searcher.search("Article 6(1) widget", k=1, mode="hybrid+refs")[0].passage
    assert first.path == "art-6/para-1"


@pytest.mark.parametrize("filters,attr,value", [
    (Filters(language="en"), "language", "en"),
    (Filters(doc_id="widget-act"), "doc_id", "widget-act"),
    (Filters(jurisdiction="JP"), "jurisdiction", "JP"),
    (Filters(kind="act"), "kind", "act"),
])
def test_each_filter_restricts_results(searcher, filters, attr, value):
    hits = searcher.search("widget makers", k=10, filters=filters)
    assert hits and all(getattr(h.passage, attr) == value for h in hits)


def test_unknown_filter_value_is_an_error_naming_the_known_ones(searcher):
    with pytest.raises(ValueError, match="unknown doc id filter 'nope'.*widget-act"):
        searcher.search("widget", filters=Filters(doc_id="nope"))


# -- reranking -------------------------------------------------------------------------------

class ReverseReranker:
    """Scores a candidate by how late it was fused: reverses the order (a test double for the
    cross-encoder, whose weights cannot be downloaded here)."""

    name = "reverse"

    def scores(self, query, texts):
        return [float(i) for i in range(len(texts))]


def test_reranker_reorders_candidates_but_direct_references_stay_first(searcher):
    plain = searcher.search("widget maker duties", k=4)
    s = searcher.searcher
    searcher = Retrieval(searcher.analyzer, HybridSearcher(s.index, s.embedder, s.catalog,
                                                          SearchSettings(rerank_top=4), ReverseReranker()))
    reranked = searcher.search("widget maker duties", k=4)
    assert [h.passage.passage_id for h in reranked] == [h.passage.passage_id for h in plain][::-1]
    assert [h.rank for h in reranked] == [1, 2, 3, 4]
    assert searcher.search("Article 6(1)", k=3)[0].passage.path == "art-6/para-1"


def test_reranker_is_off_without_a_model(caplog):
    caplog.set_level("INFO", logger="regqa.rerank")
    assert load_reranker("") is None
    assert "off" in caplog.text
    assert load_reranker("/nonexistent/cross-encoder") is None
    assert "cannot load cross-encoder" in caplog.text
    assert rerank_order([0.1, 0.9, 0.5, 0.9]) == [1, 3, 2, 0]


# -- store: HNSW, manifest, corruption -------------------------------------------------------

def test_hnsw_above_the_threshold_and_it_round_trips(tmp_path, fake_embedder):
    vecs = synthetic_vectors(np.eye(8, 16, dtype=np.float32), 400)
    flat, meta = dense_index(vecs, HnswConfig(threshold=1000))
    assert meta["dense_index"] == "IndexFlatIP"
    hnsw, meta = dense_index(vecs, HnswConfig(threshold=100, m=8, ef_search=40))
    assert meta["dense_index"] == "IndexHNSWFlat" and meta["hnsw"]["ef_search"] == 40
    _, exact = flat.search(vecs[:20], 5)
    _, approx = hnsw.search(vecs[:20], 5)
    assert np.mean([len(set(a) & set(e)) / 5 for a, e in zip(approx, exact, strict=True)]) > 0.8

    build = build_widget_index(tmp_path / "h", fake_embedder)
    root = tmp_path / "h2"
    index = load_index(tmp_path / "h")
    write_index(root, index.passages, np.vstack([index.dense.reconstruct(i) for i in range(len(index))]),
                [tokenize(p.embed_text) for p in index.passages], dict(index.manifest),
                hnsw=HnswConfig(threshold=1, m=8, ef_search=33))
    loaded = load_index(root)
    assert loaded.manifest["dense_index"] == "IndexHNSWFlat" and loaded.dense.hnsw.efSearch == 33
    assert build.is_dir()
    assert Retrieval.over(loaded, fake_embedder).search("Article 6(1)", k=1)[0].passage.path == "art-6/para-1"


def test_manifest_has_what_a_reader_needs(tmp_path, fake_embedder):
    build = build_widget_index(tmp_path / "index", fake_embedder)
    manifest = json.loads((build / "manifest.json").read_text())
    for key in ("model", "dimension", "passage_count", "sources", "built_at", "code_version",
                "tokenizer", "dense_index", "files"):
        assert key in manifest, key
    assert manifest["files"]["passages.jsonl"] == (build / "passages.jsonl").stat().st_size
    assert scheme_of(manifest["tokenizer"]) == "bigram"


def test_truncated_file_is_reported_as_corrupt(tmp_path, fake_embedder):
    build = build_widget_index(tmp_path / "index", fake_embedder)
    data = (build / "passages.jsonl").read_bytes()
    (build / "passages.jsonl").write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexUnavailable, match=r"passages.jsonl.*wrong size.*regqa build"):
        load_index(tmp_path / "index")


def test_other_japanese_schemes_tokenize_content_words():
    pytest.importorskip("sudachipy")
    tokens = tokenize("歯車局に報告する", "sudachi")
    assert "報告" in tokens and "に" not in tokens
    assert set(tokenize("歯車局", "bigram")) <= set(tokenize("歯車局", "sudachi+bigram"))
    with pytest.raises(ValueError, match="unknown Japanese tokenizer"):
        tokenize("歯車", "trigram")


# -- benchmark helpers -----------------------------------------------------------------------

def test_summarize_scores_by_language():
    rows = [("en", [(), (0,)]), ("en", [(0,)]), ("ja", [(), (), (), (), (), (0,)])]
    s = summarize(rows)
    assert s["en"].n == 2 and s["en"].hit[1] == 0.5 and s["en"].mrr == pytest.approx(0.75)
    assert s["ja"].hit[5] == 0.0 and s["ja"].hit[10] == 1.0
    assert s["all"].n == 3


def test_retrieval_bench_runs_every_mode(searcher):
    q = Question(id="w1", question="Who chairs the widget board?", lang="en", category="institution",
                 answerable=True, gold=(Gold(doc="widget-act", ref="art-6"),), facts=())
    report = run_retrieval_bench(searcher, [q])
    assert set(report.scores) == set(MODES)
    assert report.scores["hybrid+refs"]["en"].hit[10] == 1.0
    assert len(report.latency_ms) == 1 and report.to_dict()["passages"] == len(searcher.searcher.passages)


def test_synthetic_scale_data_stays_near_the_corpus():
    base = np.eye(4, 32, dtype=np.float32)
    vecs = synthetic_vectors(base, 1000, noise_cos=0.9)
    assert vecs.shape == (1000, 32)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    cos = np.sum(vecs * base[np.arange(1000) % 4], axis=1)
    assert 0.8 < float(cos.mean()) < 0.97
    toks = synthetic_tokens([["a", "b", "c", "d", "e"]], 50, drop=0.2)
    assert all(t and set(t) <= set("abcde") for t in toks) and any(len(t) < 5 for t in toks)


def test_report_rows_give_ratios_against_flat():
    from eval.bench_scale import IndexResult, SizeResult

    r = SizeResult(1000, 1.0, 10.0, [1.0], [5.0], [
        IndexResult("flat", 2.0, 100.0, [4.0, 4.0], [10.0, 10.0]),
        IndexResult("hnsw ef=64", 8.0, 150.0, [1.0, 1.0], [7.0, 7.0], 0.97)])
    rows = report_rows([r])
    assert rows[1][-1] == "0.25x / 4.0x / 1.50x" and rows[1][-2] == "0.970"
    assert rows[2][1] == "bm25 (keyword)"


def test_language_filter_shows_that_version_of_what_the_other_language_found(searcher):
    top = searcher.search("Who chairs the widget board?", k=1)[0].passage
    shown = searcher.search("Who chairs the widget board?", k=1, filters=Filters(language="ja"))[0].passage
    assert (shown.language, shown.doc_id, shown.path) == ("ja", top.doc_id, top.path)


@pytest.mark.parametrize(("question", "asks"), [
    ("What is 'cog set' under the Widget Act?", True),  # a quoted term: what it means
    ('What are "cog sets"?', True),
    ("What counts as a cog set?", True),
    ("What is the deadline for selling cog sets?", False),
    ("What is a cog set maker required to do?", False),
])
def test_a_question_asking_what_a_quoted_term_is_asks_for_its_definition(question, asks):
    assert bool(DEFINITION_QUESTION.search(question)) is asks
