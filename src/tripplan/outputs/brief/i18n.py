"""Every word of the briefing pack in the reader's language: gettext catalogues, CLDR dates.

One catalogue per language in `locale/<lang>/LC_MESSAGES/tripplan.po` (compiled to `.mo`
by `scripts/catalogues.py`); the English source strings are the message ids.
`en+zh-hant` prints both, English first (Chinese first where `chinese_first`, as on a
driver's sheet).
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tripplan.outputs.brief.cities import chinese_name

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "tripplan"

# --lang value -> the catalogues it prints, in order, and the Babel locale of each.
LANGUAGES: dict[str, tuple[str, ...]] = {
    "en": ("en",),
    "zh-hant": ("zh_Hant",),
    "zh-hans": ("zh_Hans",),
    "en+zh-hant": ("en", "zh_Hant"),
}
_BABEL = {"en": "en_GB", "zh_Hant": "zh_Hant_HK", "zh_Hans": "zh_Hans_CN"}
# The face of the Noto Sans CJK collection each language is set in: Traditional
# Chinese in TC, Simplified in SC (the glyph shapes of the two differ).
FACE_TC, FACE_SC = 3, 2
HTML_LANG = {"en": "en-GB", "zh-hant": "zh-Hant-HK", "zh-hans": "zh-Hans-CN", "en+zh-hant": "en-GB"}


@cache
def catalogue(code: str) -> gettext.NullTranslations:
    """The compiled catalogue of one language (English falls back to the message ids)."""
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=code == "en")


class Both(str):
    """Text in each language of a pack, printed joined ("1 h / 1小時"). Put into another
    message, each language's half takes its own part, so a bilingual line never says a
    thing twice ("Journey: 1 h / 行程時間：1小時"); two of them added go half by half."""

    __slots__ = ("parts", "sep")
    parts: tuple[str, ...]
    sep: str

    def __new__(cls, parts: tuple[str, ...], sep: str = " / ", shown: str | None = None) -> Both:
        # `shown`: how it prints alone when that is shorter than the halves joined.
        text = super().__new__(cls, sep.join(dict.fromkeys(parts)) if shown is None else shown)
        text.parts, text.sep = parts, sep
        return text

    def __add__(self, other: str) -> str:
        if isinstance(other, Both) and len(other.parts) == len(self.parts):
            return Both(tuple(a + b for a, b in zip(self.parts, other.parts, strict=True)))
        return str(self) + other


def joined(sep: str, items: Iterable[str], *, compact: bool = False) -> str:
    """`sep.join(items)`, half by half when some of them are `Both` (printed alone as
    the plain join when `compact`: "08:00 HKT / 香港時間")."""
    items = list(items)
    sizes = {len(i.parts) for i in items if isinstance(i, Both)}
    if len(sizes) != 1:
        return sep.join(items)
    n = sizes.pop()
    halves = (
        sep.join(i.parts[k] if isinstance(i, Both) and len(i.parts) == n else i for i in items)
        for k in range(n)
    )
    seps = {i.sep for i in items if isinstance(i, Both)}
    sep_of = seps.pop() if len(seps) == 1 else " / "
    return Both(tuple(halves), sep_of, sep.join(items) if compact else None)


@dataclass(frozen=True, slots=True)
class Lang:
    """The language a pack is written in: `_` translates, the rest formats values."""

    code: str  # a key of LANGUAGES
    chinese_first: bool = False
    _parts: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        if self.code not in LANGUAGES:
            raise ValueError(f"unknown language {self.code!r}")
        parts = LANGUAGES[self.code]
        if self.chinese_first:
            parts = tuple(sorted(parts, key=lambda p: p == "en"))
        object.__setattr__(self, "_parts", parts)

    @property
    def chinese(self) -> bool:
        """True when the pack has Chinese text of its own (names in `name_local`)."""
        return any(p != "en" for p in self._parts)

    @property
    def face(self) -> int:
        return FACE_SC if self.code == "zh-hans" else FACE_TC if self.chinese else FACE_SC

    @property
    def font_family(self) -> str:
        return "Noto Sans CJK SC" if self.face == FACE_SC else "Noto Sans CJK TC"

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.code]

    def _each(self, message: str, **values: object) -> tuple[str, ...]:
        return tuple(
            catalogue(p).gettext(message).format(**self._values(i, values))
            for i, p in enumerate(self._parts)
        )

    def _values(self, i: int, values: dict[str, object]) -> dict[str, object]:
        """The values for the `i`th language: its own part of those that are `Both`."""
        n = len(self._parts)
        return {
            k: v.parts[i] if isinstance(v, Both) and len(v.parts) == n else v
            for k, v in values.items()
        }

    def _join(self, parts: Iterable[str], sep: str = " / ") -> Both:
        return Both(tuple(parts), sep)

    def _(self, message: str, **values: object) -> str:
        """`message` translated, `{name}` fields filled in; both languages when bilingual."""
        return Both(self._each(message, **values))

    def pair(self, message: str, **values: object) -> str:
        """Like `_`, bilingual on two lines: for table headers and narrow columns."""
        return Both(self._each(message, **values), "\n")

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        return Both(
            tuple(
                catalogue(p).ngettext(singular, plural, n).format(n=n, **self._values(i, values))
                for i, p in enumerate(self._parts)
            )
        )

    def name(self, english: str, local: str | None) -> str:
        """A name as this language prints it: `name_local` in Chinese, both when bilingual."""
        if not local or local == english:
            return english
        if not self.chinese:
            return f"{english} ({local})"
        if len(self._parts) == 1:
            return local
        return f"{local} {english}" if self.chinese_first else f"{english} {local}"

    def city(self, name: str) -> str:
        """A city (written in English in the itinerary) as this language prints it: in
        Chinese by its Chinese name where `cities` knows it ("Shenzhen 深圳" when
        bilingual), else as written."""
        if not self.chinese:
            return name
        local = chinese_name(name, traditional="zh_Hans" not in self._parts)
        if local is None or len(self._parts) == 1:
            return local or name
        # Each language's half its own name: "to Guangzhou / 往廣州" in a message, and
        # "Guangzhou 廣州" alone.
        return Both(tuple(name if part == "en" else local for part in self._parts), " ")

    def date(self, day: dt.date) -> str:
        """Tuesday 25 February 2025 · 2025年2月25日（星期二）"""
        return self._join(_long_date(day, p) for p in self._parts)

    def short_date(self, day: dt.date, sep: str = " / ") -> str:
        """Tue 25 Feb · 2月25日（週二）; `sep` between the two languages."""
        return self._join((_short_date(day, p) for p in self._parts), sep)

    def day(self, day: dt.date) -> str:
        """A date with its year and without its weekday, for dates outside the trip (a
        document's expiry): 30 Apr 2032 · 2032年4月30日"""
        return self._join(_dated(day, p) for p in self._parts)

    def moment(self, moment: dt.datetime) -> str:
        """A date and time: 25 February 2025 14:05 · 2025年2月25日 14:05"""
        return self._join(f"{_day_only(moment.date(), p)} {moment:%H:%M}" for p in self._parts)

    def zone(self, moment: dt.datetime) -> str:
        """The zone a time is in, as people there say it (HKT, 香港時間)."""
        key = getattr(moment.tzinfo, "key", "")
        label = _ZONE_LABELS.get(key)
        if label is None:
            return moment.tzname() or ""
        return self._(label)

    def duration(self, value: dt.timedelta) -> str:
        minutes = round(value.total_seconds() / 60)
        hours, minutes = divmod(minutes, 60)
        if hours and minutes:
            return self._("{hours} h {minutes} min", hours=hours, minutes=minutes)
        if hours:
            return self._("{hours} h", hours=hours)
        return self._("{minutes} min", minutes=minutes)

    def region(self, code: str) -> str:
        """A country or region by its ISO code, as this language names it ("HK" -> Hong
        Kong, 香港; "CN" -> the mainland, 內地: the distinction delegations care about)."""
        known = _REGIONS.get(code)
        if known is not None:
            return self._(known)
        return self._join(_territory(code, p) for p in self._parts)

    def km(self, value: float) -> str:
        amount = f"{value:.1f}" if value < 100 else f"{value:.0f}"
        return self._("{km} km", km=amount)


def N_(message: str) -> str:
    """A message marked for the catalogues where it is written, translated where used."""
    return message


_REGIONS = {"HK": N_("Hong Kong"), "MO": N_("Macao"), "CN": N_("Mainland")}


def _territory(code: str, part: str) -> str:
    from babel import Locale

    return str(Locale.parse(_BABEL[part]).territories.get(code, code))


# Zones delegations meet, labelled as people there write them; others keep the tz
# database's abbreviation.

_ZONE_LABELS = {
    "Asia/Hong_Kong": N_("HKT"),
    "Asia/Shanghai": N_("CST (Beijing)"),
    "Asia/Macau": N_("MOT"),
    "Asia/Taipei": N_("Taipei time"),
}


# The names of days and months as the CLDR writes them in the locales of `_BABEL`: what
# Babel's `format_date` prints for the patterns below (tests/test_brief.py compares them
# day by day with it). Written out here because reading Babel's locale data imports
# `babel.dates`, which looks up the machine's time zone: most of a one-day pack's words.
_WEEKDAYS = {  # Monday first, as date.weekday() counts: EEEE, then EEE
    "en": (
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    ),
    "zh_Hant": (
        ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
        ("週一", "週二", "週三", "週四", "週五", "週六", "週日"),
    ),
    "zh_Hans": (
        ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
        ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    ),
}
_MONTHS = (  # en_GB, January first: MMMM, then MMM (Chinese writes the month's number)
    ("January", "February", "March", "April", "May", "June", "July", "August")
    + ("September", "October", "November", "December"),
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"),
)


def _long_date(day: dt.date, part: str) -> str:
    weekday = _WEEKDAYS[part][0][day.weekday()]
    if part == "en":  # EEEE d MMMM y
        return f"{weekday} {day.day} {_MONTHS[0][day.month - 1]} {day.year}"
    return f"{_ymd(day)}（{weekday}）"  # y年M月d日（EEEE）


def _short_date(day: dt.date, part: str) -> str:
    weekday = _WEEKDAYS[part][1][day.weekday()]
    if part == "en":  # EEE d MMM
        return f"{weekday} {day.day} {_MONTHS[1][day.month - 1]}"
    return f"{day.month}月{day.day}日（{weekday}）"  # M月d日（EEE）


def _dated(day: dt.date, part: str) -> str:
    if part == "en":  # d MMM y
        return f"{day.day} {_MONTHS[1][day.month - 1]} {day.year}"
    return _ymd(day)


def _day_only(day: dt.date, part: str) -> str:
    if part == "en":  # d MMMM y
        return f"{day.day} {_MONTHS[0][day.month - 1]} {day.year}"
    return _ymd(day)


def _ymd(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"  # y年M月d日
