"""What an event's fields mean once it is part of an itinerary, worked out once.

Kept apart from the models: pydantic would set up each private attribute of a model for
every instance it validates, so an event keeps all of these in one object, under
`_resolved` in the private state it makes on first use (`Event._private`).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from tripplan.problems import Path


class Resolved:
    """What an event's fields mean once it is in an itinerary: its day, zone and place
    in the document, the venues it uses, and when it starts and ends (aware datetimes,
    and seconds since the epoch, which every rule compares and sorts by)."""

    __slots__ = ("day", "zone", "path", "places", "start_at", "end_at", "start_ts", "end_ts")

    def __init__(self, day: date, zone: ZoneInfo, path: Path, places: tuple[str, ...]) -> None:
        self.day, self.zone, self.path, self.places = day, zone, path, places
        self.start_at: datetime | None = None
        self.end_at: datetime | None = None
        self.start_ts: float | None = None
        self.end_ts: float | None = None

    def timed(self, start: datetime, end: datetime, start_ts: float, end_ts: float) -> None:
        """`times`, with the seconds since the epoch already worked out."""
        self.start_at, self.end_at, self.start_ts, self.end_ts = start, end, start_ts, end_ts

    def times(self, start: datetime | None, end: datetime | None) -> None:
        self.start_at, self.end_at = start, end
        self.start_ts = None if start is None else start.timestamp()
        self.end_ts = None if end is None else end.timestamp()

    def _key(self) -> tuple[object, ...]:
        return (self.day, self.zone, self.path, self.places, self.start_at, self.end_at)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Resolved) and self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]


def places_of(venue: str | None, from_: str | None, to: str | None) -> tuple[str, ...]:
    """Venue ids an event uses: its venue, or where a journey starts and ends."""
    if venue:
        return (venue,)
    if from_:
        return (from_, to) if to else (from_,)
    return (to,) if to else ()
