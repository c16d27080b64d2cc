"""How the rules name events, people and times in their messages."""

from __future__ import annotations

from datetime import datetime

from tripplan.format.model import Event, Itinerary
from tripplan.format.values import format_clock


def named(event: Event) -> str:
    return f"'{event.id}'"


def span(event: Event) -> str:
    start, end = event.start_at, event.end_at
    assert start is not None
    if end is None:  # a stand-in whose end could not be read
        return f"from {format_clock(start)}"
    if start.utcoffset() != end.utcoffset():  # across a zone or a daylight-saving change
        return f"{format_clock(start)} {start.tzname()}-{format_clock(end, start)} {end.tzname()}"
    return f"{format_clock(start)}-{format_clock(end, start)}"


def day_name(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b %Y}"


def known_attendees(itinerary: Itinerary, event: Event) -> list[str]:
    """Attendees who are among the people: an unknown one is unknown-ref's to report,
    not also a double booking or a transfer of someone who is not on the trip."""
    people = itinerary.people
    attendees = event.attendees
    if attendees is None:
        return list(people)
    return [p for p in attendees if p in people]


def listed(itinerary: Itinerary, persons: list[str]) -> str:
    ordered = [p for p in itinerary.people if p in persons] + [
        p for p in persons if p not in itinerary.people
    ]
    return ordered[0] if len(ordered) == 1 else ", ".join(ordered[:-1]) + " and " + ordered[-1]
