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

The calendar is written as content lines by this module and `calendar_text` (each
event's, folded as they are made, the file encoded once), and `build_calendar` hands
them to the icalendar package as a `Calendar`. Building it through icalendar's objects
instead cost about 0.7 ms per event on our machine (10,000 events: 7 s, most of it in
per-property bookkeeping); the lines written here follow RFC 5545 3.1 (folding) and
3.3.11 (TEXT escaping), and every export in the tests is parsed back by icalendar,
ical.js and vobject.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tripplan.errors import TripplanError
from tripplan.format.model import Event, Itinerary
from tripplan.outputs.calendar_previous import Exported
from tripplan.outputs.calendar_text import label, vevents
from tripplan.outputs.ics import folded, ics_span, ics_text
from tripplan.outputs.vcalendar import Export, status_lines, vcalendar

if TYPE_CHECKING:
    import icalendar

    from tripplan.plan.travel import HotelLeg, Leg
    from tripplan.plan.vehicles import Run

DEFAULT_ALARM = timedelta(minutes=15)


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
        folded=True,
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
    """UID and content lines (folded) of each event, the zones of their times and the
    days they span (`calendar_text.vevents`); None if a flexible one is not placed."""
    return vevents(itinerary, events, uid(itinerary, ""), alarm)


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
    return folded(
        "\n".join(
            [
                f"UID:{ics_text(key)}",
                ics_span(start, end),
                f"SUMMARY:{ics_text(f'{move.mode.capitalize()} to {there.name}')}",
                f"LOCATION:{ics_text(label(where))}",
                f"DESCRIPTION:{ics_text(text)}",
                "CATEGORIES:Transfer",
                *status_lines("confirmed"),
            ]
        )
    )
