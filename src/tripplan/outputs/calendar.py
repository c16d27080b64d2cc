"""Itinerary -> iCalendar (RFC 5545) that Outlook, Google, Apple and Thunderbird import.

What Outlook needs, learned from other generators' bug reports: METHOD:PUBLISH and no
ORGANIZER/ATTENDEE (or the file becomes a meeting invitation); a VTIMEZONE for every TZID,
covering only the trip's dates (Outlook mishandles long daylight-saving histories such
as Asia/Shanghai's 1986-1991 rules); UIDs stable across exports so a re-import updates
instead of duplicating; SEQUENCE that grows when an event changes.

SEQUENCE without counting by hand: every exported event carries a fingerprint of what
it says (X-TRIPPLAN-FINGERPRINT). Exporting again over a previous export (`previous=`)
keeps SEQUENCE and DTSTAMP of unchanged events and raises SEQUENCE by one for changed
ones; events that disappeared are exported as cancelled (`vcalendar`, which makes the
file).

The calendar is written as content lines by this module, and `build_calendar` hands
them to the icalendar package as a `Calendar`. Building it through icalendar's objects
instead cost about 0.7 ms per event on our machine (10,000 events: 7 s, most of it in
per-property bookkeeping); the lines written here follow RFC 5545 3.1 (folding) and
3.3.11 (TEXT escaping), and every export in the tests is parsed back by icalendar,
ical.js and vobject.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tripplan.errors import TripplanError
from tripplan.format.model import Event, Itinerary, Venue, between
from tripplan.format.values import format_duration
from tripplan.outputs.calendar_previous import Exported
from tripplan.outputs.ics import ics_duration, ics_span, ics_text
from tripplan.outputs.vcalendar import Export, status_lines, vcalendar

if TYPE_CHECKING:
    import icalendar

    from tripplan.plan.travel import HotelLeg, Leg
    from tripplan.plan.vehicles import Run

DEFAULT_ALARM = timedelta(minutes=15)
_MODES = {"car": "Car", "walk": "Walk", "train": "Train", "flight": "Flight", "ferry": "Ferry"}


class FlexibleEventError(TripplanError):
    """A flexible event the sequencer could not fit has no start, so no calendar entry."""


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
    transfers: bool = False,
) -> icalendar.Calendar:
    """The itinerary as an `icalendar.Calendar`: everyone's, or what `person` attends.

    Deterministic for a given `now` (DTSTAMP). Flexible events are placed first if
    they are not yet; raises FlexibleEventError for one the sequencer cannot fit.
    """
    import icalendar

    data = export(
        itinerary,
        person=person,
        day=day,
        now=now,
        alarm=alarm,
        previous=previous,
        transfers=transfers,
    )
    return icalendar.Calendar.from_ical(data.data)


def export(
    itinerary: Itinerary,
    *,
    person: str | None = None,
    day: date | None = None,
    now: datetime | None = None,
    alarm: timedelta | None = DEFAULT_ALARM,
    previous: Mapping[str, Exported] | None = None,
    transfers: bool = False,
    refresh: timedelta | None = None,
) -> Export:
    """The calendar file for the itinerary, or for what `person` attends on `day`.

    With `transfers`, each estimated car or walk between two consecutive events that
    share someone becomes a short event of its own. `refresh` is how often a client
    that subscribed to the calendar (a published feed) should read it again.
    """
    events = [
        e
        for e in itinerary.events()
        if (person is None or person in itinerary.attendees(e)) and (day is None or e.day == day)
    ]
    written = _vevents(itinerary, events, alarm)
    if written is None:  # flexible events not placed yet
        from tripplan.plan.placing import place

        reasons = {id(u.event): u.reason for plan in place(itinerary) for u in plan.unplaced}
        unplaced = [e for e in events if e.start_at is None or e.end_at is None]
        if unplaced:
            first = unplaced[0]
            raise FlexibleEventError(
                reasons.get(id(first), f"event '{first.id}' has no start time")
                + (f" (and {len(unplaced) - 1} more)" if len(unplaced) > 1 else "")
            )
        written = _vevents(itinerary, events, alarm)
        assert written is not None
    entries, zones, dates = written
    if transfers:
        entries += _transfers(itinerary, events, person)
    return vcalendar(
        calendar_name(itinerary, person, day),
        itinerary.trip.timezone.key,
        entries,
        zones=zones,
        dates=dates,
        now=now,
        previous=previous,
        refresh=refresh,
        day=day,
    )


def calendar_name(itinerary: Itinerary, person: str | None, day: date | None) -> str:
    name = itinerary.trip.title
    if person is not None:
        who = itinerary.people.get(person)
        name += f" — {who.name if who else person}"
    if day is not None:
        name += f" — {day:%a} {day.day} {day:%b %Y}"
    return name


def _vevents(
    itinerary: Itinerary, events: list[Event], alarm: timedelta | None
) -> tuple[list[tuple[str, str]], list[ZoneInfo], tuple[date, date]] | None:
    """UID and content lines of each event; the zones their times are in, and the days
    from the first to the last of the trip and of the events. None if an event has no
    start or no end (a flexible one not placed).

    One pass over the events, each written as one string: a trip can hold 10,000, and
    what `check` does not do is what an export costs beyond it.
    """
    whereabouts = _Whereabouts(itinerary)
    suffix = uid(itinerary, "")
    ringing = ""
    if alarm is not None:
        ringing = f"\nBEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:{ics_duration(-alarm)}\nDESCRIPTION:"
    entries = []
    zones = set()
    days = {itinerary.trip.start, itinerary.trip.end}
    for event in events:
        start, end = event.start_at, event.end_at
        if start is None or end is None:
            return None
        zones.add(start.tzinfo)
        zones.add(end.tzinfo)
        days.add(start.date())
        days.add(end.date())
        key = event.id + suffix
        title = ics_text(summary(itinerary, event))
        places = event.places
        text = ics_text(description(itinerary, event, whereabouts))
        said = (
            f"UID:{ics_text(key)}\n{ics_span(start, end)}\nSUMMARY:{title}\n"
            f"{whereabouts.where(places[0]) if places else ''}DESCRIPTION:{text}\n"
            f"{whereabouts.kind_and_status(event.kind, event.status)}"
        )
        if ringing and not event.is_cancelled:
            said += f"{ringing}{title}\nEND:VALARM"
        entries.append((key, said))
    found = [zone for zone in zones if isinstance(zone, ZoneInfo)]
    assert len(found) == len(zones)
    return entries, found, (min(days), max(days))


def _transfers(
    itinerary: Itinerary, events: list[Event], person: str | None
) -> Iterator[tuple[str, str]]:
    """UID and content lines of each estimated move between events, and between the
    hotel and the day's first and last events, as short events of their own.

    A move by car leaves when its car does, as the delegation's pack and the driver's
    sheet say (`plan.vehicles.timetable`: one van serving two groups takes one earlier
    and the other later than planned); people in different cars that leave at different
    times get a move each."""
    from tripplan.plan.travel import hotel_legs, legs
    from tripplan.plan.vehicles import timetable

    driven = timetable(itinerary) if itinerary.vehicles else []
    for leg in legs(itinerary, events, person):
        note = f"From {itinerary.venues[leg.start].name}, after '{leg.after.title}', to "
        note += f"'{leg.before.title}'."
        name = f"transfer-{leg.after.id}-{leg.before.id}"
        for key, when, who in _departing(itinerary, name, leg, driven):
            lines = _move_lines(itinerary, key, when, None, leg.start, leg.end, leg, note + who)
            yield key, lines
    for way in hotel_legs(itinerary, events, person):
        there = itinerary.venues[way.hotel].name
        if way.leaving:
            origin, goal = way.hotel, way.event.places[0]
            note = f"From {there}, where the night was spent, to '{way.event.title}'."
            name = f"transfer-from-hotel-to-{way.event.id}"
        else:
            origin, goal = way.event.places[-1], way.hotel
            note = f"After '{way.event.title}', to {there} for the night."
            name = f"transfer-from-{way.event.id}-to-hotel"
        for key, when, who in _departing(itinerary, name, way, driven):
            if way.leaving and when == way.departs:  # as planned: the trip's buffer early
                start, end = None, way.due
            else:
                start, end = when, None
            yield key, _move_lines(itinerary, key, start, end, origin, goal, way, note + who)


def _departing(
    itinerary: Itinerary, name: str, move: Leg | HotelLeg, driven: Sequence[Run]
) -> Iterator[tuple[str, datetime, str]]:
    """UID, departure and who goes (words to add to the description, if not everyone)
    of each group that makes `move` at a time of its own: one group keeps the move's
    UID (the one with its first person), the others' add their own first's id."""
    from tripplan.plan.vehicles import departures

    groups = departures(driven, move)
    if len(groups) == 1:
        yield uid(itinerary, name), groups[0][0], ""
        return
    for when, people in groups:
        key = name if move.people[0] in people else f"{name}+{people[0]}"
        names = ", ".join(who.name if (who := itinerary.people.get(p)) else p for p in people)
        yield uid(itinerary, key), when, f"\nWho: {names}."


def _move_lines(
    itinerary: Itinerary,
    key: str,
    start: datetime | None,
    end: datetime | None,
    origin: str,
    goal: str,
    leg: Leg | HotelLeg,
    note: str,
) -> str:
    """A transfer from `start` (or arriving at `end`), as long as the travel model says,
    rounded up to the minute: never a zero-length event, which RFC 5545 forbids."""
    length = timedelta(minutes=math.ceil(leg.transfer.time.total_seconds() / 60))
    if start is None:
        assert end is not None
        start = (end.astimezone(UTC) - length).astimezone(end.tzinfo)
    else:
        end = (start.astimezone(UTC) + length).astimezone(start.tzinfo)
    where, there = itinerary.venues[origin], itinerary.venues[goal]
    move = leg.transfer
    text = f"Transfer {move.towards(there.name)} (estimated from the distance).\n{note}"
    return "\n".join(
        [
            f"UID:{ics_text(key)}",
            ics_span(start, end),
            f"SUMMARY:{ics_text(f'{move.mode.capitalize()} to {there.name}')}",
            f"LOCATION:{ics_text(_label(where))}",
            f"DESCRIPTION:{ics_text(text)}",
            "CATEGORIES:Transfer",
            *status_lines("confirmed"),
        ]
    )


def summary(itinerary: Itinerary, event: Event) -> str:
    """The title; a journey reads "Train G900: Hong Kong West Kowloon → Hangzhou East"."""
    if event.kind != "travel" or not event.from_ or not event.to:
        text = event.title
    else:
        mode = _MODES.get(event.mode or "", "Travel")
        service = f" {event.service}" if event.service else ""
        text = f"{mode}{service}: {_name(itinerary, event.from_)} → {_name(itinerary, event.to)}"
    return f"Cancelled: {text}" if event.is_cancelled else text


def description(itinerary: Itinerary, event: Event, whereabouts: _Whereabouts) -> str:
    lines = [f"{(event.kind or 'other').capitalize()}: {event.title}"]
    if event.status != "confirmed":
        lines.append(f"Status: {event.status}")
    if event.host is not None:
        host = ", ".join(p for p in (event.host.name, event.host.role) if p)
        contact = ", ".join(p for p in (event.host.phone, event.host.email) if p)
        lines.append(f"Host: {host}" + (f" ({contact})" if contact else ""))
    attendees = itinerary.attendees(event)
    if attendees:
        lines.append(whereabouts.attendees(attendees))
    if event.dress:
        lines.append(f"Dress: {event.dress}")
    if event.reference:
        lines.append(f"Booking reference: {event.reference}")
    if event.kind == "travel":
        start, end = event.start_at, event.end_at
        if start and end:
            lines.append(f"Journey time: {format_duration(between(start, end))}")
    came_from = whereabouts.came_from(event, attendees)
    if came_from:
        lines.append(f"Coming from: {came_from}")
    if event.notes:
        lines.append("")
        lines.append(event.notes)
    day_note = whereabouts.day_notes.get(event.day) if whereabouts.day_notes else None
    if day_note:  # the note for the whole day, in each of its events: no all-day entry
        lines.append("")
        lines.append(f"Note for the day: {day_note}")
    return "\n".join(lines)


# An event as someone's previous one: when it ends (seconds), its order in the file, its
# last place, the day it ends, and the event.
_Ended = tuple[float, int, str | None, date, Event]


class _Whereabouts:
    """Where each person was before an event: the last place of their previous event."""

    def __init__(self, itinerary: Itinerary) -> None:
        self._itinerary = itinerary
        # Also what a calendar says of each day as a whole (days[].notes), and of each
        # person, worked out once for the thousands of events a large trip has.
        self.day_notes = {d.date: d.notes for d in itinerary.days if d.notes}
        self._people = {
            pid: who.name + (f" ({who.role})" if who.role else "")
            for pid, who in itinerary.people.items()
        }
        self._attendees: dict[tuple[str, ...], str] = {}
        self._where: dict[str, str] = {}
        self._kinds: dict[tuple[str | None, str], str] = {}
        self._hotels = {
            d.date: _name(itinerary, d.hotel) for d in itinerary.days if d.hotel is not None
        }
        ends: defaultdict[str, list[_Ended]] = defaultdict(list)
        for order, event in enumerate(itinerary.events()):
            end, at = event.end_at, event.end_ts
            if event.is_cancelled or end is None or at is None:
                continue
            places = event.places
            ended = (at, order, places[-1] if places else None, end.date(), event)
            for person in itinerary.attendees(event):
                ends[person].append(ended)
        for timeline in ends.values():
            timeline.sort()  # by end, then order in the file: never by the events
        # Each person's ends, and the times alone to search (bisect without a key).
        self._ends = {
            person: (timeline, [i[0] for i in timeline]) for person, timeline in ends.items()
        }

    def attendees(self, attendees: list[str]) -> str:
        """ "Attendees: Lau Ka-ming (Director-General); ..." (the same few groups attend
        most events)."""
        key = tuple(attendees)
        line = self._attendees.get(key)
        if line is None:
            line = "Attendees: " + "; ".join(self._people.get(pid, pid) for pid in attendees)
            self._attendees[key] = line
        return line

    def where(self, venue_id: str) -> str:
        """LOCATION and GEO of an event at `venue_id`, each line ended by a newline."""
        lines = self._where.get(venue_id)
        if lines is None:
            lines = ""
            location = _location(self._itinerary, venue_id)
            if location:
                lines += f"LOCATION:{ics_text(location)}\n"
            place = self._itinerary.venues.get(venue_id)
            if place is not None and place.location is not None:  # WGS-84 since loading
                lines += f"GEO:{place.location.lat};{place.location.lon}\n"
            self._where[venue_id] = lines
        return lines

    def kind_and_status(self, kind: str | None, status: str) -> str:
        """CATEGORIES, STATUS and how busy the time is (lines joined by newlines)."""
        lines = self._kinds.get((kind, status))
        if lines is None:
            category = f"CATEGORIES:{ics_text((kind or 'other').capitalize())}"
            lines = "\n".join([category, *status_lines(status)])
            self._kinds[(kind, status)] = lines
        return lines

    def came_from(self, event: Event, attendees: list[str]) -> str | None:
        start = event.start_ts
        if start is None:
            return None
        latest: _Ended | None = None
        for person in attendees:
            found = self._ends.get(person)
            if found is None:
                continue
            timeline, times = found
            i = bisect.bisect_right(times, start)
            while i > 0 and timeline[i - 1][4] is event:
                i -= 1
            # The latest by end, then by order in the file (never by the rest: the same
            # event's entries are the same tuple).
            if i and (latest is None or timeline[i - 1] > latest):
                latest = timeline[i - 1]
        if latest is None or latest[2] is None:
            return None
        day = event.day
        if latest[3] < day:
            return self._hotels.get(day - timedelta(days=1))  # after a night
        places = event.places
        last = latest[2]
        return None if last == (places[0] if places else None) else _name(self._itinerary, last)


def _location(itinerary: Itinerary, venue_id: str) -> str:
    venue = itinerary.venues.get(venue_id)
    if venue is None:
        return venue_id
    return ", ".join(p for p in (_label(venue), venue.address) if p)


def _label(venue: Venue) -> str:
    return f"{venue.name} ({venue.name_local})" if venue.name_local else venue.name


def _name(itinerary: Itinerary, venue_id: str) -> str:
    venue = itinerary.venues.get(venue_id)
    return venue.name if venue else venue_id
