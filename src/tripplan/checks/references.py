"""References that must resolve and ids that must be unique."""

from __future__ import annotations

from collections.abc import Iterator

from tripplan.checks.words import named
from tripplan.format.model import Event, Itinerary
from tripplan.problems import Path, Problem, Suggestions


def _suggest(name: str, known: Suggestions) -> str:
    close = known.closest(name)
    return f"; did you mean '{close}'?" if close else ""


def as_meant(itinerary: Itinerary) -> Itinerary:
    """The itinerary with each misspelt reference read as the id `unknown-ref` suggests,
    so that the other rules (transfers, double bookings) judge what was meant and one
    run shows what fixing the spelling would reveal. The itinerary itself when every
    reference resolves."""
    venues, people = itinerary.venues, itinerary.people
    venue_ids, person_ids = Suggestions(venues), Suggestions(people)
    days = []
    changed = False
    for day in itinerary.days:
        events = []
        for event in day.events:
            update: dict[str, object] = {}
            for key, ref in (("venue", event.venue), ("from_", event.from_), ("to", event.to)):
                if ref is not None and ref not in venues and (close := venue_ids.closest(ref)):
                    update[key] = close
            if event.attendees and any(p not in people for p in event.attendees):
                update["attendees"] = [
                    p if p in people else (person_ids.closest(p) or p) for p in event.attendees
                ]
            events.append(event.model_copy(update=update) if update else event)
            changed |= bool(update)
        hotel = day.hotel
        if hotel is not None and hotel not in venues and (close := venue_ids.closest(hotel)):
            hotel = close
        if hotel != day.hotel or any(a is not b for a, b in zip(events, day.events, strict=True)):
            changed = True
            day = day.model_copy(update={"hotel": hotel, "events": events})
        days.append(day)
    return itinerary.model_copy(update={"days": days}) if changed else itinerary


def unknown_references(itinerary: Itinerary) -> Iterator[Problem]:
    venues, people = itinerary.venues, itinerary.people
    venue_ids, person_ids = Suggestions(venues), Suggestions(people)
    for day in itinerary.days:
        if day.hotel is not None and day.hotel not in venues:
            yield Problem.of(
                "unknown-ref",
                f"day {day.date}: hotel '{day.hotel}' is not one of the venues"
                f"{_suggest(day.hotel, venue_ids) or '; add it under venues'}",
                (*day.path, "hotel"),
            )
        for person in day.rooms or ():
            if person not in people:
                said = f"day {day.date}: a room for '{person}'"
                yield _nobody(said, person, person_ids, (*day.path, "rooms", person))
        for event in day.events:
            for person in event.bookings or ():
                if person not in people:
                    said = f"event {named(event)}: a booking for '{person}'"
                    path = (*event.path, "bookings", person)
                    yield _nobody(said, person, person_ids, path, event.id)
            for key, ref in (("venue", event.venue), ("from", event.from_), ("to", event.to)):
                if ref is not None and ref not in venues:
                    yield Problem.of(
                        "unknown-ref",
                        f"event {named(event)}: {key} '{ref}' is not one of the venues"
                        f"{_suggest(ref, venue_ids) or '; add it under venues'}",
                        (*event.path, key),
                        event.id,
                    )
            for i, person in enumerate(event.attendees or ()):
                if person not in people:
                    yield Problem.of(
                        "unknown-ref",
                        f"event {named(event)}: attendee '{person}' is not one of the people"
                        f"{_suggest(person, person_ids) or '; add them under people'}",
                        (*event.path, "attendees", i),
                        event.id,
                    )


def _nobody(
    said: str, person: str, ids: Suggestions, path: Path, event: str | None = None
) -> Problem:
    """`unknown-ref` for what is kept for `person`, who is not one of the people."""
    hint = _suggest(person, ids) or "; add them under people"
    return Problem.of("unknown-ref", f"{said}, who is not one of the people{hint}", path, event)


def duplicate_ids(itinerary: Itinerary) -> Iterator[Problem]:
    first_event: dict[str, Event] = {}
    for event in itinerary.events():
        if event.id in first_event:
            other = first_event[event.id]
            yield Problem.of(
                "duplicate-id",
                f"event id '{event.id}' is already used by '{other.title}' on {other.day}; "
                "give this event its own id",
                (*event.path, "id"),
                event.id,
            )
        else:
            first_event[event.id] = event
    seen_dates = set()
    for day in itinerary.days:
        if day.date in seen_dates:
            yield Problem.of(
                "duplicate-id",
                f"day {day.date} is listed twice; put its events under one entry",
                (*day.path, "date"),
            )
        seen_dates.add(day.date)


def one_principal(itinerary: Itinerary) -> Iterator[Problem]:
    principals = [pid for pid, person in itinerary.people.items() if person.principal]
    for pid in principals[1:]:
        yield Problem.of(
            "schema",
            f"person '{pid}': only one person can be the principal, and '{principals[0]}' "
            "already is; remove principal: true from one of them",
            ("people", pid, "principal"),
        )
