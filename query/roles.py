"""Four roles a provision can play that a question may ask for by name: a penalty (a fine, a
sanction, a prison term), a registration (a licence, a permit, a notification to an authority),
a deadline (a time limit in days, weeks, months or years within which, or a point by which,
something must be done; the supplementary provisions aside) and a cycle (something done every so
many years, annually, periodically). A question asks for a role in
everyday words; a law shows one in its own structure and wording: a penal chapter, an article
captioned 罰則, a provision imposing 罰金 or "a fine of not more than", "within thirty days".
Knowing both sides, an answer can say that a named law has no such provision at all instead of
quoting whatever ranked first. Short, general legal vocabulary only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from query.references import without_document_names
from query.statute_names import named_statutes
from query.supplementary import supplementary

PENALTY = "penalty"
REGISTRATION = "registration"
DEADLINE = "deadline"
CYCLE = "cycle"

# what a question asks for. "fine" only as a noun ("a fine", "fines", "fined"): "is it fine to"
# asks nothing about penalties; "permit" only as a noun ("a permit"): "does the Act permit" asks
# what is allowed, not for a permit
_ASKED = {
    PENALTY: re.compile(
        r"\b(?:penalt(?:y|ies)|fines|fined|sanction(?:s|ed)?|punish\w*|imprison\w*|prison terms?"
        r"|criminal (?:liabilit\w*|charges?|offen[cs]es?)|(?:a|any|the|administrative|criminal|maximum|"
        r"monetary) fine)\b|罰|過料|科料|懲役|禁錮|拘禁刑|制裁", re.IGNORECASE),
    REGISTRATION: re.compile(
        r"\b(?:regist(?:er|ers|ered|ering|ration)|licen[cs](?:e|es|ed|ing)|(?:a|an|any) (?:\w+ )?permits?"
        r"|notif(?:y|ies|ied|ication))\b|登録|届出|届け出|許可|免許|認可", re.IGNORECASE),
    # "by when", "how many days": not "when" alone (when a law took effect is a date the
    # supplementary provisions give), "how long" or "how many years" (a term of office, a
    # retention period, a prison term)
    DEADLINE: re.compile(
        r"\b(?:deadlines?|time limits?|by when|how soon|grace periods?"
        r"|how many (?:days|weeks|hours)|within how (?:many|long))\b"
        r"|期限|いつまでに|何日以内|何日まで|何(?:か|ヶ|ヵ|カ|ケ)月以内|何週間以内|何時間以内|猶予期間",
        re.IGNORECASE),
    CYCLE: re.compile(
        r"\b(?:how often|how frequently|how regularly|every how many|at what intervals?"
        r"|(?:what|which) (?:is the )?(?:cycle|frequency|interval))\b"
        r"|何(?:年|か月|ヶ月|カ月)(?:ごと|に一度|おき)|(?:どのくらい|どの程度)の(?:頻度|間隔)|頻度は|周期は",
        re.IGNORECASE),
}

# what shows a provision in that role: its chapter's title, its caption or its text. Broader than
# the question's words on purpose: a law is said to lack a role only when no provision, in any
# language version, uses any of these words ("Legal Liability" only as a title: "liability" in a
# text is as often civil)
_REGISTRATION_WORDS = re.compile(
    r"\bregist|\blicen[cs]|\bpermi(?:t|ssion)|\bnotif|登録|届出|届け出|許可|免許|認可", re.IGNORECASE)
_DEADLINE_WORDS = re.compile(r"期限|\bdeadlines?\b|\btime limits?\b", re.IGNORECASE)
_HELD_TITLE = {
    PENALTY: re.compile(r"罰則|罰金|過料|penal|penalt|sanction|\bfines?\b|legal liabilit|法律责任",
                        re.IGNORECASE),
    REGISTRATION: _REGISTRATION_WORDS,
    DEADLINE: _DEADLINE_WORDS,
    CYCLE: re.compile(r"\bperiodic|定期", re.IGNORECASE),
}
_HELD_TEXT = {
    PENALTY: re.compile(r"罰金|懲役|禁錮|拘禁刑|過料|科料|罰則|\bfines?\b|\bfined\b|penalt(?:y|ies)"
                        r"|imprisonment|\bpunish\w*|\bsanction", re.IGNORECASE),
    REGISTRATION: _REGISTRATION_WORDS,
    # a period counted in days, weeks, months, years or hours within which, or a point by which,
    # something is done ("within thirty (30) days", "no later than", "on or before", 「十日以内に」,
    # 「…までに」): broad on purpose, as a law is said to set none only when nothing matches
    DEADLINE: re.compile(
        _DEADLINE_WORDS.pattern
        + r"|\bwithin (?:a |the )?(?:period of )?(?:[\w-]+ ){0,4}?(?:\(\d+\) )?(?:days?|weeks?|months?|years?"
        r"|hours?)\b|\b(?:no|not) later than\b|\bon or before\b"
        r"|\b(?:days?|weeks?|months?|years?) (?:from|after|before|prior to) the\b"
        r"|(?:日|週間|月|箇月|か月|ヶ月|ヵ月|年|時間)以内|までに|日から起算して|を経過する日", re.IGNORECASE),
    # something done at intervals: "every three years", "annually", "each year", "periodically"
    CYCLE: re.compile(
        r"\bevery (?:[\w-]+ ){0,2}?(?:years?|months?|weeks?|days?)\b|\bannual(?:ly)?\b"
        r"|\beach (?:fiscal |calendar )?year\b|\bonce (?:a|every|per) (?:year|month)\b"
        r"|\bperiodic\w*|\bregularly\b"
        r"|毎年|毎月|年ごと|年に一回|年一回|毎事業年度|定期的", re.IGNORECASE),
}


# what a law gives a public body to act on those it governs, short of a penalty: guidance, advice,
# recommendations, inspections (命令, an order, in Japanese only: English "order" is as often "Cabinet
# Order" or "in order to"). A law with no penal provisions acts on its addressees, if at all, through
# these, so an answer about its penalties points to the provisions that name them.
_MEASURES = re.compile(r"\b(?:guidance|advice|recommendations?|inspections?)\b|指導|助言|勧告|命令|立入検査",
                       re.IGNORECASE)


def supervisory_measures(text: str) -> tuple[str, ...]:
    """The supervisory measures a provision's text names, each once, in the order it names them."""
    return tuple(dict.fromkeys(m.group(0).lower() for m in _MEASURES.finditer(text)))


def asked_roles(question: str, aliases: Mapping[str, Sequence[str]]) -> frozenset[str]:
    """The roles a question asks for by name, in its words outside the names of documents and
    statutes (the "Lantern Licensing Act" asks for no licence)."""
    text = without_document_names(unicodedata.normalize("NFKC", question), aliases)
    for name in named_statutes(text):
        text = text.replace(name, " ")
    return frozenset(role for role, pattern in _ASKED.items() if pattern.search(text))


def provision_roles(chapter: str, caption: str, text: str, path: str = "") -> frozenset[str]:
    """The roles one provision shows: by its chapter's title or caption, or by its text; a period
    in the supplementary provisions (by their `path`) is no deadline."""
    title = f"{chapter}\n{caption}"
    return frozenset(role for role in _ASKED
                     if (_HELD_TITLE[role].search(title) or _HELD_TEXT[role].search(text))
                     and not (role == DEADLINE and supplementary(path)))


def roles_held(provisions: Iterable[tuple[str, str, str, str]]) -> frozenset[str]:
    """The roles some provision of a document shows ((chapter, caption, text, path) of each)."""
    held: set[str] = set()
    for chapter, caption, text, path in provisions:
        held |= provision_roles(chapter, caption, text, path)
    return frozenset(held)
