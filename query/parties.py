"""Places where a party to a transfer is, as opposed to the law a question asks about. Pure.

"Can we send customer data to our parent company in the US?" asks what the law binding the
sender requires; the US is where the recipient is. Read as a place whose law is asked about, it
would scope the search to the US texts, or abstain when nothing of the place is indexed ("a
subsidiary in Singapore"). Read as where the recipient is, it says the transfer crosses a border,
and every data protection statute has its own words for that: a third party in a foreign country
(外国にある第三者), providing data overseas. So a place named after a transfer verb, as the place
of the receiving side ("to / in / based in <place>", "a <place>-based vendor", "our <place>
subsidiary", 「<place>の子会社」, 「<place>に移転」), is a party's place, not a law's, unless the
question also names that place's law ("China's rules", "under Korean law", 中国の法令). A party's
place that is not the place of the law asked about (the one named, else the home jurisdiction)
makes the question a cross-border one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from query.names import alias_pattern
from query.places import JURISDICTIONS, mentioned_jurisdictions

# a verb that moves data (or work on it) to someone else; "provide" only with data as its object:
# "provide AI services in Korea" moves nothing and asks about Korea's law
_TRANSFER_EN = re.compile(
    r"\b(?:send|sends|sent|sending|transfer\w*|shar(?:e|es|ed|ing)|mov(?:e|es|ed|ing)|export\w*|disclos\w*"
    r"|outsourc\w*|entrust\w*|stor(?:e|es|ed|ing)|host\w*|upload\w*|transmit\w*|hand\w* over"
    r"|pass\w* (?:on|along)|forward\w*"
    r"|provid\w*\s+(?:\S+\s+){0,3}?(?:data|information|records|files|details))\b",
    re.IGNORECASE)
_TRANSFER_JA = re.compile(r"送|移転|共有|渡|委託|保管|預け|転送|持ち出|越境|(?:データ|情報)を?提供")
# who or what is at the receiving end (not customers or users: serving them in a place may bring
# the business under that place's law, a question about it)
_PARTY_EN = (r"(?:parent|subsidiar(?:y|ies)|affiliates?|branch(?:es)?|offices?|vendors?|suppliers?"
             r"|compan(?:y|ies)|firms?|servers?|cloud|data cent(?:er|re)s?|partners?|contractors?|processors?"
             r"|group|headquarters|HQ|team|colleagues|entit(?:y|ies)|providers?|recipients?)")
_PARTY_JA = (r"(?:親会社|子会社|関連会社|グループ会社|委託先|提供先|取引先|支社|支店|拠点"
             r"|本社|法人|サーバ|クラウド|データセンター|ベンダー|業者|チーム|事務所|会社|企業)")
# a place's name that qualifies a law, an authority or a government: the place asked about
_LAW_EN = (r"(?:'s|’s|\s+(?:law|laws|act|acts|rules?|regulations?|regulators?|framework|measures|guidelines?"
           r"|government|authorit\w*|legislation|statutes?|requirements?|regime))\b")
_LAW_JA = r"の?[^。、？?]{0,12}?(?:法|法令|法律|規制|規則|当局|政府|ルール|基準|ガイドライン)"
# "US" as a word, upper-case only (the places' table leaves it out: "us" is a pronoun)
_US = r"(?-i:(?<![A-Za-z])US(?![A-Za-z]))"


def _place_pattern(code: str) -> str:
    names = [alias_pattern(n).pattern for n in JURISDICTIONS.get(code, ())] + ([_US] if code == "US" else [])
    return "(?:" + "|".join(names) + ")"


def _as_party(text: str, place: str, japanese: bool) -> bool:
    """The text names the place as where the receiving side is."""
    if japanese:
        forms = (rf"{place}(?:の|にある|に所在する|に拠点を置く)[^。、？?]{{0,6}}?{_PARTY_JA}",
                 rf"{place}(?:に|へ)(?:送|移転|渡|転送|持ち出|移)")
    else:
        forms = (rf"\b{_PARTY_EN}\s+(?:located\s+|based\s+|headquartered\s+)?in\s+(?:the\s+)?{place}",
                 rf"\bto\s+(?:the\s+)?{place}", rf"{place}[- ]based\b", rf"{place}\s+{_PARTY_EN}\b")
    return any(re.search(f, text, re.IGNORECASE) for f in forms)


def _as_law(text: str, place: str, japanese: bool) -> bool:
    """The question names the place's law, authority or government ("China's rules", 中国の法令)."""
    if japanese:
        return re.search(place + _LAW_JA, text) is not None
    return re.search(rf"{place}{_LAW_EN}|\bunder\s+(?:the\s+)?{place}", text, re.IGNORECASE) is not None


def split_places(question: str) -> tuple[list[str], list[str]]:
    """The places (jurisdiction codes) the question names, in order of appearance, as two lists:
    those whose law it may ask about, and those it names only as where a receiving party is
    (after a transfer verb, and never as the place of a law)."""
    text = unicodedata.normalize("NFKC", question)
    named = mentioned_jurisdictions(text)
    parties = _party_places(text, named + (["US"] if re.search(_US, text) else []))
    return [j for j in named if j not in parties], parties


def party_places(question: str) -> list[str]:
    """The places the question names only as where a receiving party is (`split_places`)."""
    return split_places(question)[1]


def _party_places(text: str, named: list[str]) -> list[str]:
    japanese = re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text) is not None
    verb = (_TRANSFER_JA if japanese else _TRANSFER_EN).search(text)
    if verb is None:
        return []
    # the receiving side follows an English verb; Japanese puts it before
    rest = text if japanese else text[verb.start():]
    places = {code: _place_pattern(code) for code in JURISDICTIONS if code in named}
    return [code for code, place in places.items()
            if _as_party(rest, place, japanese) and not _as_law(text, place, japanese)]


def crosses_border(parties: Iterable[str], law_places: Iterable[str], home: str) -> bool:
    """A party is in another place than the law asked about (the places named, else home)."""
    law = set(law_places) or {home}
    return any(p not in law for p in parties)
