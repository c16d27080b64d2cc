"""Travel times between places, from distance: pure, and good enough to check a plan.

A transfer takes great-circle distance x a detour factor (roads are not straight) /
a speed, plus a fixed overhead (walking to the car, parking, security at the door).
The defaults fit dense Chinese cities by day and are overridden per trip with
`trip.travel`. Short hops are walked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from tripplan.format.values import spoken_minutes
from tripplan.geo.distance import great_circle_km

if TYPE_CHECKING:
    from tripplan.format.model import Event, Itinerary, TravelSettings


@dataclass(frozen=True, slots=True)
class Mode:
    detour: float  # road distance / straight-line distance
    kmh: float  # average door-to-door speed once moving
    overhead: timedelta  # fixed time per transfer


# Car: urban Hangzhou/Shenzhen averages 25-35 km/h by day (ring roads faster, old town
# slower); a detour factor of 1.35 is typical of grid-and-river cities; 10 minutes to
# walk to the car, leave a car park and be dropped at a door.
CAR = Mode(detour=1.35, kmh=28.0, overhead=timedelta(minutes=10))
WALK = Mode(detour=1.25, kmh=4.5, overhead=timedelta(0))
WALK_UP_TO_KM = 0.8  # straight-line distance below which people walk


@dataclass(frozen=True, slots=True)
class Transfer:
    km: float  # straight-line distance
    mode: str  # car | walk
    time: timedelta

    def describe(self) -> str:
        return f"~{spoken_minutes(self.time)} by {self.mode} for {self.km:.1f} km"

    def towards(self, place: str) -> str:
        """ "by car to Hanggang Technology Building, 7.1 km, ~31 min" """
        return f"by {self.mode} to {place}, {self.km:.1f} km, ~{spoken_minutes(self.time)}"


@dataclass(frozen=True, slots=True)
class TravelModel:
    car: Mode = CAR
    walk: Mode = WALK
    walk_up_to_km: float = WALK_UP_TO_KM

    def transfer(self, a: tuple[float, float], b: tuple[float, float]) -> Transfer:
        km = great_circle_km(a, b)
        name, mode = ("walk", self.walk) if km <= self.walk_up_to_km else ("car", self.car)
        hours = km * mode.detour / mode.kmh
        return Transfer(km, name, mode.overhead + timedelta(hours=hours))

    def car_time(self, a: tuple[float, float], b: tuple[float, float]) -> timedelta:
        """How long a car takes between two points, however close (a car going to its
        next pick-up drives even where people would walk)."""
        km = great_circle_km(a, b)
        return self.car.overhead + timedelta(hours=km * self.car.detour / self.car.kmh)

    @classmethod
    def of(cls, settings: TravelSettings | None) -> TravelModel:
        """The model with a trip's `travel:` overrides, the defaults where it has none."""
        if settings is None:
            return cls()
        base = cls()
        car, walk = (
            default if given is None else Mode(given.detour, given.speed, given.overhead)
            for default, given in ((base.car, settings.car), (base.walk, settings.walk))
        )
        walk_up_to = (
            base.walk_up_to_km if settings.walk_up_to_km is None else settings.walk_up_to_km
        )
        return cls(car, walk, walk_up_to)


@dataclass(frozen=True, slots=True)
class Leg:
    """A move between two consecutive events: where from, where to, and how long."""

    after: Event  # the event the move leaves
    before: Event  # the event it goes to
    start: str  # venue ids
    end: str
    transfer: Transfer

    def describe(self, itinerary: Itinerary, *, origin: bool = False) -> str:
        """ "by car to Hanggang Technology Building, 7.1 km, ~31 min", or with `origin`
        "from Hotel by car to …" (when people arrive from different places)."""
        said = self.transfer.towards(itinerary.venues[self.end].name)
        return f"from {itinerary.venues[self.start].name} {said}" if origin else said


def legs(itinerary: Itinerary, events: list[Event], person: str | None = None) -> list[Leg]:
    """Every person's moves (or only `person`'s) between their consecutive events of
    `events`, a move made together listed once, in time order.

    Journeys (travel events) are moves of their own; a move is only worked out between
    two located places that differ; none is made across a night at the hotel.
    """
    model = TravelModel.of(itinerary.trip.travel)
    nights = {day.date for day in itinerary.days if day.hotel}
    timed = [e for e in events if not e.is_cancelled and e.start_at and e.end_at and e.places]
    timed.sort(key=lambda e: e.start_at.timestamp() if e.start_at else 0.0)
    found: dict[tuple[int, int], Leg] = {}
    for someone in itinerary.people if person is None else [person]:
        mine = [e for e in timed if someone in itinerary.attendees(e)]
        for first, second in zip(mine, mine[1:], strict=False):
            if first.day != second.day and first.day in nights:
                continue  # the night is spent at the hotel: no move from one to the other
            if (id(first), id(second)) not in found:
                leg = leg_between(itinerary, model, first, second)
                if leg is not None:
                    found[(id(first), id(second))] = leg
    return sorted(
        found.values(),
        key=lambda leg: (
            leg.after.end_at.timestamp() if leg.after.end_at else 0.0,
            leg.before.start_at.timestamp() if leg.before.start_at else 0.0,
        ),
    )


def leg_between(
    itinerary: Itinerary, model: TravelModel, first: Event, second: Event
) -> Leg | None:
    """The move from `first`'s last place to `second`'s first, if both differ and are located."""
    if not first.places or not second.places:
        return None
    here, there = first.places[-1], second.places[0]
    move = _move(itinerary, model, here, there)
    return None if move is None else Leg(first, second, here, there, move)


@dataclass(frozen=True, slots=True)
class HotelLeg:
    """The move from the night's hotel to a person's first event of the day (`leaving`),
    or from their last event to the hotel where they sleep."""

    hotel: str  # venue id
    event: Event
    leaving: bool
    transfer: Transfer


def hotel_legs(
    itinerary: Itinerary, events: list[Event], person: str | None = None
) -> list[HotelLeg]:
    """Every person's (or only `person`'s) way from the hotel to their first event of a
    day of `events`, and from their last event to the hotel, a move made together listed
    once, in time order.

    As `check` sees the day: it starts at the previous night's hotel for those on the
    trip the day before, and ends at the night's hotel for those still on it the next day.
    """
    model = TravelModel.of(itinerary.trip.travel)
    hotels = {day.date: day.hotel for day in itinerary.days if day.hotel}
    on_trip: dict[date, set[str]] = {}
    for event in itinerary.events():
        if not event.is_cancelled:
            on_trip.setdefault(event.day, set()).update(itinerary.attendees(event))
    timed = [e for e in events if not e.is_cancelled and e.start_at and e.end_at and e.places]
    timed.sort(key=lambda e: e.start_at.timestamp() if e.start_at else 0.0)
    found: dict[tuple[int, bool], HotelLeg] = {}
    for someone in itinerary.people if person is None else [person]:
        by_day: dict[date, list[Event]] = {}
        for event in timed:
            if someone in itinerary.attendees(event):
                by_day.setdefault(event.day, []).append(event)
        for day, mine in by_day.items():
            slept = hotels.get(day - timedelta(days=1))
            if slept and someone in on_trip.get(day - timedelta(days=1), ()):
                _add_hotel_leg(found, itinerary, model, slept, mine[0], leaving=True)
            tonight = hotels.get(day)
            if tonight and someone in on_trip.get(day + timedelta(days=1), ()):
                _add_hotel_leg(found, itinerary, model, tonight, mine[-1], leaving=False)
    return sorted(found.values(), key=_hotel_leg_time)


def _add_hotel_leg(
    found: dict[tuple[int, bool], HotelLeg],
    itinerary: Itinerary,
    model: TravelModel,
    hotel: str,
    event: Event,
    *,
    leaving: bool,
) -> None:
    if (id(event), leaving) in found:
        return
    if leaving:
        move = _move(itinerary, model, hotel, event.places[0])
    else:
        move = _move(itinerary, model, event.places[-1], hotel)
    if move is not None:
        found[(id(event), leaving)] = HotelLeg(hotel, event, leaving, move)


def _hotel_leg_time(leg: HotelLeg) -> float:
    moment = leg.event.start_at if leg.leaving else leg.event.end_at
    return moment.timestamp() if moment else 0.0


def _move(itinerary: Itinerary, model: TravelModel, here: str, there: str) -> Transfer | None:
    """The transfer between two venues; None unless both are located at different points
    (two venues at one point, say in one building, are no move: a calendar would get a
    zero-length "walk, 0.0 km")."""
    a, b = itinerary.point(here), itinerary.point(there)
    if here == there or a is None or b is None or a == b:
        return None
    return model.transfer(a, b)
