"""A calendar file from its events' content lines: the one place that makes a VCALENDAR.

Used for the itinerary's calendars (`calendar.export`) and for the feeds published to
people outside the delegation (`site.outside`), so both carry SEQUENCE the same way:
every event has a fingerprint of what it says (X-TRIPPLAN-FINGERPRINT); against the
previous version of the file, an unchanged event keeps its SEQUENCE and DTSTAMP, a
changed one gets SEQUENCE + 1, and one that is gone stays, cancelled.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tripplan.outputs.calendar_previous import (
    BUSY_STATUS,
    FINGERPRINT,
    Exported,
    day_of,
    withdrawn,
)
from tripplan.outputs.ics import (
    carried,
    ics_duration,
    ics_text,
    ics_utc,
    vtimezone,
)
from tripplan.outputs.ics import folded as folded_text
from tripplan.version import __version__

PRODID = f"-//tripplan//tripplan {__version__}//EN"
_TZID = re.compile(r";TZID=([^;:]+)")
_BUSY = {"confirmed": "BUSY", "tentative": "TENTATIVE", "cancelled": "FREE"}


@dataclass(frozen=True, slots=True)
class Export:
    """One calendar file: its name, how many events it holds, and its bytes."""

    name: str
    events: int
    data: bytes


def vcalendar(
    name: str,
    timezone: str,
    events: Iterable[tuple[str, str]],
    *,
    zones: Iterable[ZoneInfo],
    dates: tuple[date, date],
    now: datetime | None = None,
    previous: Mapping[str, Exported] | None = None,
    refresh: timedelta | None = None,
    day: date | None = None,
    folded: bool = False,
) -> Export:
    """The calendar `name` holding `events` (UID, and the content lines of the VEVENT
    without BEGIN/END, DTSTAMP and SEQUENCE, joined by newlines; with `folded`, each
    line already folded by `fold_line`), with a VTIMEZONE valid over `dates` for each of
    the `zones` they use (and those of cancelled events carried over).

    Events of `previous` (limited to `day`, if given) that are not among them are kept,
    cancelled. `refresh`: how often a subscribed client should read the file again.
    """
    stamp = ics_utc((now or datetime.now(UTC)).replace(microsecond=0))
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{ics_text(PRODID)}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{ics_text(name)}",
        f"X-WR-CALNAME:{ics_text(name)}",
        f"X-WR-TIMEZONE:{timezone}",
    ]
    if refresh is not None:
        # RFC 7986's hint, and the one classic Outlook reads (MS-OXCICAL); both a minimum.
        head += [
            f"REFRESH-INTERVAL;VALUE=DURATION:{ics_duration(refresh)}",
            f"X-PUBLISHED-TTL:{ics_duration(refresh)}",
        ]
    previous = previous or {}
    used = {zone.key: zone for zone in zones}
    # Each event is encoded once, as written (its lines folded as they were made); its
    # fingerprint is of its lines unfolded. 10,000 events make 200,000 lines.
    body: list[bytes] = []
    seen = set()
    new = f"\nBEGIN:VEVENT\nDTSTAMP:{stamp}\nSEQUENCE:0\n{FINGERPRINT}:".encode()
    for key, said in events:
        seen.add(key)
        data = (said if folded else folded_text(said)).encode("utf-8")
        fingerprint = hashlib.sha256(data.replace(b"\n ", b"")).hexdigest()[:16]
        before = previous.get(key)
        if before is None:
            lead = new
        else:
            if before.fingerprint == fingerprint:
                sequence, when = before.sequence, before.stamp
            else:
                sequence, when = before.sequence + 1, stamp
            lead = f"\nBEGIN:VEVENT\nDTSTAMP:{when}\nSEQUENCE:{sequence}\n{FINGERPRINT}:".encode()
        body += (lead, fingerprint.encode(), b"\n", data, b"\nEND:VEVENT")
    count = len(seen)
    for key, gone in sorted(previous.items()):
        if key not in seen and (day is None or day_of(gone) == day):
            lines = folded_text(carried("\n".join(withdrawn(gone, stamp))))
            body.append(b"\n" + lines.encode("utf-8"))
            count += 1
            used.update((zone.key, zone) for zone in _zones(gone.lines))
    for key in sorted(used):
        head += vtimezone(used[key], *dates)
    text = folded_text("\n".join(head)).encode("utf-8")
    data = b"".join([text, *body, b"\nEND:VCALENDAR\n"])
    return Export(name, count, data.replace(b"\n", b"\r\n"))


def status_lines(status: str) -> list[str]:
    """STATUS, and how busy the time is: Outlook reads its own busy status first (TRANSP
    only if that is absent) and only it can say tentative; the other clients know busy
    (OPAQUE) or free."""
    return [
        f"STATUS:{status.upper()}",
        f"TRANSP:{'TRANSPARENT' if status == 'cancelled' else 'OPAQUE'}",
        f"{BUSY_STATUS}:{_BUSY[status]}",
    ]


def _zones(lines: Iterable[str]) -> list[ZoneInfo]:
    """The zones the TZID parameters of `lines` name (unknown ones left out)."""
    found = []
    for line in lines:
        for key in _TZID.findall(line.split(":", 1)[0]):
            try:
                found.append(ZoneInfo(key))
            except (ValueError, OSError):
                continue
    return found
