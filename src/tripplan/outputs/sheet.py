"""What a daily briefing sheet says, independent of how it is drawn (PDF or HTML).

Pure: an itinerary in, one `DaySheet` per day out, every text already in words; the
route sketch is plain geometry in millimetres.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from tripplan.format.model import Event, Itinerary, Venue, between
from tripplan.format.values import format_duration
from tripplan.outputs.timeline import day_title, rows

_NICE_KM = (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)


@dataclass(frozen=True, slots=True)
class Entry:
    """One event of the day, as the principal reads it."""

    time: str
    title: str
    details: tuple[str, ...]  # where, host, dress and references, notes: one line each
    cancelled: bool = False
    status: str = ""


@dataclass(frozen=True, slots=True)
class Stop:
    number: int
    name: str
    x: float  # millimetres from the sketch's left edge
    y: float  # millimetres from its top edge


@dataclass(frozen=True, slots=True)
class Sketch:
    """Places of the day as numbered dots, to scale, with a scale bar."""

    width: float
    height: float
    stops: tuple[Stop, ...]
    bar_km: float
    bar_mm: float


@dataclass(frozen=True, slots=True)
class DaySheet:
    trip: str
    heading: str  # "Day 2 of 3 · Tue 25 Feb 2025 · Hangzhou"
    date: date
    hotel: str | None
    entries: tuple[Entry, ...]
    delegation: tuple[str, ...]
    sketch: Sketch | None
    unplaced: tuple[str, ...] = field(default=())  # venues without coordinates


def day_sheets(
    itinerary: Itinerary,
    *,
    day: date | None = None,
    person: str | None = None,
    hide_cancelled: bool = False,
    sketch_size: tuple[float, float] = (86.0, 56.0),
) -> list[DaySheet]:
    sheets = []
    for d in itinerary.days:
        if day is not None and d.date != day:
            continue
        day_rows = rows(itinerary, d, [], person=person, hide_cancelled=hide_cancelled)
        entries = tuple(
            entry
            for r in day_rows
            for entry in (
                *([Entry("", f"Transfer {r.arrival}", ())] if r.arrival else []),
                Entry(r.time, r.what, _details(itinerary, r.event), r.event.is_cancelled, r.status),
            )
        )
        route = _route(itinerary, [r.event for r in day_rows if not r.event.is_cancelled])
        located = [(name, v) for name, v in route if v.location is not None]
        sheets.append(
            DaySheet(
                trip=itinerary.trip.title,
                heading=day_title(itinerary, d),
                date=d.date,
                hotel=_venue_line(itinerary.venues[d.hotel], phone=True)
                if d.hotel in itinerary.venues
                else None,
                entries=entries,
                delegation=tuple(_member(itinerary, pid) for pid in itinerary.people),
                sketch=sketch(located, *sketch_size),
                unplaced=tuple(name for name, v in route if v.location is None),
            )
        )
    return sheets


def _details(itinerary: Itinerary, event: Event) -> tuple[str, ...]:
    lines = []
    if event.venue and event.venue in itinerary.venues:
        lines.append(f"Where: {_venue_line(itinerary.venues[event.venue])}")
    if event.kind == "travel" and event.start_at and event.end_at:
        lines.append(f"Journey: {format_duration(between(event.start_at, event.end_at))}")
    if event.host is not None:
        who = ", ".join(p for p in (event.host.name, event.host.role) if p)
        reach = ", ".join(p for p in (event.host.phone, event.host.email) if p)
        lines.append(f"Host: {who}" + (f" — {reach}" if reach else ""))
    if event.attendees is not None and set(event.attendees) != set(itinerary.people):
        names = [itinerary.people[p].name if p in itinerary.people else p for p in event.attendees]
        lines.append("Attending: " + ", ".join(names))
    extra = [
        f"Dress: {event.dress}" if event.dress else "",
        f"Ref: {event.reference}" if event.reference else "",
    ]
    if any(extra):
        lines.append(" · ".join(e for e in extra if e))
    if event.notes:
        lines.append(event.notes)
    return tuple(lines)


def _venue_line(venue: Venue, *, phone: bool = False) -> str:
    name = f"{venue.name} ({venue.name_local})" if venue.name_local else venue.name
    parts = [name, venue.address or "", venue.phone if phone and venue.phone else ""]
    return " — ".join(p for p in parts if p)


def _member(itinerary: Itinerary, pid: str) -> str:
    person = itinerary.people[pid]
    parts = [
        ("★ " if person.principal else "") + person.name,
        person.role or "",
        person.phone or "",
    ]
    return " — ".join(p for p in parts if p)


def _route(itinerary: Itinerary, events: list[Event]) -> list[tuple[str, Venue]]:
    """Venues in visiting order, without standing still."""
    route: list[tuple[str, Venue]] = []
    for event in events:
        for place in event.places:
            venue = itinerary.venues.get(place)
            if venue is not None and (not route or route[-1][1] is not venue):
                route.append((venue.name, venue))
    return route


def sketch(places: list[tuple[str, Venue]], width: float, height: float) -> Sketch | None:
    """Numbered stops projected to scale into a `width` x `height` mm box."""
    if not places:
        return None
    margin = 8.0
    lat0 = sum(v.location.lat for _, v in places if v.location) / len(places)
    lon0 = sum(v.location.lon for _, v in places if v.location) / len(places)
    km_x = 111.32 * math.cos(math.radians(lat0))
    points = [
        ((v.location.lon - lon0) * km_x, (v.location.lat - lat0) * 110.57)
        for _, v in places
        if v.location
    ]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    span_x, span_y = max(max(xs) - min(xs), 0.5), max(max(ys) - min(ys), 0.5)
    mm_per_km = min((width - 2 * margin) / span_x, (height - 2 * margin - 6) / span_y)
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    stops = tuple(
        Stop(
            i,
            name,
            width / 2 + (x - mid_x) * mm_per_km,
            (height - 6) / 2 - (y - mid_y) * mm_per_km,  # north up; 6 mm kept for the bar
        )
        for i, ((name, _), (x, y)) in enumerate(zip(places, points, strict=True), 1)
    )
    bar_km = max((k for k in _NICE_KM if k * mm_per_km <= width / 3), default=_NICE_KM[0])
    return Sketch(width, height, stops, bar_km, bar_km * mm_per_km)


@dataclass(frozen=True, slots=True)
class Label:
    """Where a stop's name goes: beside its dot, inside the box, below earlier labels."""

    text: str
    x: float
    y: float
    width: float
    right_aligned: bool


def labels(sketch: Sketch, line: float = 3.0) -> list[Label]:
    """Labels that stay in the box and do not print over each other at one place."""
    placed: dict[tuple[int, int], int] = {}
    result = []
    half = sketch.width / 2
    for stop in sketch.stops:
        spot = (round(stop.x / 3), round(stop.y / 3))
        below = placed.get(spot, 0)
        placed[spot] = below + 1
        text = f"{stop.number} {stop.name}" if below else stop.name
        text = text if len(text) <= 30 else text[:29] + "…"
        y = stop.y - 4 + below * line
        right = stop.x > sketch.width * 0.6
        x = 1.0 if right else stop.x + 2.4
        width = (stop.x - 2.4 - 1.0) if right else (sketch.width - x - 1.0)
        result.append(
            Label(text, x, min(max(y, 0.5), sketch.height - 8), min(width, half + 20), right)
        )
    return result
