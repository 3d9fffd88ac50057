"""The chunker: long provisions become overlapping parts of whole sentences that keep one path."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.sentences import sentence_starts
from corpus.manifest import Source
from index.passage_store import merge_parts
from ingest.chunking import split_text
from ingest.passages import to_passages
from ingest.records import Provision, Span

_EN_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9)
_EN_SENTENCE = st.builds(
    lambda first, words, end: " ".join([first.capitalize(), *words]) + end,
    _EN_WORD, st.lists(_EN_WORD, min_size=0, max_size=30), st.sampled_from([".", ";", ":"]))
_JA_SENTENCE = st.builds(
    lambda body, quoted: body + (f"「{quoted}。」" if quoted else "") + "。",
    st.text(alphabet="部品の安全製造者は販売する", min_size=1, max_size=60),
    st.text(alphabet="検査記録", min_size=0, max_size=8))
_LINE = st.one_of(
    st.lists(_EN_SENTENCE, min_size=1, max_size=6).map(" ".join),
    st.lists(_JA_SENTENCE, min_size=1, max_size=6).map("".join))
_TEXT = st.lists(_LINE, min_size=1, max_size=12).map("\n".join)


def _sentences(text: str) -> list[tuple[int, int]]:
    starts = sentence_starts(text)
    return list(zip(starts, [*starts[1:], len(text)], strict=True))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, st.integers(min_value=40, max_value=600))
def test_parts_cover_every_character_in_order_without_cutting_a_sentence(text, limit):
    chunks = split_text(text, limit)
    covered = [False] * len(text)
    for c in chunks:
        assert text[c.start:c.end] == c.text and c.text.strip() and c.text[0] == c.text.strip()[0]
        for i in range(c.start, c.end):
            covered[i] = True
    # every character is in some part, and the parts leave no gap between them
    assert all(covered[i] for i in range(len(text.rstrip())))
    assert all(b.start <= a.end for a, b in zip(chunks, chunks[1:], strict=False))
    # in order, each part starts later than the one before
    assert [c.start for c in chunks] == sorted({c.start for c in chunks})
    # a part starts and ends at sentence boundaries: no sentence is cut
    starts = set(sentence_starts(text))
    for c in chunks:
        assert c.start in starts
        assert c.end == len(text) or any(c.end <= s and not text[c.end:s].strip() for s in starts)
    # a part longer than the limit is a single sentence
    for c in chunks:
        if len(c.text) > limit:
            assert sum(1 for a, _ in _sentences(text) if c.start <= a < c.end) == 1


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, st.integers(min_value=40, max_value=400))
def test_consecutive_parts_overlap_by_at_most_one_sentence(text, limit):
    chunks = split_text(text, limit)
    sentences = _sentences(text)
    for a, b in zip(chunks, chunks[1:], strict=False):
        shared = [s for s in sentences if a.start <= s[0] < a.end and b.start <= s[0] < b.end]
        assert len(shared) <= 1


def test_a_short_text_is_one_part_and_a_long_one_repeats_one_sentence():
    assert [c.text for c in split_text("One rule. Two rules.", 100)] == ["One rule. Two rules."]
    text = "The maker keeps a log. The seller reads it. A buyer may ask for it. Nobody burns it."
    parts = [c.text for c in split_text(text, 45)]
    assert parts == ["The maker keeps a log. The seller reads it.",
                     "The seller reads it. A buyer may ask for it.",
                     "A buyer may ask for it. Nobody burns it."]


def test_abbreviations_and_bracketed_full_stops_do_not_end_sentences():
    assert sentence_starts("See Art. 5 and No. 3 of the list. Then stop.") == [0, 34]
    ja = "部品とは、「歯車をいう。」ものをいう。次に進む。"
    assert sentence_starts(ja) == [0, ja.index("次")]
    listed = "Used in:\ng. Repair of lamps. Then stop.\n12. Sale of gadgets."
    assert sentence_starts(listed) == [0, listed.index("g."), listed.index("Then"), listed.index("12.")]


def _source(**extra) -> Source:
    base = dict(doc_id="widget-act", language="en", file="w.xml", format="jplaw-xml",
                title="Act on Widget Safety", short_title="Widget Act", jurisdiction="JP",
                kind="act", legal_effect=False, authority="translation", version="v1",
                licence="test", attribution="test")
    return Source(**{**base, **extra})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TEXT, min_size=1, max_size=5), st.integers(min_value=60, max_value=500))
def test_passages_keep_one_path_unique_ids_and_reassemble(texts, limit):
    provisions = [Provision(path=f"art-{n}/para-1", text=t) for n, t in enumerate(texts, 1)]
    passages = to_passages(_source(), provisions, max_chars=limit)
    ids = [p.passage_id for p in passages]
    assert len(ids) == len(set(ids))
    keys = [(p.doc_id, p.language, p.path, p.part) for p in passages]
    assert len(keys) == len(set(keys))
    # document order: provisions in order, parts numbered 1..n (0 when not split)
    assert [p.path for p in passages] == sorted((p.path for p in passages), key=lambda x: int(
        re.search(r"\d+", x).group()))
    for prov in provisions:
        parts = [p for p in passages if p.path == prov.path]
        assert [p.part for p in parts] == ([0] if len(parts) == 1 else list(range(1, len(parts) + 1)))
        assert merge_parts(parts).text == prov.text.rstrip()


def test_item_spans_are_moved_into_the_part_that_holds_the_item():
    lead = "The maker shall keep these records. " * 3
    text = lead.strip() + "\n(i) the day a widget was made;\n(ii) the name of the person who made it."
    first_item = text.index("(i)")
    spans = (Span("art-3/para-1/item-1", first_item, text.index("\n", first_item)),
             Span("art-3/para-1/item-2", text.index("(ii)"), len(text)))
    passages = to_passages(_source(), [Provision("art-3/para-1", text, spans=spans)], max_chars=80)
    assert len(passages) > 1 and {p.path for p in passages} == {"art-3/para-1"}
    last = passages[-1]
    assert last.path_at(last.text.index("(ii)")) == "art-3/para-1/item-2"
    assert last.passage_id.endswith(f"#{last.part}") and last.parts == len(passages)
