"""What each audience may be given, and the views of a trip for people outside the
delegation, which cannot hold internal content.

The office, the principal and the delegation read the itinerary itself (travel
document numbers are masked whenever printed: `DocumentNumber`). Hosts and drivers get a
`SharedTrip`: frozen records copied field by field from what may leave the office. None
of them has a place for internal notes, internal talking points or contacts, any talking
point or background, travel documents, seat or room bookings, or the delegation's own
phones and e-mails; so a renderer (the briefing pack's host and driver versions, a feed
published outside the delegation) given a `SharedTrip` cannot print what it does not
hold. A field added to a record here is a decision to share it; `tests/test_audience.py`
lists what may never be added.

What a host is given is one rule, here, for every output (show, brief, publish): their
events, the delegation's names, roles and dietary needs, and whom to call about those
events — the liaisons (role `liaison`, not internal) whose days and cities cover them,
else the trip's organizer. Not the delegation's hotels, nor its other contacts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from tripplan.format.logistics import Contact, TripContact, Vehicle
from tripplan.format.model import Event, Itinerary, Person, Venue
from tripplan.outputs.day_moves import start_key
from tripplan.plan.vehicles import Run, timetable

Audience = Literal["principal", "delegation", "driver", "host"]
AUDIENCES: tuple[Audience, ...] = ("principal", "delegation", "driver", "host")
# Audiences outside the delegation: they only ever get a SharedTrip.
OUTSIDE: frozenset[Audience] = frozenset({"driver", "host"})
Outside = Literal["driver", "host"]


@dataclass(frozen=True, slots=True)
class SharedPerson:
    id: str
    name: str
    name_local: str | None
    role: str | None
    principal: bool
    dietary: str | None  # hosts plan the meals; drivers do not get it


@dataclass(frozen=True, slots=True)
class SharedVenue:
    id: str
    name: str
    name_local: str | None
    address: str | None
    city: str | None
    country: str | None
    location: tuple[float, float] | None  # WGS-84, as located for the check
    phone: str | None


@dataclass(frozen=True, slots=True)
class SharedContact:
    """Someone outsiders may call: a host, the organizer, a contact not marked internal."""

    name: str
    name_local: str | None
    role: str | None
    title: str | None
    organisation: str | None
    phones: tuple[str, ...]
    email: str | None
    emergency: bool
    days: tuple[date, ...]  # empty: every day
    cities: tuple[str, ...]  # empty: everywhere
    notes: str | None


@dataclass(frozen=True, slots=True)
class SharedVehicle:
    id: str
    name: str | None
    plate: str | None
    seats: int | None
    driver: str | None
    driver_local: str | None
    driver_phones: tuple[str, ...]  # `phone`, or every one of `phones`
    notes: str | None


@dataclass(frozen=True, slots=True)
class SharedRide:
    """Who rides in a vehicle on a journey."""

    vehicle: str
    passengers: tuple[SharedPerson, ...]


@dataclass(frozen=True, slots=True)
class SharedEvent:
    id: str
    title: str
    kind: str
    mode: str | None
    service: str | None
    day: date
    start_at: datetime | None  # None: a flexible event that could not be placed
    end_at: datetime | None
    status: str
    venue: SharedVenue | None
    origin: SharedVenue | None  # a journey's `from`
    destination: SharedVenue | None  # … and `to`
    attendees: tuple[SharedPerson, ...]  # in order of precedence
    host: SharedContact | None  # hosts only
    dress: str | None  # hosts only
    notes: str | None  # hosts only: what the delegation writes for the host's eyes
    rides: tuple[SharedRide, ...]


@dataclass(frozen=True, slots=True)
class SharedRun:
    """One drive of one vehicle: where and when to pick up and drop off, and whom."""

    vehicle: str
    pick_up: SharedVenue
    drop_off: SharedVenue
    leave: datetime  # when the car leaves (a journey: its start)
    arrive_by: datetime  # when it is due there (a journey: its end)
    drive_minutes: int | None  # the travel model's estimate
    passengers: tuple[SharedPerson, ...]
    serves: tuple[str, ...]  # ids of the events it takes people from and to

    @property
    def drive(self) -> timedelta | None:
        """`drive_minutes` as a length, for the words of a duration."""
        return None if self.drive_minutes is None else timedelta(minutes=self.drive_minutes)


@dataclass(frozen=True, slots=True)
class SharedDay:
    date: date
    city: str | None
    hotel: SharedVenue | None
    notes: str | None  # hosts only
    events: tuple[SharedEvent, ...]


@dataclass(frozen=True, slots=True)
class SharedTrip:
    audience: Outside
    id: str
    title: str
    start: date
    end: date
    timezone: str
    organizer: SharedContact | None
    delegation: tuple[SharedPerson, ...]  # in order of precedence
    days: tuple[SharedDay, ...]
    contacts: tuple[SharedContact, ...]
    vehicles: tuple[SharedVehicle, ...]
    runs: tuple[SharedRun, ...]  # drivers only


def shared_view(
    itinerary: Itinerary,
    audience: Outside,
    *,
    host: str | None = None,
    vehicle: str | None = None,
    day: date | None = None,
) -> SharedTrip:
    """The trip as hosts or drivers may see it (a placed itinerary: flexible events at
    their chosen times).

    `host` keeps the events of one host (by name, any case) for a host's own pack;
    `vehicle` keeps one vehicle's runs and the events they serve, for its driver; `day`
    keeps one day.
    """
    if audience not in OUTSIDE:
        raise ValueError(f"{audience!r} is not an audience outside the delegation")
    for_host = audience == "host"
    order = itinerary.by_precedence()
    people = {pid: _person(pid, itinerary.people[pid], for_host) for pid in order}
    venues = {vid: _venue(itinerary, vid, v) for vid, v in itinerary.venues.items()}
    all_runs = [
        r
        for r in timetable(itinerary)
        if (vehicle is None or r.vehicle == vehicle)
        and (day is None or any(e.day == day for e in r.events))
    ]
    served = {e.id for r in all_runs for e in r.events}
    days = []
    for listed in itinerary.days:
        if day is not None and listed.date != day:
            continue
        # In time order, as the delegation's own outputs list them (not as written).
        events = tuple(
            _event(itinerary, e, people, venues, for_host)
            for e in sorted(listed.events, key=start_key)
            if (host is None or (e.host is not None and _same(e.host.name, host)))
            and (vehicle is None or e.id in served)
        )
        if (host is not None or vehicle is not None) and not events:
            continue
        days.append(
            SharedDay(
                listed.date,
                listed.city,
                venues.get(listed.hotel) if listed.hotel and not for_host else None,
                listed.notes if for_host else None,
                events,
            )
        )
    trip = itinerary.trip
    return SharedTrip(
        audience,
        trip.id,
        trip.title,
        trip.start,
        trip.end,
        trip.timezone.key,
        _contact(trip.organizer) if trip.organizer else None,
        tuple(people.values()),
        tuple(days),
        _contacts(itinerary, days, for_host, day),
        tuple(
            _vehicle(vid, v)
            for vid, v in itinerary.vehicles.items()
            if vehicle is None or vid == vehicle
        ),
        () if for_host else tuple(_run(r, people, venues) for r in all_runs),
    )


def _contacts(
    itinerary: Itinerary, days: list[SharedDay], for_host: bool, day: date | None
) -> tuple[SharedContact, ...]:
    listed = [
        _listed(itinerary, c)
        for c in itinerary.contacts
        if not c.internal and (day is None or not c.days or day in c.days)
    ]
    if not for_host:
        return tuple(listed)
    return liaisons([c for c in listed if c.role == "liaison"], days)


def liaisons(
    contacts: Iterable[SharedContact], days: Iterable[SharedDay]
) -> tuple[SharedContact, ...]:
    """The liaisons among `contacts` whose days and cities cover an event of `days`
    (a contact without days or cities covers every day or city)."""
    found = []
    for contact in contacts:
        for listed in days:
            for event in listed.events:
                city = event.venue.city if event.venue and event.venue.city else listed.city
                if _covers(contact, listed.date, city):
                    break
            else:
                continue
            found.append(contact)
            break
    return tuple(found)


def _covers(contact: SharedContact, day: date, city: str | None) -> bool:
    if contact.days and day not in contact.days:
        return False
    return not contact.cities or city is None or any(_same(c, city) for c in contact.cities)


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def _person(pid: str, person: Person, for_host: bool) -> SharedPerson:
    return SharedPerson(
        pid,
        person.name,
        person.name_local,
        person.role,
        person.principal,
        person.dietary if for_host else None,
    )


def _venue(itinerary: Itinerary, vid: str, venue: Venue) -> SharedVenue:
    return SharedVenue(
        vid,
        venue.name,
        venue.name_local,
        venue.address,
        venue.city,
        venue.country,
        itinerary.point(vid),
        venue.phone,
    )


def _contact(contact: Contact) -> SharedContact:
    return SharedContact(
        contact.name,
        getattr(contact, "name_local", None),
        contact.role,
        getattr(contact, "title", None),
        None,
        (contact.phone,) if contact.phone else (),
        contact.email,
        False,
        (),
        (),
        None,
    )


def _listed(itinerary: Itinerary, contact: TripContact) -> SharedContact:
    person = itinerary.people.get(contact.person) if contact.person else None
    # A delegation member listed as a contact shares the phone they are reached on.
    phones = contact.phones or ([person.phone] if person and person.phone else [])
    return SharedContact(
        contact.name or (person.name if person else "?"),
        person.name_local if person else None,
        contact.role.replace("-", " "),
        None,
        contact.organisation,
        tuple(phones),
        contact.email or (person.email if person else None),
        contact.emergency,
        tuple(contact.days),
        tuple(contact.cities),
        contact.notes,
    )


def _vehicle(vid: str, vehicle: Vehicle) -> SharedVehicle:
    driver = vehicle.driver
    return SharedVehicle(
        vid,
        vehicle.name,
        vehicle.plate,
        vehicle.seats,
        driver.name if driver else None,
        driver.name_local if driver else None,
        driver.numbers if driver else (),
        vehicle.notes,
    )


def _people(ids: Iterable[str], people: dict[str, SharedPerson]) -> tuple[SharedPerson, ...]:
    wanted = set(ids)
    return tuple(p for pid, p in people.items() if pid in wanted)


def _event(
    itinerary: Itinerary,
    event: Event,
    people: dict[str, SharedPerson],
    venues: dict[str, SharedVenue],
    for_host: bool,
) -> SharedEvent:
    rides: tuple[SharedRide, ...] = ()
    if event.vehicles:
        rides = tuple(SharedRide(v, _people(who, people)) for v, who in event.vehicles.items())
    return SharedEvent(
        event.id,
        event.title,
        event.kind or "other",
        event.mode,
        event.service,
        event.day,
        event.start_at,
        event.end_at,
        event.status,
        venues.get(event.venue) if event.venue else None,
        venues.get(event.from_) if event.from_ else None,
        venues.get(event.to) if event.to else None,
        _people(itinerary.attendees(event), people),
        _contact(event.host) if for_host and event.host else None,
        event.dress if for_host else None,
        event.notes if for_host else None,
        rides,
    )


def _place(venues: dict[str, SharedVenue], vid: str) -> SharedVenue:
    # An unknown venue is unknown-ref's to report; the view names it by its id.
    return venues.get(vid) or SharedVenue(vid, vid, None, None, None, None, None, None)


def _run(run: Run, people: dict[str, SharedPerson], venues: dict[str, SharedVenue]) -> SharedRun:
    minutes = None if run.drive is None else round(run.drive.total_seconds() / 60)
    return SharedRun(
        run.vehicle,
        _place(venues, run.start),
        _place(venues, run.end),
        run.leaves,
        run.due,
        minutes,
        _people(run.passengers, people),
        tuple(e.id for e in run.events),
    )
