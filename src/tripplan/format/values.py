"""The small value types of the format: slugs, clock times, durations, time zones.

Each parser raises a PydanticCustomError whose message says what to write instead, so
that a schema problem reads as advice rather than as a validator's complaint.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
CLOCK_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9](\+[0-9])?$"
DURATION_PATTERN = r"^(?=[0-9])([0-9]+h)?([0-9]+m)?$"

# Nothing on a delegation's programme lasts longer; a bigger number is a typo.
MAX_DURATION = timedelta(days=31)
# Dates beyond these are typos too, and would overflow date arithmetic near year 9999.
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2199, 12, 31)

_CLOCK = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])(?:\+([0-9]))?$")
_DURATION = re.compile(r"^(?:([0-9]{1,6})h)?(?:([0-9]{1,6})m)?$")


class Strict(BaseModel):
    """A part of the format. Unknown keys are errors: a typo such as `venu:` must not
    pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


Text = Annotated[str, Field(min_length=1)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$", examples=["CN", "HK"])]


def _text(value: Any, what: str, example: str) -> str:
    if isinstance(value, str):
        return value.strip()
    raise PydanticCustomError(
        "text_type",
        "{what} should be written as text, e.g. {example}",
        {"what": what, "example": example},
    )


def slug_advice(text: str) -> str:
    suggestion = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "my-id"
    return (
        f"'{text}' is not a valid id: use lower-case letters, digits and hyphens, "
        f"e.g. '{suggestion}'"
    )


@dataclass(frozen=True, slots=True)
class ClockTime:
    """A wall-clock time as written, `days` after the day it belongs to ("06:10+1")."""

    time: time
    days: int = 0

    def __str__(self) -> str:
        suffix = f"+{self.days}" if self.days else ""
        return f"{self.time:%H:%M}{suffix}"


# Texts already read, and what they mean: a trip writes the same few times and durations
# thousands of times, and their values are immutable. Bounded, whatever a file holds.
_KNOWN_CLOCKS: dict[str, ClockTime] = {}
_KNOWN_DURATIONS: dict[str, timedelta] = {}
_KNOWN_MAX = 4096


def parse_clock(value: Any) -> ClockTime:
    if value.__class__ is str:
        known = _KNOWN_CLOCKS.get(value)
        if known is None:
            known = _parse_clock(value)
            if len(_KNOWN_CLOCKS) < _KNOWN_MAX:
                _KNOWN_CLOCKS[value] = known
        return known
    return _parse_clock(value)


def _parse_clock(value: Any) -> ClockTime:
    if isinstance(value, ClockTime):
        return value
    if isinstance(value, time):
        return ClockTime(value)
    text = _text(value, "a time", '"09:30"')
    match = _CLOCK.match(text)
    if match:
        hour, minute, days = match.groups()
        return ClockTime(time(int(hour), int(minute)), int(days or 0))
    intended = intended_clock(text)
    if intended is not None:
        raise PydanticCustomError(
            "clock_time",
            '\'{value}\' is not a time: write "{intended}" ("HH:MM" in quotes, 24-hour clock)',
            {"value": text, "intended": intended},
        )
    raise PydanticCustomError(
        "clock_time",
        "'{value}' is not a time: write it as \"HH:MM\" in quotes, 24-hour clock, "
        'e.g. "09:30" or "06:10+1" for the next day',
        {"value": text},
    )


_LOOSE_CLOCK = re.compile(
    r"^([0-9]{1,2})(?:\s*[.:：h]\s*([0-5][0-9])(?::00)?)?\s*(am|pm|a\.m\.|p\.m\.)?$",
    re.IGNORECASE,
)


def intended_clock(text: str) -> str | None:
    """ "HH:MM" for a time written another way whose meaning is clear, else None.

    16.30, 16h30, 16：30 (a Chinese full-width colon), 16:30:00, 1630, 4:30 pm, 4pm;
    24:00 is midnight at the end of the day, "00:00+1".
    """
    text = text.strip()
    if re.fullmatch(r"[0-9]{4}", text):
        text = f"{text[:2]}:{text[2:]}"
    match = _LOOSE_CLOCK.match(text)
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    half = (match.group(3) or "").replace(".", "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif match.group(2) is None:
        return None  # a bare number is not clearly a time
    if (hour, minute) == (24, 0):
        return "00:00+1"
    if hour > 23:
        return None
    return f"{hour:02d}:{minute:02d}"


_LOOSE_DURATION = re.compile(
    # Bounded digits: a length of a million hours is a typo, not a float to overflow.
    r"^(?:([0-9]{1,6}(?:[.,][0-9]{1,3})?)\s*(?:h|hr|hrs|hour|hours|小时|小時)\s*)?"
    r"(?:([0-9]{1,6})\s*(m|min|mins|minute|minutes|分钟|分鐘|分)?)?$",
    re.IGNORECASE,
)


def intended_duration(text: str) -> str | None:
    """1h30m for a length written another way whose meaning is clear, else None.

    90 min, 90min, 90 minutes, 1 h 30, 1h30, 1.5 hours, 1:30; a number alone is read
    as minutes only when it is too long to be hours (15 and more).
    """
    text = text.strip()
    if match := re.fullmatch(r"([0-9]{1,2}):([0-5][0-9])", text):
        minutes = int(match.group(1)) * 60 + int(match.group(2))
    elif match := _LOOSE_DURATION.match(text):
        hours, rest, unit = match.groups()
        if hours is None and rest is None:
            return None
        if hours is None and unit is None and int(rest) < 15:
            return None  # "2": two hours or two minutes?
        minutes = round(float((hours or "0").replace(",", ".")) * 60) + int(rest or 0)
    else:
        return None
    if not 0 < minutes <= MAX_DURATION // timedelta(minutes=1):
        return None
    return format_duration(timedelta(minutes=minutes))


def parse_duration(value: Any) -> timedelta:
    if value.__class__ is str:
        known = _KNOWN_DURATIONS.get(value)
        if known is None:
            known = _parse_duration(value)
            if len(_KNOWN_DURATIONS) < _KNOWN_MAX:
                _KNOWN_DURATIONS[value] = known
        return known
    return _parse_duration(value)


def _parse_duration(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    written = _text(value, "a duration", "1h30m")
    text = written.replace(" ", "")
    match = _DURATION.match(text)
    if not text or not match:
        intended = intended_duration(written)
        if intended is not None:
            raise PydanticCustomError(
                "duration",
                "'{value}' is not a duration: write {intended}",
                {"value": written, "intended": intended},
            )
        raise PydanticCustomError(
            "duration",
            "'{value}' is not a duration: write hours and minutes like 45m, 1h or 1h30m",
            {"value": written},
        )
    hours, minutes = match.groups()
    # Compare as plain integers: timedelta itself overflows on absurd numbers.
    total_minutes = int(hours or 0) * 60 + int(minutes or 0)
    if total_minutes > MAX_DURATION // timedelta(minutes=1):
        raise PydanticCustomError(
            "duration",
            "'{value}' is longer than {days} days: split it over several days or events",
            {"value": text, "days": MAX_DURATION.days},
        )
    return timedelta(minutes=total_minutes)


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


def intended_date(text: str) -> str | None:
    """YYYY-MM-DD for a date written another way whose meaning is clear, else None.

    2025/02/25, 2025.2.25, 2025年2月25日, 25 Feb 2025, Feb 25, 2025; 25/02/2025 only when
    the day cannot be a month (03/02/2025 could be either).
    """
    text = text.strip().lower().rstrip(".")
    parts = [p for p in re.split(r"[\s/.,年月日-]+", text) if p]
    if len(parts) != 3:
        return None
    numbers = [int(p) if p.isdigit() else _MONTHS.get(p[:3] if len(p) > 3 else p) for p in parts]
    if any(n is None for n in numbers):
        return None
    a, b, c = (int(n or 0) for n in numbers)
    words = [not p.isdigit() for p in parts]
    if words[1] or words[0]:  # 25 Feb 2025, Feb 25 2025
        year, month, day = c, (b if words[1] else a), (a if words[1] else b)
    elif len(parts[0]) == 4:
        year, month, day = a, b, c
    elif len(parts[2]) == 4 and (a > 12 or a == b):
        year, month, day = c, b, a
    elif len(parts[2]) == 4 and b > 12:
        year, month, day = c, a, b  # 02/25/2025, as the US writes it
    else:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def format_duration(value: timedelta) -> str:
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours}h{minutes:02d}m"
    return f"{hours}h" if hours else f"{minutes}m"


def spoken_minutes(value: timedelta) -> str:
    """A length as staff say it: "45 min", "1h05"."""
    minutes = round(value.total_seconds() / 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}" if hours else f"{rest} min"


def format_clock(moment: datetime, since: datetime | None = None) -> str:
    """09:30, or 06:10+1 when `moment` falls days after `since`."""
    text = f"{moment.hour:02d}:{moment.minute:02d}"  # not strftime: a long trip has many
    if since is not None and (days := (moment.date() - since.date()).days) > 0:
        text += f"+{days}"
    return text


HOURS_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9]-([01]?[0-9]|2[0-4]):[0-5][0-9]$"
_HOURS = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])-([01]?[0-9]|2[0-4]):([0-5][0-9])$")
# A car at a tenth of its daytime speed is a jam, at three times a motorway at night;
# beyond either a factor is a typo (a speed in km/h written where a factor belongs).
FACTOR_RANGE = (0.1, 3.0)


def parse_hours(value: Any) -> tuple[int, int]:
    """ "07:30-09:30" as minutes of the day (450, 570); an end before the start runs past
    midnight ("22:00-06:00"); "24:00" is the end of the day."""
    text = _text(value, "hours", '"07:30-09:30"').replace(" ", "")
    match = _HOURS.match(text)
    if match:
        a, b, c, d = (int(x) for x in match.groups())
        start, end = a * 60 + b, c * 60 + d
        if start != end and end <= 24 * 60:
            return start, end
    raise PydanticCustomError(
        "hours",
        "'{value}' is not a span of hours: write \"HH:MM-HH:MM\" in quotes, e.g. "
        '"07:30-09:30" (an end before the start runs past midnight)',
        {"value": text},
    )


def _minutes_covered(start: int, end: int) -> list[tuple[int, int]]:
    """The span as one or two stretches inside 0..1440 (split at midnight)."""
    return [(start, end)] if start < end else [(start, 24 * 60), (0, end)]


def parse_factors(value: Any) -> dict[str, float]:
    """A mapping of spans of hours to car speed factors, e.g. {"07:30-09:30": 0.6}."""
    if not isinstance(value, dict):
        raise PydanticCustomError(
            "factors",
            'speed factors are a mapping of hours to factors, e.g. "07:30-09:30": 0.6',
        )
    found: dict[str, float] = {}
    taken: list[tuple[int, int, str]] = []
    low, high = FACTOR_RANGE
    for key, raw in value.items():
        start, end = parse_hours(key)
        try:
            factor = float(raw)
        except (TypeError, ValueError):
            factor = math.nan
        if not low <= factor <= high:
            raise PydanticCustomError(
                "factor",
                "the speed factor for {hours} is '{value}': write a number from {low} to "
                "{high} (0.6: cars go at 60% of the daytime speed)",
                {"hours": key, "value": raw, "low": low, "high": high},
            )
        for a, b in _minutes_covered(start, end):
            for c, d, other in taken:
                if a < d and c < b:
                    raise PydanticCustomError(
                        "factor",
                        "the hours {hours} overlap {other}: give each time of day one factor",
                        {"hours": key, "other": other},
                    )
        taken += [(a, b, str(key)) for a, b in _minutes_covered(start, end)]
        found[str(key).replace(" ", "")] = factor
    return found


def parse_zone(value: Any, info: ValidationInfo) -> ZoneInfo:
    """A zone from its IANA name; otherwise an error naming the zone most likely meant
    (ctx "intended"), guessed with what the validation context knows of the trip."""
    if isinstance(value, ZoneInfo):
        return value
    text = _text(value, "a time zone", "Asia/Shanghai")
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        pass
    from tripplan.format.zones import ZoneContext, guess_zone

    context = info.context.get("zones") if info and isinstance(info.context, dict) else None
    if not isinstance(context, ZoneContext):
        context = None
    elif info is not None and isinstance(info.data, dict):
        # An event's zone: the zone of its own venue comes first.
        places = (info.data.get(key) for key in ("venue", "from_", "to"))
        context = context.focused(p for p in places if isinstance(p, str))
    guess = guess_zone(text, context)
    advice = guess.advice if guess else "write the zone of the place, e.g. Asia/Shanghai"
    raise PydanticCustomError(
        "bad_timezone",
        "'{value}' is not an IANA time zone name; {hint}",
        {"value": text, "hint": advice, "intended": guess.zone if guess else None},
    )


# Checked by pydantic's own (Rust) pattern matching: ids are the most frequent values
# of a trip, and a Python validator per id shows on large files. The loader words the
# `string_pattern_mismatch` error with `slug_advice`.
TripDate = Annotated[date, Field(ge=FIRST_DATE, le=LAST_DATE)]

Slug = Annotated[str, StringConstraints(strip_whitespace=True, pattern=SLUG_PATTERN)]
Clock = Annotated[
    ClockTime,
    PlainValidator(parse_clock),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": CLOCK_PATTERN, "examples": ["09:30", "06:10+1"]}),
]
Duration = Annotated[
    timedelta,
    PlainValidator(parse_duration),
    PlainSerializer(format_duration, return_type=str),
    WithJsonSchema({"type": "string", "pattern": DURATION_PATTERN, "examples": ["45m", "1h30m"]}),
]
SpeedFactors = Annotated[
    dict[str, float],
    PlainValidator(parse_factors),
    WithJsonSchema(
        {
            "type": "object",
            "propertyNames": {"pattern": HOURS_PATTERN},
            "additionalProperties": {
                "type": "number",
                "minimum": FACTOR_RANGE[0],
                "maximum": FACTOR_RANGE[1],
            },
            "examples": [{"07:30-09:30": 0.6, "17:00-19:30": 0.55}],
        }
    ),
]
# Also how `format.schema` finds the time zones, to give editors the list of names.
ZONE_DESCRIPTION = "IANA time zone name, e.g. Asia/Shanghai, Asia/Hong_Kong, Europe/London"
TimeZone = Annotated[
    ZoneInfo,
    PlainValidator(parse_zone),
    PlainSerializer(lambda zone: zone.key, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": ZONE_DESCRIPTION,
            "examples": ["Asia/Shanghai", "Asia/Hong_Kong"],
        }
    ),
]
