"""Parser for Markdown documents (user documents added with `regqa ingest`). Pure: bytes in,
provisions out.

Headings (`#`..`######`, and `===`/`---` underlined ones) open sections: each heading with text
under it becomes ``sec-N`` (``sec-N/part-M`` when longer than about 1500 characters, cut at
paragraph then sentence boundaries like plain text); the enclosing headings become the
section's `chapter`. Paragraphs are joined lines; list items stay one per line ("- item") in
one block; code blocks are kept verbatim; front matter, HTML comments, link targets, images'
URLs and emphasis markers are dropped. `provisions_from_blocks` is shared with the HTML parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.plain_text import MAX_PART_CHARS, Para, ensure_unique, section_provisions
from ingest.records import IngestError, Provision
from ingest.text_decode import decode_text

_ATX = re.compile(r" {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
_SETEXT = re.compile(r" {0,3}(=+|-+)\s*$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_RULE = re.compile(r" {0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_LIST = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])\s+(.*)$")
_QUOTE = re.compile(r" {0,3}>\s?")
_LINK_DEF = re.compile(r" {0,3}\[[^\]]+\]:\s*\S+.*$")
_TABLE_RULE = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?!\*)|(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])")
_CODE = re.compile(r"`([^`]+)`")
_SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True)
class Block:
    """A heading (with its level) or a paragraph / list / code block of a document."""

    kind: str  # "heading" | "para"
    text: str
    level: int = 0


def inline(text: str) -> str:
    """Markdown inline markup reduced to its text. Pure."""
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: m.group(1) or m.group(2), text)
    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    text = _CODE.sub(lambda m: m.group(1), text)
    text = _STRONG.sub(lambda m: m.group(2), text)
    text = _EM.sub(lambda m: m.group(1) or m.group(2), text)
    return _SPACES.sub(" ", text).strip()


def _strip_front_matter(lines: list[str]) -> list[str]:
    if lines and lines[0].strip() == "---":
        for i in range(1, min(len(lines), 200)):
            if lines[i].strip() in ("---", "..."):
                return lines[i + 1:]
    return lines


def markdown_blocks(text: str) -> list[Block]:
    """The headings and text blocks of a Markdown text, in order. Pure."""
    lines = _strip_front_matter(_COMMENT.sub("", text).split("\n"))
    blocks: list[Block] = []
    para: list[str] = []  # lines of the open paragraph
    items: list[str] = []  # items of the open list

    def close() -> None:
        if para:
            joined = inline(" ".join(x.strip() for x in para))
            if joined:
                blocks.append(Block("para", joined))
            para.clear()
        if items:
            blocks.append(Block("para", "\n".join(f"- {inline(x)}" for x in items if inline(x))))
            items.clear()

    i = 0
    while i < len(lines):
        raw = lines[i]
        line = _QUOTE.sub("", raw, count=1) if _QUOTE.match(raw) else raw
        fence = _FENCE.match(line)
        if fence:
            close()
            mark, body = fence.group(1), []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(mark):
                body.append(lines[i].rstrip())
                i += 1
            code = "\n".join(body).strip("\n")
            if code.strip():
                blocks.append(Block("para", code))
            i += 1
            continue
        if not line.strip():
            close()
            i += 1
            continue
        atx = _ATX.match(line)
        if atx:
            close()
            title = inline(atx.group(2) or "")
            if title:
                blocks.append(Block("heading", title, len(atx.group(1))))
            i += 1
            continue
        setext = _SETEXT.match(line)
        if setext and len(para) == 1 and not items:
            title = inline(para[0])
            para.clear()
            blocks.append(Block("heading", title, 1 if setext.group(1)[0] == "=" else 2))
            i += 1
            continue
        if _RULE.match(line) or _LINK_DEF.match(line) or _TABLE_RULE.match(line) and "|" in line:
            close()
            i += 1
            continue
        item = _LIST.match(line)
        if item:
            if para:
                close()
            items.append(item.group(1))
        elif items and (raw.startswith((" ", "\t"))):
            items[-1] += " " + line.strip()  # continuation of the list item
        elif line.lstrip().startswith("|"):
            close()
            cells = [inline(c) for c in line.strip().strip("|").split("|")]
            blocks.append(Block("para", " | ".join(c for c in cells if c)))
        else:
            if items:
                close()
            para.append(line)
        i += 1
    close()
    return _merge_rows(blocks)


def _merge_rows(blocks: list[Block]) -> list[Block]:
    """Consecutive table rows become one block (one row per line)."""
    out: list[Block] = []
    for block in blocks:
        if (out and block.kind == "para" and out[-1].kind == "para" and " | " in block.text
                and " | " in out[-1].text.split("\n")[-1] and "\n\n" not in block.text):
            out[-1] = Block("para", f"{out[-1].text}\n{block.text}")
        else:
            out.append(block)
    return out


def provisions_from_blocks(blocks: list[Block], limit: int = MAX_PART_CHARS) -> list[Provision]:
    """Sections from headings and blocks: ``sec-N`` per heading with text under it (text before
    the first heading is a section without a title); enclosing headings are the chapter."""
    out: list[Provision] = []
    stack: list[Block] = []
    body: list[Para] = []
    count = 0

    def flush() -> None:
        nonlocal count
        if body:
            count += 1
            title = stack[-1].text if stack else ""
            chapter = " / ".join(h.text for h in stack[:-1])
            out.extend(section_provisions(count, title, chapter, list(body), limit))
            body.clear()

    for block in blocks:
        if block.kind == "heading":
            flush()
            while stack and stack[-1].level >= block.level:
                stack.pop()
            stack.append(block)
        elif block.text.strip():
            body.append(Para(block.text, None))
    flush()
    return out


def parse_markdown(data: bytes, origin: str) -> tuple[list[Provision], list[str]]:
    """Parse a Markdown document into sections; IngestError names `origin`."""
    text = decode_text(data, origin)
    provisions = provisions_from_blocks(markdown_blocks(text))
    if not provisions:
        raise IngestError(f"{origin}: no text found in the Markdown document")
    return ensure_unique(provisions, origin), []
