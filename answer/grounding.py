"""The grounding guard: every sentence of an answer must be backed by the passages it cites.

Pure logic (plus an optional embedding-similarity hook). Used on every answer, extractive or
generative. For each sentence of the answer text:

1. its `[n]` markers are read; markers naming no passage that was given are removed
   (reason `nonexistent citation`); a sentence left with no marker is unsupported
   (`no citation`);
2. article numbers it mentions ("Article 99", "Art. 9(2)", 「第九十九条」) must occur in a cited
   passage's text or label (`article number not in cited passage`);
3. text it puts in quotation marks must occur verbatim (after NFKC and whitespace collapsing)
   in a cited passage (`quote not in cited passage`);
4. a sentence must not repeat a span of a passage that reads as an instruction to the reader
   or to an AI ("ignore the previous instructions ...") (`follows an instruction found in a
   passage`): passage text is data, never an instruction;
5. its content must be supported: the share of its keyword tokens found in the cited passages
   (lexical containment) at least `min_containment`, or, when an embedding scorer is given,
   containment at least `min_containment_with_sim` and cosine similarity to the best cited
   sentence at least `min_similarity` (`not supported by cited passage`). An optional judge
   (an NLI model or an LLM) has the last word on sentences that pass 1-4.

Unsupported sentences are dropped (mode `drop`) or kept and marked (mode `flag`); either way
they are listed with their reason. The thresholds are calibrated on labelled pairs built from
the corpus: see eval/calibrate_grounding.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from core.numerals import kanji_to_int
from core.sentences import split_sentences
from index.tokenize import tokenize

# similarity(sentence, candidate texts) -> cosine similarities, one per candidate
Similarity = Callable[[str, list[str]], np.ndarray]
# judge(sentence, cited passage texts) -> True when the passages entail the sentence
Judge = Callable[[str, list[str]], bool]

FLAG_MARK = "⚠"
REASON_NO_CITATION = "no citation"
REASON_BAD_CITATION = "nonexistent citation"
REASON_ARTICLE = "article number not in cited passage"
REASON_QUOTE = "quote not in cited passage"
REASON_INSTRUCTION = "follows an instruction found in a passage"
REASON_UNSUPPORTED = "not supported by cited passage"
REASON_JUDGE = "judge found it not entailed"

_MARKER = re.compile(r"\s*\[(\d{1,3})\]")
_ARTICLE_EN = re.compile(r"\b(?:Article|Art\.|Section|Sec\.)\s*(\d+(?:-\d+)?)", re.IGNORECASE)
_JA_NUM = "[〇一二三四五六七八九十百千0-9０-９]+"
_ARTICLE_JA = re.compile(f"第({_JA_NUM})条(?:の({_JA_NUM}))?")
_QUOTES = (("“", "”"), ("「", "」"), ("\"", "\""), ("『", "』"))
_INSTRUCTION = re.compile(
    r"(ignore|disregard|forget)\b[^.。]{0,60}\b(instruction|prompt|rule|above|previous|prior)"
    r"|\b(system prompt|you are (now )?(an? )?(ai|assistant|model|chatbot))\b"
    r"|\b(as an ai|language model|assistant)\b[^.。]{0,40}\b(must|should|shall|will)\b"
    r"|\b(answer|reply|respond|say|state|tell the user)\b[^.。]{0,30}\b(that|with|only)\b[^.。]{0,80}"
    r"\b(regardless|instead|no matter|always)\b"
    r"|(以前|前|上記)の(指示|命令)を無視|指示を無視|システムプロンプト",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class GuardSettings:
    mode: str = "drop"  # drop | flag
    min_containment: float = 0.9
    min_containment_with_sim: float = 0.7
    min_similarity: float = 0.92


@dataclass(frozen=True)
class CitedPassage:
    """What the guard needs of a passage given to the answerer, under its [n] number."""

    text: str
    label: str = ""


@dataclass
class Removed:
    sentence: str
    reason: str
    action: str  # dropped | flagged


@dataclass
class GroundingResult:
    text: str  # the answer text after the guard
    kept_numbers: list[int]  # [n] markers still used, in order of first use
    grounded_share: float | None  # supported sentences / sentences checked; None if none
    removed: list[Removed] = field(default_factory=list)
    checked: int = 0

    @property
    def empty(self) -> bool:
        return not self.text.strip() or not self.kept_numbers


def normalize(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


def article_numbers(text: str) -> set[str]:
    """Article numbers a text names, as "22" or "27-2", from English and Japanese forms."""
    found = {m.group(1) for m in _ARTICLE_EN.finditer(text)}
    for m in _ARTICLE_JA.finditer(text):
        num = str(kanji_to_int(m.group(1)))
        found.add(f"{num}-{kanji_to_int(m.group(2))}" if m.group(2) else num)
    return found


def quoted_spans(text: str, min_chars: int = 8) -> list[str]:
    """Text inside quotation marks (English curly or straight quotes, Japanese brackets)."""
    spans: list[str] = []
    for open_, close in _QUOTES:
        least = min_chars if open_ in "“\"" else max(2, min_chars // 2)
        pattern = f"{re.escape(open_)}([^{re.escape(close)}]{{{least},}}){re.escape(close)}"
        spans.extend(m.group(1) for m in re.finditer(pattern, text))
    return spans


def _strip_ellipsis_parts(quote: str) -> list[str]:
    return [p.strip(" ,;:") for p in re.split(r"\s*(?:\.\.\.|…)\s*", quote) if p.strip(" ,;:")]


_MARKER_GROUP = re.compile(r"(?:\s*\[\d{1,3}\])+[.。!?]?")
_Q_OPEN, _Q_CLOSE = "“「『(（", "”」』)）"


def _plain_sentences(segment: str) -> list[str]:
    """Split at . ! ? 。 outside quotation marks and brackets, before a space or the end."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(segment):
        if ch in _Q_OPEN:
            depth += 1
        elif ch in _Q_CLOSE:
            depth = max(0, depth - 1)
        elif ch in ".!?。" and depth == 0:
            nxt = segment[i + 1 : i + 2]
            if ch == "。" or nxt == "" or (nxt.isspace() and segment[i + 2 : i + 3][:1].isupper()):
                out.append(segment[start : i + 1])
                start = i + 1
    out.append(segment[start:])
    return [s.strip() for s in out if s.strip()]


def split_answer(text: str) -> list[str]:
    """The answer's sentences, each with the [n] markers that follow it.

    A line is cut after each group of markers (with its closing punctuation); text between
    two groups is cut further at sentence ends, so a sentence without a marker of its own is
    seen as uncited. Quoted text is never cut.
    """
    out: list[str] = []
    for line in text.split("\n"):
        pos = 0
        for m in _MARKER_GROUP.finditer(line):
            pieces = _plain_sentences(line[pos : m.start()])
            if pieces:
                pieces[-1] = pieces[-1] + m.group(0)
                out.extend(pieces)
            pos = m.end()
        out.extend(_plain_sentences(line[pos:]))
    return [s.strip() for s in out if s.strip()]


def markers(sentence: str) -> list[int]:
    return [int(m.group(1)) for m in _MARKER.finditer(sentence)]


def strip_markers(sentence: str) -> str:
    return _MARKER.sub("", sentence).strip()


def instruction_spans(text: str) -> list[str]:
    """Sentences of a passage that read as instructions to an AI or to the reader of a prompt."""
    return [text[a:b] for a, b in split_sentences(text) if _INSTRUCTION.search(text[a:b])]


def containment(sentence: str, support: str) -> float:
    """Share of the sentence's keyword tokens that occur in the support text."""
    toks = tokenize(sentence)
    if not toks:
        return 1.0
    have = set(tokenize(support))
    return sum(1 for t in toks if t in have) / len(toks)


class GroundingGuard:
    def __init__(self, settings: GuardSettings | None = None, similarity: Similarity | None = None,
                 judge: Judge | None = None) -> None:
        self.settings = settings or GuardSettings()
        if self.settings.mode not in ("drop", "flag"):
            raise ValueError(f"grounding mode must be 'drop' or 'flag', not {self.settings.mode!r}")
        self.similarity = similarity
        self.judge = judge

    def check_sentence(self, sentence: str, passages: Mapping[int, CitedPassage]) -> tuple[str, str | None]:
        """(sentence with nonexistent markers removed, reason it is unsupported or None)."""
        cited = [n for n in markers(sentence) if n in passages]
        bad = [n for n in markers(sentence) if n not in passages]
        cleaned = sentence
        for n in bad:
            cleaned = re.sub(r"\s*\[" + str(n) + r"\]", "", cleaned)
        body = strip_markers(cleaned)
        if not cited:
            return cleaned, REASON_BAD_CITATION if bad else REASON_NO_CITATION
        texts = [passages[n].text for n in dict.fromkeys(cited)]
        labels = [passages[n].label for n in dict.fromkeys(cited)]
        support_text = normalize("\n".join(texts))
        # 2. article numbers
        allowed = article_numbers("\n".join(texts + labels))
        if article_numbers(body) - allowed:
            return cleaned, REASON_ARTICLE
        # 3. quotes must be verbatim
        for quote in quoted_spans(body):
            if any(normalize(part) not in support_text for part in _strip_ellipsis_parts(quote)):
                return cleaned, REASON_QUOTE
        # 4. planted instructions: the sentence must not repeat one
        for instr in (s for t in texts for s in instruction_spans(t)):
            if containment(body, instr) >= 0.6 or _INSTRUCTION.search(body):
                return cleaned, REASON_INSTRUCTION
        # 5. support
        clean_texts = [_without(t, instruction_spans(t)) for t in texts]
        full_support = "\n".join(clean_texts + labels)
        cont = containment(body, full_support)
        ok = cont >= self.settings.min_containment
        if not ok and self.similarity is not None and cont >= self.settings.min_containment_with_sim:
            units = [t[a:b] for t in clean_texts for a, b in split_sentences(t)] or clean_texts
            sims = self.similarity(body, units)
            ok = bool(len(sims)) and float(np.max(sims)) >= self.settings.min_similarity
        if not ok:
            return cleaned, REASON_UNSUPPORTED
        if self.judge is not None and not self.judge(body, texts):
            return cleaned, REASON_JUDGE
        return cleaned, None

    def check(self, text: str, passages: Mapping[int, CitedPassage]) -> GroundingResult:
        sentences = split_answer(text)
        kept: list[str] = []
        removed: list[Removed] = []
        used: list[int] = []
        supported = 0
        line_of = _line_index(text, sentences)
        out_lines: dict[int, list[str]] = {}
        for sentence, line_no in zip(sentences, line_of, strict=True):
            cleaned, reason = self.check_sentence(sentence, passages)
            if reason is None:
                supported += 1
                kept.append(cleaned)
                out_lines.setdefault(line_no, []).append(cleaned)
                used.extend(n for n in markers(cleaned) if n not in used)
                continue
            if reason == REASON_BAD_CITATION or self.settings.mode == "drop" or not markers(cleaned):
                removed.append(Removed(strip_markers(sentence) or sentence, reason, "dropped"))
            else:  # flag: kept, visibly marked
                removed.append(Removed(strip_markers(sentence), reason, "flagged"))
                out_lines.setdefault(line_no, []).append(f"{cleaned} {FLAG_MARK}")
                used.extend(n for n in markers(cleaned) if n not in used)
        joined = "\n".join(" ".join(out_lines[i]) for i in sorted(out_lines))
        share = supported / len(sentences) if sentences else None
        return GroundingResult(joined, used, share, removed, len(sentences))


def _without(text: str, spans: Sequence[str]) -> str:
    for s in spans:
        text = text.replace(s, " ")
    return text


def _line_index(text: str, sentences: Sequence[str]) -> list[int]:
    """The line of the answer each sentence came from (answers keep their line layout)."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    out, li, pos = [], 0, 0
    for s in sentences:
        while li < len(lines) and lines[li].find(s, pos) < 0:
            li, pos = li + 1, 0
        if li >= len(lines):
            out.append(len(lines))
            continue
        pos = lines[li].find(s, pos) + len(s)
        out.append(li)
    return out
