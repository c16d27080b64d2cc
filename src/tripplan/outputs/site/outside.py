"""Calendars and pages for people outside the delegation: each vehicle's driver (the
runs: where and when to pick up and drop off, whom) and each host (their events).

Made only from the audience views (`tripplan.outputs.audience.shared_view`), whose
records have no place for anything internal — internal notes and contacts, talking
points, documents, bookings, the delegation's own phones — so nothing here can print
it. A driver reads Chinese first: a place is its local name, then its English name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tripplan.files import safe_name
from tripplan.format.model import Itinerary
from tripplan.format.values import format_clock, spoken_minutes
from tripplan.outputs.audience import (
    Outside,
    SharedContact,
    SharedEvent,
    SharedPerson,
    SharedRun,
    SharedTrip,
    SharedVenue,
    shared_view,
)
from tripplan.outputs.calendar_previous import Exported
from tripplan.outputs.ics import ics_duration, ics_span, ics_text
from tripplan.outputs.vcalendar import Export, status_lines, vcalendar
from tripplan.plan.vehicles import runs


@dataclass(frozen=True, slots=True)
class Outsider:
    """Someone outside the delegation who gets a feed: a vehicle's driver, or a host."""

    key: str  # in the token state: "vehicle:ID" or "host:NAME" (lower case)
    audience: Outside
    name: str  # as the staff index lists them
    file: str  # the feed's file name, without the trip
    vehicle: str | None = None
    host: str | None = None


def outsiders(itinerary: Itinerary) -> list[Outsider]:
    """The driver of each vehicle that has runs, and each host named on an event."""
    found = []
    driven = {run.vehicle for run in runs(itinerary)}
    for vid, vehicle in itinerary.vehicles.items():
        if vid in driven:
            driver = vehicle.driver.name if vehicle.driver else "Driver"
            label = f"{driver}, {vehicle.name or vid}"
            found.append(Outsider(f"vehicle:{vid}", "driver", label, f"driver-{vid}", vehicle=vid))
    hosts: dict[str, str] = {}
    for event in itinerary.events():
        if event.host is not None:
            hosts.setdefault(event.host.name.strip().casefold(), event.host.name.strip())
    for key, name in hosts.items():
        found.append(Outsider(f"host:{key}", "host", name, f"host-{safe_name(key)}", host=name))
    return found


def outside_view(itinerary: Itinerary, who: Outsider) -> SharedTrip:
    return shared_view(itinerary, who.audience, vehicle=who.vehicle, host=who.host)


def outside_calendar(
    view: SharedTrip,
    who: Outsider,
    *,
    now: datetime,
    alarm: timedelta | None,
    previous: Mapping[str, Exported] | None,
    refresh: timedelta | None,
) -> Export:
    """The calendar of a driver's runs or of a host's events."""
    zone = ZoneInfo(view.timezone)
    entries: list[tuple[str, str]] = []
    zones: dict[str, ZoneInfo] = {zone.key: zone}
    days = [view.start, view.end]
    if who.audience == "driver":
        seen: set[str] = set()
        for run in view.runs:
            key = f"run-{run.vehicle}-{'-'.join(run.serves) or run.leave.isoformat()}"
            while key in seen:  # two runs serving the same events: both kept
                key += "-again"
            seen.add(key)
            uid = f"{key}.{view.id}@tripplan"
            entries.append((uid, "\n".join(_run(view, run, uid, alarm))))
            days += [run.leave.date(), run.arrive_by.date()]
            zones.update(_zones(run.leave, run.arrive_by))
    else:
        for event in (e for day in view.days for e in day.events):
            if event.start_at is None or event.end_at is None:
                continue
            uid = f"{event.id}.{view.id}@tripplan"  # the UID `tripplan export` gives it
            entries.append((uid, "\n".join(_event(view, event, uid, alarm))))
            days += [event.start_at.date(), event.end_at.date()]
            zones.update(_zones(event.start_at, event.end_at))
    return vcalendar(
        f"{view.title} — {who.name}",
        view.timezone,
        entries,
        zones=zones.values(),
        dates=(min(days), max(days)),
        now=now,
        previous=previous,
        refresh=refresh,
    )


def _zones(*moments: datetime) -> dict[str, ZoneInfo]:
    return {m.tzinfo.key: m.tzinfo for m in moments if isinstance(m.tzinfo, ZoneInfo)}


def _run(view: SharedTrip, run: SharedRun, uid: str, alarm: timedelta | None) -> list[str]:
    end = max(run.arrive_by, run.leave + timedelta(minutes=1))
    drive = "not known" if run.drive is None else f"about {spoken_minutes(run.drive)}"
    there = format_clock(run.arrive_by, run.leave)
    text = "\n".join(
        [
            f"Pick up at {_place(run.pick_up)}",
            f"Drop off at {_place(run.drop_off)} by {there}",
            "Passengers: " + ", ".join(_person(p) for p in run.passengers),
            f"Drive: {drive} (estimated); leave at {format_clock(run.leave)}.",
        ]
        + [f"Contact: {_contact(c)}" for c in view.contacts if c.emergency]
    )
    lines = [
        f"UID:{ics_text(uid)}",
        ics_span(run.leave, end),
        f"SUMMARY:{ics_text(f'{_local(run.pick_up)} → {_local(run.drop_off)}')}",
        f"LOCATION:{ics_text(_place(run.pick_up))}",
        *_geo(run.pick_up),
        f"DESCRIPTION:{ics_text(text)}",
        "CATEGORIES:Drive",
        *status_lines("confirmed"),
    ]
    return lines + _alarm(alarm, f"{_local(run.pick_up)} → {_local(run.drop_off)}")


def _event(view: SharedTrip, event: SharedEvent, uid: str, alarm: timedelta | None) -> list[str]:
    assert event.start_at is not None
    assert event.end_at is not None
    title = f"Cancelled: {event.title}" if event.status == "cancelled" else event.title
    text = [f"{event.kind.capitalize()}: {event.title}"]
    if event.status != "confirmed":
        text.append(f"Status: {event.status}")
    if event.attendees:
        text.append("Delegation: " + "; ".join(_person(p, role=True) for p in event.attendees))
    if event.dress:
        text.append(f"Dress: {event.dress}")
    if view.organizer:
        text.append(f"Organiser: {_contact(view.organizer)}")
    if event.notes:
        text += ["", event.notes]
    place = event.venue or event.origin
    lines = [
        f"UID:{ics_text(uid)}",
        ics_span(event.start_at, event.end_at),
        f"SUMMARY:{ics_text(title)}",
        *([f"LOCATION:{ics_text(_place(place, local_first=False))}"] if place else []),
        *(_geo(place) if place else []),
        f"DESCRIPTION:{ics_text(chr(10).join(text))}",
        f"CATEGORIES:{ics_text(event.kind.capitalize())}",
        *status_lines(event.status),
    ]
    return lines + ([] if event.status == "cancelled" else _alarm(alarm, title))


def _alarm(alarm: timedelta | None, title: str) -> list[str]:
    if alarm is None:
        return []
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"TRIGGER:{ics_duration(-alarm)}",
        f"DESCRIPTION:{ics_text(title)}",
        "END:VALARM",
    ]


def _geo(venue: SharedVenue) -> list[str]:
    return [f"GEO:{venue.location[0]};{venue.location[1]}"] if venue.location else []


def _local(venue: SharedVenue) -> str:
    return venue.name_local or venue.name


def _place(venue: SharedVenue, *, local_first: bool = True) -> str:
    names = [venue.name_local, venue.name] if local_first else [venue.name, venue.name_local]
    named = " ".join(n for n in names if n)
    return ", ".join(p for p in (named, venue.address, venue.phone) if p)


def _person(person: SharedPerson, *, role: bool = False) -> str:
    name = person.name + (f" {person.name_local}" if person.name_local else "")
    return name + (f" ({person.role})" if role and person.role else "")


def _contact(contact: SharedContact) -> str:
    about = ", ".join(x for x in (contact.title, contact.role, contact.organisation) if x)
    parts = [contact.name + (f" ({about})" if about else ""), *contact.phones]
    return " · ".join(parts + ([contact.email] if contact.email else []))
