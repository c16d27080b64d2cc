"""The daily pages: the run of the day, transfers per group, first and last times, sketches."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from tripplan import safe
from tripplan.format.logistics import SeatBooking
from tripplan.format.model import Day, Event, between
from tripplan.outputs.brief import sketch as sketching
from tripplan.outputs.brief.context import Context
from tripplan.outputs.brief.fonts import width_mm
from tripplan.outputs.brief.i18n import N_, joined
from tripplan.outputs.brief.model import (
    Block,
    Heading,
    Para,
    Run,
    RunRow,
    Section,
    Sketch,
    Sketches,
    keep_whole,
)
from tripplan.plan.travel import HotelLeg, Leg, hotel_legs, legs
from tripplan.plan.vehicles import departures

# How the roads are at the time of a transfer (the travel model's words).
TRAFFIC = {"peak": N_("peak"), "busy": N_("busy"), "light traffic": N_("light traffic")}
SKETCH_SIZE = (88.0, 62.0)  # two side by side on A4
SMALL_SKETCH = (57.0, 50.0)  # three side by side, for a day in three cities


def _mode_words(ctx: Context, mode: str | None) -> str:
    words = {
        "car": ctx._("Car"),
        "walk": ctx._("Walk"),
        "train": ctx._("Train"),
        "flight": ctx._("Flight"),
        "ferry": ctx._("Ferry"),
    }
    return words.get(mode or "", ctx._("Travel"))


def day_events(ctx: Context, day: Day) -> list[Event]:
    """The day's events this reader sees, in time order."""
    reader = ctx.reader
    events = [
        e
        for e in day.events
        if (reader.person is None or reader.person in ctx.itinerary.attendees(e))
        and not (reader.hide_cancelled and e.is_cancelled)
    ]
    return sorted(events, key=_start_key)


def _start_key(event: Event) -> float:
    if event.start_at is not None:
        return event.start_at.timestamp()
    window = event.window_at()
    return window[0].timestamp() if window else 0.0


def day_heading(ctx: Context, day: Day) -> str:
    return heading_for(ctx, day.date, day.city)


def heading_for(ctx: Context, on: date, city: str | None) -> str:
    """ "Day 2 of 3 — Tuesday 25 February 2025 — Hangzhou" in the reader's language."""
    trip = ctx.itinerary.trip
    number, total = (on - trip.start).days + 1, (trip.end - trip.start).days + 1
    if not 1 <= number <= total:  # a day outside the trip (check reports it): list order
        dates = sorted(d.date for d in ctx.itinerary.days)
        number, total = dates.index(on) + 1, len(dates)
    parts = [ctx._("Day {number} of {total}", number=number, total=total), ctx.lang.date(on)]
    if city:
        parts.append(ctx.lang.city(city))
    return " — ".join(parts)


def event_time(ctx: Context, event: Event) -> str:
    """Start and end, each in its own zone: two lines when a zone is named."""
    if event.start_at is None or event.end_at is None:
        if event.window is not None:
            return f"{event.window[0]}–{event.window[1]}"
        return ""
    start, end = ctx.clock(event.start_at, event.day), ctx.clock(event.end_at, event.day)
    if " " in start or " " in end:
        return f"{start}\n– {end}"
    return f"{start}–{end}"


def event_title(ctx: Context, event: Event) -> str:
    if event.kind == "travel" and event.from_ and event.to:
        service = f" {event.service}" if event.service else ""
        return (
            f"{_mode_words(ctx, event.mode)}{service}: {ctx.venue(event.from_)} → "
            f"{ctx.venue(event.to)}"
        )
    return event.title


def status_words(ctx: Context, event: Event) -> str:
    words = []
    if event.status == "tentative":
        words.append(ctx._("tentative"))
    if event.is_cancelled:
        words.append(ctx._("cancelled"))
    if event.is_flexible and event.start_at is None:
        words.append(ctx._("flexible, does not fit"))
    elif event.is_flexible and not event.is_cancelled:
        words.append(ctx._("flexible"))
    return ", ".join(words)


def _details(ctx: Context, event: Event) -> tuple[str, ...]:
    itinerary = ctx.itinerary
    lines = []
    if event.venue:
        lines.append(ctx._("Where: {place}", place=ctx.venue_line(event.venue)))
    if event.kind == "travel" and event.start_at and event.end_at:
        length = ctx.lang.duration(between(event.start_at, event.end_at))
        lines.append(ctx._("Journey: {length}", length=length))
    if event.host is not None:
        host = event.host
        name = ctx.lang.name(host.name, host.name_local)
        who = ", ".join(p for p in (name, host.title, host.role) if p)
        reach = ", ".join(keep_whole(p) for p in (host.phone, host.email) if p)
        lines.append(ctx._("Host: {who}", who=who) + (f" — {reach}" if reach else ""))
        if ctx.audience == "principal":
            if host.address_as:
                lines.append(ctx._("Address as: {words}", words=host.address_as))
            if host.bio:
                lines.append(ctx._("About the host: {bio}", bio=host.bio))
    if event.attendees is not None and set(event.attendees) != set(itinerary.people):
        lines.append(ctx._("Attending: {names}", names=ctx.people(event.attendees)))
    extra = []
    if event.dress:
        extra.append(ctx._("Dress: {dress}", dress=event.dress))
    if event.reference:
        extra.append(ctx._("Booking: {reference}", reference=keep_whole(event.reference)))
    if extra:
        lines.append(" · ".join(extra))
    if event.bookings:
        seats = [
            _seat(ctx, pid, booking)
            for pid, booking in event.bookings.items()
            if ctx.reader.person in (None, pid)
        ]
        if seats:
            lines.append(ctx._("Seats: {seats}", seats=joined("; ", seats)))
    if event.notes:
        lines.append(event.notes)
    if ctx.audience == "principal":
        if event.background:
            lines.append(ctx._("Background: {text}", text=event.background))
        for point in event.talking_points:
            mark = ctx._(" (internal)") if point.internal else ""
            lines.append(f"• {point.text}{mark}")
    if event.internal_notes:
        lines.append(ctx._("Internal: {text}", text=event.internal_notes))
    return tuple(lines)


def _seat(ctx: Context, pid: str, booking: SeatBooking) -> str:
    parts = [ctx.person(pid)]
    if booking.coach:
        parts.append(ctx._("coach {coach}", coach=booking.coach))
    if booking.seat:
        parts.append(ctx._("seat {seat}", seat=booking.seat))
    if booking.reference:
        parts.append(keep_whole(booking.reference))
    return joined(" ", parts)


def _who(ctx: Context, people: tuple[str, ...], events: list[Event]) -> str:
    everyone = set().union(*(set(ctx.itinerary.attendees(e)) for e in events)) if events else set()
    if ctx.reader.person is None and set(people) >= everyone and len(people) > 1:
        return ctx._("everyone")
    return ctx.people(people)


def transfer_rows(ctx: Context, leg: Leg, events: list[Event]) -> list[tuple[datetime, RunRow]]:
    """The move between two events, at the time it leaves (one row per car that leaves
    at its own time)."""
    return [
        (when, transfer_row(ctx, replace(leg, people=people), events, when))
        for when, people in departures(ctx.runs, leg)
    ]


def transfer_row(ctx: Context, leg: Leg, events: list[Event], when: datetime) -> RunRow:
    move = leg.transfer
    mode = ctx._("By car") if move.mode == "car" else ctx._("On foot")
    facts = {
        "place": ctx.venue(leg.end),
        "km": ctx.lang.km(move.km),
        "time": ctx.lang.duration(move.time),
    }
    if when == leg.after.end_at:  # listed under the event it leaves
        there = ctx._("to {place}: {km}, about {time}", **facts)
    else:  # its car leaves later (or earlier): listed by its time, perhaps under another event
        there = ctx._(
            "from {start} to {place}: {km}, about {time}", start=ctx.venue(leg.start), **facts
        )
    if move.traffic:
        there += ctx._(" ({traffic})", traffic=ctx._(TRAFFIC.get(move.traffic, move.traffic)))
    return RunRow(
        ctx.clock(when, leg.after.day),
        f"{mode} — {_who(ctx, leg.people, events)}",
        (there,),
        "transfer",
    )


def hotel_rows(ctx: Context, way: HotelLeg, events: list[Event]) -> list[tuple[datetime, RunRow]]:
    """The move from the night's hotel to the day's first event, or back to it, at the
    time it leaves (one row per car that leaves at its own time)."""
    return [
        (when, hotel_row(ctx, replace(way, people=people), events, when))
        for when, people in departures(ctx.runs, way)
    ]


def hotel_row(ctx: Context, way: HotelLeg, events: list[Event], when: datetime) -> RunRow:
    move = way.transfer
    event = way.event
    mode = ctx._("By car") if move.mode == "car" else ctx._("On foot")
    start, end = (way.hotel, event.places[0]) if way.leaving else (event.places[-1], way.hotel)
    there = ctx._(
        "from {start} to {place}: {km}, about {time}",
        start=ctx.venue(start),
        place=ctx.venue(end),
        km=ctx.lang.km(move.km),
        time=ctx.lang.duration(move.time),
    )
    if move.traffic:
        there += ctx._(" ({traffic})", traffic=ctx._(TRAFFIC.get(move.traffic, move.traffic)))
    who = _who(ctx, way.people, events)
    return RunRow(ctx.clock(when, event.day), f"{mode} — {who}", (there,), "transfer")


def run_rows(ctx: Context, day: Day, events: list[Event]) -> list[RunRow]:
    """Events and the transfers between them, in time order (a transfer leaves when the
    event before it ends, so it comes after that event and before anything later)."""
    keyed: list[tuple[float, int, RunRow]] = []
    for i, event in enumerate(events):
        row = RunRow(
            event_time(ctx, event),
            event_title(ctx, event),
            _details(ctx, event),
            "cancelled" if event.is_cancelled else "event",
            status_words(ctx, event),
            alert=event.status == "tentative" or (event.is_flexible and event.start_at is None),
        )
        keyed.append((_start_key(event), 2 * i, row))
    order = {id(e): i for i, e in enumerate(events)}
    for way in hotel_legs(ctx.itinerary, events, ctx.reader.person):
        rank = 2 * order[id(way.event)] + (-1 if way.leaving else 1)
        keyed.extend((when.timestamp(), rank, row) for when, row in hotel_rows(ctx, way, events))
    for leg in legs(ctx.itinerary, events, ctx.reader.person):
        rank = 2 * order[id(leg.after)] + 1
        keyed.extend((when.timestamp(), rank, row) for when, row in transfer_rows(ctx, leg, events))
    keyed.sort(key=lambda k: (k[0], k[1]))
    return [row for _, _, row in keyed]


def first_and_last(ctx: Context, events: list[Event]) -> str:
    """The day's first start and last end, each in its local time with the zone named."""
    timed = [e for e in events if not e.is_cancelled and e.start_at and e.end_at]
    if not timed:
        return ""
    first = min(timed, key=lambda e: e.start_at.timestamp() if e.start_at else 0.0)
    last = max(timed, key=lambda e: e.end_at.timestamp() if e.end_at else 0.0)
    assert first.start_at is not None
    assert last.end_at is not None
    return ctx._(
        "First: {first} ({what}) · Last ends: {last} ({end})",
        first=ctx.clock(first.start_at, first.day, zone=True),
        what=event_title(ctx, first),
        last=ctx.clock(last.end_at, last.day, zone=True),
        end=event_title(ctx, last),
    )


def day_section(ctx: Context, day: Day, extra: tuple[Block, ...] = ()) -> Section:
    events = day_events(ctx, day)
    blocks: list[Block] = [Heading(day_heading(ctx, day), 1)]
    if day.hotel:
        line = ctx.venue_line(day.hotel, phone=True)
        blocks.append(Para(ctx._("Night: {hotel}", hotel=line), "lead"))
    if day.notes:
        blocks.append(Para(day.notes, "note"))
    if day.internal_notes:
        blocks.append(Para(ctx._("Internal: {text}", text=day.internal_notes), "note"))
    bounds = first_and_last(ctx, events)
    if bounds:
        blocks.append(Para(bounds, "small"))
    rows = run_rows(ctx, day, events)
    if rows:
        blocks.append(Run((ctx.lang.pair("Time"), ctx.lang.pair("Programme")), tuple(rows)))
    else:
        blocks.append(Para(ctx._("Nothing planned."), "body"))
    blocks.extend(extra)
    drawn = sketches(ctx, events)
    if drawn is not None:
        blocks.append(drawn)
    return Section("day", tuple(blocks), days=(day.date,))


# --- route sketches --------------------------------------------------------------------


def sketches(ctx: Context, events: list[Event]) -> Sketches | None:
    """One sketch per city the day's places are in; inter-city legs as arrows off the edge."""
    itinerary = ctx.itinerary
    active = [e for e in events if not e.is_cancelled and e.start_at is not None and e.places]
    order: list[str] = []
    for event in active:
        order.extend(p for p in event.places if p not in order)
    if not order:
        return None
    missing = [v for v in order if itinerary.point(v) is None]
    located = [v for v in order if itinerary.point(v) is not None]
    number = {v: i + 1 for i, v in enumerate(located)}

    def city(vid: str) -> str:
        venue = itinerary.venues.get(vid)
        if venue is None:
            return ""
        return ctx.lang.city(venue.city) if venue.city else venue.country or ""

    # Each group's path: the same places in the same order are one path.
    people = [ctx.reader.person] if ctx.reader.person else list(itinerary.people)
    paths: dict[tuple[str, ...], list[str]] = {}
    for pid in people:
        path: list[str] = []
        for event in active:
            if pid not in itinerary.attendees(event):
                continue
            for place in event.places:
                if place in number and (not path or path[-1] != place):
                    path.append(place)
        if path:
            paths.setdefault(tuple(path), []).append(pid)
    cities = list(dict.fromkeys(city(v) for v in located))
    width, height = SKETCH_SIZE if len(cities) <= 2 else SMALL_SKETCH
    drawn: list[Sketch] = []
    for name in cities:
        here = [v for v in located if city(v) == name]
        index = {v: i for i, v in enumerate(here)}
        routes: list[list[int]] = []
        names: list[str] = []
        leaving: dict[tuple[str, str], sketching.Leaving] = {}
        for visited, who in paths.items():
            parts = [v for v in visited if v in index]
            if len(parts) > 1:
                routes.append([index[v] for v in parts])
                names.append(safe.pdf(ctx.people(who)) if len(paths) > 1 else "")
            for a, b in zip(visited, visited[1:], strict=False):
                if (city(a) == name) != (city(b) == name):
                    inside, outside = (a, b) if city(a) == name else (b, a)
                    point = itinerary.point(outside)
                    assert point is not None
                    words = (
                        ctx._("to {city}", city=city(b))
                        if inside == a
                        else ctx._("from {city}", city=city(a))
                    )
                    leaving[(a, b)] = sketching.Leaving(
                        index[inside], point[0], point[1], safe.pdf(words), incoming=inside == b
                    )
        places = []
        for v in here:
            lat, lon = itinerary.point(v) or (0.0, 0.0)
            # Measured now, so made safe now (a control shown as its escape is wider).
            places.append(sketching.Place(number[v], safe.pdf(ctx.venue(v)), lat, lon))
        drawn.append(
            sketching.draw(
                safe.pdf(name) or ctx._("Route"),
                places,
                routes,
                names if any(names) else [],
                list(leaving.values()),
                width=width,
                height=height,
                measure=width_mm,
                km_words=lambda km: ctx._("{km} km", km=format(km, "g")),
            )
        )
    note = ""
    if missing:
        note = ctx._(
            "Not on the sketch (no coordinates): {names}",
            names=", ".join(ctx.venue(v) for v in missing),
        )
    return Sketches(tuple(drawn), note)
