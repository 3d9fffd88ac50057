"""The text, Korean XML and PDF parsers on the real mirrored sources (REGQA_CORPUS_MIRROR)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.pipeline import PARSERS
from ingest.records import Provision

pytestmark = pytest.mark.corpus


def parse(mirror: Path, fmt: str, rel: str) -> tuple[list[Provision], list[str]]:
    path = mirror / rel
    return PARSERS[fmt](path.read_bytes(), str(path))


def art_numbers(provisions: list[Provision]) -> list[tuple[int, ...]]:
    return [tuple(int(x) for x in p.path[4:].split("-")) for p in provisions
            if re.fullmatch(r"art-\d+(?:-\d+)?", p.path)]


def _squash(text: str) -> str:
    """Whitespace and hyphens removed: line ends and hyphenation joins cannot matter."""
    return re.sub(r"[\s\-‐]+", "", text)


def coverage(source: str, provisions: list[Provision]) -> tuple[float, int, list[str]]:
    """Share of the source's non-whitespace characters (counted line by line) that are found
    in the provisions' text, headings, captions and chapters."""
    blob = _squash("".join(p.text for p in provisions)) + "\x00" + _squash(
        "\x00".join(f"{p.chapter}\x00{p.heading}\x00{p.caption}" for p in provisions))
    lines = [x for x in (_squash(line) for line in re.split(r"[\n\f]", source)) if x]
    total = sum(map(len, lines))
    missing = [x for x in lines if x not in blob]
    return 1 - sum(map(len, missing)) / total, total, missing


def test_kr_act(mirror):
    provisions, notes = parse(mirror, "krlaw-xml", "kr-ai-framework-act/en.xml")
    got = {p.path: p for p in provisions}
    assert "art-2" in got and "art-31" in got
    assert {"art-17-2", "art-22-2", "art-22-3"} <= set(got)
    assert got["art-31"].caption and got["art-31"].chapter.startswith("CHAPTER IV")
    assert not got["art-31"].text.startswith("Article 31")
    assert not any(re.fullmatch(r"0\d{3,}", p.text) for p in provisions)
    assert any("omitted" in n.lower() for n in notes)
    main = art_numbers(provisions)
    assert main == sorted(main) and len(main) == len(set(main))
    print(f"\nKR act: {len(provisions)} provisions; notes: {notes}")


def test_cn_measures(mirror):
    rel = "cn-genai-measures/en.txt"
    provisions, notes = parse(mirror, "article-text", rel)
    numbers = [n[0] for n in art_numbers(provisions)]
    assert numbers == list(range(1, len(numbers) + 1))
    assert 22 <= len(numbers) <= 26
    assert all(p.text.strip() and p.heading == f"Article {n}" for p, n in zip(provisions, numbers,
                                                                              strict=True))
    assert any("header" in n for n in notes)
    source = (mirror / rel).read_text(encoding="utf-8")
    body = source[source.index("Article 1"):]
    share, total, missing = coverage(body, provisions)
    raw, _, _ = coverage(source, provisions)
    print(f"\nCN measures: {len(provisions)} articles; coverage {share:.4f} of {total} chars"
          f" after the header ({raw:.4f} with the header)")
    assert share >= 0.97, missing[:5]


def test_nist_rmf(mirror):
    rel = "us-nist-ai-rmf/en.txt"
    provisions, notes = parse(mirror, "plain-text", rel)
    assert len(provisions) > 20
    assert all(re.fullmatch(r"sec-\d+(?:/part-\d+)?", p.path) for p in provisions)
    every = "\n".join(p.text for p in provisions)
    assert "\f" not in every
    assert not re.search(r"[a-z]- [a-z]+\b", every.replace("- or ", "").replace("- and ", ""))
    assert "transparent" in every and "trans- parent" not in every
    assert all(p.page is not None and len(p.text) <= 1500 for p in provisions)
    headings = {p.heading for p in provisions}
    assert {"1. Framing Risk", "5.1 Govern", "3.2 Safe"} <= headings
    assert "four functions: GOVERN, MAP, MEASURE, and MANAGE." in every  # a benchmark quote
    share, total, missing = coverage((mirror / rel).read_text(encoding="utf-8"), provisions)
    print(f"\nNIST AI RMF: {len(provisions)} provisions; coverage {share:.4f} of {total} chars"
          f" (the rest is page furniture); notes: {notes}")
    assert share >= 0.97, missing[:5]


def test_explainer(mirror):
    rel = "explainer-jp-ai-regulation-2025/en.txt"
    provisions, notes = parse(mirror, "explainer-text", rel)
    faqs = [p for p in provisions if p.path.startswith("faq-")]
    assert faqs and all(p.heading.endswith("?") and p.caption == p.heading for p in faqs)
    assert [p.path for p in faqs] == [f"faq-{i}" for i in range(1, len(faqs) + 1)]
    assert all(p.text.strip() for p in provisions)
    assert any(line.startswith("- ") for p in provisions for line in p.text.split("\n"))
    every = "\n".join(p.text for p in provisions)
    assert "There are no AI-specific penalties for ignoring guidelines" in every
    share, total, missing = coverage((mirror / rel).read_text(encoding="utf-8"), provisions)
    print(f"\nExplainer: {len(provisions)} provisions ({len(faqs)} FAQ); coverage {share:.4f}"
          f" of {total} chars; notes: {notes}")
    assert share >= 0.97, missing[:5]


def test_cn_network_data_pdf(mirror):
    provisions, notes = parse(mirror, "pdf", "cn-network-data-regulations/en.pdf")
    articles = [p for p in provisions if p.path.startswith("art-")]
    numbers = art_numbers(provisions)
    assert len(articles) > 50
    assert all(a < b for a, b in zip(numbers, numbers[1:], strict=False))  # strictly increasing
    assert [n[0] for n in numbers] == list(range(1, len(numbers) + 1))
    assert all(p.page is not None and 2 <= p.page <= 23 for p in provisions)
    assert all(p.page <= q.page for p, q in zip(articles, articles[1:], strict=False))
    assert any("pages without text skipped: 1, 24" in n for n in notes)
    assert any("cross-reference" in n for n in notes)
    print(f"\nCN network data PDF: {len(articles)} articles on pages"
          f" {articles[0].page}-{articles[-1].page}; notes: {notes}")
