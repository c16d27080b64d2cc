"""Travel times between places, from distance and the time of day: pure, and good
enough to check a plan.

A transfer takes great-circle distance x a detour factor (roads are not straight) /
a speed, plus a fixed overhead (walking to the car, parking, security at the door).
By car the speed depends on when the car leaves (`traffic.py`: rush hours, nights,
weekends), the profile being that of where it leaves from. The defaults fit dense
Chinese cities and are overridden per trip with `trip.travel`. Short hops are walked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tripplan.format.values import spoken_minutes
from tripplan.geo.distance import great_circle_km
from tripplan.geo.places import venue_country
from tripplan.plan.nights import apart, day_ends
from tripplan.plan.traffic import HONG_KONG, MAINLAND, PROFILES, Clock, Profile, clock, describe

if TYPE_CHECKING:
    from tripplan.format.model import Event, Itinerary
    from tripplan.format.travel import ModeSettings, TravelSettings


@dataclass(frozen=True, slots=True)
class Mode:
    detour: float  # road distance / straight-line distance
    kmh: float  # average door-to-door speed once moving (by day, for the car)
    overhead: timedelta  # fixed time per transfer
    city_km: float = math.inf  # straight-line km driven at `kmh`; beyond, at `highway_kmh`
    highway_kmh: float = 80.0

    def drive_seconds(self, km: float) -> float:
        """Seconds on the move for `km` of straight line: the first `city_km` at the
        city's speed, the rest at the highway's (a long drive leaves the streets)."""
        near = min(km, self.city_km)
        far = km - near
        return (near / self.kmh + far / self.highway_kmh) * self.detour * 3600


# Car: urban Hangzhou/Shenzhen averages 25-35 km/h by day (ring roads faster, old town
# slower); a detour factor of 1.35 is typical of grid-and-river cities; 10 minutes to
# walk to the car, leave a car park and be dropped at a door. A drive longer than a
# city's (beyond 10 km in a straight line: airports, the next city) runs on expressways
# for the rest: passenger cars averaged 84 km/h on the mainland's expressways in June and
# July 2020 (Ministry of Transport, press conference of 27 August 2020: "客车由每小时67公里
# 提高到每小时84公里"), 80 here for the ramps, toll plazas and urban expressways between
# (the national grading of urban expressway traffic, GB/T 33171-2016, calls 50-65 km/h
# "basically free-flowing"). Xiaoshan airport to Future Sci-Tech City, 41 km in a straight
# line, takes about an hour by day (the city speed alone said two).
CAR = Mode(detour=1.35, kmh=28.0, overhead=timedelta(minutes=10), city_km=10.0, highway_kmh=80.0)
WALK = Mode(detour=1.25, kmh=4.5, overhead=timedelta(0))
WALK_UP_TO_KM = 0.8  # straight-line distance below which people walk


@dataclass(frozen=True, slots=True)
class Transfer:
    """A move from one place to another. Its `time` is whole minutes, rounded up: the
    one rounding of travel, so that every command says and compares the same minutes."""

    km: float  # straight-line distance
    mode: str  # car | walk
    time: timedelta
    depart: datetime | None = None  # when the car leaves, if that was known
    traffic: str = ""  # how the roads were: "peak", "busy", "light traffic" or ""

    def describe(self) -> str:
        """ "~48 min by car at 08:30 (peak) for 12.0 km" """
        when = f" at {self.depart:%H:%M}" if self.depart is not None else ""
        roads = f" ({self.traffic})" if self.traffic else ""
        return f"~{spoken_minutes(self.time)} by {self.mode}{when}{roads} for {self.km:.1f} km"

    def towards(self, place: str) -> str:
        """ "by car to Hanggang Technology Building, 7.1 km, ~38 min (peak)" """
        roads = f" ({self.traffic})" if self.traffic else ""
        return f"by {self.mode} to {place}, {self.km:.1f} km, ~{spoken_minutes(self.time)}{roads}"


@dataclass(frozen=True, slots=True)
class TravelModel:
    car: Mode = CAR
    walk: Mode = WALK
    walk_up_to_km: float = WALK_UP_TO_KM
    traffic: str = "auto"  # the time-of-day profile: auto, mainland, hong-kong, none
    peak: tuple[tuple[str, float], ...] = ()  # a trip's own factors on working days
    weekend: tuple[tuple[str, float], ...] = ()  # and on days off
    days_off: frozenset[tuple[str, date]] = frozenset()  # public holidays: (country, date)
    # The roads of each (country, zone, day) met so far: a large trip asks for the same
    # few thousands of times (a move, a sequencer step, a vehicle run each).
    _clocks: dict[tuple[str | None, ZoneInfo, date, int], Clock] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _hash: list[int] = field(default_factory=list, init=False, repr=False, compare=False)
    _slowest: list[float] = field(default_factory=list, init=False, repr=False, compare=False)

    def __hash__(self) -> int:
        # The model keys the cache of moves: hashing its modes and tables on every
        # lookup showed on large trips. Equal models hash alike, so caches still share.
        if not self._hash:
            self._hash.append(
                hash((self.car, self.walk, self.walk_up_to_km, self.traffic, self.peak))
                ^ hash((self.weekend, self.days_off))
            )
        return self._hash[0]

    def profile(self, country: str | None) -> Profile:
        """The time-of-day profile for a car leaving from a place in `country`."""
        return _profile(self.traffic, country == "HK", self.peak, self.weekend)

    def clock(self, country: str | None, zone: ZoneInfo, first: date, days: int) -> Clock:
        """The profile of `country` on real time over `days` days from `first`."""
        key = (country, zone, first, days)
        found = self._clocks.get(key)
        if found is None:
            off = tuple(self.day_off(country, first + timedelta(days=i)) for i in range(days))
            found = self._clocks[key] = clock(self.profile(country), zone, first, off)
        return found

    def longest(self, km: float) -> float:
        """Seconds no move of `km` (straight line) takes, whatever the hour and place:
        for a rule that needs only know that a move fits, before working it out."""
        name, mode = self.mode(km)
        if name == "walk":
            return mode.overhead.total_seconds() + mode.drive_seconds(km)
        if not self._slowest:
            profiles = (self.profile("HK"), self.profile(None))
            slowest = min(f for p in profiles for off in (False, True) for _, f in p.periods(off))
            # Without a time of day a drive is at the daytime average (factor 1).
            self._slowest.append(min(slowest, 1.0))
        return mode.overhead.total_seconds() + mode.drive_seconds(km) / self._slowest[0]

    def day_off(self, country: str | None, day: date) -> bool:
        return day.weekday() >= 5 or (country is not None and (country, day) in self.days_off)

    def mode(self, km: float) -> tuple[str, Mode]:
        return ("walk", self.walk) if km <= self.walk_up_to_km else ("car", self.car)

    def transfer(
        self,
        a: tuple[float, float],
        b: tuple[float, float],
        depart: datetime | None = None,
        country: str | None = None,
        arrive_by: datetime | None = None,
    ) -> Transfer:
        """From a to b, leaving at `depart` (or as late as arrives by `arrive_by`) from a
        place in `country`: the car's speed follows the time of day; with neither time,
        the daytime average. Short hops are walked."""
        # The zones too: equal instants in two zones are different times of day.
        zones = (depart and depart.tzinfo, arrive_by and arrive_by.tzinfo)
        return _transfer(self, a, b, depart, country, arrive_by, zones)

    def _transfer(
        self,
        a: tuple[float, float],
        b: tuple[float, float],
        depart: datetime | None,
        country: str | None,
        arrive_by: datetime | None,
    ) -> Transfer:
        km = great_circle_km(a, b)
        name, mode = self.mode(km)
        if name == "walk":
            took = mode.overhead.total_seconds() + mode.drive_seconds(km)
            return Transfer(km, name, timedelta(seconds=minutes_up(took)))
        return self._drive(km, depart, country, arrive_by)

    def car_time(
        self,
        a: tuple[float, float],
        b: tuple[float, float],
        depart: datetime | None = None,
        country: str | None = None,
    ) -> timedelta:
        """How long a car takes between two points leaving at `depart`, however close (a
        car going to its next pick-up drives even where people would walk)."""
        return self._drive(great_circle_km(a, b), depart, country, None).time

    def _drive(
        self, km: float, depart: datetime | None, country: str | None, arrive_by: datetime | None
    ) -> Transfer:
        mode = self.car
        drive = mode.drive_seconds(km)
        moment = depart or arrive_by
        if moment is None or not isinstance(moment.tzinfo, ZoneInfo):
            took = mode.overhead.total_seconds() + drive
            return Transfer(km, "car", timedelta(seconds=minutes_up(took)))
        roads = self.clock(country, moment.tzinfo, moment.date() - timedelta(days=1), 4)
        if depart is None:
            # The latest minute to leave (cars leave on the minute, as the sequencer's).
            latest = roads.drive_start(moment.timestamp() - mode.overhead.total_seconds(), drive)
            start = float(math.floor(latest / 60 + 1e-9) * 60)
            depart = datetime.fromtimestamp(start, moment.tzinfo)
        else:
            start = depart.timestamp()
        end = roads.drive_end(start, drive)
        took = end - start
        traffic = describe(drive / took) if took > 0 else ""
        whole = minutes_up(mode.overhead.total_seconds() + took)
        return Transfer(km, "car", timedelta(seconds=whole), depart, traffic)

    @classmethod
    def of(
        cls,
        settings: TravelSettings | None,
        days_off: frozenset[tuple[str, date]] = frozenset(),
    ) -> TravelModel:
        """The model with a trip's `travel:` overrides, the defaults where it has none."""
        if settings is None:
            return cls(days_off=days_off)
        car = settings.car
        walk_up_to = WALK_UP_TO_KM if settings.walk_up_to_km is None else settings.walk_up_to_km
        return cls(
            _mode(CAR, car),
            _mode(WALK, settings.walk),
            walk_up_to,
            car.traffic if car else "auto",
            tuple((car.peak or {}).items()) if car else (),
            tuple((car.weekend or {}).items()) if car else (),
            days_off,
        )

    @classmethod
    def for_trip(cls, itinerary: Itinerary) -> TravelModel:
        """The trip's model, with the public holidays the pipeline found for its places."""
        return cls.of(itinerary.trip.travel, itinerary._days_off)


def _mode(default: Mode, given: ModeSettings | None) -> Mode:
    if given is None:
        return default
    return Mode(
        default.detour if given.detour is None else given.detour,
        default.kmh if given.speed is None else given.speed,
        default.overhead if given.overhead is None else given.overhead,
        # Only the car has a highway part (`CarSettings`); on foot it stays unset.
        _given(default.city_km, getattr(given, "city_km", None)),
        _given(default.highway_kmh, getattr(given, "highway_speed", None)),
    )


def _given(default: float, value: float | None) -> float:
    return default if value is None else value


def _profile(
    traffic: str,
    hong_kong: bool,
    peak: tuple[tuple[str, float], ...],
    weekend: tuple[tuple[str, float], ...],
) -> Profile:
    base = PROFILES.get(traffic) or (HONG_KONG if hong_kong else MAINLAND)
    return base.with_factors(dict(peak), dict(weekend)) if peak or weekend else base


def country_of_venue(itinerary: Itinerary, venue_id: str, zone: ZoneInfo) -> str | None:
    """The country a venue is in (its `country`, its city's, its point's, else that of
    `zone`: `tripplan.geo.places`)."""
    return venue_country(itinerary, venue_id, zone)


def departure_zone(event: Event) -> ZoneInfo:
    """The zone of the clock an event ends by (a journey's `end_timezone`)."""
    end = event.end_at
    zone = end.tzinfo if end is not None else None
    return zone if isinstance(zone, ZoneInfo) else event.zone


def minutes_up(seconds: float) -> int:
    """Seconds rounded up to whole minutes, as plans count travel (a tenth of a
    millisecond over a minute, floating point noise, is not a minute more)."""
    return math.ceil((seconds - 1e-4) / 60) * 60


@dataclass(frozen=True, slots=True)
class Leg:
    """A move between two consecutive events: where from, where to, and how long."""

    after: Event  # the event the move leaves
    before: Event  # the event it goes to
    start: str  # venue ids
    end: str
    transfer: Transfer
    people: tuple[str, ...] = ()  # who makes the move (filled in by `legs`)

    @property
    def departs(self) -> datetime | None:
        """When the move is planned to leave: when the event it leaves ends (a car may
        leave later, once it is free: `plan.vehicles.departures`)."""
        return self.after.end_at

    def describe(self, itinerary: Itinerary, *, origin: bool = False) -> str:
        """ "by car to Hanggang Technology Building, 7.1 km, ~38 min (peak)", or with `origin`
        "from Hotel by car to …" (when people arrive from different places)."""
        said = self.transfer.towards(itinerary.venues[self.end].name)
        return f"from {itinerary.venues[self.start].name} {said}" if origin else said


@lru_cache(maxsize=65536)
def _transfer(
    model: TravelModel,
    a: tuple[float, float],
    b: tuple[float, float],
    depart: datetime | None,
    country: str | None,
    arrive_by: datetime | None,
    zones: tuple[object, object],
) -> Transfer:
    """A move worked out once per command: `check`'s rules and then `show`'s timeline,
    a calendar's transfers or the briefing pack ask for the same moves again."""
    return model._transfer(a, b, depart, country, arrive_by)


def legs(itinerary: Itinerary, events: list[Event], person: str | None = None) -> list[Leg]:
    """Every person's moves (or only `person`'s) between their consecutive events of
    `events`, a move made together listed once, in time order.

    Journeys (travel events) are moves of their own; a move is only worked out between
    two located places that differ; none is made across a night at the hotel.
    """
    model = TravelModel.for_trip(itinerary)
    nights: set[date] | None = None  # looked up at the first move across midnight: show
    # asks for one day at a time, and the whole trip's nights each time were quadratic
    timed = [e for e in events if not e.is_cancelled and e.start_at and e.end_at and e.places]
    timed.sort(key=lambda e: e.start_ts or 0.0)
    # Each person's events in time order, in one pass over the attendees (not one pass
    # over the events per person: a day of a large delegation showed).
    timelines: dict[str, list[Event]] = {}
    for event in timed:
        for someone in itinerary.attendees(event):
            if person is None or someone == person:
                timelines.setdefault(someone, []).append(event)
    found: dict[tuple[int, int], Leg] = {}
    who: dict[tuple[int, int], list[str]] = {}
    for someone in itinerary.people if person is None else [person]:
        mine = timelines.get(someone, [])
        for first, second in zip(mine, mine[1:], strict=False):
            if first.day != second.day:
                if nights is None:
                    nights = {day.date for day in itinerary.days if day.hotel}
                if first.day in nights:
                    continue  # the night is spent at the hotel: no move from one to the other
            key = (id(first), id(second))
            if key not in found:
                leg = leg_between(itinerary, model, first, second)
                if leg is None:
                    continue
                found[key] = leg
            who.setdefault(key, []).append(someone)
    return sorted(
        (
            Leg(leg.after, leg.before, leg.start, leg.end, leg.transfer, tuple(who[key]))
            for key, leg in found.items()
        ),
        key=lambda leg: (leg.after.end_ts or 0.0, leg.before.start_ts or 0.0),
    )


def leg_between(
    itinerary: Itinerary, model: TravelModel, first: Event, second: Event
) -> Leg | None:
    """The move from `first`'s last place to `second`'s first, if both differ and are
    located, leaving when `first` ends."""
    if not first.places or not second.places:
        return None
    here, there = first.places[-1], second.places[0]
    zone = departure_zone(first)
    depart = first.end_at.astimezone(zone) if first.end_at is not None else None
    move = _move(itinerary, model, here, there, zone, depart=depart)
    return None if move is None else Leg(first, second, here, there, move)


@dataclass(frozen=True, slots=True)
class HotelLeg:
    """The move from the night's hotel to a person's first event of the day (`leaving`),
    or from their last event to the hotel where they sleep."""

    hotel: str  # venue id
    event: Event
    leaving: bool
    transfer: Transfer
    people: tuple[str, ...] = ()  # who makes the move (filled in by `hotel_legs`)
    buffer: timedelta = timedelta(0)  # the trip's: how long before the event it arrives

    @property
    def due(self) -> datetime | None:
        """When the move to the first event must be there: the trip's buffer before it
        starts (the slack wanted between two things, here the car and the meeting)."""
        start = self.event.start_at if self.leaving else None
        return None if start is None else _shifted(start, -self.buffer)

    @property
    def departs(self) -> datetime | None:
        """When the move leaves: to the first event, as late as arrives the trip's buffer
        before it starts; back to the hotel, when the last event ends. The one time every
        output gives for it (the delegation's pack and the driver's sheet alike), unless
        its car leaves at another (`plan.vehicles.departures`)."""
        if not self.leaving:
            return self.event.end_at
        if self.transfer.depart is not None:
            return self.transfer.depart
        due = self.due
        return None if due is None else _shifted(due, -self.transfer.time)


def _shifted(moment: datetime, by: timedelta) -> datetime:
    # Through UTC, so that a move across a clock change lasts what it says.
    return (moment.astimezone(UTC) + by).astimezone(moment.tzinfo)


def hotel_legs(
    itinerary: Itinerary, events: list[Event], person: str | None = None
) -> list[HotelLeg]:
    """Each person's (or `person`'s) way from the hotel to their first event of a day of
    `events` and back from their last, a move made together listed once, in time order.

    Who sleeps where is `check`'s (`plan.nights`); a hotel in another city than the event
    is a journey missing (check says so), not a drive to plan."""
    model = TravelModel.for_trip(itinerary)
    away = apart(itinerary)
    found: dict[tuple[int, bool], HotelLeg] = {}
    who: dict[tuple[int, bool], list[str]] = {}
    for ends in day_ends(itinerary, events, person):
        if ends.slept is not None and not away(ends.slept, ends.first.places[0]):
            _add_hotel_leg(found, itinerary, model, ends.slept, ends.first, leaving=True)
            who.setdefault((id(ends.first), True), []).append(ends.person)
        tonight = ends.tonight
        if (
            tonight is not None
            and ends.last.end_at is not None
            and not away(ends.last.places[-1], tonight)
        ):
            _add_hotel_leg(found, itinerary, model, tonight, ends.last, leaving=False)
            who.setdefault((id(ends.last), False), []).append(ends.person)
    # Made anew rather than `replace`d: dataclasses.replace showed on long trips.
    legs = [
        HotelLeg(leg.hotel, leg.event, leg.leaving, leg.transfer, tuple(who[key]), leg.buffer)
        for key, leg in found.items()
    ]
    return sorted(legs, key=_hotel_leg_time)


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
    # To the day's first event the car leaves as late as arrives the trip's buffer before
    # it (its time is the staff's: nothing before makes it tight); back, when it ends.
    buffer = itinerary.trip.buffer if leaving else timedelta(0)
    if leaving:
        due = None if event.start_at is None else _shifted(event.start_at, -buffer)
        move = _move(itinerary, model, hotel, event.places[0], event.zone, arrive_by=due)
    else:
        zone = departure_zone(event)
        end = event.end_at.astimezone(zone) if event.end_at is not None else None
        move = _move(itinerary, model, event.places[-1], hotel, zone, depart=end)
    if move is not None:
        found[(id(event), leaving)] = HotelLeg(hotel, event, leaving, move, buffer=buffer)


def _hotel_leg_time(leg: HotelLeg) -> float:
    moment = leg.event.start_at if leg.leaving else leg.event.end_at
    return moment.timestamp() if moment else 0.0


def _move(
    itinerary: Itinerary,
    model: TravelModel,
    here: str,
    there: str,
    zone: ZoneInfo,
    *,
    depart: datetime | None = None,
    arrive_by: datetime | None = None,
) -> Transfer | None:
    """The transfer between two venues, leaving at `depart` or arriving by `arrive_by`;
    None unless both are located at different points (two venues at one point, say in
    one building, are no move: a calendar would get a zero-length "walk, 0.0 km")."""
    a, b = itinerary.point(here), itinerary.point(there)
    if here == there or a is None or b is None or a == b:
        return None
    return model.transfer(a, b, depart, country_of_venue(itinerary, here, zone), arrive_by)
