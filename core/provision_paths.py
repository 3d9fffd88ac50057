"""Provision paths as people write them: "Article 7(1)(ii)" and 「第七条第一項第二号」. Pure."""

from __future__ import annotations

from core.numerals import to_kanji, to_roman

_IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテ"


def _parts(num: str) -> list[int]:
    """"27-2" -> [27, 2]; non-numeric parts raise ValueError."""
    return [int(p) for p in num.split("-")]


def _en_num(num: str, roman: bool = False) -> str:
    parts = _parts(num)
    head = to_roman(parts[0]) if roman else str(parts[0])
    return "-".join([head, *map(str, parts[1:])])


def _ja_num(num: str, unit: str) -> str:
    """"27-2", "条" -> 第二十七条の二."""
    parts = _parts(num)
    return f"第{to_kanji(parts[0])}{unit}" + "".join("の" + to_kanji(p) for p in parts[1:])


def split_path(path: str) -> list[tuple[str, str]]:
    """"suppl/art-2/para-1" -> [("suppl", ""), ("art", "2"), ("para", "1")]."""
    out = []
    for seg in path.split("/"):
        kind, _, num = seg.partition("-")
        out.append((kind, num))
    return out


def under(path: str, root: str) -> bool:
    """`path` is the provision at `root` or one below it ("art-27/para-5/item-1" under "art-27")."""
    return path == root or path.startswith(root + "/")


def nested(a: str, b: str) -> bool:
    """One provision path is the other or holds it ("art-27/para-5" and "art-27/para-5/item-1")."""
    return under(a, b) or under(b, a)


def human_ref(path: str, lang: str) -> str:
    """A provision path in the words of the given language.

    >>> human_ref("art-2/para-1/item-3", "en")
    'Article 2(1)(iii)'
    >>> human_ref("suppl/art-2/para-1", "ja")
    '附則第二条第一項'
    """
    try:
        return _human_ref_ja(path) if lang == "ja" else _human_ref_en(path)
    except (ValueError, IndexError):
        return path


def _human_ref_en(path: str) -> str:
    out = ""
    for kind, num in split_path(path):
        if kind == "suppl":
            out += "Supplementary Provisions, "
        elif kind == "art":
            out += f"Article {_en_num(num)}"
        elif kind == "para":
            out += f"({_en_num(num)})"
        elif kind == "item":
            out += f"({_en_num(num, roman=True)})"
        elif kind == "subitem":
            out += f"({_en_num(num)})"
        elif kind == "table":
            out += f"Appended Table {_en_num(num)}"
        elif kind == "sec":
            out += f"Section {num}"
        elif kind == "page":
            out += f"{', ' if out else ''}page {num}"
        else:
            out += f" {kind} {num}".rstrip()
    return out.strip()


def _human_ref_ja(path: str) -> str:
    out = ""
    for kind, num in split_path(path):
        if kind == "suppl":
            out += "附則"
        elif kind == "art":
            out += _ja_num(num, "条")
        elif kind == "para":
            out += _ja_num(num, "項")
        elif kind == "item":
            out += _ja_num(num, "号")
        elif kind == "subitem":
            n = _parts(num)[0]
            out += _IROHA[n - 1] if n <= len(_IROHA) else f"({n})"
        elif kind == "table":
            out += "別表" + _ja_num(num, "")
        elif kind == "page":
            out += f"（{num}頁）"
        elif kind == "sec":
            out += f"第{num}節" if num.isdigit() else num
        else:
            out += f"{kind}{num}"
    return out


def make_label(ref: str, lang: str, short_title: str, authority_note: str) -> str:
    """"Article 7(1), AI Promotion Act — English reference translation, no legal effect"."""
    sep = "、" if lang == "ja" else ", "
    return f"{ref}{sep}{short_title} — {authority_note}" if ref else f"{short_title} — {authority_note}"
