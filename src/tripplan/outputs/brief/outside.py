"""Papers for readers outside the delegation: drivers' sheets and hosts' programmes.

Built only from what those readers may see, by construction: places, times, names and
roles, and the contacts meant for them. Event notes, booking references, briefing
content and the delegation's phones are never read here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from tripplan.format.model import Contact, Day, Event, Itinerary
from tripplan.outputs.brief.context import Context
from tripplan.outputs.brief.days import day_events, day_heading
from tripplan.outputs.brief.lists import emergency
from tripplan.outputs.brief.model import Block, Heading, Para, Section, Table, keep_whole
from tripplan.plan.travel import legs


@dataclass(frozen=True, slots=True)
class CarMove:
    pick_up: datetime
    drop_off: datetime | None
    start: str  # venue ids
    end: str
    people: tuple[str, ...]
    event: Event  # the journey, or the event the move leads to


def car_moves(ctx: Context, day: Day) -> list[CarMove]:
    """Every move by car on `day`: car journeys, and car transfers between events."""
    events = [e for e in day_events(ctx, day) if not e.is_cancelled]
    moves = []
    for event in events:
        if event.kind == "travel" and event.mode == "car" and event.start_at and event.from_:
            people = tuple(ctx.itinerary.attendees(event))
            moves.append(
                CarMove(event.start_at, event.end_at, event.from_, event.to or "", people, event)
            )
    for leg in legs(ctx.itinerary, events, ctx.reader.person):
        if leg.transfer.mode == "car" and leg.after.end_at is not None:
            moves.append(
                CarMove(
                    leg.after.end_at,
                    leg.before.start_at,
                    leg.start,
                    leg.end,
                    leg.people,
                    leg.before,
                )
            )
    return sorted(moves, key=lambda m: m.pick_up.timestamp())


def _place(ctx: Context, vid: str) -> str:
    """Chinese first: the name a driver's navigation finds, then the address, then English."""
    venue = ctx.itinerary.venues.get(vid)
    if venue is None:
        return vid
    parts = [venue.name_local or "", venue.name, venue.address or ""]
    return "\n".join(p for p in parts if p)


def driver_sections(ctx: Context, days: list[Day]) -> Iterator[Section]:
    itinerary = ctx.itinerary
    for day in days:
        moves = car_moves(ctx, day)
        if not moves:
            continue
        rows = []
        for move in moves:
            drop = ctx.clock(move.drop_off, move.event) if move.drop_off else ""
            rows.append(
                (
                    ctx.clock(move.pick_up, move.event),
                    _place(ctx, move.start),
                    drop,
                    _place(ctx, move.end),
                    "\n".join(ctx.person(p) for p in ctx.order(move.people)),
                )
            )
        header = (
            ctx.lang.pair("Pick-up"),
            ctx.lang.pair("From"),
            ctx.lang.pair("Drop-off by"),
            ctx.lang.pair("To"),
            ctx.lang.pair("Passengers"),
        )
        table = Table(header, tuple(rows), (14, 36, 14, 36, 22), frozenset({0, 2}))
        yield Section("driver", (Heading(day_heading(ctx, day), 1), table))
    blocks: list[Block] = [Heading(ctx._("Contacts"), 1)]
    contacts = [_contact_row(ctx, ctx._("Organiser"), c) for c in _liaisons(ctx)]
    if contacts:
        heads = (ctx.lang.pair("Who"), ctx.lang.pair("Name"), ctx.lang.pair("Phone"))
        blocks.append(Table(heads, tuple(contacts), (20, 50, 30), frozenset({2})))
    blocks.append(emergency(ctx, days))
    if itinerary.days:
        yield Section("contacts", tuple(blocks))


def _liaisons(ctx: Context) -> list[Contact]:
    """Whom outside readers call: the trip's organiser."""
    organizer = ctx.itinerary.trip.organizer
    return [organizer] if organizer is not None else []


def _contact_row(ctx: Context, what: str, contact: Contact) -> tuple[str, str, str]:
    who = ", ".join(p for p in (contact.name, contact.role) if p)
    reach = "\n".join(p for p in (keep_whole(contact.phone or ""), contact.email or "") if p)
    return what, who, reach


def host_names(itinerary: Itinerary, days: list[Day] | None = None) -> list[str]:
    """Each host organisation (of `days`, default every day), in order of its first event."""
    return list(
        dict.fromkeys(
            e.host.name
            for d in (itinerary.days if days is None else days)
            for e in d.events
            if e.host and not e.is_cancelled
        )
    )


def vehicle_ids(itinerary: Itinerary) -> list[str]:
    """The trip's vehicles (none until the format lists them)."""
    return list(getattr(itinerary, "vehicles", None) or {})


def host_sections(ctx: Context, days: list[Day]) -> Iterator[Section]:
    """One section per host, each on a new page: their events, the delegation, the liaison."""
    wanted = ctx.reader.host
    for name in host_names(ctx.itinerary, days):
        if wanted is not None and name.casefold() != wanted.casefold():
            continue
        events = [
            e
            for d in days
            for e in day_events(ctx, d)
            if e.host and e.host.name == name and not e.is_cancelled
        ]
        rows = []
        for event in events:
            assert event.start_at is not None
            assert event.end_at is not None
            rows.append(
                (
                    ctx.lang.short_date(event.day, "\n"),
                    ctx.clock(event.start_at, event),
                    ctx.clock(event.end_at, event),
                    event.title,
                    ctx.venue_line(event.venue),
                )
            )
        header = (
            ctx.lang.pair("Date"),
            ctx.lang.pair("Arrival"),
            ctx.lang.pair("Departure"),
            ctx.lang.pair("Programme"),
            ctx.lang.pair("Venue"),
        )
        attending = list(dict.fromkeys(p for e in events for p in ctx.itinerary.attendees(e)))
        people = []
        for n, pid in enumerate(ctx.order(attending), 1):
            person = ctx.itinerary.people[pid]
            people.append((str(n), ctx.person(pid), person.role or ""))
        blocks: list[Block] = [
            Heading(name, 1),
            Para(ctx._("The delegation's programme with you."), "lead"),
            Table(header, tuple(rows), (14, 13, 13, 40, 30), frozenset({1, 2})),
            Heading(ctx._("Delegation in order of precedence"), 2),
            Table(
                (ctx.lang.pair("No."), ctx.lang.pair("Name"), ctx.lang.pair("Role")),
                tuple(people),
                (6, 34, 60),
            ),
        ]
        liaisons = _liaisons(ctx)
        if liaisons:
            blocks.append(Heading(ctx._("Liaison"), 2))
            rows2 = [_contact_row(ctx, ctx._("Liaison"), c) for c in liaisons]
            blocks.append(
                Table(
                    (ctx.lang.pair("Who"), ctx.lang.pair("Name"), ctx.lang.pair("Phone")),
                    tuple(rows2),
                    (20, 50, 30),
                    frozenset({2}),
                )
            )
        yield Section("host", tuple(blocks))
