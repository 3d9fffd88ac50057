"""Parsers for the Korean law XML, article text, pdftotext output, explainer text and PDF.

Every fixture here is invented (widgets, gadgets, gizmos); none is taken from the corpus.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfWriter

from corpus.manifest import load_manifest
from ingest.article_text import article_head, parse_article_text
from ingest.explainer_text import parse_explainer
from ingest.krlaw_xml import parse_krlaw
from ingest.pdf_text import parse_pdf
from ingest.pipeline import PARSERS
from ingest.plain_text import (
    Line,
    Para,
    Vocab,
    chunk,
    join_paragraph,
    page_lines,
    parse_plain_text,
    sentences,
)
from ingest.records import IngestError, Provision
from ingest.text_decode import decode_text

TEXT_PARSERS = [parse_article_text, parse_plain_text, parse_explainer]


def by_path(provisions: list[Provision]) -> dict[str, Provision]:
    return {p.path: p for p in provisions}


def span_text(prov: Provision, path: str) -> str:
    span = next(s for s in prov.spans if s.path == path)
    return prov.text[span.start:span.end]


# -- decoding and bad input ------------------------------------------------------------------------


@pytest.mark.parametrize("parser", [*TEXT_PARSERS, parse_krlaw, parse_pdf])
@pytest.mark.parametrize("data", [b"", b"   \n\t\n"])
def test_empty_input_is_refused(parser, data):
    with pytest.raises(IngestError, match=r"mini\.\w+: .*empty"):
        parser(data, "mini.txt" if parser in TEXT_PARSERS else "mini.bin")


@pytest.mark.parametrize("parser", TEXT_PARSERS)
def test_binary_junk_named_txt_is_refused(parser):
    junk = bytes(range(256)) * 16
    with pytest.raises(IngestError, match=r"junk\.txt: binary data, not text"):
        parser(junk, "junk.txt")


def test_control_characters_without_nul_are_binary():
    junk = b"\x01\x02\x03\x04widget\x05\x06\x07\x08" * 50
    with pytest.raises(IngestError, match="binary data, not text"):
        decode_text(junk, "junk.txt")


def test_latin1_text_is_refused_clearly():
    data = "Le café du marché ouvre à neuf heures; la crème brûlée coûte cher.".encode("latin-1")
    with pytest.raises(IngestError) as err:
        decode_text(data, "menu.txt")
    message = str(err.value)
    assert message.startswith("menu.txt: not UTF-8 text (")
    assert "offset" in message and "UTF-8" in message


def test_shift_jis_japanese_is_decoded():
    text = "ウィジェット規則\n第一条　この規則は、ウィジェットの登録について定める。\n"
    assert decode_text(text.encode("shift_jis"), "kisoku.txt") == text


def test_shift_jis_japanese_parses_as_plain_text():
    text = "ウィジェット規則の概要\n\n登録は市役所で行う。手数料は無料とする。\n"
    provisions, _ = parse_plain_text(text.encode("cp932"), "gaiyou.txt")
    assert "登録は市役所で行う。" in provisions[0].text


def test_bom_and_crlf_are_normalised():
    data = "\ufeffArticle 1\r\nWidgets must be registered.\r\n".encode()
    provisions, _ = parse_article_text(data, "bom.txt")
    assert provisions[0].text == "Widgets must be registered."


def test_pipeline_has_a_parser_for_every_manifest_format():
    manifest = Path(__file__).resolve().parent.parent / "corpus" / "sources.toml"
    formats = {s.format for s in load_manifest(manifest)}
    assert formats <= set(PARSERS), formats - set(PARSERS)


# -- article text -----------------------------------------------------------------------------------

WIDGET_MEASURES = """\
Source: invented test fixture, not a real publication
Prepared: for the regqa parser tests only

Chapter I General Rules

Article 1
These measures govern how household widgets are registered, labelled and sold.

Article 2
Every widget seller keeps a ledger listing each widget sold and its buyer.

The ledger is kept   for five   years after the last entry.

Chapter II Duties of Sellers

Article 3
A seller observes the following rules:

(1) each widget carries a label naming its workshop;

(2) no widget is sold to a buyer who lacks a permit.

Article 12
Where a seller breaks the rules laid down in Article 3 or in
Article 2, paragraph 2 of these measures, the inspector may suspend the seller
for up to thirty days, as provided in
Article 3 of the Widget Inspection Law.

Article 13: These measures take effect on the first day of spring.
"""


def test_article_text_articles_chapters_and_header_note():
    provisions, notes = parse_article_text(WIDGET_MEASURES.encode(), "widget.txt")
    assert [p.path for p in provisions] == ["art-1", "art-2", "art-3", "art-12", "art-13"]
    arts = by_path(provisions)
    assert arts["art-1"].heading == "Article 1"
    assert arts["art-1"].chapter == "Chapter I General Rules"
    assert arts["art-3"].chapter == "Chapter II Duties of Sellers"
    assert any("header" in n and "Article 1" in n for n in notes)
    assert all("invented test fixture" not in p.text for p in provisions)


def test_article_text_paragraphs_items_and_whitespace():
    arts = by_path(parse_article_text(WIDGET_MEASURES.encode(), "widget.txt")[0])
    two = arts["art-2"]
    assert two.text.split("\n")[1] == "The ledger is kept for five years after the last entry."
    assert span_text(two, "art-2/para-2").startswith("The ledger")
    three = arts["art-3"]
    assert [s.path for s in three.spans] == [
        "art-3/para-1", "art-3/para-1/item-1", "art-3/para-1/item-2"]
    assert span_text(three, "art-3/para-1/item-2").startswith("(2) no widget")
    assert arts["art-1"].spans == ()  # one paragraph, no items: no spans


def test_article_text_wrapped_cross_reference_is_not_a_heading():
    arts = by_path(parse_article_text(WIDGET_MEASURES.encode(), "widget.txt")[0])
    twelve = arts["art-12"].text
    assert "in Article 2, paragraph 2 of these measures, the inspector" in twelve
    assert twelve.endswith("as provided in Article 3 of the Widget Inspection Law.")
    assert "\n" not in twelve  # one paragraph of wrapped lines
    assert arts["art-13"].text == "These measures take effect on the first day of spring."


@pytest.mark.parametrize("line, previous, expected", [
    ("Article 4", (3, 0), (4, 0)),
    ("Article 4 The registrar acts.", (3, 0), (4, 0)),
    ("Article 4. The registrar acts.", (3, 0), (4, 0)),
    ("Article 17-2 (Fees) A fee is due.", (17, 0), (17, 2)),
    ("Article 4, paragraph 2 of the Law", (3, 0), None),
    ("Article 4 of the Law applies", (3, 0), None),
    ("Article 2", (3, 0), None),
    ("Article 3", (3, 0), None),
    ("Articles 4 to 6 apply", (3, 0), None),
    ("Article 4a", (3, 0), None),
])
def test_article_heading_rule(line, previous, expected):
    head = article_head(line, previous)
    assert (head.number if head else None) == expected


def test_article_head_caption():
    head = article_head("Article 17-2 (Fees for widgets) A fee is due.", None)
    assert (head.path, head.heading, head.caption, head.rest) == (
        "art-17-2", "Article 17-2", "Fees for widgets", "A fee is due.")


def test_article_text_without_headings_is_refused():
    with pytest.raises(IngestError, match=r"notes\.txt: no \"Article N\" headings"):
        parse_article_text(b"Just some notes about widgets.\n", "notes.txt")


# -- plain text (pdftotext) ------------------------------------------------------------------------

GADGET_GUIDE = """\
Gadget Safety Guide
Version 2.0
\fGadget Safety Guide 2.0
1. Scope
This guide explains how gadget makers keep their products safe and trans-
parent for the people who buy them. It applies to makers of every size,
from one-person workshops to large third-party assemblers.
Makers should read the whole guide before they start a new gadget line.
Page 1
\fGadget Safety Guide 2.0
2. Testing
Every gadget is tested for low-
or high-voltage faults before it leaves the workshop. Testing by a third-
party laboratory is welcome but optional.
Test records are kept for three years.
Page 2
\fGadget Safety Guide 2.0
2.1 Records and Reviews
Reviewers check the records once a year and note any gaps they find in
them.
Page 3
\fGadget Safety Guide 2.0
3. Review Steps
{long}
Page 4
"""


def _long_section() -> str:
    sentences_ = [f"Review step {i} asks the maker to confirm that gadget batch {i} passed its checks."
                  for i in range(1, 41)]
    words = " ".join(sentences_).split()
    lines, cur = [], ""
    for word in words:
        if cur and len(cur) + 1 + len(word) > 74:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}".strip()
    lines.append(cur)
    return "\n".join(lines)


def _guide() -> bytes:
    return GADGET_GUIDE.replace("{long}", _long_section()).encode()


def test_plain_text_sections_pages_and_furniture():
    provisions, notes = parse_plain_text(_guide(), "guide.txt")
    headings = [p.heading for p in provisions]
    assert "1. Scope" in headings and "2. Testing" in headings and "2.1 Records and Reviews" in headings
    secs = {p.heading: p for p in provisions}
    assert secs["1. Scope"].page == 2 and secs["2. Testing"].page == 3
    assert secs["2.1 Records and Reviews"].chapter == "2. Testing"
    assert secs["1. Scope"].caption == "1. Scope"
    every = "\n".join(p.text for p in provisions)
    assert "\f" not in every
    assert "Gadget Safety Guide 2.0" not in every
    assert not re.search(r"^Page \d+$", every, re.MULTILINE)
    assert any("running header" in n for n in notes) and any("page-number" in n for n in notes)
    assert len({p.path for p in provisions}) == len(provisions)


def test_plain_text_hyphenation_and_paragraphs():
    secs = {p.heading: p for p in parse_plain_text(_guide(), "guide.txt")[0]}
    scope = secs["1. Scope"].text
    assert "safe and transparent for the people" in scope
    assert "third-party assemblers" in scope
    assert scope.split("\n")[1].startswith("Makers should read")  # a short final line ends a paragraph
    testing = secs["2. Testing"].text
    assert "for low- or high-voltage faults" in testing  # a suspended hyphen stays
    assert "by a third-party laboratory" in testing  # the document writes "third-party"
    assert "in them." in secs["2.1 Records and Reviews"].text


def test_plain_text_long_section_is_split_at_sentences():
    provisions, _ = parse_plain_text(_guide(), "guide.txt")
    parts = [p for p in provisions if "/part-" in p.path]
    assert len(parts) >= 2
    base = parts[0].path.split("/")[0]
    assert [p.path for p in parts] == [f"{base}/part-{m}" for m in range(1, len(parts) + 1)]
    for part in parts:
        assert len(part.text) <= 1500
        assert part.text.startswith("Review step") and part.text.endswith("checks.")
        assert part.page == 5


def test_join_paragraph_rules():
    vocab = Vocab.of([Line("a well-known gadget and a sub-assembly")])
    assert join_paragraph(["the trans-", "parent box"], vocab) == "the transparent box"
    assert join_paragraph(["a well-", "known gadget"], vocab) == "a well-known gadget"
    assert join_paragraph(["short- and", "long-term"], vocab) == "short- and long-term"
    assert join_paragraph(["low-", "or high-risk"], vocab) == "low- or high-risk"
    assert join_paragraph(["plain", "words"], vocab) == "plain words"


def test_page_lines_drop_repeated_edges_only_with_enough_pages():
    pages = [["Widget Manual", f"Body text {i}.", str(i)] for i in range(1, 5)]
    lines, _ = page_lines(pages)
    assert [x.text for x in lines] == [f"Body text {i}." for i in range(1, 5)]
    assert [x.page for x in lines] == [1, 2, 3, 4]
    single, _ = page_lines([["Widget Manual", "Body.", "7"]])
    assert [x.text for x in single] == ["Widget Manual", "Body.", "7"]


def test_sentences_and_chunk_never_cut_a_sentence():
    text = "Dr. Gray tested the widget, e.g. the red one. It passed. Fig. 2 shows it."
    assert sentences(text) == ["Dr. Gray tested the widget, e.g. the red one.", "It passed.",
                               "Fig. 2 shows it."]
    long = " ".join(f"Sentence {i} is about widget number {i}." for i in range(200))
    pieces = chunk([Para(long, 1)], limit=300)
    assert all(len(p[0].text) <= 300 for p in pieces)
    assert " ".join(p[0].text for p in pieces) == long


# -- explainer -----------------------------------------------------------------------------------------

GIZMO_EXPLAINER = """\
Gizmo rules changed this spring, and owners now face a short list of new duties.
Why the Gizmo Rules Changed
Regulators counted more gizmos in homes than ever before, and the old rules didn’t cover them.
The main drivers were:
-
Cheaper gizmo parts
-
Louder gizmo alarms
What owners must do now
Owners register each gizmo online and keep the receipt.
Frequently Asked Questions
Do I need to register an old gizmo?
Yes, every gizmo needs registering, whatever its age.
When do the rules start
The rules start on the first day of June.
Late registrations are accepted until August.
"""


def test_explainer_sections_bullets_and_faq():
    provisions, notes = parse_explainer(GIZMO_EXPLAINER.encode(), "gizmo.txt")
    got = by_path(provisions)
    assert list(got) == ["sec-1", "sec-2", "sec-3", "faq-1", "faq-2"]
    assert got["sec-1"].heading == ""
    assert got["sec-2"].heading == got["sec-2"].caption == "Why the Gizmo Rules Changed"
    assert got["sec-2"].text.split("\n")[-2:] == ["- Cheaper gizmo parts", "- Louder gizmo alarms"]
    assert "didn’t cover them" in got["sec-2"].text  # curly apostrophe kept
    assert got["sec-3"].chapter == "Why the Gizmo Rules Changed"
    assert got["faq-1"].heading == got["faq-1"].caption == "Do I need to register an old gizmo?"
    assert got["faq-1"].text == "Yes, every gizmo needs registering, whatever its age."
    assert got["faq-2"].heading == "When do the rules start?"
    assert got["faq-2"].text.split("\n") == ["The rules start on the first day of June.",
                                             "Late registrations are accepted until August."]
    assert any("without a final '?'" in n for n in notes)


def test_explainer_long_section_is_split():
    body = "\n".join(f"Gizmo fact {i} says that owner {i} keeps the gizmo clean and dry." for i in range(60))
    provisions, _ = parse_explainer(f"Gizmo Care Basics\n{body}\n".encode(), "care.txt")
    assert [p.path for p in provisions][:2] == ["sec-1/part-1", "sec-1/part-2"]
    assert all(len(p.text) <= 1500 and p.heading == "Gizmo Care Basics" for p in provisions)


# -- Korean law XML --------------------------------------------------------------------------------

KR_XML = """<?xml version="1.0" encoding="utf-8"?><Law><InfSection><lsId>999</lsId>\
<lsNmEng><![CDATA[WIDGET FRAMEWORK ACT]]></lsNmEng></InfSection><JoSection>\
<Jo No="10"><joYn>N</joYn><joNo>0001</joNo><joBrNo>00</joBrNo><chapNo>100</chapNo>\
<joCts><![CDATA[CHAPTER I GENERAL PROVISIONS]]></joCts></Jo>\
<Jo No="20"><joYn>Y</joYn><joNo>0001</joNo><joBrNo>00</joBrNo><chapNo>100</chapNo>\
<joTtl><![CDATA[Purpose]]></joTtl><joCts><![CDATA[Article 1 (Purpose) This Act aims to make \
widgets safer for every household.]]></joCts></Jo>\
<Jo No="30"><joYn>Y</joYn><joNo>0002</joNo><joBrNo>00</joBrNo><chapNo>100</chapNo>\
<joTtl><![CDATA[Definitions]]></joTtl><joCts><![CDATA[Article 2 (Definitions) In this Act: \
<Amended on Mar. 3, 2031>
  1. "Widget" means a small household device with a crank;
  2. "Large widget" means a widget heavier than ten kilograms, such as:
  a. A floor widget;
  b. A garden widget;
  3. "Seller" means a person who sells widgets.]]></joCts></Jo>\
<Jo No="40"><joYn>N</joYn><joNo>0003</joNo><joBrNo>00</joBrNo><chapNo>200</chapNo>\
<joCts><![CDATA[CHAPTER II   WIDGET SAFETY]]></joCts></Jo>\
<Jo No="50"><joYn>N</joYn><joNo>0003</joNo><joBrNo>00</joBrNo><chapNo>201</chapNo>\
<joCts><![CDATA[SECTION 1 Inspection]]></joCts></Jo>\
<Jo No="60"><joYn>Y</joYn><joNo>0003</joNo><joBrNo>00</joBrNo><chapNo>201</chapNo>\
<joTtl><![CDATA[Inspections]]></joTtl><joCts><![CDATA[Article 3 (Inspections) (1) The Minister \
may inspect any widget workshop.
  (2) An inspector shows an identity card on arrival.]]></joCts></Jo>\
<Jo No="70"><joYn>Y</joYn><joNo>0003</joNo><joBrNo>02</joBrNo><chapNo>201</chapNo>\
<joTtl><![CDATA[Inspection fees]]></joTtl><joCts><![CDATA[Article 3-2 (Inspection fees) \
① No fee is charged for a first inspection.
  ② Later inspections cost what Presidential Decree sets.
  [This Article Added on Mar. 3, 2031]]]></joCts></Jo>\
</JoSection><ArSection>\
<Ar No="1"><arAncYd>20300101</arAncYd><arAncNo>11111</arAncNo><arCts>ADDENDA &lt;Act No. 11111, \
Jan. 1, 2030&gt;
Article 1 (Enforcement date)
This Act enters into force six months after its promulgation.
Article 2 (Transitional measures)
Widgets sold before this Act enters into force need no new label.</arCts></Ar>\
<Ar No="2"><arAncYd>20310303</arAncYd><arAncNo>22222</arAncNo><arCts>ADDENDA &lt;Act No. 22222, \
Mar. 3, 2031&gt;
Article 1 (Enforcement date)
This Act enters into force on ... &lt;omitted&gt; ... dates.
Articles 2 through 4 Omitted.</arCts></Ar>\
<Ar No="3"><arAncYd>20320404</arAncYd><arAncNo>33333</arAncNo><arCts>ADDENDUM &lt;Act No. 33333, \
Apr. 4, 2032&gt;
This Act enters into force on the date of its promulgation.</arCts></Ar>\
</ArSection><BylSection/></Law>"""


def test_krlaw_articles_chapters_and_branch_numbers():
    provisions, notes = parse_krlaw(KR_XML.encode(), "kr.xml")
    got = by_path(provisions)
    assert list(got) == ["art-1", "art-2", "art-3", "art-3-2", "suppl/art-1", "suppl/art-2",
                         "suppl-amend-2/para-1"]
    one = got["art-1"]
    assert (one.heading, one.caption, one.chapter) == ("Article 1", "Purpose",
                                                        "CHAPTER I GENERAL PROVISIONS")
    assert one.text == "This Act aims to make widgets safer for every household."
    assert got["art-3"].chapter == "CHAPTER II WIDGET SAFETY / SECTION 1 Inspection"
    assert got["art-3-2"].heading == "Article 3-2"
    every = " ".join(p.text for p in provisions)
    assert "0003" not in every and "201" not in every  # code fields are not text


def test_krlaw_spans():
    got = by_path(parse_krlaw(KR_XML.encode(), "kr.xml")[0])
    three = got["art-3"]
    assert [s.path for s in three.spans] == ["art-3/para-1", "art-3/para-2"]
    assert span_text(three, "art-3/para-2") == "(2) An inspector shows an identity card on arrival."
    branch = got["art-3-2"]
    assert span_text(branch, "art-3-2/para-2").startswith("② Later inspections")
    two = got["art-2"]
    assert span_text(two, "art-2/para-1/item-2").endswith("b. A garden widget;")
    assert span_text(two, "art-2/para-1/item-2/subitem-1") == "a. A floor widget;"
    assert span_text(two, "art-2/para-1/item-3").startswith('3. "Seller"')


def test_krlaw_addenda():
    provisions, notes = parse_krlaw(KR_XML.encode(), "kr.xml")
    got = by_path(provisions)
    assert got["suppl/art-1"].caption == "Enforcement date"
    assert got["suppl/art-1"].chapter == "ADDENDA <Act No. 11111, Jan. 1, 2030>"
    assert got["suppl-amend-2/para-1"].text.startswith("This Act enters into force on the date")
    assert not any("suppl-amend-1" in p.path for p in provisions)
    assert any("suppl-amend-1/art-1" in n and "omitted" in n for n in notes)
    assert any("Articles 2 through 4 Omitted." in n for n in notes)


def test_krlaw_duplicate_article_numbers_are_refused():
    dup = KR_XML.replace("<joNo>0003</joNo><joBrNo>02</joBrNo>", "<joNo>0003</joNo><joBrNo>00</joBrNo>")
    with pytest.raises(IngestError, match=r"kr\.xml: duplicate provision path art-3"):
        parse_krlaw(dup.encode(), "kr.xml")


@pytest.mark.parametrize("data, reason", [
    (b"<Law><JoSection>", "not well-formed"),
    (b"<Statute/>", "expected <Law>"),
    (b"<Law><InfSection/></Law>", "no <JoSection>"),
])
def test_krlaw_bad_xml(data, reason):
    with pytest.raises(IngestError, match=reason):
        parse_krlaw(data, "kr.xml")


# -- PDF -----------------------------------------------------------------------------------------------


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF: one Helvetica text line per entry, an empty list is a blank page."""
    count = len(pages)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        ("<< /Type /Pages /Kids [" + " ".join(f"{4 + 2 * i} 0 R" for i in range(count))
         + f"] /Count {count} >>").encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, lines in enumerate(pages):
        ops = []
        if lines:
            ops.append("BT /F1 10 Tf 13 TL 60 760 Td")
            for line in lines:
                escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                ops.append(f"({escaped}) Tj T*")
            ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append((f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources"
                        f" << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>").encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{off:010d} 00000 n \n" for off in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


HEADER = "Widget Rules (unofficial translation)"
WIDGET_PDF_PAGES = [
    [HEADER, "Widget Registration Rules", "Chapter I General Provisions",
     "Article 1  These Rules govern the registration of widgets in every",
     "province of the realm.",
     "Article 2  A registrar keeps the widget roll up to date and",
     "publishes it once a month.", "1"],
    [],
    [HEADER, "Chapter II Duties",
     "Article 3  Where a registrar fails to meet the duty set out in",
     "Article 2, paragraphs 1 and 2 of these Rules, the inspector may",
     "issue a warning.",
     "A second failure leads to a fine.", "3"],
    [HEADER, "Article 4  These Rules take effect on the first day of the",
     "harvest month.", "4"],
]


def test_pdf_articles_pages_and_furniture():
    provisions, notes = parse_pdf(make_pdf(WIDGET_PDF_PAGES), "rules.pdf")
    got = by_path(provisions)
    assert [p.path for p in provisions] == ["preamble", "art-1", "art-2", "art-3", "art-4"]
    assert got["preamble"].text == "Widget Registration Rules"
    assert [got[f"art-{n}"].page for n in range(1, 5)] == [1, 1, 3, 4]
    assert got["art-1"].chapter == "Chapter I General Provisions"
    assert got["art-3"].chapter == "Chapter II Duties"
    assert got["art-1"].text == ("These Rules govern the registration of widgets in every province"
                                 " of the realm.")
    three = got["art-3"].text
    assert "duty set out in Article 2, paragraphs 1 and 2 of these Rules" in three
    every = "\n".join(p.text for p in provisions)
    assert HEADER not in every
    assert not re.search(r"^\d+$", every, re.MULTILINE)
    assert any("pages without text skipped: 2" in n for n in notes)


def test_pdf_without_articles_becomes_sections():
    pages = [["Gadget Care Notes", "Keep every gadget dry and away from direct heat."],
             ["Storage Advice", "Store gadgets in their box when they are not in use."]]
    provisions, _ = parse_pdf(make_pdf(pages), "care.pdf")
    assert [(p.path, p.heading, p.page) for p in provisions] == [
        ("sec-1", "Gadget Care Notes", 1), ("sec-2", "Storage Advice", 2)]


def test_pdf_without_text_layer_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(300, 300)
    writer.add_blank_page(300, 300)
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(IngestError, match=r"scan\.pdf: no text layer.*\(scanned PDF\?\)"):
        parse_pdf(buf.getvalue(), "scan.pdf")


def test_encrypted_pdf_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(300, 300)
    writer.encrypt("widget-secret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(IngestError, match=r"locked\.pdf: encrypted PDF"):
        parse_pdf(buf.getvalue(), "locked.pdf")


@pytest.mark.parametrize("data, reason", [
    (b"%PDF-1.4\nthis is not really a pdf\n", "malformed PDF"),
    (make_pdf([["Article 1  Widgets."]])[:200], "malformed PDF"),
    (b"plain words, not a PDF", "not a PDF"),
])
def test_malformed_pdf_is_refused(data, reason):
    with pytest.raises(IngestError, match=rf"bad\.pdf: {reason}"):
        parse_pdf(data, "bad.pdf")
