"""Text coverage and the passage store, on invented texts; the real corpus meets the bar."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.manifest import Source, load_manifest
from index.passage_store import PassageStore, merge_parts
from ingest.coverage import Units, lengths, measure, passage_blob, source_units
from ingest.passages import to_passages
from ingest.records import Provision

_LAW = """<?xml version="1.0" encoding="UTF-8"?>
<Law Lang="en"><LawNum>Act No. 1 of 2031</LawNum><LawBody><LawTitle>Act on Cogs</LawTitle>
<TOC><TOCLabel>Contents listed here</TOCLabel></TOC>
<MainProvision><Article Num="1"><ArticleCaption>(Aim)</ArticleCaption><ArticleTitle>Article 1</ArticleTitle>
<Paragraph Num="1"><ParagraphNum/><ParagraphSentence><Sentence>Cogs must turn freely.</Sentence>
</ParagraphSentence></Paragraph></Article></MainProvision>
<SupplProvision><SupplProvisionLabel>Supplementary Provisions</SupplProvisionLabel>
<Article Num="2"><ArticleTitle>Article 2</ArticleTitle><Paragraph Num="1"><ParagraphSentence>
<Sentence>The Act on Wheels is amended as follows.</Sentence></ParagraphSentence>
<AmendProvision><AmendProvisionSentence><Sentence>Replace spokes with cogs.</Sentence>
</AmendProvisionSentence></AmendProvision></Paragraph></Article></SupplProvision>
</LawBody></Law>"""


def _source(fmt: str) -> Source:
    return Source(doc_id="cog-act", language="en", file="c", format=fmt, title="Act on Cogs",
                  short_title="Cog Act", jurisdiction="JP", kind="act", legal_effect=False,
                  authority="test", version="v1", licence="test", attribution="test")


def test_law_xml_content_excludes_what_the_parser_skips_on_purpose_raw_does_not():
    from ingest.jplaw_xml import parse_jplaw

    data = _LAW.encode()
    law = parse_jplaw(data, "cogs.xml")
    passages = to_passages(_source("jplaw-xml"), law.provisions)
    units = source_units("jplaw-xml", data, "cogs.xml")
    assert "Cogs must turn freely." in units.content
    assert not any("spokes" in u or "Wheels" in u for u in units.content)
    assert any("spokes" in u for u in units.raw)
    assert not any("Contents listed" in u for u in units.raw)  # the table of contents
    cov = measure(units, passage_blob(passages))
    assert cov.content == 1.0
    assert cov.raw < 1.0 and cov.raw_chars > cov.content_chars


def test_missing_text_lowers_coverage_and_is_shown():
    units = Units(raw=["Alpha cog.", "Beta wheel."], content=["Alpha cog.", "Beta wheel."])
    cov = measure(units, "alpha cog.")
    assert cov.content == pytest.approx(len("alpha cog.") / len("alpha cog.beta wheel."))
    assert cov.missing == ["beta wheel."]


def test_a_line_is_covered_piece_by_piece_heading_hyphenation_and_sentences():
    blob = passage_blob(to_passages(_source("article-text"), [
        Provision("art-3", "Makers keep logs. Sellers read them.", heading="Article 3", caption="Logs"),
        Provision("art-4", "Buyers may ask for transparent records.", heading="Article 4")]))
    units = Units(raw=[], content=["Article 3 (Logs) Makers keep logs.", "Sellers read them. Buyers may",
                                   "ask for trans-", "parent records."])
    assert measure(units, blob).content == 1.0


def test_text_sources_drop_page_furniture_from_content_only():
    pages = "\f".join(f"Cog Manual\nPage text number {n} is here.\n{n}" for n in range(1, 6))
    units = source_units("plain-text", pages.encode(), "manual.txt")
    assert sum(u == "Cog Manual" for u in units.raw) == 5
    assert "Cog Manual" not in units.content
    assert "Page text number 3 is here." in units.content


def test_lengths():
    ps = to_passages(_source("plain-text"), [Provision(f"sec-{n}", "x" * n) for n in range(1, 21)])
    size = lengths(ps)
    assert (size.count, size.min, size.median, size.p95, size.max) == (20, 1, 10, 19, 20)


def test_store_gives_the_whole_provision_in_the_other_language():
    en = to_passages(_source("plain-text"), [Provision("art-1/para-1", "A cog turns. " * 30)],
                     max_chars=100)
    ja_src = Source(**{**_source("plain-text").__dict__, "language": "ja"})
    ja = to_passages(ja_src, [Provision("art-1/para-1", "歯車は回る。" * 5)])
    store = PassageStore(en + ja)
    assert len(store.parts("cog-act", "en", "art-1/para-1")) == len(en) > 1
    whole = store.counterpart(ja[0])
    assert whole.language == "en" and whole.text == ("A cog turns. " * 30).strip()
    assert whole.part == 0 and whole.passage_id == "cog-act:en:art-1/para-1"
    assert store.counterpart(en[1], "ja") == ja[0]
    assert store.languages("cog-act", "art-1/para-1") == ["en", "ja"]
    assert store.provision("cog-act", "en", "art-9") is None
    assert merge_parts(en) == whole


def test_split_provisions_appear_once_in_search_results(tmp_path, fake_embedder):
    from index.build import build_index
    from index.store import load_index
    from search.retrieval import Retrieval

    text = "\n".join(f"({n}) A cog of grade {n} must be oiled by its maker every week." for n in range(1, 40))
    src = _source("plain-text")
    passages = to_passages(src, [Provision("art-1/para-1", text),
                                 Provision("art-2/para-1", "A wheel must be round.")], max_chars=200)
    assert sum(p.path == "art-1/para-1" for p in passages) > 3
    build_index(passages, fake_embedder, tmp_path, {"cog-act:en": "0" * 64})
    searcher = Retrieval.over(load_index(tmp_path), fake_embedder)
    hits = searcher.search("cog grade 37 oiled maker", k=10)
    keys = [(h.passage.doc_id, h.passage.path) for h in hits]
    assert len(keys) == len(set(keys)) == 2
    assert "grade 37" in hits[0].passage.text  # the part that matches is the one shown


@pytest.mark.corpus
def test_real_corpus_meets_the_coverage_bar_and_labels(mirror: Path):
    from cli.corpus import COVERAGE_BAR, source_stats

    sources = load_manifest(Path(__file__).resolve().parent.parent / "corpus" / "sources.toml")
    for src in sources:
        if not (mirror / src.file).is_file():
            continue
        row = source_stats(src, mirror / src.file)
        assert "error" not in row, row
        assert row["content_coverage"] >= COVERAGE_BAR, row
        assert row["raw_coverage"] <= row["content_coverage"] + 0.05, row
    from ingest.pipeline import ingest_source

    appi = next(s for s in sources if s.key == "jp-appi:en")
    passages = ingest_source(appi, mirror / appi.file).passages
    changed = {p.path.split("/")[0] for p in passages if p.changed_since_translation}
    assert {"art-48", "art-113", "art-181", "table-1", "table-2"} <= changed
    assert all("older than the current Japanese text" in p.label for p in passages)
    assert all("has changed" in p.label for p in passages if p.changed_since_translation)
    act = next(s for s in sources if s.key == "jp-ai-promotion-act:ja")
    dates = {p.path: p.effective_from for p in ingest_source(act, mirror / act.file).passages}
    assert dates["art-1/para-1"] == "2025-06-04" and dates["art-22/para-1"] == "2025-09-01"


def test_corpus_stats_command_reports_every_source_and_its_coverage(tmp_path, capsys):
    import json

    from rich.console import Console
    from widget_index import FIXTURES, widget_sources

    from cli.corpus import corpus_stats
    from core.settings import Settings

    sources = widget_sources()
    missing = Source(**{**sources[0].__dict__, "doc_id": "absent", "file": "absent.xml"})
    settings = Settings(home=tmp_path, corpus_mirror=FIXTURES)
    code = corpus_stats(settings, [*sources, missing], True, False, Console())
    rows = json.loads(capsys.readouterr().out)
    assert code == 0  # a source that is not synced is listed, not a failure
    assert [r["language"] for r in rows[:2]] == ["ja", "en"] and "skipped" in rows[2]
    for r in rows[:2]:
        assert r["passages"] > 5 and r["content_coverage"] >= 0.995 and r["min"] <= r["median"] <= r["max"]
