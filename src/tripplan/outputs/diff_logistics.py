"""The logistics a circulation note has to carry: drivers and vehicles, who rides in
which car, rooms, seats, travel documents, contacts, talking points.

Pure, like `tripplan.outputs.diff`, which calls these. What hosts and drivers are never
given (outputs/audience.py) makes an `internal` change; document numbers stay masked.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from tripplan.format.logistics import Riders, TravelDocument, TripContact, Vehicle
from tripplan.format.model import Day, Event, Itinerary
from tripplan.outputs.change import Change

# An event's change, made by the caller (who knows the event's day, time and attendees):
# (code, text, old, new, people or None for the event's, internal).
EventChange = tuple[str, str, str | None, str | None, tuple[str, ...] | None, bool]


def _name(itinerary: Itinerary, pid: str) -> str:
    person = itinerary.people.get(pid)
    return person.name if person else pid


# --- the whole trip -------------------------------------------------------------------


def trip_logistics(old: Itinerary, new: Itinerary) -> Iterator[Change]:
    if old.trip.internal_notes != new.trip.internal_notes:
        yield _internal_notes("Trip", old.trip.internal_notes, new.trip.internal_notes)
    for pid in sorted(old.people.keys() & new.people.keys()):
        before, after = old.people[pid], new.people[pid]
        if before.dietary != after.dietary:
            yield Change(
                "person-dietary",
                f"{after.name}: dietary needs now {after.dietary or 'none'} "
                f"(were {before.dietary or 'none'})",
                old=before.dietary,
                new=after.dietary,
                people=(pid,),
            )
        yield from _documents(after.name, pid, before.documents, after.documents)
        if before.internal_notes != after.internal_notes:
            notes = _internal_notes(after.name, before.internal_notes, after.internal_notes)
            yield Change(
                notes.what, notes.text, old=notes.old, new=notes.new, people=(pid,), internal=True
            )
    yield from _vehicles(old, new)
    yield from _contacts(old, new)


def _internal_notes(whose: str, was: str | None, now: str | None) -> Change:
    text = f"{whose}: internal notes now {now}" if now else f"{whose}: internal notes removed"
    return Change("internal-notes-changed", text, old=was, new=now, internal=True)


def _document_label(document: TravelDocument) -> str:
    label = document.type.replace("-", " ")
    return f"{label} ({document.country})" if document.country else label


def _document_text(document: TravelDocument) -> str:
    parts = [str(document.number) if document.number else ""]
    if document.expires:
        parts.append(f"expires {document.expires:%d %b %Y}")
    return ", ".join(p for p in parts if p) or "no number or expiry"


def _documents(
    name: str, pid: str, before: list[TravelDocument], after: list[TravelDocument]
) -> Iterator[Change]:
    """Documents matched by type and issuing country (in order, when several)."""
    left = list(before)
    for document in after:
        key = (document.type, document.country)
        was = next((d for d in left if (d.type, d.country) == key), None)
        label = _document_label(document)
        if was is None:
            yield _document(
                "document-added",
                f"{name}: {label} added, {_document_text(document)}",
                None,
                document,
                pid,
            )
            continue
        left.remove(was)
        if _same_document(was, document):
            continue
        yield _document(
            "document-changed",
            f"{name}: {label} now {_document_text(document)} (was {_document_text(was)})",
            was,
            document,
            pid,
        )
    for was in left:
        yield _document(
            "document-removed",
            f"{name}: {_document_label(was)} removed (was {_document_text(was)})",
            was,
            None,
            pid,
        )


def _same_document(a: TravelDocument, b: TravelDocument) -> bool:
    number_a = a.number.reveal() if a.number else None
    number_b = b.number.reveal() if b.number else None
    return number_a == number_b and a.expires == b.expires


def _document(
    what: str, text: str, was: TravelDocument | None, now: TravelDocument | None, pid: str
) -> Change:
    old = _document_text(was) if was else None
    new = _document_text(now) if now else None
    return Change(what, text, old=old, new=new, people=(pid,), internal=True)


def _vehicle_label(vid: str, vehicle: Vehicle) -> str:
    return f"{vehicle.name} ({vid})" if vehicle.name else vid


def _driver(vehicle: Vehicle) -> str | None:
    driver = vehicle.driver
    if driver is None:
        return None
    local = f" ({driver.name_local})" if driver.name_local else ""
    phone = "".join(f", {p}" for p in driver.numbers)
    return f"{driver.name}{local}{phone}"


def _vehicles(old: Itinerary, new: Itinerary) -> Iterator[Change]:
    for vid in sorted(new.vehicles.keys() - old.vehicles.keys()):
        vehicle = new.vehicles[vid]
        driver = f", driver {_driver(vehicle)}" if vehicle.driver else ""
        yield Change(
            "vehicle-added", f"Vehicle {_vehicle_label(vid, vehicle)} added{driver}", new=vid
        )
    for vid in sorted(old.vehicles.keys() - new.vehicles.keys()):
        label = _vehicle_label(vid, old.vehicles[vid])
        yield Change("vehicle-removed", f"Vehicle {label} removed", old=vid)
    for vid in sorted(old.vehicles.keys() & new.vehicles.keys()):
        before, after = old.vehicles[vid], new.vehicles[vid]
        label = _vehicle_label(vid, after)
        fields: list[tuple[str, str, str | None, str | None]] = [
            ("driver", "driver", _driver(before), _driver(after)),
            ("plate", "plate", before.plate, after.plate),
            ("seats", "seats", _text(before.seats), _text(after.seats)),
            ("name", "name", before.name, after.name),
            ("notes", "notes", before.notes, after.notes),
        ]
        for key, word, was, now in fields:
            if was != now:
                yield Change(
                    f"vehicle-{key}",
                    f"Vehicle {label}: {word} now {now or 'none'} (was {was or 'none'})",
                    old=was,
                    new=now,
                )


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _contact_key(contact: TripContact) -> tuple[str, str]:
    return contact.role, (contact.person or contact.name or "").casefold()


def _contact_text(itinerary: Itinerary, contact: TripContact) -> str:
    name = contact.name or (_name(itinerary, contact.person) if contact.person else "?")
    parts = [name, contact.organisation, *contact.phones, contact.email]
    return ", ".join(p for p in parts if p)


def _contact_details(contact: TripContact) -> tuple[object, ...]:
    return (
        contact.name,
        contact.organisation,
        tuple(contact.phones),
        contact.email,
        tuple(contact.days),
        tuple(contact.cities),
        contact.emergency,
        contact.internal,
        contact.notes,
    )


def _contacts(old: Itinerary, new: Itinerary) -> Iterator[Change]:
    """Contacts matched by role and name (or person); one of a role that leaves while
    another of that role arrives is a replacement ("liaison now …, was …")."""
    before = {_contact_key(c): c for c in old.contacts}
    after = {_contact_key(c): c for c in new.contacts}
    gone = [c for k, c in before.items() if k not in after]
    for key, contact in after.items():
        role = contact.role.replace("-", " ")
        now = _contact_text(new, contact)
        was_contact = before.get(key)
        if was_contact is None:
            was_contact = next((c for c in gone if c.role == contact.role), None)
            if was_contact is not None:
                gone.remove(was_contact)
        if was_contact is None:
            yield _contact(f"Contact added: {now} ({role})", None, now, contact)
        elif _contact_details(was_contact) != _contact_details(contact):
            was = _contact_text(old, was_contact)
            name_a, _, rest_a = was.partition(", ")
            name_b, _, rest_b = now.partition(", ")
            if name_a != name_b and rest_a == rest_b:  # the same line, another person
                was, now = name_a, name_b
            if was == now:  # days, cities, notes or flags: said as they are now
                now = f"{now}{_contact_scope(contact)}"
                was = f"{was}{_contact_scope(was_contact)}"
            yield _contact(f"Contact ({role}) now {now} (was {was})", was, now, contact)
    for contact in gone:
        was = _contact_text(old, contact)
        role = contact.role.replace("-", " ")
        yield _contact(f"Contact removed: {was} ({role})", was, None, contact)


def _contact_scope(contact: TripContact) -> str:
    scope = [", ".join(f"{d:%d %b}" for d in contact.days), ", ".join(contact.cities)]
    flags = ["emergency" if contact.emergency else "", "internal" if contact.internal else ""]
    said = [s for s in (*scope, *flags, contact.notes or "") if s]
    return f" [{'; '.join(said)}]" if said else ""


def _contact(text: str, was: str | None, now: str | None, contact: TripContact) -> Change:
    return Change("contact-changed", text, old=was, new=now, internal=contact.internal)


# --- days -----------------------------------------------------------------------------


def day_logistics(
    old: Itinerary, new: Itinerary, was: Day | None, day: Day, at: datetime | None
) -> Iterator[Change]:
    """The day's car plan, rooms and internal notes."""
    notes = was.internal_notes if was else None
    if notes != day.internal_notes:
        said = _internal_notes("Day", notes, day.internal_notes)
        yield Change(
            said.what, said.text, day.date, at, old=notes, new=day.internal_notes, internal=True
        )
    yield from _riders(
        old, new, was.vehicles if was else None, day.vehicles, day.date, at, None, "day"
    )
    before = (was.rooms if was else None) or {}
    after = day.rooms or {}
    for pid in sorted(before.keys() | after.keys()):
        a, b = before.get(pid), after.get(pid)
        room_a = (a.room or "?") if a else None
        room_b = (b.room or "?") if b else None
        if (room_a, a and a.confirmation) == (room_b, b and b.confirmation):
            continue
        text = f"{_name(new, pid)}: room for the night now {room_b or 'none'}"
        if room_a == room_b:
            text = f"{_name(new, pid)}: room {room_b} confirmation now {b and b.confirmation}"
        yield Change(
            "room-changed",
            text + (f" (was {room_a})" if room_a and room_a != room_b else ""),
            day.date,
            at,
            old=room_a,
            new=room_b,
            people=(pid,),
            internal=True,
        )


def _riders(
    old: Itinerary,
    new: Itinerary,
    before: Riders | None,
    after: Riders | None,
    day: date,
    at: datetime | None,
    event: str | None,
    scope: str,
) -> Iterator[Change]:
    if (before or {}) == (after or {}):
        return
    a, b = before or {}, after or {}
    moved = [v for v in sorted(a.keys() | b.keys()) if set(a.get(v, [])) != set(b.get(v, []))]
    if not moved:
        return
    said = []
    for vid in moved:
        label = _vehicle_label(vid, new.vehicles[vid]) if vid in new.vehicles else vid
        riders = ", ".join(_name(new, p) for p in b.get(vid, [])) or "no one"
        was = ", ".join(_name(old, p) for p in a.get(vid, [])) or "no one"
        said.append(f"{label}: {riders} (was {was})")
    people = sorted({p for v in moved for p in (*a.get(v, []), *b.get(v, []))})
    yield Change(
        "car-plan",
        f"Car plan for the {scope} now " + "; ".join(said),
        day,
        at,
        event,
        old=_riders_text(a),
        new=_riders_text(b),
        people=tuple(people),
    )


def _riders_text(riders: Riders) -> str:
    return "; ".join(f"{v}: {', '.join(p)}" for v, p in riders.items()) or "none"


# --- events ---------------------------------------------------------------------------


def event_logistics(
    old: Itinerary, new: Itinerary, was: Event, now: Event
) -> Iterator[EventChange]:
    title = now.title
    if was.vehicles != now.vehicles:
        for change in _riders(
            old, new, was.vehicles, now.vehicles, now.day, now.start_at, now.id, "journey"
        ):
            text = f"{title}: {change.text[0].lower()}{change.text[1:]}"
            yield "car-plan", text, change.old, change.new, change.people, False
    before, after = was.bookings or {}, now.bookings or {}
    for pid in sorted(before.keys() | after.keys()):
        a, b = before.get(pid), after.get(pid)
        seat_a = _seat(a.coach, a.seat, a.reference) if a else None
        seat_b = _seat(b.coach, b.seat, b.reference) if b else None
        if seat_a != seat_b:
            text = f"{title}: {_name(new, pid)}'s seat now {seat_b or 'none'}"
            text += f" (was {seat_a})" if seat_a else ""
            yield "seat-changed", text, seat_a, seat_b, (pid,), True
    points_a = [(p.text, p.internal) for p in was.talking_points]
    points_b = [(p.text, p.internal) for p in now.talking_points]
    if points_a != points_b:
        text = f"{title}: talking points changed: {_points_said(points_a, points_b)}"
        yield "talking-points", text, _points(points_a), _points(points_b), None, True
    for key, label in (("background", "background"), ("internal_notes", "internal notes")):
        a_text, b_text = getattr(was, key), getattr(now, key)
        if a_text != b_text:
            text = f"{title}: {label} now {b_text}" if b_text else f"{title}: {label} removed"
            yield f"{key.replace('_', '-')}-changed", text, a_text, b_text, None, True


def _seat(coach: str | None, seat: str | None, reference: str | None) -> str:
    parts = [f"coach {coach}" if coach else "", f"seat {seat}" if seat else "", reference or ""]
    return " ".join(p for p in parts if p) or "booked"


def _points_said(before: list[tuple[str, bool]], after: list[tuple[str, bool]]) -> str:
    """ "'A' now 'B'" for a point edited in its place, else what was added and dropped."""
    if len(before) == len(after):
        edited = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
        return "; ".join(f"'{a[0]}' now '{b[0]}'" + _flag(a, b) for a, b in edited)
    said = [f"'{t}' added" for t, i in after if (t, i) not in before]
    said += [f"'{t}' dropped" for t, i in before if (t, i) not in after]
    return "; ".join(said) or "reordered"


def _flag(a: tuple[str, bool], b: tuple[str, bool]) -> str:
    if a[1] == b[1]:
        return ""
    return " (now internal)" if b[1] else " (no longer internal)"


def _points(points: list[tuple[str, bool]]) -> str:
    return " | ".join(t for t, _ in points)
