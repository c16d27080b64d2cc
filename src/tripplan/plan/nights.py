"""Who sleeps at the night's hotel, and so where each person's day starts and ends.

One answer for `check`'s hotel rule (a journey missing between the hotel and the day's
first or last event) and for every output that lists the runs from and to the hotel (the
drivers' sheets, `show`, the packs, the calendars): they must never disagree.

A person sleeps at a night's `hotel` when a room is booked for them there that night
(`rooms`), or when they are on the trip both that day and the next. Someone is on the
trip on a day when they attend one of its events (not cancelled), and everyone is on it
on a day with no such event at all, or a day the file does not list: an arrival day
written as a hotel alone, a rest day, the day after the last. Someone left out of a day
that has events went elsewhere (joined later, left early): the hotel is not theirs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from tripplan.format.model import Event, Itinerary

_DAY = timedelta(days=1)


class Nights:
    """The hotel each person sleeps at, night by night (a night by its day's date)."""

    __slots__ = ("_hotels", "_present", "_rooms")

    def __init__(self, itinerary: Itinerary) -> None:
        self._hotels = {day.date: day.hotel for day in itinerary.days if day.hotel}
        self._rooms = {day.date: frozenset(day.rooms) for day in itinerary.days if day.rooms}
        present: dict[date, set[str]] = {}
        for day in itinerary.days:
            for event in day.events:
                if not event.is_cancelled:
                    present.setdefault(day.date, set()).update(itinerary.attendees(event))
        self._present = present

    def hotel(self, person: str, night: date) -> str | None:
        """The venue id of the hotel `person` sleeps at on `night`, or None."""
        hotel = self._hotels.get(night)
        if hotel is None:
            return None
        if person in self._rooms.get(night, ()):
            return hotel
        return hotel if self._there(person, night) and self._there(person, night + _DAY) else None

    def _there(self, person: str, day: date) -> bool:
        present = self._present.get(day)
        return present is None or person in present


@dataclass(frozen=True, slots=True)
class DayEnds:
    """One person's day: its first and last event, the hotel it starts at (`slept`: last
    night's, if they slept there) and the one it ends at (`tonight`)."""

    person: str
    first: Event
    last: Event
    slept: str | None
    tonight: str | None


def day_ends(
    itinerary: Itinerary, events: Iterable[Event], person: str | None = None
) -> Iterator[DayEnds]:
    """Each person's (or `person`'s) first and last of `events` on each day, those timed,
    at a place and not cancelled; by day as the days are listed, then by person as the
    people are."""
    timed = [e for e in events if not e.is_cancelled and e.start_at is not None and e.places]
    timed.sort(key=lambda e: e.start_ts or 0.0)
    # Each day's people's [first, last], in one pass over the attendees (`show` asks for
    # a whole long trip at once).
    by_day: dict[date, dict[str, list[Event]]] = {}
    for event in timed:
        ends = by_day.setdefault(event.day, {})
        for someone in itinerary.attendees(event):
            if person is not None and someone != person:
                continue
            found = ends.get(someone)
            if found is None:
                ends[someone] = [event, event]
            else:
                found[1] = event
    nights = Nights(itinerary)
    for day in dict.fromkeys(d.date for d in itinerary.days):
        mine = by_day.get(day)
        if not mine:
            continue
        for someone in itinerary.people if person is None else (person,):
            found = mine.get(someone)
            if found is not None:
                first, last = found
                slept, tonight = nights.hotel(someone, day - _DAY), nights.hotel(someone, day)
                yield DayEnds(someone, first, last, slept, tonight)
