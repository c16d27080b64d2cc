"""Where each vehicle goes: its runs, from pick-up to drop-off, with whom on board.

A run is a journey by car that names its vehicles (`vehicles:` on the event, else the
day's), a transfer between two events of someone who rides in one of the day's vehicles
(the move the travel model says is by car), or such a person's way from the night's
hotel to their first event and back from their last (the driver must know them, and one
car cannot make three hotel runs at once). A journey's run has fixed times; a transfer
may leave any time after the first event ends and must arrive by the time the next
begins, so a car can serve two groups in turn when the gaps allow; a hotel run is due at
the day's first event the trip's buffer before it starts (`HotelLeg.due`) and may leave
up to HOTEL_WAIT before it must, and collects people up to HOTEL_WAIT after their last
event ends. Pure: the
`check` rules (`tripplan.checks.vehicles`) and the driver views read the same runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tripplan.format.model import Day, Event, Itinerary, between
from tripplan.plan.car_moves import Move, car_moves, riders
from tripplan.plan.seating import Leaving, Seats, reseated, split
from tripplan.plan.travel import HotelLeg, Leg, TravelModel, country_of_venue, hotel_legs
from tripplan.problems import Path


@dataclass(slots=True)
class Run:
    """One drive of one vehicle."""

    vehicle: str
    start: str  # venue id of the pick-up
    end: str  # venue id of the drop-off
    earliest: datetime  # when it may leave (the window the vehicle checks allow)
    latest: datetime  # when it must have arrived
    drive: timedelta | None  # how long the drive takes (None: places not located)
    passengers: list[str]
    path: Path  # where the assignment is written, for problems to point at
    journey: Event | None = None  # the car journey, or None for a transfer
    after: Event | None = None  # a transfer: the event it leaves from
    before: Event | None = None  # … and the one it goes to
    events: list[Event] = field(default_factory=list)  # every event the run serves
    # When the car leaves: the time the delegation's own outputs give the move (a hotel
    # run: as late as arrives on time), or, from `timetable`, the time the vehicle's day
    # makes it leave (earlier, to serve another group first; later, once it is free).
    departs: datetime | None = None

    @property
    def fixed(self) -> bool:
        return self.journey is not None

    @property
    def leaves(self) -> datetime:
        return self.departs or self.earliest

    @property
    def due(self) -> datetime:
        """When it is at the drop-off: a journey's end or the next event's start; back at
        the hotel, a drive after it leaves (its `latest` is only how long people may
        wait to be collected)."""
        if self.journey is None and self.before is None and self.drive is not None:
            return _later(self.leaves, self.drive)
        return self.latest


# How long before it must a hotel run may leave (people taken to their first event a
# little early), and how long after their last event people may wait to be collected:
# a car can serve two groups from one hotel in turn within it, not more.
HOTEL_WAIT = timedelta(minutes=30)


def runs(itinerary: Itinerary) -> list[Run]:
    """Every run of every vehicle, in time order."""
    model = TravelModel.for_trip(itinerary)
    # The hotel legs of every day with vehicles, worked out in one pass (each pass reads
    # the whole trip for who is on it which night).
    legs: dict[date, list[HotelLeg]] = {}
    driven = [e for day in itinerary.days if day.vehicles for e in day.events]
    for leg in hotel_legs(itinerary, driven) if driven else ():
        legs.setdefault(leg.event.day, []).append(leg)
    found: list[Run] = []
    for day in itinerary.days:
        journeys = list(_journeys(itinerary, day, model))
        found.extend(journeys)
        if day.vehicles:
            found.extend(_driven(itinerary, model, day, legs.get(day.date, []), journeys))
    found.sort(key=lambda r: (_stamp(r.earliest), r.vehicle))
    return found


def _driven(
    itinerary: Itinerary, model: TravelModel, day: Day, ways: list[HotelLeg], journeys: list[Run]
) -> list[Run]:
    """The day's moves between events and from and to the hotel, in its vehicles: as
    written, or with the groups of a split seated afresh (`plan.seating`) where that
    leaves fewer runs the vehicles cannot make."""
    assert day.vehicles is not None
    moves = car_moves(itinerary, day, model)
    written = _shared([*_transfers(day, moves), *_hotel_runs(day, ways)])
    leaving = [
        Leaving(m.start, m.after.end_at, m.before.start_at, m.people)
        for m in moves
        if m.after.end_at is not None and m.before.start_at is not None
    ]
    if len(leaving) < len(moves) or not split(day, leaving):
        return written
    seats = {v: getattr(itinerary.vehicles.get(v), "seats", None) for v in day.vehicles}

    def busy(vehicle: str, move: Leaving) -> bool:
        return any(
            r.vehicle == vehicle
            and _stamp(r.earliest) < _stamp(move.arrives)
            and _stamp(move.leaves) < _stamp(r.latest)
            for r in journeys
        )

    plans, evening = reseated(day, leaving, seats, busy)
    other = _shared([*_transfers(day, moves, plans), *_hotel_runs(day, ways, evening)])
    before = _unmade(itinerary, model, [*journeys, *written])
    return other if _unmade(itinerary, model, [*journeys, *other]) < before else written


def _unmade(itinerary: Itinerary, model: TravelModel, day_runs: list[Run]) -> int:
    """How many of `day_runs` their vehicles cannot make."""
    return sum(
        1 for schedule in by_vehicle(day_runs).values() for _ in clashes(schedule, model, itinerary)
    )


def _journeys(itinerary: Itinerary, day: Day, model: TravelModel) -> Iterator[Run]:
    for event in day.events:
        assigned = riders(day, event)
        if not assigned or event.start_at is None or event.end_at is None:
            continue
        attending = set(itinerary.attendees(event))
        written = event.vehicles is not None
        for vehicle, people in assigned.items():
            on_board = people if written else [p for p in people if p in attending]
            if not on_board:
                continue  # a day's car whose people are not on this journey
            path = (*(event.path if written else day.path), "vehicles", vehicle)
            yield Run(
                vehicle,
                event.from_ or "",
                event.to or "",
                event.start_at,
                event.end_at,
                between(event.start_at, event.end_at),
                list(on_board),
                path,
                journey=event,
                events=[event],
                departs=event.start_at,
            )


def _transfers(day: Day, moves: list[Move], plans: list[Seats] | None = None) -> Iterator[Run]:
    """The runs of `moves`, each person in the day's vehicle, or in that of `plans` (who
    rides in which on each move)."""
    assert day.vehicles is not None
    seat_of = {p: v for v, people in day.vehicles.items() for p in people}
    # One car leaving one place at one time is one drive, whoever goes where next.
    found: dict[tuple[str, str, str, float], Run] = {}
    for i, move in enumerate(moves):
        assert move.after.end_at is not None
        assert move.before.start_at is not None
        seated = plans[i] if plans is not None else seat_of
        for person in move.people:
            vehicle = seated.get(person)
            if vehicle is None:
                continue
            key = (vehicle, move.start, move.end, _stamp(move.after.end_at))
            run = found.get(key)
            if run is None:
                found[key] = Run(
                    vehicle,
                    move.start,
                    move.end,
                    move.after.end_at,
                    move.before.start_at,
                    move.drive,
                    [person],
                    (*day.path, "vehicles", vehicle),
                    after=move.after,
                    before=move.before,
                    events=[move.after, move.before],
                    departs=move.after.end_at,
                )
                continue
            run.passengers.append(person)
            if _stamp(move.before.start_at) < _stamp(run.latest):
                run.latest, run.before = move.before.start_at, move.before
            if move.before not in run.events:
                run.events.append(move.before)
    yield from found.values()


def _shared(day_runs: list[Run]) -> list[Run]:
    """The runs with each way from or to the hotel made in a car's run between two
    events where that run goes the same way and leaves when the hotel run may: one car
    taking some to a dinner at the hotel and others back to bed is one drive, not two
    that would clash. The run keeps its times (the event it goes to may be later than a
    hotel run would arrive), and takes the hotel run's people on board."""
    transfers = [r for r in day_runs if r.after is not None and r.before is not None]
    kept: list[Run] = []
    for run in day_runs:
        between_events = run.after is not None and run.before is not None
        if between_events or run.fixed or run.drive is None:
            kept.append(run)
            continue
        # Back to the hotel: collected once the event ends, within HOTEL_WAIT; from it:
        # up to HOTEL_WAIT early, no later than arrives in time.
        last = run.departs if run.before is not None else _must_leave(run)
        host = next(
            (
                t
                for t in transfers
                if (t.vehicle, t.start, t.end) == (run.vehicle, run.start, run.end)
                and t.departs is not None
                and last is not None
                and _stamp(run.earliest) <= _stamp(t.departs) <= _stamp(last)
            ),
            None,
        )
        if host is None:
            kept.append(run)
            continue
        host.passengers.extend(p for p in run.passengers if p not in host.passengers)
        host.events.extend(e for e in run.events if e not in host.events)
        if _stamp(run.latest) < _stamp(host.latest) and run.before is not None:
            host.latest = run.latest  # due the trip's buffer before the event, as the hotel run
    return kept


def _hotel_runs(day: Day, legs: list[HotelLeg], evening: Seats | None = None) -> Iterator[Run]:
    """The day's ways from the hotel and back to it by car (`legs`), for those in its
    vehicles (back: in the one `evening` seats them in, if given)."""
    assert day.vehicles is not None
    seat_of = {p: v for v, people in day.vehicles.items() for p in people}
    for leg in legs:
        event, move = leg.event, leg.transfer
        if move.mode != "car" or event.start_at is None or event.end_at is None:
            continue
        seated = evening if evening is not None and not leg.leaving else seat_of
        aboard: dict[str, list[str]] = {}
        for person in leg.people:
            vehicle = seated.get(person)
            if vehicle is not None:
                aboard.setdefault(vehicle, []).append(person)
        if leg.leaving:
            # Due the trip's buffer before the event, as every output says it arrives.
            start, end = leg.hotel, event.places[0]
            latest = leg.due or event.start_at
            earliest = _later(latest, -(move.time + HOTEL_WAIT))
        else:
            start, end = event.places[-1], leg.hotel
            earliest = event.end_at
            latest = _later(earliest, move.time + HOTEL_WAIT)
        for vehicle, people in aboard.items():
            yield Run(
                vehicle,
                start,
                end,
                earliest,
                latest,
                move.time,
                people,
                (*day.path, "vehicles", vehicle),
                after=None if leg.leaving else event,
                before=event if leg.leaving else None,
                events=[event],
                departs=leg.departs,
            )


def by_vehicle(all_runs: Iterable[Run]) -> dict[str, list[Run]]:
    grouped: dict[str, list[Run]] = {}
    for run in all_runs:
        grouped.setdefault(run.vehicle, []).append(run)
    return grouped


@dataclass(frozen=True, slots=True)
class Clash:
    """Two runs one vehicle (or driver) cannot both make."""

    first: Run
    second: Run
    at_once: bool  # their times overlap, from different places
    reach: timedelta | None  # the drive from the first's drop-off to the second's pick-up
    arrives: datetime  # when the first is done
    needed: datetime  # when the second must leave


def clashes(schedule: list[Run], model: TravelModel, itinerary: Itinerary) -> Iterator[Clash]:
    """Runs that one vehicle or driver cannot make one after the other."""
    for step in _simulate(schedule, model, itinerary):
        if isinstance(step, Clash):
            yield step


def timetable(itinerary: Itinerary) -> list[Run]:
    """Every run, as `runs`, each `departs` when its vehicle's day makes it leave.

    A run leaves at its planned time (`departs` from `runs`) as far as the vehicle's
    other runs allow: no later than lets the car make every later run in time (a hotel
    run leaves up to HOTEL_WAIT early so that one van takes two groups in turn), and no
    earlier than the car is back from the one before (people wait for it). Earlier runs
    come first: a group's morning departure is kept, the next group waits. What the
    driver has to do, and what the delegation's pack says. A run that clashes keeps its
    planned time (`check` says it cannot be made).
    """
    found = runs(itinerary)
    model = TravelModel.for_trip(itinerary)
    for schedule in by_vehicle(found).values():
        made = [s for s in _simulate(schedule, model, itinerary) if not isinstance(s, Clash)]
        # Backwards: the latest each run may leave with every later one still made
        # (never before the simulation could make it leave: it made them all).
        latest: list[datetime] = []
        then: datetime | None = None
        for i in reversed(range(len(made))):
            run, leave, _ = made[i]
            most = run.earliest if run.fixed else _must_leave(run)
            if not run.fixed and then is not None and run.drive is not None:
                onward = made[i + 1][2] or timedelta(0)
                most = min(most, _later(then, -(run.drive + onward)), key=_stamp)
            then = max(most, leave, key=_stamp)
            latest.append(then)
        latest.reverse()
        # Forwards: each as near its planned time as lies between the car's return and
        # that latest time.
        free: datetime | None = None
        for (run, _, came), most in zip(made, latest, strict=True):
            if run.fixed:
                leaves = run.earliest
            else:
                ready = run.earliest
                if free is not None:
                    ready = max(ready, _later(free, came or timedelta(0)), key=_stamp)
                wanted = min(run.departs or ready, most, key=_stamp)
                leaves = max(ready, wanted, key=_stamp)
            run.departs = leaves.astimezone(run.earliest.tzinfo)
            free = _done(run, leaves)
    return found


def departures(
    timetabled: Sequence[Run], move: Leg | HotelLeg
) -> list[tuple[datetime, tuple[str, ...]]]:
    """When the people of `move` leave, each with their car as its day makes it leave
    (`timetable`'s runs: what the driver's sheet says), the others at the planned time
    (`move.departs`); one time per group that leaves at its own, in time order. The one
    answer for every output that gives a move a time (the pack, the calendars)."""
    planned = move.departs
    if planned is None or not move.people:
        return []
    if not timetabled:  # no vehicles: everyone at the planned time
        return [(planned, move.people)]
    leaves = dict.fromkeys(move.people, planned)
    for run in timetabled:
        if run.journey is None and _serves(run, move):
            leaves.update((p, run.leaves) for p in run.passengers if p in leaves)
    groups: dict[datetime, list[str]] = {}
    for person, moment in leaves.items():
        groups.setdefault(moment, []).append(person)
    return sorted(((t, tuple(g)) for t, g in groups.items()), key=lambda g: g[0].timestamp())


def _serves(run: Run, move: Leg | HotelLeg) -> bool:
    # A hotel run may be made in a run between two events going the same way (`_shared`).
    if isinstance(move, HotelLeg):
        if move.leaving:
            return run.start == move.hotel and move.event in run.events
        return run.end == move.hotel and move.event in run.events
    return run.after is move.after and move.before in run.events


def _simulate(
    schedule: list[Run], model: TravelModel, itinerary: Itinerary
) -> Iterator[Clash | tuple[Run, datetime, timedelta | None]]:
    """One vehicle's (or driver's) runs, as it makes them: each run it makes, when it
    leaves and the drive to its pick-up from the drop-off before (None: not known, or
    the first run); or the clash when it cannot make one.

    Simulated in order of the latest time each run may leave, each leaving as early as
    it may once the car has driven from the last drop-off; a run it then cannot leave
    for in time clashes with the one before (and is left out: the car goes on from the
    earlier one).
    """
    # A drive longer than its own window is travel-infeasible's to report, not a clash.
    doable = [
        r
        for r in schedule
        if r.fixed
        or r.drive is None
        or _stamp(r.earliest) + r.drive.total_seconds() <= _stamp(r.latest)
    ]
    # The run that must leave first goes first (earliest deadline first: a long wait
    # that could come later does not block a pressing one).
    ordered = sorted(doable, key=lambda r: (_stamp(_must_leave(r)), _stamp(r.earliest)))
    previous: Run | None = None
    free_at: datetime | None = None
    for run in ordered:
        if previous is None or free_at is None:
            previous, free_at = run, _done(run, run.earliest)
            yield run, run.earliest, None
            continue
        reach = _drive(model, itinerary, previous.end, run.start, free_at)
        ready = _later(free_at, reach or timedelta(0))
        leave = run.earliest if _stamp(run.earliest) >= _stamp(ready) else ready
        must_leave = _must_leave(run)
        if _stamp(leave) > _stamp(must_leave):
            at_once = _stamp(must_leave) < _stamp(free_at)
            yield Clash(previous, run, at_once, reach, free_at, must_leave)
            continue
        previous, free_at = run, _done(run, leave)
        yield run, leave, reach


def _later(moment: datetime, by: timedelta) -> datetime:
    # Through UTC, so that a drive across a clock change lasts what it says.
    return (moment.astimezone(UTC) + by).astimezone(moment.tzinfo)


def _must_leave(run: Run) -> datetime:
    return run.earliest if run.fixed else _later(run.latest, -(run.drive or timedelta(0)))


def _done(run: Run, leave: datetime) -> datetime:
    if run.fixed:
        return run.latest
    return _later(leave, run.drive) if run.drive is not None else run.latest


def _drive(
    model: TravelModel, itinerary: Itinerary, here: str, there: str, leaves: datetime
) -> timedelta | None:
    """The car's drive from a drop-off to the next pick-up, leaving at `leaves` (at the
    speed of that hour)."""
    if here == there:
        return timedelta(0)
    a, b = itinerary.point(here), itinerary.point(there)
    if a is None or b is None:
        return None
    zone = leaves.tzinfo if isinstance(leaves.tzinfo, ZoneInfo) else None
    country = country_of_venue(itinerary, here, zone) if zone is not None else None
    return model.car_time(a, b, leaves, country)


def _stamp(moment: datetime | None) -> float:
    return moment.timestamp() if moment is not None else 0.0
