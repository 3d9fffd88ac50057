"""Places a question names: the table of jurisdictions with their names in English and
Japanese, and finding, naming and removing them in a question. Pure."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from query.names import alias_pattern

JURISDICTIONS: dict[str, tuple[str, ...]] = {
    "JP": ("Japan", "Japanese", "日本", "我が国"),
    "KR": ("Korea", "Korean", "韓国"),
    "CN": ("China", "Chinese", "PRC", "中国"),
    "US": ("United States", "U.S.", "USA", "American", "NIST", "米国", "アメリカ"),
    "US-CA": ("California", "Californian", "CCPA", "CPRA", "カリフォルニア"),
    "EU": ("EU", "European Union", "Europe", "European", "欧州", "ＥＵ",
           "GDPR", "General Data Protection Regulation"),
    "GB": ("United Kingdom", "UK", "Britain", "British", "英国", "イギリス"),
    "FR": ("France", "French", "フランス"),
    "DE": ("Germany", "German", "ドイツ"),
    "IT": ("Italy", "Italian", "イタリア"),
    "ES": ("Spain", "Spanish", "スペイン"),
    "CH": ("Switzerland", "Swiss", "スイス"),
    "CA": ("Canada", "Canadian", "カナダ", "PIPEDA"),
    "SG": ("Singapore", "シンガポール"),
    "IN": ("India", "Indian", "インド", "DPDP"),
    "BR": ("Brazil", "Brazilian", "ブラジル", "LGPD"),
    "AU": ("Australia", "Australian", "オーストラリア"),
    "NZ": ("New Zealand", "ニュージーランド"),
    "TW": ("Taiwan", "Taiwanese", "台湾"),
    "HK": ("Hong Kong", "香港"),
    # other trading partners, so that a question naming one is read as naming a place (none of
    # them is indexed); names that are also common words or sit inside other words are left out
    # (Polish, Georgia, Turkey; タイ in タイプ, チリ)
    "VN": ("Vietnam", "Viet Nam", "Vietnamese", "ベトナム"),
    "TH": ("Thailand", "Thai"),
    "PH": ("Philippines", "Philippine", "Filipino", "フィリピン"),
    "ID": ("Indonesia", "Indonesian"),
    "MY": ("Malaysia", "Malaysian", "マレーシア"),
    "MX": ("Mexico", "Mexican", "メキシコ"),
    "RU": ("Russia", "Russian", "ロシア"),
    "NL": ("Netherlands", "Dutch", "オランダ"),
    "IE": ("Ireland", "Irish", "アイルランド"),
    "SE": ("Sweden", "Swedish", "スウェーデン"),
    "IL": ("Israel", "Israeli", "イスラエル"),
    "ZA": ("South Africa", "South African", "南アフリカ"),
    "SA": ("Saudi Arabia", "Saudi", "サウジアラビア"),
    "AE": ("United Arab Emirates", "UAE", "Emirati", "アラブ首長国連邦"),
    "AR": ("Argentina", "Argentine", "Argentinian", "アルゼンチン"),
    "BE": ("Belgium", "Belgian", "ベルギー"),
    "AT": ("Austria", "Austrian", "オーストリア"),
    "DK": ("Denmark", "Danish", "デンマーク"),
    "NO": ("Norway", "Norwegian", "ノルウェー"),
    "FI": ("Finland", "Finnish", "フィンランド"),
    "PT": ("Portugal", "Portuguese", "ポルトガル"),
    "PK": ("Pakistan", "Pakistani", "パキスタン"),
    "BD": ("Bangladesh", "Bangladeshi", "バングラデシュ"),
    "EG": ("Egypt", "Egyptian", "エジプト"),
    "NG": ("Nigeria", "Nigerian", "ナイジェリア"),
    "KE": ("Kenya", "Kenyan", "ケニア"),
}


def place_name(code: str, japanese: bool = False) -> str:
    """A jurisdiction's name for a message ("FR" -> "France", or フランス), the code if unknown."""
    names = JURISDICTIONS.get(code, ())
    if japanese:
        names = tuple(n for n in names if re.search(r"[\u3040-\u9fff]", n))
    return names[0] if names else code


# longest first, so that "European Union" goes before "Europe" can leave "Union" behind
_PLACE_NAMES = sorted({n for names in JURISDICTIONS.values() for n in names}, key=len, reverse=True)
_PLACE_CODE = {unicodedata.normalize("NFKC", n).lower(): code
               for code, names in JURISDICTIONS.items() for n in names}
# any place's name, longest first (one pass over a question instead of one per name), and with
# its possessive: what is taken out of a question
_ANY_PLACE = re.compile("(" + "|".join(alias_pattern(n).pattern for n in _PLACE_NAMES) + ")", re.IGNORECASE)
_NAMED_PLACE = re.compile(_ANY_PLACE.pattern + r"(?:'s|’s)?", re.IGNORECASE)
# a place's name (with its possessive or の) right at the end of a text: it qualifies what follows
_QUALIFIER = re.compile("(" + "|".join(alias_pattern(n).pattern for n in _PLACE_NAMES) + ")"
                        + r"(?:'s|’s)?\s*の?\s*$", re.IGNORECASE)


@lru_cache(maxsize=512)  # read several times per question (its terms, each sentence, the keyword query)
def without_place_names(query: str) -> str:
    """The query with the jurisdictions' names taken out ("Is Japan committed to ...?" -> "Is
    committed to ...?"), a possessive with them; NFKC-normalised, or the query itself when nothing
    else is left."""
    text = _NAMED_PLACE.sub(" ", unicodedata.normalize("NFKC", query))
    text = " ".join(text.split())
    return text if re.search(r"\w{2,}", text) else query


def place_before(text: str, start: int) -> str | None:
    """The jurisdiction whose name stands right before position `start` of `text` and qualifies
    what follows ("China's |Personal ...", "the EU |AI Act", 「中国の|個人情報保護法」), or None."""
    m = _QUALIFIER.search(text[max(0, start - 40):start])
    return _PLACE_CODE[m.group(1).lower()] if m else None


def mentioned_jurisdictions(query: str) -> list[str]:
    """Jurisdiction codes named in the query, in order of appearance."""
    return list(_mentioned(query))


@lru_cache(maxsize=512)
def _mentioned(query: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKC", query)
    out: list[str] = []
    for m in _ANY_PLACE.finditer(text):
        code = _PLACE_CODE[unicodedata.normalize("NFKC", m.group(1)).lower()]
        if code not in out:
            out.append(code)
    return tuple(out)
