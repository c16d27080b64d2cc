"""The pack's lists: delegation by precedence, contacts and emergency numbers, rooming,
documents for each crossing."""

from __future__ import annotations

from tripplan.format.logistics import TravelDocument
from tripplan.format.model import Day
from tripplan.outputs.brief.context import Context
from tripplan.outputs.brief.i18n import N_, joined
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
        role = person.role or ""
        if ctx.inside and person.internal_notes:  # the delegation's own papers only
            internal = ctx._("Internal: {text}", text=person.internal_notes)
            role = f"{role}\n{internal}" if role else internal
        row = [str(n), ctx.person(pid), role]
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


ROLES = {
    "duty-officer": N_("duty officer"),
    "liaison": N_("liaison"),
    "host-protocol": N_("host protocol"),
    "hotel": N_("hotel"),
    "consulate": N_("consulate"),
    "office": N_("office"),
    "interpreter": N_("interpreter"),
    "transport": N_("transport"),
    "security": N_("security"),
    "medical": N_("medical"),
    "other": N_("other"),
}


def contacts(ctx: Context, days: list[Day]) -> Section:
    """Whom to call: the trip's contacts (those to call first first), the organiser, the
    hotels, each host; then the emergency numbers where the trip goes."""
    itinerary = ctx.itinerary
    rows: list[tuple[str, str, str, str]] = []
    listed = sorted(itinerary.contacts, key=lambda c: not c.emergency)
    for contact in listed:
        person = itinerary.people.get(contact.person or "")
        name = contact.name or (ctx.person(contact.person) if contact.person else "")
        phones = contact.phones or ([person.phone] if person and person.phone else [])
        role = ctx._(ROLES.get(contact.role, contact.role))
        if contact.emergency:
            role = ctx._("{role} (call first)", role=role)
        when = [ctx.lang.short_date(d) for d in contact.days] + list(contact.cities)
        reach = [contact.email or (person.email if person and person.email else ""), *when]
        who = ", ".join(p for p in (name, contact.organisation) if p)
        rows.append(
            (role, who, "\n".join(keep_whole(p) for p in phones), "\n".join(r for r in reach if r))
        )
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
            who = ", ".join(p for p in (ctx.lang.name(host.name, host.name_local), host.role) if p)
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
        ctx.lang.pair("E-mail, when, where"),
    )
    blocks: list[Block] = [Heading(ctx._("Contacts and emergency numbers"), 1)]
    blocks.append(Table(header, tuple(rows), (20, 38, 24, 30), frozenset({2})))
    blocks.append(emergency(ctx, countries(ctx, days)))
    return Section("contacts", tuple(blocks), new_page=True)


def emergency(ctx: Context, countries: list[str]) -> Table:
    """The numbers to call first in each country or region the trip goes to."""
    rows = []
    for country in countries:
        for what, number in EMERGENCY.get(country, ()):
            rows.append((ctx.lang.region(country), ctx._(what), keep_whole(number)))
    listed = {p.replace(" ", "") for c in ctx.itinerary.contacts for p in c.phones}
    if HOME_HELPLINE[1].replace(" ", "") not in listed:
        rows.append((ctx.lang.region("HK"), ctx._(HOME_HELPLINE[0]), keep_whole(HOME_HELPLINE[1])))
    header = (ctx.lang.pair("Where"), ctx.lang.pair("Emergency"), ctx.lang.pair("Number"))
    return Table(header, tuple(rows), (10, 60, 20), frozenset({0, 2}))


def rooming(ctx: Context, days: list[Day]) -> Section | None:
    """Each night's hotel and each person's room and confirmation (where the trip gives
    them; with --person, theirs)."""
    rows = []
    for day in days:
        if not day.hotel:
            continue
        venue = ctx.itinerary.venues.get(day.hotel)
        hotel = "\n".join(
            p
            for p in (
                ctx.venue(day.hotel),
                venue.address or "" if venue else "",
                keep_whole(venue.phone or "") if venue and venue.phone else "",
            )
            if p
        )
        rooms = day.rooms or {}
        people = [p for p in ctx.order(list(rooms)) if ctx.reader.person in (None, p)]
        night = ctx.lang.short_date(day.date, "\n")
        if not people:
            rows.append((night, hotel, "", "", ""))
        for i, pid in enumerate(people):
            room = rooms[pid]
            rows.append(
                (
                    night if i == 0 else "",
                    hotel if i == 0 else "",
                    ctx.person(pid),
                    room.room or "",
                    keep_whole(room.confirmation or ""),
                )
            )
    if not rows:
        return None
    header = (
        ctx.lang.pair("Night"),
        ctx.lang.pair("Hotel"),
        ctx.lang.pair("Name"),
        ctx.lang.pair("Room"),
        ctx.lang.pair("Confirmation"),
    )
    table = Table(header, tuple(rows), (13, 40, 22, 16, 16), frozenset({0, 4}))
    return Section("rooming", (Heading(ctx._("Rooming list"), 1), table), new_page=True)


def documents(ctx: Context, days: list[Day]) -> Section | None:
    """For each person, each crossing they make and the documents to carry for it (by
    the admission rules `check` uses; numbers masked but for their last 4)."""
    from tripplan.checks.documents import crossings, to_carry

    dates = {d.date for d in days}
    journeys = [c for c in crossings(ctx.itinerary) if c.event.day in dates]
    if not journeys:
        return None
    rows = []
    wanted = [ctx.reader.person] if ctx.reader.person else list(ctx.itinerary.people)
    for pid in ctx.order(wanted):
        for crossing in journeys:
            event = crossing.event
            if pid not in ctx.itinerary.attendees(event):
                continue
            route = joined(
                " → ", (ctx.lang.region(crossing.leaving), ctx.lang.region(crossing.entering))
            )
            what = f"{ctx.venue(event.from_)} → {ctx.venue(event.to)}"
            carry = to_carry(ctx.itinerary, pid, crossing)
            if carry is None:
                papers = ctx._("none of the listed documents admits: see tripplan check")
            else:
                papers = "\n".join(_document(ctx, d) for d in carry)
            rows.append(
                (
                    ctx.person(pid),
                    ctx.lang.short_date(event.day, "\n"),
                    f"{route}: {what}",
                    papers,
                    "□",
                )
            )
    header = (
        ctx.lang.pair("Name"),
        ctx.lang.pair("Date"),
        ctx.lang.pair("Crossing"),
        ctx.lang.pair("Documents to carry"),
        ctx.lang.pair("Checked"),
    )
    blocks: tuple[Block, ...] = (
        Heading(ctx._("Documents checklist"), 1),
        Para(ctx._("Check each traveller's papers for every crossing before leaving."), "small"),
        Table(header, tuple(rows), (20, 12, 36, 34, 8), frozenset({1})),
    )
    return Section("documents", blocks, new_page=True)


DOCUMENT_NAMES = {
    "passport": N_("passport"),
    "hksar-passport": N_("HKSAR passport"),
    "hk-identity-card": N_("Hong Kong identity card"),
    "mainland-travel-permit": N_("Mainland Travel Permit for Hong Kong and Macao Residents"),
    "exit-entry-permit": N_("Exit-Entry Permit for Travelling to and from Hong Kong and Macao"),
    "visa": N_("visa"),
    "residence-permit": N_("residence permit"),
    "apec-business-travel-card": N_("APEC Business Travel Card"),
}


def _document(ctx: Context, document: TravelDocument) -> str:
    known = DOCUMENT_NAMES.get(document.type)
    name = ctx._(known) if known else document.type
    number = document.number.masked if document.number else ""
    expires = (
        ctx._("expires {date}", date=ctx.lang.day(document.expires)) if document.expires else ""
    )
    return " ".join(p for p in (name, keep_whole(number), expires) if p)


def car_plan(ctx: Context, days: list[Day]) -> Section | None:
    """The vehicles, their drivers, and who rides in which on each move by car."""
    itinerary = ctx.itinerary
    if not itinerary.vehicles:
        return None
    cars = []
    for vid, vehicle in itinerary.vehicles.items():
        driver = vehicle.driver
        who = ctx.lang.name(driver.name, driver.name_local) if driver else ""
        phone = "\n".join(keep_whole(p) for p in driver.numbers) if driver else ""
        seats = str(vehicle.seats) if vehicle.seats else ""
        cars.append((vid, vehicle.name or "", vehicle.plate or "", seats, who, phone))
    dates = {d.date for d in days}
    rows = []
    for run in sorted(ctx.runs, key=lambda r: r.leaves):
        if run.leaves.date() not in dates and not any(e.day in dates for e in run.events):
            continue
        if ctx.reader.person and ctx.reader.person not in run.passengers:
            continue
        listed = run.events[0].day if run.events else run.leaves.date()
        rows.append(
            (
                ctx.lang.short_date(listed, "\n"),
                f"{ctx.clock(run.leaves, listed)}–{ctx.clock(run.due, listed)}",
                run.vehicle,
                f"{ctx.venue(run.start)} → {ctx.venue(run.end)}",
                ctx.people(run.passengers),
            )
        )
    blocks: list[Block] = [
        Heading(ctx._("Car plan"), 1),
        Table(
            (
                ctx.lang.pair("Vehicle"),
                ctx.lang.pair("Name"),
                ctx.lang.pair("Plate"),
                ctx.lang.pair("Seats"),
                ctx.lang.pair("Driver"),
                ctx.lang.pair("Phone"),
            ),
            tuple(cars),
            (16, 30, 18, 8, 18, 20),
            frozenset({0, 5}),
        ),
    ]
    if rows:
        header = (
            ctx.lang.pair("Date"),
            ctx.lang.pair("Time"),
            ctx.lang.pair("Vehicle"),
            ctx.lang.pair("From → to"),
            ctx.lang.pair("Passengers"),
        )
        blocks.append(Table(header, tuple(rows), (12, 18, 16, 52, 30), frozenset({1, 2})))
    return Section("cars", tuple(blocks), new_page=True)
