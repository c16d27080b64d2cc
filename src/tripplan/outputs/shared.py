"""The programme for hosts and the run sheet for drivers, as text or Markdown.

Made only from a `SharedTrip` (`tripplan.outputs.audience`), so nothing internal can
reach them. Drivers read Chinese first: a venue is its local name, then its English
name and address. Every text from the itinerary goes through `tripplan.safe` for its
sink (the terminal must not obey a title; Markdown shows what was written).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from tripplan import safe
from tripplan.format.values import format_clock, spoken_minutes
from tripplan.outputs.audience import (
    SharedContact,
    SharedEvent,
    SharedPerson,
    SharedTrip,
    SharedVehicle,
    SharedVenue,
)
from tripplan.outputs.layout import indented

Line = tuple[int, str]  # (level, text): 0 a heading, 1 an item, 2 a detail of it, 3 numbered


def text(view: SharedTrip, width: int | None = None) -> str:
    """The view as plain text for a terminal or an e-mail; with `width`, each line
    wrapped to it at whole words, under its own indent (a numbered item's under its text)."""
    out: list[str] = []
    for level, line in _lines(view, safe.terminal):
        if level == 0:
            lead = rest = ""
            if out:
                out.append("")
        else:
            lead = "  " * (1 if level == 3 else level)
            rest = lead + (" " * (line.find(". ") + 2) if level == 3 else "  ")
        if width is None:
            out.append(lead + line)
        else:
            # A phone number is never cut across two lines (a driver dials it as read).
            whole = _PHONE.sub(lambda m: m.group().replace(" ", NBSP), line)
            # Nor a name at its hyphen ("Chan Tai-" / "man"): a sheet has names, not prose.
            laid = indented([(whole, "")], width, lead, rest, hyphens=False)
            out += ["".join(part for part, _ in piece).replace(NBSP, " ") for piece in laid]
    return "\n".join(out) + "\n"


NBSP = "\u00a0"
_PHONE = re.compile(r"\+?\d[\d ]{5,}\d")


def markdown(view: SharedTrip) -> str:
    """The view as Markdown: headings for the parts, lists for their items."""
    out: list[str] = []
    # A detail is indented to its item's text: two spaces under "- ", three under "1. "
    # (CommonMark ends a numbered list at a detail indented less, and starts another).
    under = "  "
    for level, line in _lines(view, safe.markdown):
        if level == 0:
            out += ["", f"## {line}", ""] if out else [f"# {line}", ""]
        elif level == 1:
            out.append(f"- {line}")
            under = "  "
        elif level == 3:
            out.append(line)
            under = " " * (line.find(". ") + 2)
        else:
            out.append(f"{under}- {line}")
    return "\n".join(out) + "\n"


def _lines(view: SharedTrip, say: Callable[[str], str]) -> list[Line]:
    who = "programme for hosts" if view.audience == "host" else "run sheet for drivers"
    lines: list[Line] = [(0, say(view.title))]
    lines.append((1, f"{_date(view.start)} – {_date(view.end)} · {who}"))
    if view.organizer:
        lines.append((1, "Organizer: " + _contact(view.organizer, say)))
    lines += _delegation(view, say)
    if view.audience == "driver":
        lines += _vehicles(view, say)
    else:
        lines += _programme(view, say)
    if view.contacts:
        lines.append((0, "Contacts"))
        lines += [(1, _contact(c, say)) for c in view.contacts]
    return lines


def _delegation(view: SharedTrip, say: Callable[[str], str]) -> list[Line]:
    if not view.delegation:
        return []
    lines: list[Line] = [(0, "Delegation, in order of precedence")]
    for i, person in enumerate(view.delegation, 1):
        lines.append((3, f"{i}. {_person(person, say, role=True)}"))
        if person.dietary:
            lines.append((2, f"Dietary: {say(person.dietary)}"))
    return lines


def _programme(view: SharedTrip, say: Callable[[str], str]) -> list[Line]:
    lines: list[Line] = []
    for day in view.days:
        heading = _date(day.date) + (f" · {say(day.city)}" if day.city else "")
        lines.append((0, heading))
        if day.notes:
            lines.append((1, say(day.notes)))
        for event in day.events:
            lines += _event(view, event, say)
        if day.hotel:
            lines.append((1, f"Night: {_place(day.hotel, say)}"))
    return lines


def _event(view: SharedTrip, event: SharedEvent, say: Callable[[str], str]) -> list[Line]:
    status = "" if event.status == "confirmed" else f" ({event.status})"
    lines: list[Line] = [(1, f"{_span(view, event)}  {say(event.title)}{status}")]
    if event.venue:
        lines.append((2, _place(event.venue, say)))
    if event.origin and event.destination:
        service = f" {say(event.service)}" if event.service else ""
        mode = (event.mode or "travel").capitalize()
        lines.append(
            (2, f"{mode}{service}: {say(event.origin.name)} → {say(event.destination.name)}")
        )
    if event.host:
        lines.append((2, "Host: " + _contact(event.host, say)))
    if event.attendees and len(event.attendees) < len(view.delegation):
        names = ", ".join(_person(p, say) for p in event.attendees)
        lines.append((2, f"Delegation: {names}"))
    for ride in event.rides:
        names = ", ".join(_person(p, say) for p in ride.passengers)
        lines.append((2, f"{say(ride.vehicle)}: {names}"))
    if event.dress:
        lines.append((2, f"Dress: {say(event.dress)}"))
    if event.notes:
        lines.append((2, say(event.notes)))
    return lines


def _vehicles(view: SharedTrip, say: Callable[[str], str]) -> list[Line]:
    lines: list[Line] = []
    by_id = {v.id: v for v in view.vehicles}
    for vid in dict.fromkeys([v.id for v in view.vehicles] + [r.vehicle for r in view.runs]):
        vehicle = by_id.get(vid)
        lines.append((0, _vehicle(vehicle, say) if vehicle else say(vid)))
        mine = [r for r in view.runs if r.vehicle == vid]
        if not mine:
            lines.append((1, "No runs."))
        for run in mine:
            when = f"{_date(run.leave.date())} {_clock(view, run.leave)}"
            drive = "" if run.drive is None else f", ~{spoken_minutes(run.drive)}"
            there = _clock(view, run.arrive_by, run.leave)
            lines.append(
                (
                    1,
                    f"{when}, there by {there}{drive}: "
                    f"{_local(run.pick_up, say)} → {_local(run.drop_off, say)}",
                )
            )
            for venue, verb in ((run.pick_up, "Pick up at"), (run.drop_off, "Drop off at")):
                lines.append((2, f"{verb} {_place(venue, say, local_first=True)}"))
            names = ", ".join(_person(p, say) for p in run.passengers)
            lines.append((2, f"Passengers: {names}"))
    return lines


def _vehicle(vehicle: SharedVehicle, say: Callable[[str], str]) -> str:
    parts = [say(vehicle.id)]
    parts += [say(x) for x in (vehicle.name, vehicle.plate) if x]
    if vehicle.seats:
        parts.append(f"{vehicle.seats} seats")
    if vehicle.driver:
        local = f" {say(vehicle.driver_local)}" if vehicle.driver_local else ""
        phones = ", ".join(say(p) for p in vehicle.driver_phones)
        phone = f" {phones}" if phones else ""
        parts.append(f"driver {say(vehicle.driver)}{local}{phone}")
    if vehicle.notes:
        parts.append(say(vehicle.notes))
    return " · ".join(parts)


def _person(person: SharedPerson, say: Callable[[str], str], *, role: bool = False) -> str:
    name = say(person.name) + (f" {say(person.name_local)}" if person.name_local else "")
    if role and person.role:
        name += f", {say(person.role)}"
    return name


def _contact(contact: SharedContact, say: Callable[[str], str]) -> str:
    name = say(contact.name) + (f" {say(contact.name_local)}" if contact.name_local else "")
    about = [say(x) for x in (contact.title, contact.role, contact.organisation) if x]
    parts = [name + (f" ({', '.join(about)})" if about else "")]
    parts += [say(p) for p in contact.phones]
    if contact.email:
        parts.append(say(contact.email))
    if contact.emergency:
        parts.append("emergency")
    if contact.days:
        parts.append("on " + ", ".join(f"{d.day} {d:%b}" for d in contact.days))
    if contact.cities:
        parts.append("in " + ", ".join(say(c) for c in contact.cities))
    if contact.notes:
        parts.append(say(contact.notes))
    return " · ".join(parts)


def _place(venue: SharedVenue, say: Callable[[str], str], *, local_first: bool = False) -> str:
    names = [venue.name_local, venue.name] if local_first else [venue.name, venue.name_local]
    parts = [" ".join(say(n) for n in names if n)]
    if venue.address:
        parts.append(say(venue.address))
    if venue.phone:
        parts.append(say(venue.phone))
    return ", ".join(parts)


def _local(venue: SharedVenue, say: Callable[[str], str]) -> str:
    return say(venue.name_local or venue.name)


def _date(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _clock(view: SharedTrip, moment: datetime, since: datetime | None = None) -> str:
    shown = format_clock(moment, since)
    zone = getattr(moment.tzinfo, "key", None)
    return f"{shown} {moment.tzname()}" if zone and zone != view.timezone else shown


def _span(view: SharedTrip, event: SharedEvent) -> str:
    if event.start_at is None or event.end_at is None:
        return "time to be fixed"
    start = _clock(view, event.start_at)
    return f"{start}–{_clock(view, event.end_at, event.start_at)}"
