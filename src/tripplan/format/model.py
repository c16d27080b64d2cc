"""The itinerary format as pydantic models: what may be written, and what it means.

Validation here covers one object at a time (types, syntax, which keys go together);
rules that relate objects to each other (references, overlaps, holidays) live in
`tripplan.checks`. After validation every fixed event knows its start and end as
timezone-aware datetimes; a flexible event gets them when it is placed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import lru_cache, partial
from operator import is_, itemgetter
from typing import TYPE_CHECKING, Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from tripplan.format.logistics import (
    Contact,
    DocumentSettings,
    Host,
    Riders,
    RoomBooking,
    SeatBooking,
    TalkingPoint,
    TravelDocument,
    TripContact,
    Vehicle,
)
from tripplan.format.resolved import Moments, Resolved, at, moment, places_of, plus
from tripplan.format.resolved import between as between
from tripplan.format.travel import TravelSettings
from tripplan.format.venue import Datum as Datum
from tripplan.format.venue import Location as Location
from tripplan.format.venue import Venue as Venue
from tripplan.problems import Path

if TYPE_CHECKING:
    from tripplan.format.yamldoc import Positions

from tripplan.format.key_rules import key_rules
from tripplan.format.values import (
    Clock,
    Duration,
    Slug,
    Text,
    TimeZone,
    TripDate,
)
from tripplan.format.values import Strict as _Strict

Kind = Literal["meeting", "visit", "meal", "travel", "press", "briefing", "other"]
Mode = Literal["car", "walk", "train", "flight", "ferry"]
Status = Literal["confirmed", "tentative", "cancelled"]


_INTERNAL = "for the office and the delegation only: never shown to hosts or drivers"


def _number(value: Any) -> Any:
    # Scalars arrive as the text that was written; Literal[1] compares without coercion.
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 10 else value


# The keys `key_rules` looks at, as the model names them (and as the file does).
_RULE_KEYS = (
    ("start", "start"),
    ("window", "window"),
    ("end", "end"),
    ("duration", "duration"),
    ("venue", "venue"),
    ("from_", "from"),
    ("to", "to"),
    ("mode", "mode"),
    ("service", "service"),
    ("vehicles", "vehicles"),
    ("bookings", "bookings"),
)
_SHAPE = itemgetter(*(field for field, _ in _RULE_KEYS))
_is_none = partial(is_, None)


@lru_cache(maxsize=1024)
def _key_rules(
    absent: tuple[bool, ...], kind: str | None, no_attendees: bool, mode: str | None
) -> tuple[tuple[str, str], ...]:
    # Events of a trip are written with a few shapes of keys: the rules run once a shape.
    written = {key for (_, key), none in zip(_RULE_KEYS, absent, strict=True) if not none}
    return tuple(key_rules(written, kind, [] if no_attendees else None, mode))


def _rule_error(key: str, message: str) -> PydanticCustomError:
    """An error about how keys go together, pointing at `key`."""
    return PydanticCustomError("key_rule", message, {"key": key})


class Person(_Strict):
    name: Text
    name_local: str | None = None
    role: str | None = None
    principal: bool = False
    email: str | None = None
    phone: str | None = None
    precedence: Annotated[int, BeforeValidator(_number)] | None = Field(
        None, ge=1, description="order in delegation lists (1 first); default: the principal first"
    )
    dietary: str | None = Field(None, description="dietary needs (shared with hosts)")
    documents: list[TravelDocument] = Field(
        default_factory=list, description="passports, permits and visas: type, number, expires"
    )
    internal_notes: str | None = Field(None, description=_INTERNAL)


class GeocoderSettings(_Strict):
    """How `tripplan geocode` looks up venues it cannot place offline."""

    provider: str = Field(description="a geopy provider name, e.g. nominatim, photon, arcgis")
    user_agent: str | None = Field(None, description="who is asking (an app name and e-mail)")
    domain: str | None = Field(None, description="the provider's host, e.g. the office's own")
    scheme: Literal["http", "https"] | None = None


class Trip(_Strict):
    id: Slug
    title: Text
    timezone: TimeZone
    start: TripDate
    end: TripDate
    organizer: Contact | None = None
    buffer: Duration = timedelta(minutes=10)
    geocoder: GeocoderSettings | None = None
    travel: TravelSettings | None = None
    documents: DocumentSettings | None = Field(
        None, description="how travel documents are checked: validity_months, admission"
    )
    internal_notes: str | None = Field(None, description=_INTERNAL)
    revision: str | None = Field(
        None, description="the programme's version as circulated, printed on every page: 3, v2.1"
    )
    classification: str | None = Field(
        None, description="a security marking printed at the top of every page, e.g. RESTRICTED"
    )


class Event(_Strict):
    id: Slug
    title: Text
    kind: Kind | None = Field(
        None, description="default: travel when the event has from/to, else other"
    )
    mode: Mode | None = None
    service: str | None = Field(None, description="train or flight number, e.g. G900")
    from_: Slug | None = Field(None, alias="from")
    to: Slug | None = None
    venue: Slug | None = None
    start: Clock | None = None
    end: Clock | None = None
    duration: Duration | None = None
    timezone: TimeZone | None = None
    end_timezone: TimeZone | None = None
    window: tuple[Clock, Clock] | None = None
    attendees: list[Slug] | None = Field(None, description="default: everyone in people")
    host: Host | None = None
    status: Status = "confirmed"
    dress: str | None = None
    notes: str | None = None
    reference: str | None = None
    vehicles: Riders | None = Field(None, description="who rides in which vehicle (mode: car)")
    bookings: dict[Slug, SeatBooking] | None = Field(None, description="seats, per person")
    talking_points: list[TalkingPoint] = Field(
        default_factory=list, description="points to make: text, or {text, internal: true}"
    )
    background: str | None = Field(None, description="what the principal should know")
    internal_notes: str | None = Field(None, description=_INTERNAL)

    # No PrivateAttr: pydantic would set each up for every event it validates (a Python
    # call per event and value, a tenth of a 10,000-event check). The event's private
    # state is made in one go by `_private`, on first use: what it means once it is part
    # of an itinerary (`Resolved`), whether it is the loader's stand-in, whether its
    # times can be read.

    @model_validator(mode="after")
    def _keys_that_go_together(self, info: ValidationInfo) -> Event:
        # Runs for every event of a file: the instance dict is read directly, and the
        # shape of keys is told apart by C calls only (`_SHAPE`), the rules memoised on it.
        values = self.__dict__
        if values["kind"] is None:
            travel = values["from_"] or values["to"] or values["mode"] or values["service"]
            values["kind"] = "travel" if travel else "other"
            self.__pydantic_fields_set__.add("kind")
        private = self.__pydantic_private__
        if (private is not None and private["_partial"]) or (
            isinstance(info.context, dict) and info.context.get("partial")
        ):
            return self  # a stand-in: its problems were reported already
        attendees = values["attendees"]
        shape = tuple(map(_is_none, _SHAPE(values)))
        broken = _key_rules(shape, values["kind"], attendees == [], values["mode"])
        if broken:
            raise _rule_error(*broken[0])
        return self

    @property
    def is_partial(self) -> bool:
        """True for an event with schema errors, kept with its valid keys so that the
        rules it can take part in still run (the loader's stand-in)."""
        partial: bool = self._private["_partial"]
        return partial

    @property
    def is_flexible(self) -> bool:
        """True for events with a window whose start the sequencer chooses."""
        return self.window is not None

    @property
    def is_cancelled(self) -> bool:
        return self.status == "cancelled"

    # The properties read __pydantic_private__ directly: pydantic serves `self._x` through
    # __getattr__, slow enough to show on a 10,000-event check.
    @property
    def _private(self) -> dict[str, Any]:
        private = self.__pydantic_private__
        if private is None:
            private = {"_resolved": None, "_partial": False, "_times_unknown": False}
            object.__setattr__(self, "__pydantic_private__", private)
        return private

    @property
    def _resolution(self) -> Resolved | None:
        # The slot itself, not `_private`: the rules read an event's times and places
        # hundreds of thousands of times on a large trip.
        private = self.__pydantic_private__
        resolved: Resolved | None = None if private is None else private["_resolved"]
        return resolved

    @property
    def day(self) -> date:
        private = self.__pydantic_private__
        resolved: Resolved | None = None if private is None else private["_resolved"]
        assert resolved is not None, "event not part of an itinerary"
        return resolved.day

    @property
    def zone(self) -> ZoneInfo:
        private = self.__pydantic_private__
        resolved: Resolved | None = None if private is None else private["_resolved"]
        assert resolved is not None, "event not part of an itinerary"
        return resolved.zone

    @property
    def start_at(self) -> datetime | None:
        """Start as an aware datetime; None for a flexible event not yet placed."""
        private = self.__pydantic_private__  # as _resolution, one call less: read often
        resolved: Resolved | None = None if private is None else private["_resolved"]
        return None if resolved is None else resolved.start_at

    @property
    def end_at(self) -> datetime | None:
        private = self.__pydantic_private__
        resolved: Resolved | None = None if private is None else private["_resolved"]
        return None if resolved is None else resolved.end_at

    @property
    def start_ts(self) -> float | None:
        """`start_at` as seconds since the epoch (UTC), for ordering and gaps."""
        private = self.__pydantic_private__
        resolved: Resolved | None = None if private is None else private["_resolved"]
        return None if resolved is None else resolved.start_ts

    @property
    def end_ts(self) -> float | None:
        private = self.__pydantic_private__
        resolved: Resolved | None = None if private is None else private["_resolved"]
        return None if resolved is None else resolved.end_ts

    @property
    def path(self) -> Path:
        """Where the event is in the document: ("days", i, "events", j)."""
        resolved = self._resolution
        return () if resolved is None else resolved.path

    @property
    def places(self) -> tuple[str, ...]:
        """Venue ids the event uses: its venue, or where a journey starts and ends."""
        private = self.__pydantic_private__
        resolved: Resolved | None = None if private is None else private["_resolved"]
        return places_of(self.venue, self.from_, self.to) if resolved is None else resolved.places

    def window_at(self) -> tuple[datetime, datetime] | None:
        resolved = self._resolution
        if self.window is None or resolved is None:
            return None
        zone, day = resolved.zone, resolved.day
        return at(day, self.window[0], zone), at(day, self.window[1], zone)

    def stand_in(self, *, times_unknown: bool) -> None:
        """Mark the event as the loader's stand-in for one with errors (`is_partial`)."""
        private = self._private
        private["_partial"] = True
        private["_times_unknown"] = times_unknown

    def _forget_times(self) -> None:
        """Leave the times unknown: they are in a zone nobody could tell."""
        private = self._private
        private["_times_unknown"] = True
        resolved: Resolved | None = private["_resolved"]
        if resolved is not None:
            resolved.times(None, None)

    @property
    def times_unknown(self) -> bool:
        """True when the event's times cannot be read (a zone that could not be guessed)."""
        unknown: bool = self._private["_times_unknown"]
        return unknown

    def place(self, start: datetime | None) -> None:
        """Fix a flexible event at `start` (chosen by the sequencer); None: not placed."""
        assert self.duration is not None
        resolved = self._resolution
        assert resolved is not None, "event not part of an itinerary"
        resolved.times(start, None if start is None else plus(start, self.duration))

    def moved(self, path: Path) -> None:
        """Say where the event is in the document (the loader's, after setting parts aside)."""
        resolved = self._resolution
        assert resolved is not None, "event not part of an itinerary"
        resolved.path = path

    def _resolve(self, day: date, default_zone: ZoneInfo, path: Path, moments: Moments) -> None:
        # Runs for every event of a file: the instance dict is read directly, and each
        # (day, clock, zone) is made a datetime once (`moments`).
        values = self.__dict__
        zone = values["timezone"] or default_zone
        places = places_of(values["venue"], values["from_"], values["to"])
        resolved = Resolved(day, zone, path, places)
        private = self._private
        private["_resolved"] = resolved
        if private["_times_unknown"]:
            return
        clock = values["start"]
        if clock is None:
            return
        start, begins = moment(moments, day, clock, zone)
        clock = values["end"]
        duration = values["duration"]
        if clock is not None:
            end, ends = moment(moments, day, clock, values["end_timezone"] or zone)
            if ends <= begins:
                later = end.replace(fold=1)
                if later.timestamp() > begins:
                    # An end in the hour the clocks repeat: the second one, after the start.
                    end, ends = later, later.timestamp()
            resolved.timed(start, end, begins, ends)
        elif duration is not None:
            key = (begins, duration, zone)
            known = moments.get(key)
            if known is None:
                end = plus(start, duration)
                known = moments[key] = end, end.timestamp()
            resolved.timed(start, known[0], begins, known[1])
        else:
            resolved.times(start, None)


class Day(_Strict):
    date: TripDate
    city: str | None = None
    hotel: Slug | None = Field(None, description="venue id where the night is spent")
    notes: str | None = None
    vehicles: Riders | None = Field(None, description="who rides in which vehicle all day")
    rooms: dict[Slug, RoomBooking] | None = Field(None, description="the night's rooms")
    internal_notes: str | None = Field(None, description=_INTERNAL)
    events: list[Event] = Field(default_factory=list)

    _path: Path = PrivateAttr(())

    @model_validator(mode="after")
    def _rooms_need_a_hotel(self) -> Day:
        if self.rooms is not None and self.hotel is None:
            raise _rule_error("rooms", "rooms need hotel: the id of the venue of the night")
        return self

    @property
    def path(self) -> Path:
        return self._path


class Itinerary(_Strict):
    """One trip: who travels, where they go and what they do each day."""

    model_config = ConfigDict(
        title="tripplan itinerary",
        defer_build=False,
        json_schema_extra={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            # Top-level x- keys are the user's own, e.g. to hold YAML anchors.
            "patternProperties": {"^x-": {}},
        },
    )

    version: Annotated[Literal[1], BeforeValidator(_number)] = 1
    trip: Trip
    people: dict[Slug, Person] = Field(default_factory=dict)
    venues: dict[Slug, Venue] = Field(default_factory=dict)
    vehicles: dict[Slug, Vehicle] = Field(
        default_factory=dict, description="cars, vans and coaches by id"
    )
    contacts: list[TripContact] = Field(
        default_factory=list, description="whom to call: duty officer, liaisons, hotel…"
    )
    days: list[Day] = Field(default_factory=list)

    # Set by the loader: where each path of the document is, for problems to point at.
    _positions: Positions | None = PrivateAttr(None)
    # Set by the loader: the trip's keys that had errors and got a stand-in value
    # ("trip.start", "trip.timezone"), which rules about them must not judge.
    _stand_ins: set[str] = PrivateAttr(default_factory=set)
    # Set by the pipeline's locate stage: where venues without coordinates were found
    # offline (exact matches only), so that travel is measured for them too.
    _points: dict[str, tuple[float, float]] = PrivateAttr(default_factory=dict)
    # Set by the pipeline's place stage: the public holidays (country, date) of the
    # trip's places, for car traffic (a holiday's roads are a Sunday's).
    _days_off: frozenset[tuple[str, date]] = PrivateAttr(default_factory=frozenset)

    @model_validator(mode="after")
    def _resolve_times(self) -> Itinerary:
        moments: Moments = {}
        zone = self.trip.timezone
        for i, day in enumerate(self.days):
            day._path = ("days", i)
            date_ = day.date
            for j, event in enumerate(day.events):
                event._resolve(date_, zone, ("days", i, "events", j), moments)
        return self

    def events(self) -> Iterator[Event]:
        for day in self.days:
            yield from day.events

    def attendees(self, event: Event) -> list[str]:
        """Who attends `event`: its attendees, or everyone when it names none."""
        return list(self.people) if event.attendees is None else event.attendees

    def point(self, venue_id: str) -> tuple[float, float] | None:
        """Where a venue is (lat, lon, WGS-84): its own location, else found offline."""
        venue = self.venues.get(venue_id)
        if venue is None:
            return None
        if venue.location is not None:
            return venue.location.lat, venue.location.lon
        return self._points.get(venue_id)

    @property
    def principal(self) -> str | None:
        return next((pid for pid, p in self.people.items() if p.principal), None)

    def by_precedence(self) -> list[str]:
        """People ids in order of precedence: by `precedence`, the principal first among
        those without one, then as listed."""
        order = {
            pid: (p.precedence or (0 if p.principal else 10**6), i)
            for i, (pid, p) in enumerate(self.people.items())
        }
        return sorted(order, key=order.__getitem__)
