"""Itinerary -> iCalendar (RFC 5545) that Outlook, Google, Apple and Thunderbird import.

What Outlook needs, learned from other generators' bug reports: METHOD:PUBLISH and no
ORGANIZER/ATTENDEE (or the file becomes a meeting invitation); a VTIMEZONE for every TZID,
covering only the trip's dates (Outlook mishandles long daylight-saving histories such
as Asia/Shanghai's 1986-1991 rules); UIDs stable across exports so a re-import updates
instead of duplicating; SEQUENCE that grows when an event changes.

SEQUENCE without counting by hand: every exported event carries a fingerprint of what
it says (X-TRIPPLAN-FINGERPRINT). Exporting again over a previous export (or with
`previous=`) keeps SEQUENCE and DTSTAMP of unchanged events and raises SEQUENCE by one
for changed ones; events that disappeared are exported as cancelled.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from tripplan import __version__
from tripplan.errors import TripplanError
from tripplan.model import Event, Itinerary, Venue
from tripplan.values import format_duration

PRODID = f"-//tripplan//tripplan {__version__}//EN"
FINGERPRINT = "X-TRIPPLAN-FINGERPRINT"
DEFAULT_ALARM = timedelta(minutes=15)
_MODES = {"car": "Car", "walk": "Walk", "train": "Train", "flight": "Flight", "ferry": "Ferry"}


class FlexibleEventError(TripplanError):
    """A flexible event has no start yet, so it cannot go into a calendar."""


@dataclass(frozen=True, slots=True)
class Exported:
    """What an earlier export said about one event (read back from its file)."""

    sequence: int
    fingerprint: str
    stamp: datetime
    component: icalendar.Event


def uid(itinerary: Itinerary, event_id: str) -> str:
    """Stable across exports: derived from the trip id and the event id only."""
    return f"{event_id}.{itinerary.trip.id}@tripplan"


def build_calendar(
    itinerary: Itinerary,
    *,
    person: str | None = None,
    day: date | None = None,
    now: datetime | None = None,
    alarm: timedelta | None = DEFAULT_ALARM,
    previous: Mapping[str, Exported] | None = None,
) -> icalendar.Calendar:
    """The itinerary as a calendar: everyone's, or the events `person` attends.

    Deterministic for a given `now` (DTSTAMP). Raises FlexibleEventError for a flexible
    event that has not been placed at a start time.
    """
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    events = [
        e
        for e in itinerary.events()
        if (person is None or person in itinerary.attendees(e)) and (day is None or e.day == day)
    ]
    unplaced = [e for e in events if e.start_at is None or e.end_at is None]
    if unplaced:
        first = unplaced[0]
        window = f" (window {first.window[0]}-{first.window[1]})" if first.window else ""
        raise FlexibleEventError(
            f"event '{first.id}'{window} has no start time yet: the sequencer that places "
            'flexible events is not available, so give it start: "HH:MM" to export it'
            + (f" (and {len(unplaced) - 1} more)" if len(unplaced) > 1 else "")
        )
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = calendar_name(itinerary, person, day)
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("x-wr-timezone", itinerary.trip.timezone.key)
    zones: dict[str, ZoneInfo] = {itinerary.trip.timezone.key: itinerary.trip.timezone}
    components = []
    seen = set()
    for event in events:
        component = _event(itinerary, event, stamp, alarm, previous or {})
        components.append(component)
        seen.add(str(component["UID"]))
        for moment in (event.start_at, event.end_at):
            assert moment is not None
            zone = moment.tzinfo
            assert isinstance(zone, ZoneInfo)
            zones[zone.key] = zone
    for key, gone in sorted((previous or {}).items()):
        if key not in seen and (day is None or _day_of(gone.component) == day):
            components.append(_withdrawn(gone, stamp))
    first_day, last_day = _date_range(itinerary, events)
    for key in sorted(zones):
        calendar.add_component(vtimezone(zones[key], first_day, last_day))
    for component in components:
        calendar.add_component(component)
    return calendar


def calendar_name(itinerary: Itinerary, person: str | None, day: date | None) -> str:
    name = itinerary.trip.title
    if person is not None:
        who = itinerary.people.get(person)
        name += f" — {who.name if who else person}"
    if day is not None:
        name += f" — {day:%a} {day.day} {day:%b %Y}"
    return name


# --- events ---------------------------------------------------------------------------


def _event(
    itinerary: Itinerary,
    event: Event,
    stamp: datetime,
    alarm: timedelta | None,
    previous: Mapping[str, Exported],
) -> icalendar.Event:
    assert event.start_at is not None
    assert event.end_at is not None
    component = icalendar.Event()
    key = uid(itinerary, event.id)
    component.add("uid", key)
    component.add("dtstart", event.start_at)
    component.add("dtend", event.end_at)
    component.add("summary", summary(itinerary, event))
    location = _location(itinerary, event)
    if location:
        component.add("location", location)
    place = itinerary.venues.get(event.places[0]) if event.places else None
    if place is not None and place.location is not None and place.location.datum == "wgs84":
        component.add("geo", (place.location.lat, place.location.lon))
    component.add("description", description(itinerary, event))
    component.add("categories", [event.kind.capitalize() if event.kind else "Other"])
    component.add("status", event.status.upper())
    component.add("transp", "TRANSPARENT" if event.is_cancelled else "OPAQUE")
    if alarm is not None and not event.is_cancelled:
        reminder = icalendar.Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("trigger", -alarm)
        reminder.add("description", summary(itinerary, event))
        component.add_component(reminder)
    fingerprint = _fingerprint(component)
    before = previous.get(key)
    if before is None:
        sequence, when = 0, stamp
    elif before.fingerprint == fingerprint:
        sequence, when = before.sequence, before.stamp
    else:
        sequence, when = before.sequence + 1, stamp
    component.add("dtstamp", when)
    component.add("sequence", sequence)
    component.add(FINGERPRINT, fingerprint)
    return component


def summary(itinerary: Itinerary, event: Event) -> str:
    """The title; a journey reads "Train G900: Hong Kong West Kowloon → Hangzhou East"."""
    if event.kind != "travel" or not event.from_ or not event.to:
        text = event.title
    else:
        mode = _MODES.get(event.mode or "", "Travel")
        service = f" {event.service}" if event.service else ""
        text = f"{mode}{service}: {_name(itinerary, event.from_)} → {_name(itinerary, event.to)}"
    return f"Cancelled: {text}" if event.is_cancelled else text


def description(itinerary: Itinerary, event: Event) -> str:
    lines = [f"{(event.kind or 'other').capitalize()}: {event.title}"]
    if event.status != "confirmed":
        lines.append(f"Status: {event.status}")
    if event.host is not None:
        host = ", ".join(p for p in (event.host.name, event.host.role) if p)
        contact = ", ".join(p for p in (event.host.phone, event.host.email) if p)
        lines.append(f"Host: {host}" + (f" ({contact})" if contact else ""))
    people = []
    for pid in itinerary.attendees(event):
        who = itinerary.people.get(pid)
        people.append(
            f"{who.name}" + (f" ({who.role})" if who and who.role else "") if who else pid
        )
    if people:
        lines.append("Attendees: " + "; ".join(people))
    if event.dress:
        lines.append(f"Dress: {event.dress}")
    if event.reference:
        lines.append(f"Booking reference: {event.reference}")
    if event.kind == "travel" and event.start_at and event.end_at:
        lines.append(f"Journey time: {format_duration(event.end_at - event.start_at)}")
    came_from = _previous_place(itinerary, event)
    if came_from:
        lines.append(f"Coming from: {came_from}")
    if event.notes:
        lines.append("")
        lines.append(event.notes)
    return "\n".join(lines)


def _previous_place(itinerary: Itinerary, event: Event) -> str | None:
    """Where the attendees were just before: the last place of the previous event."""
    if event.start_at is None:
        return None
    who = set(itinerary.attendees(event))
    before = None
    for other in itinerary.events():
        if (
            other is not event
            and not other.is_cancelled
            and other.end_at is not None
            and other.end_at <= event.start_at
            and who & set(itinerary.attendees(other))
            and (before is None or other.end_at > before.end_at)  # type: ignore[operator]
        ):
            before = other
    if before is None or not before.places:
        return None
    last = before.places[-1]
    here = event.places[0] if event.places else None
    return None if last == here else _name(itinerary, last)


def _location(itinerary: Itinerary, event: Event) -> str:
    if not event.places:
        return ""
    venue = itinerary.venues.get(event.places[0])
    if venue is None:
        return event.places[0]
    return ", ".join(p for p in (_label(venue), venue.address) if p)


def _label(venue: Venue) -> str:
    return f"{venue.name} ({venue.name_local})" if venue.name_local else venue.name


def _name(itinerary: Itinerary, venue_id: str) -> str:
    venue = itinerary.venues.get(venue_id)
    return venue.name if venue else venue_id


def _fingerprint(component: icalendar.Event) -> str:
    # What the event says, not when it was exported: DTSTAMP and SEQUENCE are added after.
    return hashlib.sha256(component.to_ical()).hexdigest()[:16]


def _withdrawn(gone: Exported, stamp: datetime) -> icalendar.Event:
    """An event of the previous export that is no longer in the itinerary: cancelled."""
    component = gone.component
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        return component
    for key in ("STATUS", "DTSTAMP", "SEQUENCE", "TRANSP"):
        component.pop(key, None)
    component.subcomponents = [c for c in component.subcomponents if c.name != "VALARM"]
    component.add("status", "CANCELLED")
    component.add("transp", "TRANSPARENT")
    component.add("dtstamp", stamp)
    component.add("sequence", gone.sequence + 1)
    return component


def _day_of(component: icalendar.Event) -> date | None:
    start = component.get("DTSTART")
    return start.dt.date() if start is not None and isinstance(start.dt, datetime) else None


def read_previous(data: bytes) -> dict[str, Exported]:
    """Events of an earlier export, by UID, to carry SEQUENCE forward."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as e:
        raise TripplanError(f"the previous export cannot be read ({e}); move it aside") from None
    found = {}
    for component in calendar.walk("VEVENT"):
        fingerprint = component.get(FINGERPRINT)
        stamp = component.get("DTSTAMP")
        if component.get("UID") is None or fingerprint is None or stamp is None:
            continue
        assert isinstance(component, icalendar.Event)
        found[str(component["UID"])] = Exported(
            int(component.get("SEQUENCE", 0)), str(fingerprint), stamp.dt, component
        )
    return found


# --- time zones -----------------------------------------------------------------------


def _date_range(itinerary: Itinerary, events: Iterable[Event]) -> tuple[date, date]:
    days = [itinerary.trip.start, itinerary.trip.end]
    for event in events:
        assert event.start_at is not None
        assert event.end_at is not None
        days += [event.start_at.date(), event.end_at.date()]
    return min(days), max(days)


def vtimezone(zone: ZoneInfo, first: date, last: date) -> icalendar.Timezone:
    """A VTIMEZONE for `zone` valid from `first` to `last` only.

    One observance with the offset in force when the range starts (DTSTART 1970, as
    Outlook likes), then one per change of offset inside the range, found from the
    tz database; no RRULE and no history outside the trip.
    """
    start = datetime.combine(first - timedelta(days=1), datetime.min.time(), UTC)
    end = datetime.combine(last + timedelta(days=2), datetime.min.time(), UTC)
    component = icalendar.Timezone()
    component.add("tzid", zone.key)
    initial = start.astimezone(zone)
    component.add_component(_observance(datetime(1970, 1, 1), initial, initial))
    moment = start
    while moment < end:
        after = min(moment + timedelta(hours=6), end)
        if after.astimezone(zone).utcoffset() != moment.astimezone(zone).utcoffset():
            change = _offset_change(zone, moment, after)
            before_local = (change - timedelta(seconds=1)).astimezone(zone)
            after_local = change.astimezone(zone)
            # An observance starts at the local time of the change, in the old offset.
            local_start = (change + _offset(before_local)).replace(tzinfo=None)
            component.add_component(_observance(local_start, before_local, after_local))
        moment = after
    return component


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


def _observance(
    local_start: datetime, before: datetime, after: datetime
) -> icalendar.TimezoneStandard | icalendar.TimezoneDaylight:
    daylight = bool(after.dst())
    observance = icalendar.TimezoneDaylight() if daylight else icalendar.TimezoneStandard()
    observance.add("dtstart", local_start)
    observance.add("tzoffsetfrom", _offset(before))
    observance.add("tzoffsetto", _offset(after))
    name = after.tzname()
    if name:
        observance.add("tzname", name)
    return observance


def to_bytes(calendar: icalendar.Calendar) -> bytes:
    """The calendar as a file: CRLF line ends, lines folded at 75 octets."""
    data: bytes = calendar.to_ical()
    return data
