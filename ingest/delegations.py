"""Where a provision leaves details to another instrument (a delegation). Pure.

「政令で定める」 (a Cabinet Order), 「個人情報保護委員会規則で定める」 (rules of the Commission),
「…省令で定める」 / 「内閣府令で定める」 (a ministerial ordinance), 「条例で定める」 (a local
ordinance); in English "prescribed by Cabinet Order", "specified by Order of the Personal
Information Protection Commission", "as prescribed by Presidential Decree". An answer can then
say that the act leaves the matter to an instrument that is not among the indexed texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CABINET_ORDER = "Cabinet Order"
COMMISSION_RULES = "Commission rules"
MINISTERIAL_ORDINANCE = "Ministerial Ordinance"
LOCAL_ORDINANCE = "local ordinance"
PRESIDENTIAL_DECREE = "Presidential Decree"

_JA = re.compile(r"(?P<body>政令|(?:個人情報保護)?委員会規則|内閣府令|[^\s、。，「」（）]{0,12}?省令|条例)"
                 r"(?:で|により)(?:定める|定めるところ)")
_EN = re.compile(
    r"\b(?:(?:prescribed|specified|provided|set\s+forth|determined|stipulated)\s+(?:for\s+)?(?:by|in)"
    r"|[Pp]ursuant\s+to|in\s+accordance\s+with)\s+"
    r"(?:(?:the|an?)\s+)?(?P<body>Cabinet\s+Order|Presidential\s+Decree"
    r"|(?:Order|[Rr]ules?)\s+of\s+the\s+(?:Personal\s+Information\s+Protection\s+)?Commission"
    r"|Ordinance\s+of\s+the\s+(?:Ministry|Prime\s+Minister)[\w\s]{0,60}?(?=[,.;)]|\s+(?:and|or|as|in)\b)"
    r"|(?:local\s+|prefectural\s+)?[Oo]rdinance)")


# a quantity the instrument is to set, named just before the delegation ("the period ...
# prescribed by Order of the Commission", "the standard prescribed by Presidential Decree") or
# just after it in Japanese (「委員会規則で定める期間」): not the manner of doing something
# ("Pursuant to Order of the Commission, businesses must report ...", 「…で定めるところにより」)
_QUANTITY_BEFORE = re.compile(
    r"\b(?:period(?:\s+of\s+time)?|amount|number|sum|date|day|time(?:\s+limit)?|deadline|fee|rate|level"
    r"|standard|threshold)s?,?(?:\s+as)?\s*$", re.IGNORECASE)
_QUANTITY_AFTER = re.compile(r"(?:一定の)?(?:期間|期限|期日|日|額|金額|数|人数|件数|割合|基準|水準)")


@dataclass(frozen=True)
class Delegation:
    """A matter the text leaves to another instrument: which kind, and where it says so."""

    body: str  # CABINET_ORDER, COMMISSION_RULES, ...
    start: int  # offsets into the passage's text
    end: int


def _ja_body(word: str) -> str:
    if word == "政令":
        return CABINET_ORDER
    if word.endswith("委員会規則"):
        return COMMISSION_RULES
    if word == "条例":
        return LOCAL_ORDINANCE
    return MINISTERIAL_ORDINANCE


def _en_body(words: str) -> str:
    flat = " ".join(words.split())
    if flat == "Cabinet Order":
        return CABINET_ORDER
    if flat == "Presidential Decree":
        return PRESIDENTIAL_DECREE
    if "Commission" in flat:
        return COMMISSION_RULES
    if flat.startswith("Ordinance of the"):
        return MINISTERIAL_ORDINANCE
    return LOCAL_ORDINANCE


def find_delegations(text: str) -> list[Delegation]:
    """Every delegation in `text`, in order of appearance."""
    found = [Delegation(_ja_body(m.group("body")), m.start(), m.end()) for m in _JA.finditer(text)]
    found += [Delegation(_en_body(m.group("body")), m.start(), m.end()) for m in _EN.finditer(text)]
    return sorted(found, key=lambda d: d.start)


def sets_quantity(text: str, delegation: Delegation) -> bool:
    """The delegation leaves a quantity to the instrument (a period, an amount, a number, a date, a
    threshold), not only the manner of doing something: a question for that number is then
    answered there, not in the text."""
    before = text[max(0, delegation.start - 40):delegation.start]
    return bool(_QUANTITY_BEFORE.search(before) or _QUANTITY_AFTER.match(text, delegation.end))


def delegated_to(delegations: tuple[Delegation, ...] | list[Delegation]) -> list[str]:
    """The distinct kinds of instrument, in order of first appearance."""
    return list(dict.fromkeys(d.body for d in delegations))
