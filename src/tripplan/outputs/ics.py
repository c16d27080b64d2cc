"""iCalendar content lines (RFC 5545): TEXT escaping, times, folding, VTIMEZONE.

Written here rather than through icalendar's objects, which cost about 0.7 ms per event
(10,000 events: 7 s); every export in the tests is parsed back by icalendar, ical.js and
vobject.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from tripplan import safe

# What a TEXT value needs escaped or cleaned.
_TEXT_WORK = re.compile(f"[\\\\;,]|{safe.UNSAFE.pattern}")


def ics_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): nothing in it can end the line or the property, and
    no control character (RFC 5545 allows none) is in it, only its escape."""
    # One search for most titles, names and ids, two for a description of several lines.
    if not _TEXT_WORK.search(value):
        return value
    if safe.UNSAFE_BUT_NEWLINE.search(value):
        value = safe.calendar(value)  # every line break a newline, other controls escaped
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_utc(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def ics_local(name: str, moment: datetime) -> str:
    zone = moment.tzinfo
    assert isinstance(zone, ZoneInfo)
    return f"{name};TZID={zone.key}:{ics_clock(moment)}"


def ics_clock(moment: datetime) -> str:
    """20250303T080000, the local time to the second (after DTSTART;TZID=...:). Each
    day and each time of day is formatted once: formatting six fields per time (or
    strftime, or isoformat, which asks the zone for its offset) was a tenth of a large
    export."""
    day, clock = moment.date(), moment.time()
    try:
        return _DAYS[day] + _TIMES[clock]
    except KeyError:
        _DAYS[day] = f"{day.year:04d}{day.month:02d}{day.day:02d}T"
        _TIMES[clock] = f"{clock.hour:02d}{clock.minute:02d}{clock.second:02d}"
        return _DAYS[day] + _TIMES[clock]


# At most one entry per day and per second of the day that events start or end.
_DAYS: dict[date, str] = {}
_TIMES: dict[time, str] = {}


def ics_span(start: datetime, end: datetime) -> str:
    """DTSTART and DTEND in the event's zone (two content lines, joined by a newline); in
    UTC when one of them falls in the hour repeated as clocks go back the second time
    round, which a local time with TZID cannot say (RFC 5545 reads it as the first)."""
    if (start.fold and _repeated(start)) or (end.fold and _repeated(end)):
        return f"DTSTART:{ics_utc(start)}\nDTEND:{ics_utc(end)}"
    return f"{ics_local('DTSTART', start)}\n{ics_local('DTEND', end)}"


def _repeated(moment: datetime) -> bool:
    return moment.replace(fold=0).utcoffset() != moment.utcoffset()


@cache  # the same alarm for every event
def ics_duration(value: timedelta) -> str:
    sign = "-" if value < timedelta(0) else ""
    seconds = int(abs(value).total_seconds())
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    clock = (f"{hours}H" if hours else "") + (f"{seconds // 60}M" if seconds >= 60 else "")
    if days:
        return f"{sign}P{days}D" + (f"T{clock}" if clock else "")
    return f"{sign}PT{clock or '0M'}"


def untext(value: str) -> str:
    if "\\" not in value:  # nothing escaped: most UIDs
        return value
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def vtimezone(zone: ZoneInfo, first: date, last: date) -> list[str]:
    """A VTIMEZONE for `zone` valid from `first` to `last` only.

    One observance with the offset in force when the range starts (DTSTART 1970, as
    Outlook likes), then one per change of offset inside the range, found from the
    tz database; no RRULE and no history outside the trip.
    """
    start = datetime.combine(first - timedelta(days=1), datetime.min.time(), UTC)
    end = datetime.combine(last + timedelta(days=2), datetime.min.time(), UTC)
    initial = start.astimezone(zone)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone.key}"]
    lines += _observance(datetime(1970, 1, 1), initial, initial)
    moment = start
    while moment < end:
        after = min(moment + timedelta(hours=6), end)
        if after.astimezone(zone).utcoffset() != moment.astimezone(zone).utcoffset():
            change = _offset_change(zone, moment, after)
            before_local = (change - timedelta(seconds=1)).astimezone(zone)
            # An observance starts at the local time of the change, in the old offset.
            local_start = (change + _offset(before_local)).replace(tzinfo=None)
            lines += _observance(local_start, before_local, change.astimezone(zone))
        moment = after
    return [*lines, "END:VTIMEZONE"]


def _offset(moment: datetime) -> timedelta:
    offset = moment.utcoffset()
    assert offset is not None
    return offset


def _offset_change(zone: ZoneInfo, low: datetime, high: datetime) -> datetime:
    """The first UTC second in (low, high] with the offset in force at `high`."""
    target = high.astimezone(zone).utcoffset()
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == target:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def _observance(local_start: datetime, before: datetime, after: datetime) -> list[str]:
    kind = "DAYLIGHT" if after.dst() else "STANDARD"
    name = after.tzname()
    return [
        f"BEGIN:{kind}",
        f"DTSTART:{local_start:%Y%m%dT%H%M%S}",
        *([f"TZNAME:{ics_text(name)}"] if name else []),
        f"TZOFFSETFROM:{_utc_offset(_offset(before))}",
        f"TZOFFSETTO:{_utc_offset(_offset(after))}",
        f"END:{kind}",
    ]


def _utc_offset(offset: timedelta) -> str:
    sign = "-" if offset < timedelta(0) else "+"
    seconds = int(abs(offset).total_seconds())
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


_FOLD_AT = 75  # octets in a line, CRLF aside (RFC 5545 3.1)


def fold_line(line: str) -> str:
    """One content line as written, folded (`fold`) with a newline and a space between
    its parts: folded as it is made (most lines are short), so that a calendar is
    encoded once and never searched for long lines (10,000 events make 200,000).

    No line may hold a CR, an LF or another control: TEXT values are escaped by
    `ics_text`, and what comes from elsewhere (a line of an earlier export carried
    over) is passed through `carried` first."""
    size = len(line)
    if size <= _FOLD_AT // 4 or (size <= _FOLD_AT and line.isascii()):
        return line
    if not line.isascii():
        data = line.encode("utf-8")
        return line if len(data) <= _FOLD_AT else fold(data, separator=b"\n ").decode("utf-8")
    # One octet a character: `fold` on the text itself, without the UTF-8 rule.
    parts = []
    start, end = 0, _FOLD_AT
    while end < size:
        if line[end - 1] == "\\" and end - 1 > start:  # not split from its pair
            end -= 1
        parts.append(line[start:end])
        start, end = end, end + _FOLD_AT - 1
    parts.append(line[start:])
    return "\n ".join(parts)


def folded(text: str) -> str:
    """Content lines joined by newlines, each folded (`fold_line`)."""
    return "\n".join([fold_line(line) for line in text.split("\n")])


def carried(text: str) -> str:
    """Content lines from elsewhere (a hand-edited earlier export): a control in them
    shows as U+FFFD, never ends a line."""
    return "\n".join(safe.UNSAFE.sub("\ufffd", line) for line in text.split("\n"))


def fold(line: bytes, limit: int = _FOLD_AT, separator: bytes = b"\r\n ") -> bytes:
    """`line` cut into parts of at most `limit` octets (the first; one fewer for the rest,
    which begin with a space), never inside a UTF-8 character or after a backslash."""
    size = len(line)
    if size <= limit:
        return line
    parts = []
    start, end = 0, limit
    while end < size:
        while line[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to the lead
            end -= 1
        if line[end - 1] == 0x5C and end - 1 > start:  # a backslash: not split from its pair
            end -= 1
        parts.append(line[start:end])
        start, end = end, end + limit - 1  # continuation lines begin with a space
    parts.append(line[start:])
    return separator.join(parts)
