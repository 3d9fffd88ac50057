"""Parser for explainer / FAQ articles saved as plain text. Pure: bytes in, provisions out.

- A heading is a short line that does not end a sentence (no final ".", ":", ";", "!"); a
  Title Case heading is a major one and becomes the `chapter` of the sentence-case headings
  under it. Each heading with text under it becomes ``sec-N`` (``sec-N/part-M`` when longer
  than about 1500 characters, cut like plain text); text before the first heading is a
  section without a heading.
- Bullet items, written as a "-" (or "•") line followed by the item line, or "- item" on one
  line, become "- item" lines of the section text.
- After a "Frequently Asked Questions" (or "FAQ") heading, each question and its answer become
  one ``faq-N`` provision whose heading and caption are the question. Questions are the
  heading-like lines there; the source may omit the final "?" (the mirrored explainer does),
  in which case it is added to the heading and caption and a note says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.headings import title_case
from ingest.plain_text import (
    Line,
    Para,
    Vocab,
    ensure_unique,
    join_paragraph,
    page_lines,
    section_provisions,
    split_pages,
    uses_layout,
)
from ingest.records import IngestError, Provision
from ingest.text_decode import decode_text

_BULLET_MARK = {"-", "•", "–", "*", "·", "▪"}
_BULLET_INLINE = re.compile(r"[-•–*·▪]\s+(\S.*)$")
_SENTENCE_END = re.compile(r"[.:;!。：；！…][\"”’')\]]*$")
_FAQ = re.compile(r"(?:frequently asked questions|faqs?)\b", re.IGNORECASE)
_QUESTION_START = re.compile(
    r"(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|can|could|"
    r"will|would|should|shall|may|must|has|have|had)\b", re.IGNORECASE)


@dataclass
class _Block:
    kind: str  # "heading" | "para" | "bullet"
    text: str
    page: int | None


def _is_heading(text: str) -> bool:
    if len(text) > 120 or _SENTENCE_END.search(text):
        return False
    return len(re.findall(r"[^\W\d_]+", text)) >= 2 or text.endswith("?")


def _blocks(lines: list[Line]) -> list[_Block]:
    blank_mode = not uses_layout(lines)  # blank lines separate paragraphs: join wrapped lines
    vocab = Vocab.of(lines)
    out: list[_Block] = []
    bullet_next = False
    after_blank = True
    for line in lines:
        text = line.text
        if not text:
            after_blank = True
            continue
        if text in _BULLET_MARK:
            bullet_next = True
            continue
        inline = _BULLET_INLINE.match(text)
        if bullet_next or inline:
            item = text if bullet_next else inline.group(1)
            out.append(_Block("bullet", f"- {item}", line.page))
            bullet_next = after_blank = False
            continue
        continuing = blank_mode and not after_blank and out and out[-1].kind == "para"
        if continuing:
            out[-1].text = join_paragraph([out[-1].text, text], vocab)
        elif _is_heading(text):
            out.append(_Block("heading", text, line.page))
        else:
            out.append(_Block("para", text, line.page))
        after_blank = False
    return out


def parse_explainer(data: bytes, origin: str) -> tuple[list[Provision], list[str]]:
    """Parse an explainer with headings, bullet lists and a final FAQ; IngestError names `origin`."""
    text = decode_text(data, origin)
    lines, notes = page_lines(split_pages(text))
    out: list[Provision] = []
    title, major, body = "", "", []
    in_faq = False
    sections = faqs = added_marks = 0
    question: _Block | None = None

    def flush() -> None:
        nonlocal sections, faqs, added_marks
        paras = [Para(b.text, b.page) for b in body]
        body.clear()
        if question is not None:
            if not paras:
                notes.append(f"FAQ question without an answer: {question.text[:60]!r}; not filed")
                return
            faqs += 1
            heading = question.text if question.text.endswith("?") else question.text + "?"
            added_marks += heading != question.text
            out.append(Provision(path=f"faq-{faqs}", text="\n".join(p.text for p in paras),
                                 heading=heading, caption=heading, chapter=major,
                                 page=question.page))
        elif paras:
            sections += 1
            chapter = major if major != title else ""
            out.extend(section_provisions(sections, title, chapter, paras))

    for block in _blocks(lines):
        if block.kind != "heading":
            body.append(block)
            continue
        flush()
        if _FAQ.match(block.text):
            in_faq, question = True, None
            title = major = block.text
            continue
        is_question = block.text.endswith("?") or bool(_QUESTION_START.match(block.text))
        if in_faq and is_question:
            question = block
            continue
        question, in_faq = None, False
        title = block.text
        if title_case(block.text):
            major = block.text
    flush()
    if not out:
        raise IngestError(f"{origin}: no text found")
    if added_marks:
        notes.append(f"{added_marks} FAQ questions written without a final '?'; added to their"
                     " headings")
    return ensure_unique(out, origin), notes
