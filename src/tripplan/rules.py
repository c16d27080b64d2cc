"""The checks behind `tripplan check`: each rule a small function yielding problems.

Rules read a validated `Itinerary` and know nothing of files; each problem carries the
path of what it is about, and the caller turns paths into lines and columns.
"""

from __future__ import annotations

import difflib
import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from tripplan.holiday_calendar import holiday
from tripplan.model import Event, Itinerary, between
from tripplan.places import country_name, country_of
from tripplan.problems import Problem
from tripplan.travel import leg_between
from tripplan.values import format_clock, format_duration, spoken_minutes

if TYPE_CHECKING:
    from tripplan.geo.locate import Found
    from tripplan.travel import TravelModel

Rule = Callable[[Itinerary], Iterable[Problem]]


def _named(event: Event) -> str:
    return f"'{event.id}'"


def _span(event: Event) -> str:
    start, end = event.start_at, event.end_at
    assert start is not None
    assert end is not None
    if start.utcoffset() != end.utcoffset():  # across a zone or a daylight-saving change
        return f"{format_clock(start)} {start.tzname()}-{format_clock(end, start)} {end.tzname()}"
    return f"{format_clock(start)}-{format_clock(end, start)}"


def _day_name(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b %Y}"


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def unknown_references(itinerary: Itinerary) -> Iterator[Problem]:
    venues, people = itinerary.venues, itinerary.people
    for day in itinerary.days:
        if day.hotel is not None and day.hotel not in venues:
            yield Problem.of(
                "unknown-ref",
                f"day {day.date}: hotel '{day.hotel}' is not one of the venues"
                f"{_suggest(day.hotel, venues) or '; add it under venues'}",
                (*day.path, "hotel"),
            )
        for event in day.events:
            for key, ref in (("venue", event.venue), ("from", event.from_), ("to", event.to)):
                if ref is not None and ref not in venues:
                    yield Problem.of(
                        "unknown-ref",
                        f"event {_named(event)}: {key} '{ref}' is not one of the venues"
                        f"{_suggest(ref, venues) or '; add it under venues'}",
                        (*event.path, key),
                        event.id,
                    )
            for i, person in enumerate(event.attendees or ()):
                if person not in people:
                    yield Problem.of(
                        "unknown-ref",
                        f"event {_named(event)}: attendee '{person}' is not one of the people"
                        f"{_suggest(person, people) or '; add them under people'}",
                        (*event.path, "attendees", i),
                        event.id,
                    )


def duplicate_ids(itinerary: Itinerary) -> Iterator[Problem]:
    first_event: dict[str, Event] = {}
    for event in itinerary.events():
        if event.id in first_event:
            other = first_event[event.id]
            yield Problem.of(
                "duplicate-id",
                f"event id '{event.id}' is already used by '{other.title}' on {other.day}; "
                "give this event its own id",
                (*event.path, "id"),
                event.id,
            )
        else:
            first_event[event.id] = event
    seen_dates = set()
    for day in itinerary.days:
        if day.date in seen_dates:
            yield Problem.of(
                "duplicate-id",
                f"day {day.date} is listed twice; put its events under one entry",
                (*day.path, "date"),
            )
        seen_dates.add(day.date)


def one_principal(itinerary: Itinerary) -> Iterator[Problem]:
    principals = [pid for pid, person in itinerary.people.items() if person.principal]
    for pid in principals[1:]:
        yield Problem.of(
            "schema",
            f"person '{pid}': only one person can be the principal, and '{principals[0]}' "
            "already is; remove principal: true from one of them",
            ("people", pid, "principal"),
        )


def trip_dates(itinerary: Itinerary) -> Iterator[Problem]:
    trip = itinerary.trip
    if trip.end < trip.start:
        yield Problem.of(
            "end-before-start",
            f"trip: end {trip.end} is before start {trip.start}; swap or correct them",
            ("trip", "end"),
        )
        return
    for day in itinerary.days:
        if not trip.start <= day.date <= trip.end:
            yield Problem.of(
                "outside-trip",
                f"day {day.date} is outside the trip ({trip.start} to {trip.end}); "
                "correct the date or the trip's start and end",
                (*day.path, "date"),
            )


def ends_after_start(itinerary: Itinerary) -> Iterator[Problem]:
    for event in itinerary.events():
        if event.window is not None:
            window = event.window_at()
            assert window is not None
            span = between(*window)
            if span <= timedelta(0):
                yield Problem.of(
                    "end-before-start",
                    f"event {_named(event)}: window closes at {event.window[1]}, not after it "
                    f'opens at {event.window[0]}; write "{event.window[1]}+1" if it closes '
                    "the next day",
                    (*event.path, "window"),
                    event.id,
                )
            elif event.duration is not None and event.duration <= timedelta(0):
                yield Problem.of(
                    "end-before-start",
                    f"event {_named(event)} has no length: give it a duration longer than 0m",
                    (*event.path, "duration"),
                    event.id,
                )
            elif event.duration is not None and event.duration > span:
                yield Problem.of(
                    "window-infeasible",
                    f"event {_named(event)} lasts {format_duration(event.duration)} but its "
                    f"window {event.window[0]}-{event.window[1]} is only "
                    f"{format_duration(span)}; widen the window or shorten it",
                    (*event.path, "duration"),
                    event.id,
                )
            continue
        start, end = event.start_at, event.end_at
        if start is None or end is None or between(start, end) > timedelta(0):
            continue
        if event.end is not None:
            zones = f" ({end.tzinfo})" if event.end_timezone else ""
            yield Problem.of(
                "end-before-start",
                f"event {_named(event)} ends at {event.end}{zones}, not after it starts at "
                f"{event.start} ({start.tzinfo}); correct the times, or write "
                f'"{event.end}+1" if it ends the next day',
                (*event.path, "end"),
                event.id,
            )
        else:
            yield Problem.of(
                "end-before-start",
                f"event {_named(event)} has no length: give it a duration longer than 0m",
                (*event.path, "duration"),
                event.id,
            )


def double_bookings(itinerary: Itinerary) -> Iterator[Problem]:
    """One person in two events at once, found by a sweep over each person's day.

    Events that touch (one ends when the next starts) do not overlap; cancelled events
    take no time; flexible events count once they are placed.
    """
    timelines: dict[str, list[tuple[float, float, int, Event]]] = {}
    order = 0
    for event in itinerary.events():
        start, end = event.start_at, event.end_at
        if event.is_cancelled or start is None or end is None:
            continue
        slot = (start.timestamp(), end.timestamp(), order, event)
        if slot[1] <= slot[0]:
            continue
        order += 1
        for person in _known_attendees(itinerary, event):
            timelines.setdefault(person, []).append(slot)
    clashes: dict[tuple[int, int], tuple[Event, Event, list[str]]] = {}
    for person, slots in timelines.items():
        slots.sort(key=lambda slot: (slot[0], slot[2]))
        active: list[tuple[float, int, Event]] = []  # heap by end time
        for start_ts, end_ts, order_, event in slots:
            while active and active[0][0] <= start_ts:
                heapq.heappop(active)
            for _, other_order, other in active:
                key = (other_order, order_)
                if key not in clashes:
                    clashes[key] = (other, event, [])
                clashes[key][2].append(person)
            heapq.heappush(active, (end_ts, order_, event))
    for first, second, persons in clashes.values():
        yield _double_booked(itinerary, first, second, persons)


def _double_booked(
    itinerary: Itinerary, first: Event, second: Event, persons: list[str]
) -> Problem:
    assert first.start_at is not None
    assert second.start_at is not None
    who = _who(itinerary, persons)
    verb = "is" if len(persons) == 1 else "are"
    if first.day == second.day:
        when_first, when_second = _span(first), _span(second)
    else:
        when_first = f"{_day_name(first.start_at)} {_span(first)}"
        when_second = f"{_day_name(second.start_at)} {_span(second)}"
    return Problem.of(
        "double-booked",
        f"{who} {verb} in {_named(first)} {when_first} and {_named(second)} {when_second}; "
        "move one of them or change its attendees",
        (*second.path, "start") if second.start is not None else second.path,
        second.id,
    )


def transfers(itinerary: Itinerary) -> Iterator[Problem]:
    """Can each person get from one event's place to the next one's in time?

    Consecutive fixed events of a person (cancelled ones take no time; overlaps are
    double bookings, reported elsewhere) are checked with the trip's travel model:
    `travel-infeasible` when the transfer takes longer than the gap, `tight-transfer`
    when it leaves less than `trip.buffer`, `missing-travel` when the two places are in
    different cities (a journey arriving in one and the next leaving from another too).
    """
    model = itinerary.trip.travel_model()
    buffer = itinerary.trip.buffer
    timelines: dict[str, list[Event]] = {}
    for event in itinerary.events():
        if event.is_cancelled or event.start_at is None or event.end_at is None:
            continue
        for person in _known_attendees(itinerary, event):
            timelines.setdefault(person, []).append(event)
    nights = {day.date for day in itinerary.days if day.hotel}
    # The people who make the same move share one problem, worked out once.
    moves: dict[tuple[int, int], tuple[Problem | None, list[str]]] = {}
    for person, events in timelines.items():
        events.sort(key=lambda e: e.start_at.timestamp() if e.start_at else 0.0)
        for before, after in zip(events, events[1:], strict=False):
            # A night at the hotel between: hotel_departures compares the cities at both
            # ends; the times are still checked here (23:50 then 00:05 is no night).
            night = before.day in nights and after.day == before.day + timedelta(days=1)
            key = (id(before), id(after))
            if key not in moves:
                moves[key] = (_transfer(itinerary, model, buffer, before, after, night), [])
            moves[key][1].append(person)
    for problem, persons in moves.values():
        if problem is not None:
            yield replace(problem, message=f"{_who(itinerary, persons)}: {problem.message}")


def _transfer(
    itinerary: Itinerary,
    model: TravelModel,
    buffer: timedelta,
    before: Event,
    after: Event,
    night: bool = False,
) -> Problem | None:
    assert before.end_at is not None
    assert after.start_at is not None
    leaving, arriving = before.places, after.places
    if not leaving or not arriving or leaving[-1] == arriving[0]:
        return None
    here, there = leaving[-1], arriving[0]
    gap = between(before.end_at, after.start_at)
    if gap < timedelta(0):
        return None
    a, b = itinerary.venues.get(here), itinerary.venues.get(there)
    if a is None or b is None:
        return None
    path = (*after.path, "start") if after.start is not None else after.path
    leg = f"from {_named(before)} at {a.name} to {_named(after)} at {b.name}"
    # A journey's own places count: arriving in one city and leaving from another (the
    # next journey's `from`) leaves a journey out just as two meetings apart would.
    if a.city and b.city and a.city.strip().lower() != b.city.strip().lower():
        if night:
            return None  # the hotel is between: hotel_departures says which end is wrong
        return Problem.of(
            "missing-travel",
            f"{leg}: {a.city} to {b.city} with no journey between; add a travel event",
            path,
            after.id,
        )
    found = leg_between(itinerary, model, before, after)
    if found is None:
        return None  # unlocated: no-location says so
    move = found.transfer
    spare = gap - move.time
    if spare < timedelta(0):
        return Problem.of(
            "travel-infeasible",
            f"{leg} needs {move.describe()}, gap is {spoken_minutes(gap)}; move one of them or "
            "shorten the first",
            path,
            after.id,
        )
    if spare < buffer:
        return Problem.of(
            "tight-transfer",
            f"{leg} needs {move.describe()}, gap is {spoken_minutes(gap)}: only "
            f"{spoken_minutes(spare)} to spare, less than the trip's buffer of "
            f"{spoken_minutes(buffer)}",
            path,
            after.id,
        )
    return None


def hotel_departures(itinerary: Itinerary) -> Iterator[Problem]:
    """Each person's day starts at the previous night's hotel and ends at tonight's.

    The first event of a day must be in the hotel's city unless it is the journey away
    (whose `from` must then be in that city too), and the last must leave people in the
    city where they sleep; otherwise a journey is missing (`missing-travel`).
    """
    nights = {day.date: day.hotel for day in itinerary.days if day.hotel}
    on_trip: dict[date, set[str]] = {}
    for day in itinerary.days:
        for event in day.events:
            if not event.is_cancelled:
                on_trip.setdefault(day.date, set()).update(itinerary.attendees(event))
    cities = {vid: v.city.strip().lower() for vid, v in itinerary.venues.items() if v.city}

    def apart(here: str, there: str) -> bool:
        a, b = cities.get(here), cities.get(there)
        return a is not None and b is not None and a != b

    for day in itinerary.days:
        events = [
            e for e in day.events if not e.is_cancelled and e.start_at is not None and e.places
        ]
        if not events:
            continue
        events.sort(key=lambda e: e.start_at.timestamp() if e.start_at else 0.0)
        first: dict[str, Event] = {}
        last: dict[str, Event] = {}
        # Only people who are on the trip that night: with events the day before (for
        # where the day starts) or the day after (for where it ends).
        came = on_trip.get(day.date - timedelta(days=1), set())
        stays = on_trip.get(day.date + timedelta(days=1), set())
        for event in events:
            for person in itinerary.attendees(event):
                first.setdefault(person, event)
                last[person] = event
        slept = nights.get(day.date - timedelta(days=1))
        moves: dict[tuple[int, str], list[str]] = {}
        for person in itinerary.people:
            if person not in first:
                continue
            if slept is not None and person in came and apart(slept, first[person].places[0]):
                moves.setdefault((id(first[person]), "from"), []).append(person)
            tonight = day.hotel
            if tonight is not None and person in stays and apart(last[person].places[-1], tonight):
                moves.setdefault((id(last[person]), "to"), []).append(person)
        by_id = {id(e): e for e in events}
        for (key, way), persons in moves.items():
            event = by_id[key]
            if way == "from":
                hotel = itinerary.venues[nights[day.date - timedelta(days=1)]]
                place = itinerary.venues[event.places[0]]
                message = (
                    f"{_who(itinerary, persons)}: the day starts at {hotel.name} in {hotel.city} "
                    f"but {_named(event)} {'leaves from' if event.kind == 'travel' else 'is in'} "
                    f"{place.city}; add a travel event before it"
                )
            else:
                hotel = itinerary.venues[day.hotel or ""]
                place = itinerary.venues[event.places[-1]]
                message = (
                    f"{_who(itinerary, persons)}: the day ends with {_named(event)} in "
                    f"{place.city} but the night is at {hotel.name} in {hotel.city}; add a "
                    "travel event after it"
                )
            yield Problem.of(
                "missing-travel",
                message,
                (*event.path, "start") if event.start is not None else event.path,
                event.id,
            )


def _known_attendees(itinerary: Itinerary, event: Event) -> list[str]:
    """Attendees who are among the people: an unknown one is unknown-ref's to report,
    not also a double booking or a transfer of someone who is not on the trip."""
    return [p for p in itinerary.attendees(event) if p in itinerary.people]


def _who(itinerary: Itinerary, persons: list[str]) -> str:
    ordered = [p for p in itinerary.people if p in persons] + [
        p for p in persons if p not in itinerary.people
    ]
    return ordered[0] if len(ordered) == 1 else ", ".join(ordered[:-1]) + " and " + ordered[-1]


def tentative(itinerary: Itinerary) -> Iterator[Problem]:
    for event in itinerary.events():
        if event.status == "tentative":
            yield Problem.of(
                "tentative",
                f"event {_named(event)} is tentative; confirm it with "
                f"{event.host.name if event.host else 'the host'} before circulating, "
                "then set status: confirmed",
                (*event.path, "status"),
                event.id,
            )


def public_holidays(itinerary: Itinerary) -> Iterator[Problem]:
    for event in itinerary.events():
        if event.is_cancelled:
            continue
        venue = itinerary.venues.get(event.places[0]) if event.places else None
        country = country_of(
            venue.country if venue else None, venue.city if venue else None, event.zone
        )
        if country is None:
            continue
        moment = event.start_at or datetime.combine(event.day, datetime.min.time(), event.zone)
        name = holiday(country, moment.date())
        if name is None:
            continue
        advice = (
            "expect crowded stations and sold-out services"
            if event.kind == "travel"
            else "offices may be closed; confirm with the host"
        )
        yield Problem.of(
            "holiday",
            f"event {_named(event)} is on {_day_name(moment)}, {name} in "
            f"{country_name(country)}; {advice}",
            (*event.path, "start") if event.start is not None else event.path,
            event.id,
        )


def used_venues(itinerary: Itinerary) -> list[str]:
    """Venue ids that events (not cancelled) or nights use, in file order."""
    used = {p for e in itinerary.events() if not e.is_cancelled for p in e.places}
    used |= {d.hotel for d in itinerary.days if d.hotel}
    return [vid for vid in itinerary.venues if vid in used]


def venue_locations(itinerary: Itinerary, found: Mapping[str, Found | None]) -> Iterator[Problem]:
    """`no-location` and `coarse-location` for venues without coordinates of their own.

    `found` holds what the offline lookup made of each such venue.
    """
    for vid in used_venues(itinerary):
        venue = itinerary.venues[vid]
        if venue.location is not None:
            continue
        place = found.get(vid)
        path = ("venues", vid)
        if place is None or not place.usable:
            why = f" ({place.refused})" if place is not None and place.refused else ""
            yield Problem.of(
                "no-location",
                f"venue '{vid}' has no coordinates and none were found offline{why}; add "
                "location: [lat, lon], or run 'tripplan geocode --write'",
                path,
            )
        elif place.precision == "city":
            yield Problem.of(
                "coarse-location",
                f"venue '{vid}' is placed only at the centre of {place.matched}; add its own "
                "location: [lat, lon] so travel times are right",
                path,
            )


RULES: tuple[Rule, ...] = (
    unknown_references,
    duplicate_ids,
    one_principal,
    trip_dates,
    ends_after_start,
    double_bookings,
    transfers,
    hotel_departures,
    tentative,
    public_holidays,
)


def run_rules(itinerary: Itinerary, rules: Iterable[Rule] = RULES) -> list[Problem]:
    return [problem for rule in rules for problem in rule(itinerary)]
