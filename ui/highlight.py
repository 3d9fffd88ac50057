"""HTML for the pages' rich text: provision text with spans marked, answers with citation chips.

Everything that comes from the API is escaped first; only our own tags are added. Pure
functions, no Streamlit.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

CHIP = re.compile(r"\[(\d{1,3})\]")

STYLE = """
<style>
.rq-text { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.7; font-size: 1rem;
  font-family: "Source Sans Pro", "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", sans-serif; }
.rq-text mark { background: #fff2a8; color: inherit; padding: 0 .1em; border-radius: .2em; }
.rq-answer { line-height: 1.8; font-size: 1.05rem; overflow-wrap: anywhere;
  font-family: "Source Sans Pro", "Noto Sans CJK JP", "Noto Sans JP", sans-serif; }
.rq-chip { display: inline-block; min-width: 1.6em; padding: 0 .35em; margin: 0 .1em;
  border-radius: .8em; background: #e0ebff; color: #1a4fb4; font-size: .85em; font-weight: 600;
  text-align: center; text-decoration: none; }
.rq-chip:hover { background: #1a4fb4; color: #fff; }
.rq-flag { color: #b45309; }
.rq-unit { margin: .15em 0 .15em 1.2em; }
.rq-verdict { display: inline-block; padding: .25em .9em; border-radius: 1em; font-size: 1.35rem;
  font-weight: 700; }
.rq-green { background: #dcfce7; color: #166534; } .rq-blue { background: #dbeafe; color: #1e40af; }
.rq-red { background: #fee2e2; color: #991b1b; } .rq-gray { background: #e5e7eb; color: #374151; }
.rq-orange { background: #ffedd5; color: #9a3412; }
</style>
"""


def _norm_ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def find_span(text: str, needle: str) -> tuple[int, int] | None:
    """Where `needle` occurs in `text`: exactly, else ignoring differences in white space."""
    needle = (needle or "").strip()
    if not needle:
        return None
    at = text.find(needle)
    if at >= 0:
        return at, at + len(needle)
    words = [re.escape(w) for w in needle.split()]
    if not words:
        return None
    m = re.search(r"\s+".join(words), text)
    if m:
        return m.start(), m.end()
    # a quote whose words run together in the text (Japanese has no spaces to match on)
    m = re.search(r"\s*".join(re.escape(c) for c in needle if not c.isspace()), text)
    return (m.start(), m.end()) if m else None


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def mark_spans(text: str, needles: Iterable[str]) -> tuple[str, int]:
    """(HTML of `text` with every found needle in <mark>, number of needles found)."""
    found = [s for s in (find_span(text, n) for n in needles) if s is not None]
    parts, pos = [], 0
    for start, end in _merge(found):
        parts.append(html.escape(text[pos:start]))
        parts.append(f"<mark>{html.escape(text[start:end])}</mark>")
        pos = end
    parts.append(html.escape(text[pos:]))
    return "".join(parts), len(found)


def provision_html(text: str, needles: Iterable[str] = ()) -> str:
    """A provision's text, wrapped and readable, with the given spans highlighted."""
    body, _ = mark_spans(text, needles)
    return f'<div class="rq-text">{body}</div>'


def answer_html(answer: str, numbers: Iterable[int], anchor_prefix: str = "cite-") -> str:
    """The answer with each `[n]` of a known citation turned into a chip linking to it."""
    known = set(numbers)

    def chip(m: re.Match) -> str:
        n = int(m.group(1))
        if n not in known:
            return m.group(0)
        return f'<a class="rq-chip" href="#{anchor_prefix}{n}" title="Citation {n}">{n}</a>'

    escaped = html.escape(answer or "")
    body = CHIP.sub(chip, escaped).replace("⚠", '<span class="rq-flag">⚠</span>').replace("\n", "<br>")
    return f'<div class="rq-answer">{body}</div>'


def chips_in(answer: str) -> list[int]:
    """The citation numbers an answer uses, in order of first use."""
    seen: list[int] = []
    for m in CHIP.finditer(answer or ""):
        n = int(m.group(1))
        if n not in seen:
            seen.append(n)
    return seen


def query_terms_html(text: str, query: str, min_len: int = 3) -> str:
    """Search-result text with the query's words marked (case-insensitive, whole text kept)."""
    words = sorted({w for w in re.findall(r"\w+", query or "") if len(w) >= min_len}, key=len, reverse=True)
    if not words:
        return f'<div class="rq-text">{html.escape(text)}</div>'
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    parts, pos = [], 0
    for m in pattern.finditer(text):
        parts.append(html.escape(text[pos : m.start()]))
        parts.append(f"<mark>{html.escape(m.group(0))}</mark>")
        pos = m.end()
    parts.append(html.escape(text[pos:]))
    return f'<div class="rq-text">{"".join(parts)}</div>'


def norm(text: str) -> str:
    """Text compared for equality in tests and tables: white space collapsed."""
    return _norm_ws(text)


def unit_html(label: str, text: str, depth: int = 0, marked: bool = False, pin: str = "▶") -> str:
    """One paragraph lead or item line: its label in bold, indented by depth, marked if pinned."""
    body = f"<mark>{html.escape(text)}</mark>" if marked else html.escape(text)
    head = (f"{pin} " if marked else "") + (f"<b>{html.escape(label)}</b> " if label else "")
    return f'<div class="rq-text rq-unit" style="margin-left:{depth * 1.2}em">{head}{body}</div>'


def badge_html(label: str, colour: str, symbol: str = "") -> str:
    """A large coloured pill (the /verify verdict)."""
    text = f"{symbol} {label}".strip()
    return f'<span class="rq-verdict rq-{html.escape(colour)}">{html.escape(text)}</span>'
