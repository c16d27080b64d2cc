"""The pack's lists: delegation by precedence, contacts and emergency numbers, rooming,
documents for each crossing."""

from __future__ import annotations

from tripplan.format.model import Day, Event
from tripplan.outputs.brief.context import Context
from tripplan.outputs.brief.i18n import N_
from tripplan.outputs.brief.model import Block, Heading, Para, Section, Table, keep_whole

# Numbers to call first, by country or region (public: the police, fire and ambulance
# numbers of each; 1868 is the Hong Kong Immigration Department's hotline for Hong Kong
# residents in distress outside Hong Kong).
EMERGENCY: dict[str, tuple[tuple[str, str], ...]] = {
    "CN": ((N_("Police"), "110"), (N_("Fire"), "119"), (N_("Ambulance"), "120")),
    "HK": ((N_("Police, fire, ambulance"), "999"),),
    "MO": ((N_("Police, fire, ambulance"), "999"),),
}
HOME_HELPLINE = (
    N_("Immigration Department, assistance to Hong Kong residents outside Hong Kong"),
    "+852 1868",
)


def delegation_list(ctx: Context, ids: list[str] | None = None, *, phones: bool = True) -> Section:
    """The delegation in order of precedence (with phones for the delegation's own papers)."""
    people = ctx.order(ids if ids is not None else list(ctx.itinerary.people))
    show_phones = phones and ctx.inside
    rows = []
    for n, pid in enumerate(people, 1):
        person = ctx.itinerary.people[pid]
        row = [str(n), ctx.person(pid), person.role or ""]
        if show_phones:
            row.append(keep_whole(person.phone or ""))
        rows.append(tuple(row))
    header = [ctx.lang.pair("No."), ctx.lang.pair("Name"), ctx.lang.pair("Role")]
    widths = [6.0, 30.0, 46.0]
    if show_phones:
        header.append(ctx.lang.pair("Phone"))
        widths.append(24.0)
    table = Table(tuple(header), tuple(rows), tuple(widths), frozenset({3}))
    return Section(
        "delegation",
        (Heading(ctx._("Delegation in order of precedence"), 1), table),
        new_page=True,
    )


def countries(ctx: Context, days: list[Day]) -> list[str]:
    found = []
    for day in days:
        for event in day.events:
            for place in event.places:
                venue = ctx.itinerary.venues.get(place)
                if venue is not None and venue.country and venue.country not in found:
                    found.append(venue.country)
    return found


def contacts(ctx: Context, days: list[Day]) -> Section:
    """Whom to call: the organisers, the hotels, each host; then emergency numbers."""
    itinerary = ctx.itinerary
    rows: list[tuple[str, str, str, str]] = []
    organizer = itinerary.trip.organizer
    if organizer is not None:
        rows.append(
            (
                ctx._("Organiser"),
                ", ".join(p for p in (organizer.name, organizer.role) if p),
                keep_whole(organizer.phone or ""),
                organizer.email or "",
            )
        )
    for hotel in dict.fromkeys(d.hotel for d in days if d.hotel):
        venue = itinerary.venues.get(hotel or "")
        if venue is not None:
            rows.append((ctx._("Hotel"), ctx.venue(hotel), keep_whole(venue.phone or ""), ""))
    seen = set()
    for day in days:
        for event in day.events:
            if event.host is None or event.is_cancelled:
                continue
            host = event.host
            key = (host.name, host.phone)
            if key in seen:
                continue
            seen.add(key)
            who = ", ".join(p for p in (host.name, host.role) if p)
            rows.append(
                (
                    ctx._("Host, {date}", date=ctx.lang.short_date(event.day)),
                    who,
                    keep_whole(host.phone or ""),
                    host.email or "",
                )
            )
    header = (
        ctx.lang.pair("Who"),
        ctx.lang.pair("Name"),
        ctx.lang.pair("Phone"),
        ctx.lang.pair("E-mail"),
    )
    blocks: list[Block] = [Heading(ctx._("Contacts and emergency numbers"), 1)]
    blocks.append(Table(header, tuple(rows), (18, 40, 24, 30), frozenset({2})))
    blocks.append(emergency(ctx, days))
    return Section("contacts", tuple(blocks), new_page=True)


def emergency(ctx: Context, days: list[Day]) -> Table:
    rows = []
    for country in countries(ctx, days):
        for what, number in EMERGENCY.get(country, ()):
            rows.append((country, ctx._(what), keep_whole(number)))
    rows.append(("HK", ctx._(HOME_HELPLINE[0]), keep_whole(HOME_HELPLINE[1])))
    header = (ctx.lang.pair("Where"), ctx.lang.pair("Emergency"), ctx.lang.pair("Number"))
    return Table(header, tuple(rows), (10, 60, 20), frozenset({0, 2}))


def rooming(ctx: Context, days: list[Day]) -> Section | None:
    """Each night's hotel (and, where the trip gives them, each person's room)."""
    rows = []
    for day in days:
        if not day.hotel:
            continue
        venue = ctx.itinerary.venues.get(day.hotel)
        address = venue.address or "" if venue else ""
        phone = keep_whole(venue.phone or "") if venue else ""
        rows.append((ctx.lang.short_date(day.date, "\n"), ctx.venue(day.hotel), address, phone))
    if not rows:
        return None
    header = (
        ctx.lang.pair("Night"),
        ctx.lang.pair("Hotel"),
        ctx.lang.pair("Address"),
        ctx.lang.pair("Phone"),
    )
    table = Table(header, tuple(rows), (14, 30, 40, 22), frozenset({0, 3}))
    return Section("rooming", (Heading(ctx._("Rooming list"), 1), table), new_page=True)


def _region(ctx: Context, vid: str | None) -> str | None:
    venue = ctx.itinerary.venues.get(vid or "")
    return venue.country if venue is not None else None


def crossings(ctx: Context, days: list[Day]) -> list[Event]:
    """Journeys between two countries or regions (Hong Kong, Macao and the mainland too)."""
    found = []
    for day in days:
        for event in day.events:
            if event.kind != "travel" or event.is_cancelled:
                continue
            a, b = _region(ctx, event.from_), _region(ctx, event.to)
            if a and b and a != b:
                found.append(event)
    return found


def documents(ctx: Context, days: list[Day]) -> Section | None:
    """For each person, each crossing they make and a box to tick for their papers."""
    journeys = crossings(ctx, days)
    if not journeys:
        return None
    rows = []
    wanted = [ctx.reader.person] if ctx.reader.person else list(ctx.itinerary.people)
    for pid in ctx.order(wanted):
        for event in journeys:
            if pid not in ctx.itinerary.attendees(event):
                continue
            route = f"{_region(ctx, event.from_)} → {_region(ctx, event.to)}"
            what = f"{ctx.venue(event.from_)} → {ctx.venue(event.to)}"
            when = ctx.lang.short_date(event.day, "\n")
            rows.append((ctx.person(pid), when, f"{route}: {what}", "□"))
    header = (
        ctx.lang.pair("Name"),
        ctx.lang.pair("Date"),
        ctx.lang.pair("Crossing"),
        ctx.lang.pair("Papers checked"),
    )
    blocks: tuple[Block, ...] = (
        Heading(ctx._("Documents checklist"), 1),
        Para(ctx._("Check each traveller's papers for every crossing before leaving."), "small"),
        Table(header, tuple(rows), (26, 14, 52, 14), frozenset({1})),
    )
    return Section("documents", blocks, new_page=True)
