"""One change between two versions of an itinerary, as `tripplan diff` reports it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Change:
    """One change staff would mention in a circulation note."""

    what: str  # stable code: event-added, event-moved, venue-changed, person-joined, ...
    text: str  # a plain sentence, without the day in front
    day: date | None = None  # the day it is listed under; None for the whole trip
    time: datetime | None = None  # orders changes within a day
    event: str | None = None
    old: str | None = None
    new: str | None = None
    people: tuple[str, ...] = field(default=())  # whom it concerns; () means everyone
    # Of something hosts and drivers are never given (documents, bookings, talking points,
    # internal contacts and notes: see outputs/audience.py): for the delegation's note only.
    internal: bool = False

    def concerns(self, person: str) -> bool:
        return not self.people or person in self.people

    def as_json(self) -> dict[str, object]:
        return {
            "change": self.what,
            "day": self.day.isoformat() if self.day else None,
            "time": f"{self.time:%H:%M}" if self.time else None,
            "event": self.event,
            "old": self.old,
            "new": self.new,
            "people": list(self.people),
            "internal": self.internal,
            "text": self.text,
        }
