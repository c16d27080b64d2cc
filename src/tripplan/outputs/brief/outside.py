"""Papers for readers outside the delegation: drivers' sheets and hosts' programmes.

Built only from `tripplan.outputs.audience.shared_view`, a view of the trip that has no
place for internal notes, talking points, background, travel documents, bookings or the
delegation's own phones: what is not in it cannot be printed. A host's programme goes
further and keeps to that host's events, the delegation's names and roles, and the
liaison of their days and cities (else the organizer: the rule of
`tripplan.outputs.audience`); it prints no event notes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from tripplan.format.model import Itinerary
from tripplan.outputs.audience import (
    SharedContact,
    SharedEvent,
    SharedRun,
    SharedTrip,
    SharedVehicle,
    SharedVenue,
    liaisons,
    shared_view,
)
from tripplan.outputs.brief.context import Context
from tripplan.outputs.brief.days import heading_for
from tripplan.outputs.brief.lists import ROLES, emergency
from tripplan.outputs.brief.model import Block, Heading, Para, Section, Table, keep_whole


def host_names(itinerary: Itinerary, days: list[date] | None = None) -> list[str]:
    """Each host organisation (on `days`, default every day), in order of its first event."""
    return list(
        dict.fromkeys(
            e.host.name
            for d in itinerary.days
            if days is None or d.date in days
            for e in d.events
            if e.host and not e.is_cancelled
        )
    )


def vehicle_ids(itinerary: Itinerary) -> list[str]:
    return list(itinerary.vehicles)


def _place(ctx: Context, venue: SharedVenue) -> str:
    """Chinese first: the name a driver's navigation finds, then the address, then English."""
    parts = [venue.name_local or "", venue.name, venue.address or ""]
    return "\n".join(p for p in parts if p)


def _name(ctx: Context, name: str, local: str | None) -> str:
    return ctx.lang.name(name, local)


def _vehicle_line(ctx: Context, vehicle: SharedVehicle) -> str:
    parts = [vehicle.name or vehicle.id, vehicle.plate or ""]
    if vehicle.seats:
        parts.append(ctx._("{seats} seats", seats=vehicle.seats))
    return " · ".join(p for p in parts if p)


def _driver_line(ctx: Context, vehicle: SharedVehicle) -> str:
    if not vehicle.driver:
        return ""
    name = f"{vehicle.driver_local} {vehicle.driver}" if vehicle.driver_local else vehicle.driver
    phones = ", ".join(keep_whole(p) for p in vehicle.driver_phones)
    phone = f" — {phones}" if phones else ""
    return ctx._("Driver: {who}", who=name + phone)


def _runs_table(ctx: Context, runs: list[SharedRun]) -> Table:
    rows = []
    for run in runs:
        listed = run.leave.date()
        drive = ctx.lang.duration(run.drive) if run.drive else ""
        rows.append(
            (
                ctx.clock(run.leave, listed),
                _place(ctx, run.pick_up),
                ctx.clock(run.arrive_by, listed) + (f"\n~{drive}" if drive else ""),
                _place(ctx, run.drop_off),
                "\n".join(_name(ctx, p.name, p.name_local) for p in run.passengers),
            )
        )
    header = (
        ctx.lang.pair("Leave"),
        ctx.lang.pair("Pick up at"),
        ctx.lang.pair("There by"),
        ctx.lang.pair("Drop off at"),
        ctx.lang.pair("Passengers"),
    )
    return Table(header, tuple(rows), (13, 36, 14, 36, 22), frozenset({0, 2}))


def _journeys(ctx: Context, shared: SharedTrip, on: date) -> list[SharedRun]:
    """Without vehicles in the trip: its journeys by car, as runs of "a car"."""
    runs = []
    for day in shared.days:
        if day.date != on:
            continue
        for event in day.events:
            if event.mode != "car" or event.status == "cancelled":
                continue
            if event.start_at and event.end_at and event.origin and event.destination:
                runs.append(
                    SharedRun(
                        "",
                        event.origin,
                        event.destination,
                        event.start_at,
                        event.end_at,
                        None,
                        event.attendees,
                        (event.id,),
                    )
                )
    return runs


def driver_sections(ctx: Context, days: list[date]) -> Iterator[Section]:
    """One sheet per vehicle (or the one asked for): each day's runs, then the contacts."""
    one_day = days[0] if len(days) == 1 else None
    shared = shared_view(ctx.itinerary, "driver", vehicle=ctx.reader.vehicle, day=one_day)
    by_day: dict[tuple[str, date], list[SharedRun]] = {}
    for run in shared.runs:
        by_day.setdefault((run.vehicle, run.leave.date()), []).append(run)
    for vehicle in shared.vehicles:
        blocks: list[Block] = [Heading(_vehicle_line(ctx, vehicle), 1)]
        driver = _driver_line(ctx, vehicle)
        if driver:
            blocks.append(Para(driver, "lead"))
        if vehicle.notes:
            blocks.append(Para(vehicle.notes, "note"))
        driven = []
        for on in days:
            runs = sorted(by_day.get((vehicle.id, on), []), key=lambda r: r.leave)
            if runs:
                blocks += [Heading(_heading(ctx, on, shared), 2), _runs_table(ctx, runs)]
                driven.append(on)
        if driven:
            yield Section("driver", tuple(blocks), days=tuple(driven))
    if not shared.vehicles:  # no vehicles listed: the car journeys, for whoever drives
        for on in days:
            runs = _journeys(ctx, shared, on)
            if runs:
                heading = Heading(_heading(ctx, on, shared), 1)
                yield Section("driver", (heading, _runs_table(ctx, runs)), days=(on,))
    yield _contacts(ctx, shared, days)


def _heading(ctx: Context, on: date, shared: SharedTrip) -> str:
    city = next((d.city for d in shared.days if d.date == on), None)
    return heading_for(ctx, on, city)


def _countries(shared: SharedTrip) -> list[str]:
    places = [
        v
        for d in shared.days
        for e in d.events
        for v in (e.venue, e.origin, e.destination)
        if v is not None
    ]
    return list(dict.fromkeys(v.country for v in places if v.country))


ContactRow = tuple[str, str, str, str]
_CONTACT_WIDTHS = (20, 36, 24, 20)


def _contact_header(ctx: Context) -> tuple[str, ...]:
    pair = ctx.lang.pair
    return (pair("Who"), pair("Name"), pair("Phone"), pair("E-mail"))


def _contact_rows(
    ctx: Context, contacts: list[SharedContact], organizer: SharedContact | None = None
) -> list[ContactRow]:
    """Who, name, phones, e-mail: the trip's contacts (those to call first first), then
    the organizer, named as such."""
    rows = []
    for contact in sorted(contacts, key=lambda c: not c.emergency):
        role = contact.role or ""
        role = ctx._(ROLES.get(role.replace(" ", "-"), role)) if role else ""
        if contact.emergency:
            role = ctx._("{role} (call first)", role=role)
        who = ", ".join(
            p for p in (_name(ctx, contact.name, contact.name_local), contact.organisation) if p
        )
        phones = "\n".join(keep_whole(p) for p in contact.phones)
        rows.append((role, who, phones, contact.email or ""))
    if organizer is not None:
        who = ", ".join(p for p in (organizer.name, organizer.role) if p)
        phones = "\n".join(keep_whole(p) for p in organizer.phones)
        rows.append((ctx._("Organiser"), who, phones, organizer.email or ""))
    return rows


def _contacts(ctx: Context, shared: SharedTrip, days: list[date]) -> Section:
    blocks: list[Block] = [Heading(ctx._("Contacts"), 1)]
    rows = _contact_rows(ctx, list(shared.contacts), organizer=shared.organizer)
    if rows:
        blocks.append(Table(_contact_header(ctx), tuple(rows), _CONTACT_WIDTHS, frozenset({2})))
    blocks.append(emergency(ctx, _countries(shared)))
    return Section("contacts", tuple(blocks))


def host_sections(ctx: Context, days: list[date]) -> Iterator[Section]:
    """One section per host, each on a new page: their events, the delegation, the liaison."""
    one_day = days[0] if len(days) == 1 else None
    shared = shared_view(ctx.itinerary, "host", host=ctx.reader.host, day=one_day)
    events: dict[str, list[SharedEvent]] = {}
    for day in shared.days:
        for event in day.events:
            if event.host is not None and event.status != "cancelled":
                events.setdefault(event.host.name, []).append(event)
    for name, theirs in events.items():
        # Whom this host calls: the liaisons of their days and cities, else the organizer.
        days_of = [
            replace(d, events=tuple(e for e in d.events if e in theirs)) for d in shared.days
        ]
        rows = _contact_rows(ctx, list(liaisons(shared.contacts, days_of)))
        if not rows and shared.organizer is not None:
            rows = _contact_rows(ctx, [], organizer=shared.organizer)
        yield _host_section(ctx, name, theirs, rows)


def _host_section(
    ctx: Context, name: str, events: list[SharedEvent], contacts: list[ContactRow]
) -> Section:
    rows = []
    for event in events:
        assert event.start_at is not None
        assert event.end_at is not None
        venue = event.venue
        where = ""
        if venue is not None:
            named = _name(ctx, venue.name, venue.name_local)
            where = "\n".join(p for p in (named, venue.address or "") if p)
        dress = ctx._("Dress: {dress}", dress=event.dress) if event.dress else ""
        title = event.title
        if event.status == "tentative":  # as `show --for host` marks it: not yet firm
            title = f"{title} ({ctx._('tentative')})"
        rows.append(
            (
                ctx.lang.short_date(event.day, "\n"),
                ctx.clock(event.start_at, event.day),
                ctx.clock(event.end_at, event.day),
                "\n".join(p for p in (title, dress) if p),
                where,
            )
        )
    header = (
        ctx.lang.pair("Date"),
        ctx.lang.pair("Arrival"),
        ctx.lang.pair("Departure"),
        ctx.lang.pair("Programme"),
        ctx.lang.pair("Venue"),
    )
    attending = {p.id: p for e in events for p in e.attendees}
    people = []
    for n, pid in enumerate(ctx.order(list(attending)), 1):
        person = attending[pid]
        dietary = person.dietary or ""
        named = _name(ctx, person.name, person.name_local)
        people.append((str(n), named, person.role or "", dietary))
    host = events[0].host
    title = _name(ctx, name, host.name_local if host else None)
    blocks: list[Block] = [
        Heading(title, 1),
        Para(ctx._("The delegation's programme with you."), "lead"),
        Table(header, tuple(rows), (13, 12, 12, 38, 30), frozenset({1, 2})),
        Heading(ctx._("Delegation in order of precedence"), 2),
        Table(
            (
                ctx.lang.pair("No."),
                ctx.lang.pair("Name"),
                ctx.lang.pair("Role"),
                ctx.lang.pair("Dietary needs"),
            ),
            tuple(people),
            (6, 30, 44, 20),
        ),
    ]
    if contacts:
        blocks.append(Heading(ctx._("Liaison"), 2))
        blocks.append(Table(_contact_header(ctx), tuple(contacts), _CONTACT_WIDTHS, frozenset({2})))
    return Section("host", tuple(blocks))
