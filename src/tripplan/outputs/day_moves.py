"""The transfers a day's timeline lists (`show`): between events, and from the night's
hotel to the day's first events and back, each when it leaves and in words.

A move between events is listed after the event it leaves, never below where it goes; a
way from the hotel before the event it goes to, at the time its car leaves, and a way
back after the event it leaves. The hotel's are at the times the delegation's pack and
the driver's sheet give (`HotelLeg.departs`, moved by the vehicle's day: `timetable`),
one line per car that leaves at its own. Pure: the renderers make the words safe.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tripplan.format.model import Day, Event, Itinerary
from tripplan.format.values import format_clock
from tripplan.plan.travel import HotelLeg, Leg, hotel_legs, legs
from tripplan.plan.vehicles import Run, departures, timetable


@dataclass(frozen=True, slots=True)
class Move:
    """A transfer as the timeline lists it: in words, and when it leaves where that is
    not when the event before ends (from the hotel)."""

    words: str
    time: str = ""


@dataclass(frozen=True, slots=True)
class HotelMoves:
    """The ways from the night's hotel to each day's first events and back (`ways`, by
    day), and the vehicles' runs (`runs`, from `timetable`: when each car leaves): worked
    out once for every day listed (each asks the whole trip who slept where)."""

    ways: dict[date, list[HotelLeg]]
    runs: tuple[Run, ...] = ()


@dataclass(slots=True)
class Placed:
    """A day's transfers by where they are listed: `before[i]` just before its `i`th
    event (`i` = the number of events: after the last), each in the order it leaves;
    the longest way into each event (`into`) and back to the hotel from it (`back`), by
    the event's id()."""

    before: dict[int, list[tuple[tuple[float, int], Move]]] = field(default_factory=dict)
    into: dict[int, timedelta] = field(default_factory=dict)
    back: dict[int, timedelta] = field(default_factory=dict)

    def at(self, i: int) -> tuple[Move, ...]:
        return tuple(move for _, move in sorted(self.before.get(i, []), key=lambda m: m[0]))


def start_key(event: Event) -> float:
    if event.start_at is not None:
        return event.start_at.timestamp()
    window = event.window_at()
    return window[0].timestamp() if window else 0.0


def day_events(
    itinerary: Itinerary, day: Day, person: str | None = None, hide_cancelled: bool = False
) -> list[Event]:
    """The day's events the timeline lists, in time order."""
    events = [
        e
        for e in day.events
        if (person is None or person in itinerary.attendees(e))
        and not (hide_cancelled and e.is_cancelled)
    ]
    events.sort(key=start_key)
    return events


def hotel_moves(
    itinerary: Itinerary,
    days: Iterable[Day],
    person: str | None = None,
    hide_cancelled: bool = False,
) -> HotelMoves:
    """The ways from and to the hotel of `days`, as `day_events` lists them."""
    events = [e for d in days for e in day_events(itinerary, d, person, hide_cancelled)]
    ways: dict[date, list[HotelLeg]] = {}
    for way in hotel_legs(itinerary, events, person) if events else ():
        ways.setdefault(way.event.day, []).append(way)
    return HotelMoves(ways, car_times(itinerary))


def car_times(itinerary: Itinerary) -> tuple[Run, ...]:
    """The vehicles' runs as their day makes them leave (`timetable`), for `departures`;
    none when no day names its vehicles (everyone then leaves at the planned time)."""
    driven = bool(itinerary.vehicles) and any(d.vehicles for d in itinerary.days)
    return tuple(timetable(itinerary)) if driven else ()


def placed(
    itinerary: Itinerary,
    day: Day,
    events: list[Event],
    person: str | None = None,
    hotel: HotelMoves | None = None,
) -> Placed:
    """Where each transfer of `day` (`events`, in time order) is listed."""
    found = Placed()
    order = {id(e): i for i, e in enumerate(events)}
    keys = [(start_key(e), 2 * i) for i, e in enumerate(events)]
    ways, runs = (hotel.ways.get(day.date, []), hotel.runs) if hotel is not None else ([], ())
    for leg in legs(itinerary, events, person):
        into = id(leg.before)
        found.into[into] = max(found.into.get(into, timedelta(0)), leg.transfer.time)
        groups = departures(runs, leg)
        for when, people in groups:
            # When it leaves, after the event it leaves; never below where it goes (a gap
            # too short for the move is check's to report). A car that leaves later than
            # the event ends (busy with another group first) says when.
            key = min((when.timestamp(), 2 * order[id(leg.after)] + 1), keys[order[into]])
            said = move_words(itinerary, leg, people, person)
            at = clock_on(itinerary, when, day) if when != leg.after.end_at else ""
            found.before.setdefault(bisect_left(keys, key), []).append((key, Move(said, at)))
    for way in ways:
        if way.departs is None or id(way.event) not in order:
            continue
        i = order[id(way.event)]
        longest = found.into if way.leaving else found.back
        longest[id(way.event)] = max(longest.get(id(way.event), timedelta(0)), way.transfer.time)
        for when, people in departures(runs, way):
            # From the hotel: before the event it goes to; back: after the one it leaves.
            key = (when.timestamp(), 2 * i + (-1 if way.leaving else 1))
            if way.leaving:
                key = min(key, keys[i])
            move = Move(hotel_words(itinerary, way, people, person), clock_on(itinerary, when, day))
            found.before.setdefault(bisect_left(keys, key), []).append((key, move))
    return found


def move_words(
    itinerary: Itinerary, leg: Leg, people: tuple[str, ...], person: str | None = None
) -> str:
    """ "yan, ko: from Hotel by car to Canton Tower, 1.6 km, ~15 min (busy)": who moves
    (`people` of `leg`, ids, as the Who column), unless it is everyone at both ends or
    the page is one person's."""
    said = leg.describe(itinerary, origin=True)
    if person is not None:
        return said
    there = set(itinerary.attendees(leg.after)) | set(itinerary.attendees(leg.before))
    return said if there.issubset(people) else f"{', '.join(people)}: {said}"


def hotel_words(
    itinerary: Itinerary, way: HotelLeg, people: tuple[str, ...], person: str | None = None
) -> str:
    """ "chan, lam: from Hotel by car to Canton Tower, 1.6 km, ~15 min (busy)", as
    `move_words` says a move between events: who, unless it is the whole delegation or
    the page is one person's. (Everyone at the event is not enough: the way back from a
    small group's meeting is listed by its time, often under another group's event.)"""
    event = way.event
    start, end = (way.hotel, event.places[0]) if way.leaving else (event.places[-1], way.hotel)
    said = f"from {venue_name(itinerary, start)} {way.transfer.towards(venue_name(itinerary, end))}"
    if person is not None or set(people) >= set(itinerary.people):
        return said
    return f"{', '.join(people)}: {said}"


def venue_name(itinerary: Itinerary, vid: str) -> str:
    venue = itinerary.venues.get(vid)
    return venue.name if venue else vid


def clock(moment: datetime, trip_zone: str, since: datetime | None = None) -> str:
    """ "09:30", "00:30+1" (after `since`'s day), "08:30 HKT" (not the trip's zone)."""
    text = format_clock(moment, since)
    zone = getattr(moment.tzinfo, "key", None)
    if zone and zone != trip_zone:
        text += f" {moment.tzname()}"
    return text


def clock_on(itinerary: Itinerary, moment: datetime, day: Day) -> str:
    """A time of `day`'s timeline ("+1" past its midnight)."""
    midnight = datetime.combine(day.date, datetime.min.time(), moment.tzinfo)
    return clock(moment, itinerary.trip.timezone.key, midnight)
