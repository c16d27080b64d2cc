"""Cars and drivers: every vehicle named, not overfull, in one place at a time, able to
reach its next pick-up; nobody left out of a move by car that has vehicles."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from tripplan.checks.words import listed, named
from tripplan.format.logistics import Riders, Vehicle
from tripplan.format.model import Itinerary
from tripplan.format.values import format_clock, spoken_minutes
from tripplan.geo.places import venue_country
from tripplan.plan.car_moves import car_moves
from tripplan.plan.car_moves import riders as assigned_riders
from tripplan.plan.travel import TravelModel
from tripplan.plan.vehicles import Clash, Run, by_vehicle, clashes, runs
from tripplan.problems import Path, Problem

Assignment = tuple[Path, Riders, str, str | None, list[str] | None]


def _assignments(itinerary: Itinerary) -> Iterator[Assignment]:
    """Each `vehicles:` written: where, what, whose it is (in words, and the event's id),
    and who may ride (a journey's attendees; None for a day)."""
    for day in itinerary.days:
        if day.vehicles:
            yield day.path, day.vehicles, f"day {day.date}", None, None
        for event in day.events:
            if event.vehicles:
                whose = f"event {named(event)}"
                yield event.path, event.vehicles, whose, event.id, itinerary.attendees(event)


def vehicle_assignments(itinerary: Itinerary) -> Iterator[Problem]:
    """Vehicles and people that exist, riders who make the journey, one vehicle per
    person, and no more people than seats."""
    vehicles, people = itinerary.vehicles, itinerary.people
    for path, riders, whose, event, attending in _assignments(itinerary):
        seated: dict[str, str] = {}
        for vid, persons in riders.items():
            at = (*path, "vehicles", vid)
            vehicle = vehicles.get(vid)
            if vehicle is None:
                yield Problem.of(
                    "unknown-ref",
                    f"{whose}: vehicle '{vid}' is not one of the vehicles{_suggest(vid, vehicles)}",
                    at,
                    event,
                )
            for i, pid in enumerate(persons):
                if pid not in people:
                    yield Problem.of(
                        "unknown-ref",
                        f"{whose}: '{pid}' in {vid} is not one of the people"
                        f"{_suggest(pid, people)}",
                        (*at, i),
                        event,
                    )
                elif attending is not None and pid not in attending:
                    yield Problem.of(
                        "unknown-ref",
                        f"{whose}: '{pid}' rides in {vid} but does not attend it; add them to "
                        "attendees or take them out of the vehicle",
                        (*at, i),
                        event,
                    )
                if pid in seated and seated[pid] != vid:
                    yield Problem.of(
                        "vehicle-conflict",
                        f"{whose}: '{pid}' is in both {seated[pid]} and {vid}; keep one",
                        (*at, i),
                        event,
                    )
                seated.setdefault(pid, vid)
            aboard = list(dict.fromkeys(persons))  # someone written twice takes one seat
            if vehicle is not None and vehicle.seats is not None and len(aboard) > vehicle.seats:
                yield Problem.of(
                    "vehicle-overbooked",
                    f"{whose}: {_called(vid, vehicle)} has {vehicle.seats} passenger seats but "
                    f"{len(aboard)} people are in it ({', '.join(aboard)}); move someone to "
                    "another vehicle",
                    at,
                    event,
                )


def vehicle_conflicts(itinerary: Itinerary) -> Iterator[Problem]:
    """One vehicle, or one driver, asked to be in two places at once or to reach a
    pick-up sooner than the travel model allows."""
    if not itinerary.vehicles or not any(
        day.vehicles or any(e.vehicles for e in day.events) for day in itinerary.days
    ):
        return
    model = TravelModel.for_trip(itinerary)
    all_runs = [r for r in runs(itinerary) if r.vehicle in itinerary.vehicles]
    grouped = by_vehicle(all_runs)
    reported: set[tuple[int, int]] = set()
    for vid, schedule in grouped.items():
        for clash in clashes(schedule, model, itinerary):
            reported.add((id(clash.first), id(clash.second)))
            yield _conflict(itinerary, _called(vid, itinerary.vehicles[vid]), clash)
    drivers: dict[tuple[str, frozenset[str]], list[str]] = {}
    for vid, vehicle in itinerary.vehicles.items():
        if vehicle.driver is not None:
            numbers = frozenset(_digits(p) for p in vehicle.driver.numbers)
            key = (vehicle.driver.name.casefold(), numbers)
            drivers.setdefault(key, []).append(vid)
    for vids in drivers.values():
        if len(vids) < 2:
            continue
        schedule = [r for vid in vids for r in grouped.get(vid, [])]
        for clash in clashes(schedule, model, itinerary):
            mixed = clash.first.vehicle != clash.second.vehicle
            if mixed and (id(clash.first), id(clash.second)) not in reported:
                driver = itinerary.vehicles[vids[0]].driver
                assert driver is not None
                yield _conflict(itinerary, f"driver {driver.name} ({' and '.join(vids)})", clash)


def _conflict(itinerary: Itinerary, who: str, clash: Clash) -> Problem:
    first, second = clash.first, clash.second
    place = itinerary.venues
    there = place[second.start].name if second.start in place else second.start
    left = place[first.end].name if first.end in place else first.end
    if clash.at_once:
        message = (
            f"{who} is in two places at once: {_run(itinerary, first)} and "
            f"{_run(itinerary, second)}; give one "
            "of them another vehicle"
        )
    else:
        reach = f"needs ~{spoken_minutes(clash.reach)}" if clash.reach else "needs time"
        # A run that is not a written journey is simulated leaving as early as it may: its
        # drop-off is the earliest (the sheets give the planned time, later).
        soonest = "" if first.fixed else " at the earliest"
        message = (
            f"{who} drops off at {left} at {format_clock(clash.arrives)}{soonest} and cannot reach "
            f"{there} for the pick-up by {format_clock(clash.needed)} ({reach} by car); give "
            "one of them another vehicle or move them apart"
        )
    event = second.journey or second.before or second.after
    return Problem.of("vehicle-conflict", message, second.path, event.id if event else None)


def _run(itinerary: Itinerary, run: Run) -> str:
    if run.journey is not None:
        return f"{named(run.journey)} {format_clock(run.earliest)}-{format_clock(run.latest)}"
    window = f"{format_clock(run.earliest)}-{format_clock(run.latest)}"
    # A hotel run has only one of its two events; the hotel is at the other end.
    hotel = itinerary.venues.get(run.start if run.after is None else run.end)
    at_hotel = f"the hotel ({hotel.name if hotel else '?'})"
    origin = named(run.after) if run.after is not None else at_hotel
    goal = named(run.before) if run.before is not None else at_hotel
    return f"from {origin} to {goal} ({window})"


def no_vehicle(itinerary: Itinerary) -> Iterator[Problem]:
    """Someone in a move by car for which vehicles are assigned who is in none of them:
    a car journey with `vehicles` (its own or the day's), or a move by car between two
    events of a day with `vehicles`."""
    model: TravelModel | None = None
    for day in itinerary.days:
        for event in day.events:
            riders = assigned_riders(day, event)
            if not riders:
                continue
            seated = {p for persons in riders.values() for p in persons}
            left = [p for p in itinerary.attendees(event) if p in itinerary.people]
            left = [p for p in left if p not in seated]
            if left:
                path = (*(event.path if event.vehicles else day.path), "vehicles")
                yield Problem.of(
                    "no-vehicle",
                    f"event {named(event)}: {listed(itinerary, left)} "
                    f"{'is' if len(left) == 1 else 'are'} in none of its vehicles "
                    f"({', '.join(riders)}); add them to one",
                    path,
                    event.id,
                )
        if not day.vehicles:
            continue
        model = model or TravelModel.for_trip(itinerary)
        seated = {p for persons in day.vehicles.values() for p in persons}
        for move in car_moves(itinerary, day, model):
            left = [p for p in move.people if p not in seated]
            if left:
                yield Problem.of(
                    "no-vehicle",
                    f"day {day.date}: {listed(itinerary, left)} "
                    f"{'goes' if len(left) == 1 else 'go'} by car from {named(move.after)} to "
                    f"{named(move.before)} in none of the day's vehicles "
                    f"({', '.join(day.vehicles)}); add them to one",
                    (*day.path, "vehicles"),
                    move.before.id,
                )


# Places a car needs cross-boundary plates and permits to go between.
_REGIONS = {"HK": "Hong Kong", "MO": "Macao", "CN": "the mainland"}


def vehicle_boundaries(itinerary: Itinerary) -> Iterator[Problem]:
    """A vehicle driven in two of Hong Kong, Macao and the mainland, unless it may cross
    (`cross_boundary: true`): a car hired in Guangzhou cannot follow the delegation's
    train to Hong Kong, and the boundary is no road for a car without its plates."""
    if not itinerary.vehicles:
        return
    for vid, schedule in by_vehicle(runs(itinerary)).items():  # each in time order
        vehicle = itinerary.vehicles.get(vid)
        if vehicle is None or vehicle.cross_boundary:
            continue
        # Where it is first in each region, and when: the first two are the crossing.
        seen: dict[str, tuple[Run, str, datetime]] = {}
        for run in schedule:
            for place, when in ((run.start, run.leaves), (run.end, run.due)):
                zone = when.tzinfo
                region = (
                    venue_country(itinerary, place, zone) if isinstance(zone, ZoneInfo) else None
                )
                if region in _REGIONS:
                    seen.setdefault(region, (run, place, when))
        if len(seen) < 2:
            continue
        (one, first), (other, then) = list(seen.items())[:2]
        event = then[0].journey or then[0].before or then[0].after
        yield Problem.of(
            "vehicle-boundary",
            f"{_called(vid, vehicle)} is driven in {_REGIONS[one]} ({_seen(itinerary, first)}) "
            f"and in {_REGIONS[other]} ({_seen(itinerary, then)}); give the moves on one "
            f"side another vehicle, or set cross_boundary: true on {vid} if it may cross",
            then[0].path,
            event.id if event else None,
        )


def _seen(itinerary: Itinerary, seen: tuple[Run, str, datetime]) -> str:
    """ "Tamar, 25 Feb 18:45 HKT": where a vehicle is, and when, in that place's time."""
    _, venue, when = seen
    found = itinerary.venues.get(venue)
    zone = "" if when.tzinfo == itinerary.trip.timezone else f" {when.tzname()}"
    return f"{found.name if found else venue}, {when:%d %b} {format_clock(when)}{zone}"


def _called(vid: str, vehicle: Vehicle) -> str:
    return f"{vid} ({vehicle.name})" if vehicle.name else vid


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _digits(phone: str | None) -> str:
    return "".join(c for c in phone or "" if c.isdigit())
