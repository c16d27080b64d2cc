"""Getting from one place to the next: travel time between events, journeys, hotels."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

from tripplan.checks.words import known_attendees, listed, named
from tripplan.format.model import Event, Itinerary, between
from tripplan.format.values import spoken_minutes
from tripplan.plan.travel import TravelModel, leg_between
from tripplan.problems import Problem


def transfers(itinerary: Itinerary) -> Iterator[Problem]:
    """Can each person get from one event's place to the next one's in time?

    Consecutive fixed events of a person (cancelled ones take no time; overlaps are
    double bookings, reported elsewhere) are checked with the trip's travel model:
    `travel-infeasible` when the transfer takes longer than the gap, `tight-transfer`
    when it leaves less than `trip.buffer`, `missing-travel` when the two places are in
    different cities (a journey arriving in one and the next leaving from another too).
    """
    model = TravelModel.for_trip(itinerary)
    buffer = itinerary.trip.buffer
    timelines: dict[str, list[Event]] = {}
    for event in itinerary.events():
        # An event whose end cannot be read (a schema error) can still be arrived at late.
        if event.is_cancelled or event.start_at is None:
            continue
        if event.end_at is None and event.is_flexible:
            continue
        for person in known_attendees(itinerary, event):
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
            yield replace(problem, message=f"{listed(itinerary, persons)}: {problem.message}")


def _transfer(
    itinerary: Itinerary,
    model: TravelModel,
    buffer: timedelta,
    before: Event,
    after: Event,
    night: bool = False,
) -> Problem | None:
    assert after.start_at is not None
    if before.end_at is None:
        return None
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
    leg = f"from {named(before)} at {a.name} to {named(after)} at {b.name}"
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
    last_day = max((day.date for day in itinerary.days), default=None)
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
        # On the last day everyone with a hotel that night sleeps there.
        after = day.date if day.date == last_day else day.date + timedelta(days=1)
        stays = on_trip.get(after, set())
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
                    f"{listed(itinerary, persons)}: the day starts at {hotel.name} in {hotel.city} "
                    f"but {named(event)} {'leaves from' if event.kind == 'travel' else 'is in'} "
                    f"{place.city}; add a travel event before it"
                )
            else:
                hotel = itinerary.venues[day.hotel or ""]
                place = itinerary.venues[event.places[-1]]
                message = (
                    f"{listed(itinerary, persons)}: the day ends with {named(event)} in "
                    f"{place.city} but the night is at {hotel.name} in {hotel.city}; add a "
                    "travel event after it"
                )
            yield Problem.of(
                "missing-travel",
                message,
                (*event.path, "start") if event.start is not None else event.path,
                event.id,
            )
