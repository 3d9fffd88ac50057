"""The peer baseline: plain-text reading of source files and LlamaIndex over them (with the fake
embedder: no model), gold quotes derived for path-only sets; and on the real texts (mirror)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FakeEmbedder
from eval_support import question

from eval.benchmark import Gold, load_benchmark
from eval.gold_quotes import derive_quotes, quote_from, quoted_share
from eval.peer_texts import file_text, html_text, read_sources, source_files, xml_text
from eval.scoring import quote_in_text

WIDGET_XML = ("<Law><Article Num='6'><ArticleTitle>Article 6</ArticleTitle><Paragraph><Sentence>"
              "The Headquarters is headed by a chairperson.</Sentence></Paragraph></Article></Law>")


def widget_sources(root: Path) -> Path:
    (root / "widget-act").mkdir(parents=True)
    (root / "widget-act" / "en.xml").write_text(WIDGET_XML, encoding="utf-8")
    (root / "gadget-guide").mkdir()
    (root / "gadget-guide" / "en.txt").write_text(
        "Gadgets must carry a label.\n\nA gadget recall is announced by the Gadget Bureau.", encoding="utf-8")
    (root / "user" / "mine").mkdir(parents=True)  # documents added with `regqa ingest`: left out
    (root / "user" / "mine" / "en.txt").write_text("not a source", encoding="utf-8")
    return root


def test_plain_text_of_each_format(tmp_path):
    assert xml_text(WIDGET_XML.encode()) == "Article 6\nThe Headquarters is headed by a chairperson."
    assert html_text(b"<html><script>x()</script><p>Gadgets <b>must</b></p></html>") == "Gadgets\nmust"
    with pytest.raises(Exception):  # noqa: B017 - defusedxml refuses entity declarations
        xml_text(b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')
    root = widget_sources(tmp_path / "sources")
    assert [(d, lang, f.name) for d, lang, f in source_files(root)] == [
        ("gadget-guide", "en", "en.txt"), ("widget-act", "en", "en.xml")]
    assert "Gadget Bureau" in file_text(root / "gadget-guide" / "en.txt")


def test_llamaindex_baseline_finds_and_cites_the_chunk(tmp_path):
    pytest.importorskip("llama_index.retrievers.bm25",
                        reason="pip install --no-deps llama-index-retrievers-bm25")
    from eval.peer_baseline import PEER_MODE, LlamaIndexBaseline

    docs = read_sources(widget_sources(tmp_path / "sources"))
    baseline = LlamaIndexBaseline(docs, FakeEmbedder(), k=2)
    answer, hits = baseline.ask_with_hits("Who announces a gadget recall?", 2)
    assert hits[0].passage.doc_id == "gadget-guide" and hits[0].passage.path == ""
    assert answer.mode == PEER_MODE and answer.citations[0].text == hits[0].passage.text
    assert "Gadget Bureau" in answer.answer and not answer.abstained
    _, more = baseline.ask_with_hits("chairperson headquarters", 1)
    assert len(more) == 1 and more[0].passage.doc_id == "widget-act"


def test_quotes_are_derived_only_where_missing():
    assert quote_from("Short one. This is the longest sentence of the provision; then more.", 20) == \
        "This is the longest"
    q_path_only = question("p1", ref="art-6/para-1")
    q_quoted = question("p2", ref="art-6/para-1", quote="given quote")
    texts = {("en", "art-6/para-1"): "The Headquarters is headed by a chairperson."}
    derived, gained = derive_quotes([q_path_only, q_quoted], lambda d, lang, p: texts.get((lang, p)))
    assert gained == 1  # p2 lacks only a Japanese quote, and there is no Japanese text to take one from
    assert derived[0].gold[0].quote_en == "The Headquarters is headed by a chairperson."
    assert derived[1].gold[0].quote_en == "given quote" and derived[1].gold[0].quote_ja is None
    assert quoted_share([q_path_only]) == 0.0 and quoted_share(derived) == 1.0
    assert derive_quotes([question("p3", ref="art-6/para-1")], lambda *a: None)[1] == 0


@pytest.mark.corpus
def test_every_benchmark_quote_is_in_the_plain_text_of_the_real_sources(mirror: Path):
    """Fairness of the peer: the plain-text reading loses no quote the benchmark gives."""
    docs = read_sources(mirror)
    sets = [Path(__file__).parents[1] / "eval" / "questions" / "extra-c.jsonl"]
    dev = mirror.parent / "benchmarks" / "dev.jsonl"
    sets += [dev] if dev.is_file() else []
    quotes = [(g, lang) for s in sets for q in load_benchmark(s) for g in q.gold for lang in ("en", "ja")
              if g.quote(lang)]
    assert quotes
    missing = [(g.doc, lang) for g, lang in quotes if not any(
        d.doc_id == g.doc and d.language == lang and quote_in_text(g.quote(lang), d.text) for d in docs)]
    assert missing == []


def test_gold_type_is_unchanged_by_derivation():
    g = Gold("widget-act", "art-6")
    out, _ = derive_quotes([question("x", ref="art-6")],
                           lambda d, lang, p: "A sentence here." if lang == "en" else None)
    assert isinstance(out[0].gold[0], type(g)) and out[0].gold[0].ref == "art-6"
