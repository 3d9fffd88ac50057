"""Everything an answer says in its own words, in English and Japanese: abstentions, why the
texts cannot answer, and the lines that introduce a quote. Pure; no scoring here."""

from __future__ import annotations

from collections.abc import Sequence

from query.references import place_name

ABSTAIN_EN = "The indexed texts do not answer this question."
ABSTAIN_JA = "索引済みの文書には、この質問に答える規定が見当たりません。"
_LANGUAGE_NAMES = {"en": ("English", "英語"), "ja": ("Japanese", "日本語")}


def abstention(ja: bool, reason: str | None = None) -> str:
    text = ABSTAIN_JA if ja else ABSTAIN_EN
    return f"{text} {reason}" if reason else text


def _places(codes: Sequence[str], ja: bool) -> str:
    return ("、" if ja else ", ").join(place_name(c, ja) for c in codes)


def unindexed_places(missing: Sequence[str], held: Sequence[str], ja: bool) -> str:
    """The question names only places nothing of which is indexed."""
    names, indexed = _places(missing, ja), _places(held, ja)
    return (f"（索引には {names} の文書がありません。収録: {indexed}）" if ja else
            f"No text from {names} is indexed (indexed jurisdictions: {indexed}).")


def other_language_only(place: str, languages: Sequence[str], ja: bool) -> str:
    """The place the question asks about is indexed only in another language than the question's."""
    name = place_name(place, ja)
    held = ("・" if ja else " and ").join(_LANGUAGE_NAMES.get(lang, (lang, lang))[ja] for lang in languages)
    return (f"（{name}の文書は{held}版のみが索引にあり、日本語の質問からは該当する規定を"
            f"特定できません。{held}で質問してください。関連しうる規定を示します。）" if ja else
            f"The texts of {name} are indexed in {held} only; ask in {held} to have a "
            f"provision quoted. The passages below may be related.")


def unindexed_statutes(names: Sequence[str], titles: Sequence[str], ja: bool) -> str:
    """The question names statutes that are none of the indexed documents."""
    named = ("、" if ja else ", ").join(names)
    held = ("、" if ja else "; ").join(titles)
    return (f"（{named}は索引にありません。収録: {held}）" if ja else
            f"The indexed texts do not include the {named} (indexed: {held}).")


def no_such_provision(title: str, provision: str, ja: bool) -> str:
    """The question cites a provision the named document does not have."""
    return f"（{title}に{provision}はありません。）" if ja else f"The {title} as indexed has no {provision}."


def unknown_words(words: Sequence[str]) -> str:
    """Most of an English question's words occur in no indexed text."""
    return f"None of the indexed texts uses the words {', '.join(dict.fromkeys(words))}."


def no_number(ja: bool) -> str:
    """The question asks for a number and the closest provisions state none."""
    return ("（質問は数値を尋ねていますが、該当しうる規定に数値がありません。）" if ja else
            "The question asks for a number, and none of the provisions that come closest states one.")


def quote_line(ref: str, title: str, quote: str, n: int, ja: bool) -> str:
    """One quoted sentence of an answer, introduced by its provision (and its document's title,
    unless `title` is empty: the line before named it)."""
    if ja:
        return f"{title}{ref}：「{quote}」[{n}]"
    return f"{ref} of the {title}: “{quote}” [{n}]" if title else f"{ref}: “{quote}” [{n}]"
