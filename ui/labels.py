"""Words the pages show: verdict badges, the authority of a text, provision paths as people
write them, the API status banner. Pure functions, no Streamlit."""

from __future__ import annotations

import re
from typing import Any

VERDICTS: dict[str, tuple[str, str, str]] = {  # verdict -> (label, badge colour, symbol)
    "exact_quote": ("Exact quote", "green", "✓"),
    "supported_paraphrase": ("Supported paraphrase", "blue", "≈"),
    "not_supported": ("Not supported", "red", "✗"),
    "no_such_provision": ("No such provision", "gray", "∅"),
}

# the answer's confidence (answer/confidence.py) -> (label, badge colour, what it rests on); it is
# about which provision is cited first, not about whether the texts answer the question
_NOT_AN_ANSWER_CHECK = " It does not say whether the texts answer the question: read the quote."
CONFIDENCE: dict[str, tuple[str, str, str]] = {
    "high": ("Cited provision: high confidence", "green",
             "The meaning and the keyword rankings both put the cited provision first (or one of "
             "them does and the question names its article by caption), or the question cites it "
             "by number." + _NOT_AN_ANSWER_CHECK),
    "medium": ("Cited provision: medium confidence", "orange",
               "One of the two rankings puts the cited provision first, or the question names its "
               "article by caption and neither ranking does: check it against the provisions "
               "ranked close." + _NOT_AN_ANSWER_CHECK),
    "low": ("Cited provision: low confidence", "red",
            "Neither ranking puts the cited provision first; such a provision is wrong more often "
            "than right. Check the provisions ranked close." + _NOT_AN_ANSWER_CHECK),
}
LANGUAGES = {"ja": "Japanese", "en": "English", "ko": "Korean", "zh": "Chinese"}
JURISDICTIONS = {"JP": "Japan", "KR": "Korea", "CN": "China", "US": "United States", "EU": "EU"}
ORIGINAL_PREVAILS = "English reference translation — no legal effect; the Japanese text prevails"
OLDER_THAN_ORIGINAL = "older than the current Japanese text"
ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def verdict_badge(verdict: str) -> tuple[str, str, str]:
    """(label, colour, icon) of a /verify verdict; an unknown verdict is shown as it came."""
    return VERDICTS.get(verdict, (verdict.replace("_", " ").capitalize(), "orange", "?"))


def confidence_badge(level: str | None) -> tuple[str, str, str] | None:
    """(label, colour, explanation) of an answer's confidence; None when it gives none."""
    return CONFIDENCE.get(level) if level else None


def language_name(code: str) -> str:
    return LANGUAGES.get(code, code)


def is_older_translation(version: dict[str, Any]) -> bool:
    """A translation of an earlier edition than the original it stands beside (APPI English)."""
    text = str(version.get("version", "")) + " " + str(version.get("label", ""))
    return bool(version.get("changed_since_translation")) or "older than" in text.lower()


def authority_notes(version: dict[str, Any], languages: list[str] | tuple[str, ...] = ()) -> list[str]:
    """What a reader must know about how far this text binds, most important first.

    `version` is a ProvisionVersion / Citation record; `languages` the languages the provision
    exists in (a translation beside a Japanese original is told that the original prevails).
    """
    notes: list[str] = []
    lang = version.get("language", "")
    binding = bool(version.get("legal_effect"))
    if binding:
        notes.append(f"{language_name(lang)} original — has legal effect")
    elif lang == "en" and "ja" in languages:
        notes.append(ORIGINAL_PREVAILS)
    else:
        authority = str(version.get("authority", "")).strip()
        notes.append(authority or "no legal effect stated")
    if not binding and is_older_translation(version):
        notes.append(f"This translation is {OLDER_THAN_ORIGINAL}")
    return notes


def version_mismatch(left: dict[str, Any] | None, right: dict[str, Any] | None) -> str:
    """A warning when two language versions of a provision are not of the same edition, else ''."""
    if not left or not right:
        return ""
    older = [v for v in (left, right) if is_older_translation(v)]
    if older:
        v = older[0]
        return (
            f"Version mismatch: the {language_name(v.get('language', ''))} text is {OLDER_THAN_ORIGINAL} "
            f"({v.get('version', '')}); where they differ, the Japanese text is the law."
        )
    if left.get("version") and right.get("version") and left["version"] != right["version"]:
        return (
            f"The texts carry different version labels ({language_name(left.get('language', ''))}: "
            f"{left['version']}; {language_name(right.get('language', ''))}: {right['version']})."
        )
    return ""


def roman(n: int) -> str:
    out = []
    for value, letters in ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def short_ref(path: str) -> str:
    """`art-27-2/para-1/item-3` -> `Article 27-2(1)(iii)`; `suppl/art-1` -> `Suppl. Article 1`."""
    parts = [p for p in path.strip("/").split("/") if p]
    out, prefix = "", ""
    for part in parts:
        kind, _, num = part.partition("-")
        if kind == "suppl":
            prefix = "Suppl. " if not num else f"Suppl. ({num}) "
        elif kind == "art":
            out += f"Article {num}"
        elif kind == "para":
            out += f"({num})"
        elif kind == "item":
            first, _, rest = num.partition("-")
            out += f"({roman(int(first))}{'-' + rest if rest else ''})" if first.isdigit() else f"({num})"
        elif kind == "subitem":
            out += f"({num})"
        elif kind == "table":
            out += f"Appended Table {num}"
        else:
            out += part
    return (prefix + out).strip() or path


def status_banner(api_base: str, health: dict[str, Any] | None, error: str | None) -> tuple[str, str] | None:
    """(level, markdown) for the top of every page when the API is down or has no index; None if fine."""
    if error is not None:
        return (
            "error",
            f"**The API is not reachable** at `{api_base}` — {error}.\n\n"
            "Start it with `regqa serve` (or `make demo` for the API and this UI together); "
            "if it runs elsewhere, set `REGQA_API_URL` to its address and restart the UI.",
        )
    if health is None or health.get("status") != "ok":
        reason = (health or {}).get("status") or "no index loaded"
        return (
            "warning",
            f"**The API at `{api_base}` has no index loaded** — {reason}.\n\n"
            "Build one with `regqa build` (or `make build`), then restart `regqa serve` "
            "or call `POST /admin/reload`.",
        )
    return None


def clean_question(text: str) -> str:
    """The question as sent: surrounding space trimmed, inner runs of space collapsed."""
    return re.sub(r"\s+", " ", text or "").strip()
