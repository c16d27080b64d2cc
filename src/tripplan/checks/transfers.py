"""Getting from one place to the next: travel time between events, journeys, hotels."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from tripplan.checks.words import known_attendees, listed, named
from tripplan.format.model import Event, Itinerary
from tripplan.format.values import spoken_minutes
from tripplan.geo.distance import great_circle_km
from tripplan.plan.nights import apart, day_ends
from tripplan.plan.travel import Transfer, TravelModel, country_of_venue, leg_between
from tripplan.problems import Problem


def transfers(itinerary: Itinerary) -> Iterator[Problem]:
    """Can each person get from one event's place to the next one's in time?

    Consecutive fixed events of a person (cancelled ones take no time; overlaps are
    double bookings, reported elsewhere) are checked with the trip's travel model:
    `travel-infeasible` when the transfer takes longer than the gap, `tight-transfer`
    when it leaves less than `trip.buffer`, `missing-travel` when the two places are in
    different cities (a journey arriving in one and the next leaving from another too) —
    `travel-infeasible` again when the gap is too short for the drive and for any train
    or flight.
    """
    timelines: dict[str, list[_Stop]] = {}
    for order, event in enumerate(itinerary.events()):
        start, end = event.start_ts, event.end_ts
        # An event whose end cannot be read (a schema error) can still be arrived at late.
        if event.is_cancelled or start is None or (end is None and event.is_flexible):
            continue
        stop = (start, order, end, event.places, event)
        for person in known_attendees(itinerary, event):
            timelines.setdefault(person, []).append(stop)
    # A move made by several people is one problem, worked out once: who makes each.
    moves: dict[tuple[int, int], tuple[_Stop, _Stop, list[str]]] = {}
    for person, stops in timelines.items():
        stops.sort()  # by start, then file order (unique: nothing further is compared)
        for before, after in zip(stops, stops[1:], strict=False):
            key = (before[1], after[1])
            move = moves.get(key)
            if move is None:
                moves[key] = (before, after, [person])
            else:
                move[2].append(person)
    moving = _Moves(itinerary)
    for before, after, persons in moves.values():
        problem = moving.check(before, after, persons)
        if problem is not None:
            yield problem


# An event as the moves see it, worked out once: start and end (seconds since the
# epoch; no end when it cannot be read), its position in the file, the venues it uses,
# and the event.
_Stop = tuple[float, int, float | None, tuple[str, ...], Event]


class _Moves:
    """Moves between consecutive events, with what every move needs looked up once: the
    trip's travel model, and the venues' cities."""

    def __init__(self, itinerary: Itinerary) -> None:
        self.itinerary = itinerary
        self.model = TravelModel.for_trip(itinerary)
        self.buffer = itinerary.trip.buffer
        self.nights = {day.date for day in itinerary.days if day.hotel}
        self.cities = {vid: v.city.strip().lower() for vid, v in itinerary.venues.items() if v.city}
        self.points: dict[str, tuple[float, float] | None] = {}
        # The slowest any move between two venues can take (seconds): a trip moves between
        # the same few pairs of places thousands of times.
        self.longest: dict[tuple[str, str], float] = {}
        self.buffer_seconds = self.buffer.total_seconds()

    def check(self, first: _Stop, second: _Stop, persons: list[str]) -> Problem | None:
        """The problem with the move from `first` to `second` that `persons` make, if any."""
        leaving, arriving = first[3], second[3]
        if not leaving or not arriving or leaving[-1] == arriving[0]:
            return None
        here, there = leaving[-1], arriving[0]
        if first[2] is None:
            return None  # no end to leave at
        gap_seconds = second[0] - first[2]
        if gap_seconds < 0:
            return None
        before, after = first[4], second[4]
        venues = self.itinerary.venues
        if here not in venues or there not in venues:
            return None
        # A journey's own places count: arriving in one city and leaving from another (the
        # next journey's `from`) leaves a journey out just as two meetings apart would.
        city, other = self.cities.get(here), self.cities.get(there)
        if city is not None and other is not None and city != other:
            # A night at the hotel between: hotel_departures compares the cities at both
            # ends (23:50 then 00:05 is no night, and is checked as any move).
            if before.day in self.nights and after.day == before.day + timedelta(days=1):
                return None
            a, b = venues[here], venues[there]
            cities = f"{a.city} to {b.city} with no journey between"
            # A gap no way there fits is an error, not a journey to add: the programme
            # itself must change.
            sure = self._surely_fits(here, there, gap_seconds)
            move = None if sure else self._transfer(before, after)
            gap = timedelta(seconds=gap_seconds)
            if move is not None and gap < (best := min(move.time, _fastest_ride(move.km))):
                faster = f" (at best {spoken_minutes(best)} by train or air)"
                return self._problem(
                    "travel-infeasible",
                    f"needs {move.describe()}{faster if best < move.time else ''}, gap is "
                    f"{spoken_minutes(gap)}; {cities}: move one of them or shorten the "
                    "first, then add a travel event",
                    before,
                    after,
                    persons,
                )
            return self._problem(
                "missing-travel", f"{cities}; add a travel event", before, after, persons
            )
        # Travel leaving when the first ends (the roads' time of day); none unless both
        # places are located at different points (no-location says when they are not).
        if self._surely_fits(here, there, gap_seconds):
            return None
        move = self._transfer(before, after)
        if move is None:
            return None
        gap = timedelta(seconds=gap_seconds)
        spare = gap - move.time
        if spare >= self.buffer:
            return None
        if spare < timedelta(0):
            return self._problem(
                "travel-infeasible",
                f"needs {move.describe()}, gap is {spoken_minutes(gap)}; move one of them or "
                "shorten the first",
                before,
                after,
                persons,
            )
        return self._problem(
            "tight-transfer",
            f"needs {move.describe()}, gap is {spoken_minutes(gap)}: "
            f"{_to_spare(spare)}, less than the trip's buffer of {spoken_minutes(self.buffer)}",
            before,
            after,
            persons,
        )

    def _transfer(self, before: Event, after: Event) -> Transfer | None:
        """The move from `before` to `after` as every command works it out (worked out
        only for the few moves `_surely_fits` cannot pass)."""
        leg = leg_between(self.itinerary, self.model, before, after)
        return None if leg is None else leg.transfer

    def _surely_fits(self, here: str, there: str, gap_seconds: float) -> bool:
        """True if the move leaves the buffer to spare even at the slowest hour: most
        moves of a trip, which then need not be worked out for their hour."""
        longest = self.longest.get((here, there), 0.0)
        if longest == 0.0:
            a, b = self._point(here), self._point(there)
            if a is None or b is None:
                return False
            # A minute over the model's longest: its times are rounded up to whole minutes.
            longest = self.longest[(here, there)] = self.model.longest(great_circle_km(a, b)) + 60
        return gap_seconds - longest >= self.buffer_seconds

    def _point(self, venue: str) -> tuple[float, float] | None:
        if venue not in self.points:
            self.points[venue] = self.itinerary.point(venue)
        return self.points[venue]

    def _problem(
        self, code: str, what: str, before: Event, after: Event, persons: list[str]
    ) -> Problem:
        venues = self.itinerary.venues
        a, b = venues[before.places[-1]], venues[after.places[0]]
        leg = f"from {named(before)} at {a.name} to {named(after)} at {b.name}"
        separator = ":" if code == "missing-travel" else ""
        return Problem.of(
            code,
            f"{listed(self.itinerary, persons)}: {leg}{separator} {what}",
            (*after.path, "start") if after.start is not None else after.path,
            after.id,
        )


def hotel_departures(itinerary: Itinerary) -> Iterator[Problem]:
    """Each person's day starts at the hotel they slept at and ends at tonight's (who
    sleeps where: `plan.nights`).

    The first event of a day must be in the hotel's city unless it is the journey away
    (whose `from` must then be in that city too), and the last must leave people in the
    city where they sleep; otherwise a journey is missing (`missing-travel`).
    """
    away = apart(itinerary)
    # Who makes each missing journey: by its event, which way and the hotel, in the order
    # of the days, then of the people.
    moves: dict[tuple[int, bool, str], list[str]] = {}
    events: dict[int, Event] = {}
    for ends in day_ends(itinerary, itinerary.events()):
        if ends.slept is not None and away(ends.slept, ends.first.places[0]):
            moves.setdefault((id(ends.first), True, ends.slept), []).append(ends.person)
            events[id(ends.first)] = ends.first
        if ends.tonight is not None and away(ends.last.places[-1], ends.tonight):
            moves.setdefault((id(ends.last), False, ends.tonight), []).append(ends.person)
            events[id(ends.last)] = ends.last
    for (key, leaving, hotel_id), persons in moves.items():
        event = events[key]
        hotel = itinerary.venues[hotel_id]
        if leaving:
            place = itinerary.venues[event.places[0]]
            message = (
                f"{listed(itinerary, persons)}: the day starts at {hotel.name} in {hotel.city} "
                f"but {named(event)} {'leaves from' if event.kind == 'travel' else 'is in'} "
                f"{place.city}; add a travel event before it"
            )
        else:
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


# The least a train or a flight takes door to door, beyond its time on the move: to
# the station and through its gates, or to the airport, check-in and security, and on
# from the other end (high-speed trains run at up to 350 km/h, 250 here for the stops
# and the line's detours; flights about 800 km/h gate to gate).
RAIL = (timedelta(hours=1), 250.0)
AIR = (timedelta(hours=2), 800.0)


def _fastest_ride(km: float) -> timedelta:
    """The least time any train or flight could take for `km` in a straight line, whole
    minutes rounded down (a bound: the gap must be shorter still)."""
    best = min(fixed + timedelta(hours=km / kmh) for fixed, kmh in (RAIL, AIR))
    return timedelta(minutes=best // timedelta(minutes=1))


def _to_spare(spare: timedelta) -> str:
    """ "only 4 min to spare", or "no time to spare" (travel and gaps are whole minutes,
    so what is said is what was compared)."""
    if spare < timedelta(minutes=1):
        return "no time to spare"
    return f"only {spoken_minutes(spare)} to spare"


# A written drive shorter than this share of the model's time on the road is doubted: a
# driver who knows the road beats the model, but not by a third (the model's expressway
# speed is already a free-flowing one); more often the end was written for the start of
# something else, or the place is wrong.
_DOUBTED_BELOW = 2 / 3


def journey_times(itinerary: Itinerary) -> Iterator[Problem]:
    """A car journey the staff wrote themselves (`mode: car` with `from` and `to`) that
    is much shorter than the travel model's drive between its places at that hour:
    `journey-too-short`, saying what the model expects."""
    model = TravelModel.for_trip(itinerary)
    for event in itinerary.events():
        if event.mode != "car" or event.is_cancelled or len(event.places) < 2:
            continue
        start, end = event.start_at, event.end_at
        here, there = event.places[0], event.places[-1]
        a, b = itinerary.point(here), itinerary.point(there)
        if start is None or end is None or a is None or b is None or a == b:
            continue
        country = country_of_venue(itinerary, here, event.zone)
        move = model.transfer(a, b, start.astimezone(event.zone), country)
        if move.mode != "car":
            continue  # close enough to walk: any written time will do
        # The model's time less its overhead (to the car, out of the car park): the
        # written journey is the drive.
        driving = move.time - model.car.overhead
        written = end - start
        if written.total_seconds() >= _DOUBTED_BELOW * driving.total_seconds():
            continue
        venues = itinerary.venues
        yield Problem.of(
            "journey-too-short",
            f"journey {named(event)} by car from {venues[here].name} to {venues[there].name} "
            f"takes {spoken_minutes(written)} as written, but the travel model needs "
            f"~{spoken_minutes(driving)} of driving at {start.astimezone(event.zone):%H:%M}"
            f"{f' ({move.traffic})' if move.traffic else ''} for {move.km:.1f} km; check its "
            "times and places, or set trip.travel.car if the roads are faster",
            (*event.path, "end") if event.end is not None else event.path,
            event.id,
        )
