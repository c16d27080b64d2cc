"""What an event's fields mean once it is part of an itinerary, worked out once.

Kept apart from the models: pydantic would set up each private attribute of a model for
every instance it validates, so an event keeps all of these in one object, under
`_resolved` in the private state it makes on first use (`Event._private`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from tripplan.problems import Path

if TYPE_CHECKING:
    from tripplan.format.values import ClockTime


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


# Datetimes already made while resolving one itinerary, with their seconds since the
# epoch: by (day, time, days after, zone), and ends by (start seconds, duration, zone).
Moments = dict[tuple[Any, ...], tuple[datetime, float]]


def moment(moments: Moments, day: date, clock: ClockTime, zone: ZoneInfo) -> tuple[datetime, float]:
    key = (day, clock.time, clock.days, zone)
    known = moments.get(key)
    if known is None:
        found = at(day, clock, zone)
        known = moments[key] = found, found.timestamp()
    return known


def between(start: datetime, end: datetime) -> timedelta:
    """Real time from `start` to `end`.

    Python compares and subtracts datetimes of the same zone by their wall clocks,
    which is wrong across a daylight-saving change (01:15 after the clocks go back is
    later than 01:30 before); in UTC it is right.
    """
    return end.astimezone(UTC) - start.astimezone(UTC)


def at(day: date, clock: ClockTime, zone: ZoneInfo) -> datetime:
    return datetime.combine(day + timedelta(days=clock.days), clock.time, tzinfo=zone)


def plus(start: datetime, duration: timedelta) -> datetime:
    # Aware datetime arithmetic in Python is wall-clock arithmetic; go through UTC so a
    # duration spanning a daylight-saving change lasts what it says.
    tz = start.tzinfo
    return (start.astimezone(UTC) + duration).astimezone(tz)
