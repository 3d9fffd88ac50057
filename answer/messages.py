"""Everything an answer says in its own words, in English and Japanese: abstentions, why the
texts cannot answer, and the lines that introduce a quote. Pure; no scoring here."""

from __future__ import annotations

from collections.abc import Sequence

from query.places import place_name

ABSTAIN_EN = "The indexed texts do not answer this question."
ABSTAIN_JA = "索引済みの文書には、この質問に答える規定が見当たりません。"
_LANGUAGE_NAMES = {"en": ("English", "英語"), "ja": ("Japanese", "日本語")}


class Finding(str):
    """A reason that is itself what the texts show (the named law has no penal provisions): the
    abstention says it alone, without the line that the texts do not answer."""


def abstention(ja: bool, reason: str | None = None) -> str:
    if isinstance(reason, Finding):
        return str(reason)
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


_NO_NUMBER_EN = "The question asks for a number, and none of the provisions that come closest states one."
_NO_NUMBER_JA = "質問は数値を尋ねていますが、該当しうる規定に数値がありません。"


def no_number(ja: bool) -> str:
    """The question asks for a number and the closest provisions state none."""
    return f"（{_NO_NUMBER_JA}）" if ja else _NO_NUMBER_EN


_CLOSEST_EN = "The provisions below are the closest of it to the question."
_CLOSEST_JA = "以下は、この法律のうち質問に最も近い規定です。"
_THOSE_EN = "Below: {}, then the provisions of it closest to the question."
_THOSE_JA = "以下は、{}と、この法律のうち質問に最も近い規定です。"


def _measures(named: Sequence[tuple[str, Sequence[str]]], ja: bool) -> str:
    """"Article 16(1) speaks of guidance and advice." for each (reference, measures it names)."""
    if ja:
        return "".join(f"{ref}が{'及び'.join(words)}について定めています。" for ref, words in named)
    return " ".join(f"{ref} speaks of {' and '.join(words)}." for ref, words in named)


def _below(measures: Sequence[object], ja: bool) -> str:
    """What the related provisions listed below are: the closest ones, after any that were named."""
    if not measures:
        return _CLOSEST_JA if ja else _CLOSEST_EN
    if ja:
        return _THOSE_JA.format("その規定" if len(measures) == 1 else "それらの規定")
    return _THOSE_EN.format("that provision" if len(measures) == 1 else "those provisions")


def no_penal_provisions(title: str, chapters: Sequence[str], ja: bool,
                        measures: Sequence[tuple[str, Sequence[str]]] = ()) -> Finding:
    """The named law's structure holds no penal chapter and none of its provisions imposes a
    penalty; its table of contents shows what it holds instead, and `measures` the provisions
    that name the supervisory measures it acts through (reference, the measures' words)."""
    toc = ("、" if ja else "; ").join(chapters)
    if ja:
        toc_ja = f"（章立て：{toc}）" if toc else ""
        return Finding(f"{title}には罰則の規定がありません。いずれの章・条も罰金その他の罰を科していません"
                       f"{toc_ja}。{_measures(measures, ja)}{_below(measures, ja)}")
    toc_en = f" (its chapters: {toc})" if toc else ""
    instead = f" {_measures(measures, ja)}" if measures else ""
    return Finding(f"The {title} contains no penal provisions: none of its chapters or articles imposes "
                   f"a fine or a penalty{toc_en}.{instead} {_below(measures, ja)}")


def no_registration_provisions(title: str, ja: bool) -> Finding:
    """No provision of the named law, in any language version, speaks of a registration, licence,
    permit or notification."""
    if ja:
        return Finding(f"{title}には登録、届出、許可又は免許についての規定がありません。{_CLOSEST_JA}")
    return Finding(f"The {title} contains no provision on registration, licences, permits or "
                   f"notifications: none of its articles speaks of one. {_CLOSEST_EN}")


def no_deadline(title: str, ja: bool, in_effect: Sequence[str] = ()) -> Finding:
    """No provision of the named law but its supplementary ones sets a time limit (a period in
    days, weeks, months or years, or a point by which); `in_effect` names the provision that says
    when it takes effect, listed first below."""
    if ja:
        when = "".join(f"施行期日は{ref}が定めています。" for ref in in_effect)
        return Finding(f"{title}には期限の定めがありません。附則を除き、日数・月数・年数などによる期限を"
                       f"定める規定はありません。{when}{_below(in_effect, ja)}")
    when = "".join(f" {ref} says when it takes effect." for ref in in_effect)
    return Finding(f"The {title} sets no deadline: apart from its supplementary provisions, none of its "
                   f"provisions fixes a time limit (in days, weeks, months or years).{when} "
                   f"{_below(in_effect, ja)}")


def no_cycle(title: str, ja: bool) -> Finding:
    """No provision of the named law has anything done at fixed intervals (every so many years,
    annually, periodically)."""
    if ja:
        return Finding(f"{title}には周期の定めがありません。毎年、定期的など、一定の間隔で行うことを"
                       f"定める規定はありません。{_CLOSEST_JA}")
    return Finding(f"The {title} sets no fixed cycle: none of its provisions has anything done every so many "
                   f"years, months or weeks, annually or periodically. {_CLOSEST_EN}")


# the instruments a statute leaves details to (ingest/delegations.py), as each language names them
_INSTRUMENTS = {"Cabinet Order": ("a Cabinet Order", "政令"),
                "Commission rules": ("the Commission's rules", "委員会規則"),  # plural: "which are"
                "Ministerial Ordinance": ("a Ministerial Ordinance", "省令"),
                "local ordinance": ("a local ordinance", "条例"),
                "Presidential Decree": ("a Presidential Decree", "大統領令")}


def left_to_instrument(title: str, provision: str, instrument: str, ja: bool,
                       specific: bool = True) -> Finding:
    """The named law leaves the matter to an instrument (a Cabinet Order, a Presidential Decree,
    a commission's rules) that is none of the indexed texts. `specific`: the provision leaves the
    number asked for there ("for a period ... prescribed by ..."); else only the manner of
    doing something ("pursuant to Order of ..."), so the answer says that no provision states
    the number and that the closest leaves details there, not that it leaves "this"."""
    en_name, ja_name = _INSTRUMENTS.get(instrument, (instrument, instrument))
    are = "are" if en_name.endswith("rules") else "is"
    if ja:
        if not specific:
            return Finding(f"{_NO_NUMBER_JA}最も近い{title}{provision}は、細目を{ja_name}に委ねています。"
                           f"{ja_name}は索引にありません。")
        return Finding(f"{title}{provision}は、この事項を{ja_name}に委ねています。"
                       f"{ja_name}は索引にありません。")
    if not specific:
        return Finding(f"{_NO_NUMBER_EN} The closest, {provision} of the {title}, leaves details to "
                       f"{en_name}, which {are} not among the indexed texts.")
    return Finding(f"{provision} of the {title} leaves this to {en_name}, which {are} not among the "
                   "indexed texts.")


def quote_line(ref: str, title: str, quote: str, n: int, ja: bool) -> str:
    """One quoted sentence of an answer, introduced by its provision (and its document's title,
    unless `title` is empty: the line before named it)."""
    if ja:
        return f"{title}{ref}：「{quote}」[{n}]"
    return f"{ref} of the {title}: “{quote}” [{n}]" if title else f"{ref}: “{quote}” [{n}]"


def version_intro(ref: str, language: str, legal_effect: bool) -> str:
    """How a provision quoted again in the other language version is introduced, in the
    question's language (`ref` written in it), saying whether that version has legal effect."""
    if language == "ja":  # an English question, the Japanese text
        return f"The Japanese text of {ref} ({'authoritative' if legal_effect else 'no legal effect'})"
    return f"{ref}の英語版（{'法的効力あり' if legal_effect else '参考訳、法的効力なし'}）"


def version_line(intro: str, quote: str, n: int, language: str) -> str:
    return f"{intro}: 「{quote}」 [{n}]" if language == "ja" else f"{intro}：「{quote}」[{n}]"
