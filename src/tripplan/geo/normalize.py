"""Keys for forgiving, whole-name matching of place names.

A key is the name folded for comparison: Unicode compatibility forms, case, Latin
diacritics, traditional to simplified Chinese characters, punctuation and spacing all
fold away. Keys are compared for equality only; nothing here ever matches part of a
word, so "Hangzhou" and "Zhangzhou" stay apart.

`hub_key` also splits off a trailing class word ("Railway Station", "International
Airport", "站", "口岸", ...) so that "Hangzhou East", "Hangzhou East Station" and
"杭州东站" can meet while "Hangzhou Airport" and "Hangzhou Station" cannot.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from tripplan.geo._hanfold import SIMPLIFIED, TRADITIONAL

_T2S = str.maketrans(TRADITIONAL, SIMPLIFIED)
_APOSTROPHES = re.compile("['\u2019\u2018\u02bc\u02bb`\u00b4]")
_WORD = re.compile(r"[^\W_]+")
_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

# Trailing class phrases, longest first within each class. English phrases are matched
# as whole words at the end of the name; Chinese ones as a suffix of the last word.
_EN_CLASSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("airport", ("international airport", "intl airport", "airport")),
    (
        "station",
        (
            "high speed railway station",
            "high speed rail station",
            "hsr station",
            "railway station",
            "rail station",
            "train station",
            "station",
            "railway",
        ),
    ),
    (
        "port",
        (
            "boundary control point",
            "control point",
            "checkpoint",
            "port of entry",
            "port",
        ),
    ),
)
_ZH_CLASSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("airport", ("国际机场", "机场")),
    ("port", ("管制站", "口岸")),
    ("station", ("高速铁路站", "高铁站", "火车站", "铁路站", "站")),
)


def _strip_latin_marks(text: str) -> str:
    """Drop accents from Latin letters only (kana voicing marks etc. are kept)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", text):
        if (
            unicodedata.combining(ch)
            and out
            and (out[-1] < "\u0250" or "\u1e00" <= out[-1] <= "\u1eff")
        ):
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def fold_chinese(text: str) -> str:
    """Traditional (and Hong Kong / Taiwan variant) characters to simplified ones."""
    return text.translate(_T2S)


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """The folded words of a name: lower case, no accents, simplified Chinese."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("&", " and ").replace("ß", "ss")
    text = _APOSTROPHES.sub("", text)
    text = _strip_latin_marks(text)
    if _HAN.search(text):
        text = fold_chinese(text)
    return tuple(_WORD.findall(text))


def key(text: str) -> str:
    """The whole-name key: folded words joined without spaces ("Hong Kong" = "Hongkong")."""
    return "".join(words(text))


def hub_key(text: str) -> tuple[str, str | None]:
    """(key without a trailing class phrase, the class: "airport", "station", "port" or None)."""
    parts = list(words(text))
    if not parts:
        return "", None
    for cls, phrases in _EN_CLASSES:
        for phrase in phrases:
            tail = phrase.split()
            if len(parts) > len(tail) and parts[-len(tail) :] == tail:
                return "".join(parts[: -len(tail)]), cls
    last = parts[-1]
    for cls, suffixes in _ZH_CLASSES:
        for suffix in suffixes:
            if last.endswith(suffix) and (len(last) > len(suffix) or len(parts) > 1):
                parts[-1] = last[: -len(suffix)]
                return "".join(parts), cls
    return "".join(parts), None
