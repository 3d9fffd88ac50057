"""Japanese standard law XML: the invented Widget Safety Act fixtures, hostile input, a property."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.jplaw_xml import ParsedLaw, parse_jplaw
from ingest.records import IngestError, Provision
from ingest.safe_xml import parse_xml

FIXTURES = Path(__file__).parent / "fixtures"

MAIN_PATHS = [
    "art-1/para-1",
    "art-2/para-1",
    "art-3/para-1",
    "art-3/para-2",
    "art-3-2/para-1",
    "art-4/para-1",
    "art-5/para-1",
    "art-6/para-1",
    "art-6/para-2",
    "art-7/para-1",
]
ITEM_SPANS = [
    "art-2/para-1/item-1",
    "art-2/para-1/item-1-2",
    "art-2/para-1/item-2",
    "art-2/para-1/item-3",
    "art-2/para-1/item-3/subitem-1",
    "art-2/para-1/item-3/subitem-2",
    "art-2/para-1/item-3/subitem-2/subitem-1",
    "art-2/para-1/item-3/subitem-2/subitem-2",
]


def _load(name: str) -> ParsedLaw:
    return parse_jplaw((FIXTURES / name).read_bytes(), name)


@pytest.fixture(scope="module")
def en() -> ParsedLaw:
    return _load("mini_law_en.xml")


@pytest.fixture(scope="module")
def ja() -> ParsedLaw:
    return _load("mini_law_ja.xml")


def _by_path(law: ParsedLaw) -> dict[str, Provision]:
    return {p.path: p for p in law.provisions}


# -- the fixtures --------------------------------------------------------------------------


def test_law_metadata(en: ParsedLaw, ja: ParsedLaw) -> None:
    assert (en.title, en.law_num, en.language) == (
        "Act on Widget Safety", "Act No. 99 of 2031", "en")
    assert (ja.title, ja.law_num, ja.language) == ("ウィジェット安全法", "令和十三年法律第九十九号", "ja")


def test_english_fixture_is_shaped_like_a_translation_file() -> None:
    raw = (FIXTURES / "mini_law_en.xml").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"<!DOCTYPE Law PUBLIC" in raw[:200]


def test_paths_en(en: ParsedLaw) -> None:
    assert [p.path for p in en.provisions] == [
        *MAIN_PATHS, "suppl/art-1/para-1", "suppl/art-2/para-1", "table-1"]


def test_paths_ja(ja: ParsedLaw) -> None:
    assert [p.path for p in ja.provisions] == [
        *MAIN_PATHS,
        "suppl/art-1/para-1",
        "suppl/art-2/para-1",
        "suppl-amend-1/art-1/para-1",
        "suppl-amend-1/art-3/para-1",
        "suppl-amend-2/para-1",
        "table-1",
    ]
    assert ja.skipped == []


@pytest.mark.parametrize("name", ["mini_law_en.xml", "mini_law_ja.xml"])
def test_item_spans_slice_back_to_item_lines(name: str) -> None:
    law = _load(name)
    prov = _by_path(law)["art-2/para-1"]
    assert [s.path for s in prov.spans] == ITEM_SPANS
    lines = prov.text.split("\n")
    assert len(lines) == 9  # the paragraph sentence, 4 items, 2 subitems, 2 sub-subitems
    for span in prov.spans:
        chunk = prov.text[span.start:span.end]
        assert span.start == 0 or prov.text[span.start - 1] == "\n"  # starts a line
        assert span.end == len(prov.text) or prov.text[span.end] == "\n"  # ends a line
        assert chunk and not chunk.startswith("\n") and not chunk.endswith("\n")
    spans = {s.path: prov.text[s.start:s.end] for s in prov.spans}
    assert spans["art-2/para-1/item-1"] == lines[1]
    assert spans["art-2/para-1/item-3"] == "\n".join(lines[4:])  # item with all its subitems
    assert spans["art-2/para-1/item-3/subitem-1"] == lines[5]
    assert spans["art-2/para-1/item-3/subitem-2"] == "\n".join(lines[6:])
    assert spans["art-2/para-1/item-3/subitem-2/subitem-2"] == lines[8]


def test_item_lines_and_columns(en: ParsedLaw, ja: ParsedLaw) -> None:
    en_lines = _by_path(en)["art-2/para-1"].text.split("\n")
    assert en_lines[1] == "(i) widget a hand-held gadget with at least one moving cog;"
    assert en_lines[2] == "(i)-2 smart widget a widget that chats with a network;"
    assert en_lines[7] == "1. while it charges; or"
    ja_lines = _by_path(ja)["art-2/para-1"].text.split("\n")
    assert ja_lines[1] == "一 ウィジェット\u3000動く歯車を一つ以上持つ手持ちの小道具"
    assert ja_lines[5] == "イ 指を挟む歯車"


def test_sentences_joined_and_whitespace_normalised(en: ParsedLaw, ja: ParsedLaw) -> None:
    assert _by_path(en)["art-3/para-2"].text == (
        "A maker must mark every widget with its cog count;"
        " this does not apply to a widget that has one cog only.")
    assert _by_path(ja)["art-3/para-2"].text == (
        "製造者は、ウィジェットごとに歯車の数を記さなければならない。"
        "ただし、歯車を一つだけ持つウィジェットには、記さなくてよい。")
    # the source breaks this sentence over a CRLF and tabs
    assert _by_path(en)["art-4/para-1"].text == "Every person should handle widgets with ordinary care."
    # the ideographic space is text, not whitespace to collapse
    assert _by_path(ja)["art-5/para-1"].chapter == "第二章\u3000ウィジェット安全本部 / 第一節\u3000組織"


def test_ruby_reading_dropped(ja: ParsedLaw) -> None:
    text = _by_path(ja)["art-3/para-1"].text
    assert "ウィジェットの螺子が緩まない" in text
    assert "ねじ" not in text


def test_headings_captions_chapters(en: ParsedLaw, ja: ParsedLaw) -> None:
    e, j = _by_path(en), _by_path(ja)
    assert (e["art-1/para-1"].heading, e["art-1/para-1"].caption) == ("Article 1", "Aim")
    assert (j["art-1/para-1"].heading, j["art-1/para-1"].caption) == ("第一条", "目的")
    assert e["art-2/para-1"].caption == "Meaning of Terms"
    assert e["art-4/para-1"].caption == "" and j["art-4/para-1"].caption == ""
    assert e["art-6/para-2"].caption == "Chairperson" and j["art-6/para-2"].caption == "本部長"
    assert e["art-1/para-1"].chapter == "Chapter I General Rules"
    assert e["art-6/para-1"].chapter == (
        "Chapter II Widget Safety Headquarters / Section 1 Organization")
    assert e["suppl/art-1/para-1"].chapter == "Supplementary Provisions"
    assert j["suppl/art-1/para-1"].chapter == "附則"


def test_branch_numbers(en: ParsedLaw, ja: ParsedLaw) -> None:
    assert _by_path(en)["art-3-2/para-1"].heading == "Article 3-2"
    assert _by_path(ja)["art-3-2/para-1"].heading == "第三条の二"
    assert "art-2/para-1/item-1-2" in [s.path for s in _by_path(ja)["art-2/para-1"].spans]


def test_chairperson_article(en: ParsedLaw, ja: ParsedLaw) -> None:
    text = _by_path(en)["art-6/para-1"].text
    assert "chairperson" in text and "Minister of Widgets" in text
    text = _by_path(ja)["art-6/para-1"].text
    assert "本部長" in text and "ウィジェット大臣" in text


def test_deleted_articles_are_kept(en: ParsedLaw, ja: ParsedLaw) -> None:
    assert _by_path(en)["art-7/para-1"].text == "Deleted"
    assert _by_path(ja)["art-7/para-1"].text == "削除"  # Delete="true", no Paragraph element
    assert _by_path(ja)["art-7/para-1"].heading == "第七条"


def test_original_and_amending_supplementary_provisions_kept_apart(ja: ParsedLaw) -> None:
    provs = _by_path(ja)
    suppl = [p for p in ja.provisions if p.path.startswith("suppl/")]
    assert [p.path for p in suppl] == ["suppl/art-1/para-1", "suppl/art-2/para-1"]
    assert all(p.chapter == "附則" for p in suppl)
    amend = provs["suppl-amend-1/art-3/para-1"]
    assert amend.chapter == "附則（令和一五年四月一日法律第一二号）"
    assert amend.heading == "第三条"
    direct = provs["suppl-amend-2/para-1"]
    assert direct.chapter == "附則（令和一六年二月二日法律第三号）"
    assert (direct.heading, direct.caption) == ("１", "効力の発生")


def test_spent_and_ambiguous_supplementary_articles_skipped(en: ParsedLaw) -> None:
    paths = [p.path for p in en.provisions]
    assert not [p for p in paths if p.startswith(("suppl/art-3", "suppl/art-4"))]
    assert not any("item-9-2" in s.path for p in en.provisions for s in p.spans)
    assert not any("registered widgets" in p.text for p in en.provisions)
    assert len(en.skipped) == 2
    spent, ambiguous = en.skipped
    assert spent.startswith("suppl/art-3") and "amends another act" in spent
    assert ambiguous.startswith("suppl/art-4") and "ambiguous" in ambiguous


def test_appended_table(en: ParsedLaw, ja: ParsedLaw) -> None:
    table = _by_path(en)["table-1"]
    assert table.text == (
        "Appended Table\nClass | Example\nClass A | spinning top with gears\n"
        "Class B | spring-loaded toy")
    assert (table.heading, table.caption) == ("Appended Table", "Re: Article 2")
    table = _by_path(ja)["table-1"]
    assert table.text.split("\n") == [
        "別表", "区分 | 例", "甲種 | 歯車の付いたこま", "乙種 | ばね仕掛けのおもちゃ"]
    assert (table.heading, table.caption) == ("別表", "第二条関係")


def _law(body: str, lang: str = "en") -> bytes:
    return (f'<Law Lang="{lang}"><LawNum>No. 1</LawNum><LawBody><LawTitle>T</LawTitle>'
            f"<MainProvision>{body}</MainProvision></LawBody></Law>").encode()


def test_article_without_paragraph_becomes_para_1() -> None:
    law = parse_jplaw(_law('<Article Num="9"><ArticleTitle>Article 9</ArticleTitle>'
                           "<Sentence>Deleted</Sentence></Article>"
                           '<Article Num="10" Delete="true"><ArticleTitle>Article 10</ArticleTitle>'
                           "</Article>"), "inline.xml")
    assert [(p.path, p.text, p.heading) for p in law.provisions] == [
        ("art-9/para-1", "Deleted", "Article 9"), ("art-10/para-1", "Deleted", "Article 10")]


def test_caption_brackets_only_stripped_when_they_pair() -> None:
    law = parse_jplaw(_law('<Article Num="1"><ArticleCaption>(a) and (b)</ArticleCaption>'
                           "<ArticleTitle>Article 1</ArticleTitle><Paragraph Num=\"1\">"
                           "<ParagraphSentence><Sentence>x</Sentence></ParagraphSentence>"
                           "</Paragraph></Article>"), "inline.xml")
    assert law.provisions[0].caption == "(a) and (b)"


def test_structural_errors_name_the_file() -> None:
    with pytest.raises(IngestError, match=r"^notlaw\.xml: .*<Law>"):
        parse_jplaw(b"<html><body/></html>", "notlaw.xml")
    with pytest.raises(IngestError, match=r"^nobody\.xml: .*LawBody"):
        parse_jplaw(b'<Law Lang="en"><LawNum>1</LawNum></Law>', "nobody.xml")


def test_duplicate_main_article_numbers_are_an_error() -> None:
    art = ('<Article Num="1"><ArticleTitle>Article 1</ArticleTitle><Paragraph Num="1">'
           "<ParagraphSentence><Sentence>x</Sentence></ParagraphSentence></Paragraph></Article>")
    with pytest.raises(IngestError, match=r"^dup\.xml: duplicate provision path art-1/para-1"):
        parse_jplaw(_law(art + art), "dup.xml")


# -- hostile input -------------------------------------------------------------------------

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE Law [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10))
    + b"]>\n<Law><LawBody><LawTitle>&lol9;</LawTitle></LawBody></Law>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?>\n<!DOCTYPE Law [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b"<Law><LawBody><LawTitle>&xxe;</LawTitle></LawBody></Law>"
)
EXTERNAL_PARAMETER_ENTITY = (
    b'<?xml version="1.0"?>\n<!DOCTYPE Law [<!ENTITY % ext SYSTEM "http://127.0.0.1:9/x.dtd">'
    b" %ext;]>\n<Law/>"
)
TRUNCATED = (FIXTURES / "mini_law_ja.xml").read_bytes()[:1500]
HOSTILE = {
    "billion-laughs.xml": (BILLION_LAUGHS, "entity declarations"),
    "xxe.xml": (EXTERNAL_ENTITY, "entity declarations"),
    "param-entity.xml": (EXTERNAL_PARAMETER_ENTITY, "entity declarations"),
    "empty.xml": (b"", "empty file"),
    "blank.xml": (b"\xef\xbb\xbf  \r\n", "empty file"),
    "truncated.xml": (TRUNCATED, "line"),
    "junk.bin": (bytes(range(256)) * 8, "not well-formed"),
}


@pytest.mark.parametrize("origin", sorted(HOSTILE))
def test_hostile_input_is_refused_with_the_file_named(origin: str) -> None:
    data, reason = HOSTILE[origin]
    started = time.monotonic()
    with pytest.raises(IngestError) as info:
        parse_jplaw(data, origin)
    assert time.monotonic() - started < 2.0  # refused up front, nothing expanded
    message = str(info.value)
    assert message.startswith(f"{origin}: ")
    assert reason in message
    assert "\n" not in message
    assert "root:" not in message  # /etc/passwd was not read


def test_absurdly_deep_nesting_is_an_ingest_error() -> None:
    deep = b"<x>" * 50_000 + b"y" + b"</x>" * 50_000
    data = b"<Law><LawBody><LawTitle>" + deep + b"</LawTitle></LawBody></Law>"
    with pytest.raises(IngestError, match=r"^deep\.xml: .*nested too deeply"):
        parse_jplaw(data, "deep.xml")


def test_truncated_xml_reports_line_and_column() -> None:
    with pytest.raises(IngestError, match=r"truncated.*line \d+, column \d+"):
        parse_xml(TRUNCATED, "cut.xml")


def test_size_limit() -> None:
    with pytest.raises(IngestError, match=r"^big\.xml: file too large"):
        parse_xml(b"<Law>" + b" " * 100 + b"</Law>", "big.xml", max_bytes=64)


def test_doctype_naming_an_external_dtd_is_accepted_but_not_fetched() -> None:
    data = b'<!DOCTYPE Law SYSTEM "http://127.0.0.1:9/never-fetched.dtd"><Law Lang="en"/>'
    assert parse_xml(data, "doctype.xml").tag == "Law"


# -- property: random laws round-trip --------------------------------------------------------

_CHARS = list("abcdefghijklmnopqrstuvwxyzABCDEFXYZ0123456789.,;:()-&<>'\"") + list(
    "あいうえおかきくけこアイウエオ法律条項号漢字、。「」（）\u3000")
_TEXT = st.lists(st.text(alphabet=_CHARS, min_size=1, max_size=8), min_size=1, max_size=4).map(
    " ".join)
_SENTENCES = st.lists(_TEXT, min_size=1, max_size=3)
_ITEM = st.tuples(_SENTENCES, st.lists(_SENTENCES, max_size=2))  # (sentences, subitems)
_PARAGRAPH = st.tuples(_SENTENCES, st.lists(_ITEM, max_size=3))  # (sentences, items)
_ARTICLE = st.tuples(st.booleans(), st.lists(_PARAGRAPH, min_size=1, max_size=3))  # branch?
_LAW = st.tuples(st.sampled_from(["en", "ja"]), st.lists(_ARTICLE, min_size=1, max_size=5))


def _build(lang: str, articles: list) -> tuple[bytes, list[str], list[str], dict[str, list[str]]]:
    """Serialise a random law; return it with expected paths, sentences, and item -> sentences."""
    markers = iter(range(1_000_000))
    sentences: list[str] = []
    items: dict[str, list[str]] = {}
    paths: list[str] = []

    def fill(parent: ET.Element, texts: list[str]) -> list[str]:
        out = []
        for text in texts:
            marked = f"{text}⟦{next(markers)}⟧"  # unique: ⟦ ⟧ are not in the alphabet
            ET.SubElement(parent, "Sentence").text = marked
            sentences.append(marked)
            out.append(marked)
        return out

    law = ET.Element("Law", Lang=lang)
    ET.SubElement(law, "LawNum").text = "No. 1"
    body = ET.SubElement(law, "LawBody")
    ET.SubElement(body, "LawTitle").text = "Random Act"
    main = ET.SubElement(body, "MainProvision")
    for a, (branch, paragraphs) in enumerate(articles, 1):
        num = f"{a}_2" if branch else str(a)
        art = ET.SubElement(main, "Article", Num=num)
        ET.SubElement(art, "ArticleTitle").text = f"Article {num}"
        for p, (texts, item_list) in enumerate(paragraphs, 1):
            path = f"art-{num.replace('_', '-')}/para-{p}"
            paths.append(path)
            para = ET.SubElement(art, "Paragraph", Num=str(p))
            fill(ET.SubElement(para, "ParagraphSentence"), texts)
            for i, (item_texts, subitems) in enumerate(item_list, 1):
                item = ET.SubElement(para, "Item", Num=str(i))
                ET.SubElement(item, "ItemTitle").text = f"({i})"
                own = fill(ET.SubElement(item, "ItemSentence"), item_texts)
                for s, sub_texts in enumerate(subitems, 1):
                    sub = ET.SubElement(item, "Subitem1", Num=str(s))
                    own += fill(ET.SubElement(sub, "Subitem1Sentence"), sub_texts)
                items[f"{path}/item-{i}"] = own
    return ET.tostring(law, encoding="utf-8"), paths, sentences, items


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LAW)
def test_random_laws_round_trip(law: tuple[str, list]) -> None:
    lang, articles = law
    data, paths, sentences, items = _build(lang, articles)
    parsed = parse_jplaw(data, "random.xml")
    got = [p.path for p in parsed.provisions]
    assert got == paths  # document order, and nothing extra
    assert len(set(got)) == len(got)
    for sentence in sentences:
        assert sum(sentence in p.text for p in parsed.provisions) == 1, sentence
    joined = "\n".join(p.text for p in parsed.provisions)
    positions = [joined.index(s) for s in sentences]
    assert positions == sorted(positions)  # sentences keep their document order
    spans = {s.path: p.text[s.start:s.end] for p in parsed.provisions for s in p.spans}
    for path, own in items.items():
        assert all(s in spans[path] for s in own)
