"""Who sleeps at the night's hotel, and so where each person's day starts and ends.

One answer for `check`'s hotel rule (a journey missing between the hotel and the day's
first or last event) and for every output that lists the runs from and to the hotel (the
drivers' sheets, `show`, the packs, the calendars): they must never disagree.

A person sleeps at a night's `hotel` when a room is booked for them there that night
(`rooms`), or when they are on the trip both that day and the next. Someone is on the
trip on a day when they attend one of its events (not cancelled), and everyone is on it
on a day with no such event at all, or a day the file does not list: an arrival day
written as a hotel alone, a rest day, the day after the last. Someone left out of a day
that has events went elsewhere (joined later, left early): the hotel is not theirs; so
is someone whose last day ends with a journey to another city (the way home).

A hotel in another city than the event a person's day starts or ends at is a journey
missing (check's `missing-travel`), never a drive: `apart` tells.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from typing import NamedTuple

from tripplan.format.model import Event, Itinerary

_DAY = timedelta(days=1)


class Nights:
    """The hotel each person sleeps at, night by night (a night by its day's date)."""

    __slots__ = ("_hotels", "_present", "_rooms", "_people", "_sleepers", "_last", "_gone")

    def __init__(self, itinerary: Itinerary) -> None:
        self._hotels = {day.date: day.hotel for day in itinerary.days if day.hotel}
        self._rooms = {day.date: frozenset(day.rooms) for day in itinerary.days if day.rooms}
        self._people = frozenset(itinerary.people)
        present: dict[date, set[str]] = {}
        for day in itinerary.days:
            for event in day.events:
                if not event.is_cancelled:
                    present.setdefault(day.date, set()).update(itinerary.attendees(event))
        self._present = present
        self._sleepers: dict[date, frozenset[str]] = {}
        self._last = max((day.date for day in itinerary.days), default=None)
        hotel = None if self._last is None else self._hotels.get(self._last)
        self._gone = _gone_home(itinerary, self._last, hotel)

    def hotel(self, night: date) -> tuple[str | None, frozenset[str]]:
        """The venue id of `night`'s hotel (None if the day has none) and who sleeps there."""
        hotel = self._hotels.get(night)
        if hotel is None:
            return None, frozenset()
        sleepers = self._sleepers.get(night)
        if sleepers is None:
            sleepers = self._sleepers[night] = self._sleeping(night)
        return hotel, sleepers

    def _sleeping(self, night: date) -> frozenset[str]:
        today, tomorrow = self._present.get(night), self._present.get(night + _DAY)
        if today is None and tomorrow is None:  # no events either day: everyone
            on_both: Iterable[str] = self._people
        elif today is None:
            on_both = tomorrow or ()
        elif tomorrow is None:
            on_both = today - self._gone if night == self._last else today
        else:
            on_both = today & tomorrow
        return frozenset(on_both) | self._rooms.get(night, frozenset())


def apart(itinerary: Itinerary) -> Callable[[str, str], bool]:
    """Whether two venues (ids) are in different cities, as their `city` says (a venue
    without one is in no city: never apart)."""
    cities = {vid: v.city.strip().lower() for vid, v in itinerary.venues.items() if v.city}

    def test(here: str, there: str) -> bool:
        a, b = cities.get(here), cities.get(there)
        return a is not None and b is not None and a != b

    return test


def _gone_home(itinerary: Itinerary, last: date | None, hotel: str | None) -> frozenset[str]:
    """Who ends the trip's last day with a journey to another city than its hotel's."""
    if last is None or hotel is None:
        return frozenset()
    ends: dict[str, Event] = {}
    timed = [e for d in itinerary.days if d.date == last for e in d.events if _timed(e)]
    for event in sorted(timed, key=_start):
        ends.update(dict.fromkeys(itinerary.attendees(event), event))
    away = apart(itinerary)
    return frozenset(p for p, e in ends.items() if e.kind == "travel" and away(e.places[-1], hotel))


class DayEnds(NamedTuple):
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
    by_day: dict[date, list[Event]] = {}
    for event in events:
        if _timed(event):
            by_day.setdefault(event.day, []).append(event)
    everyone = list(itinerary.people)
    nights = Nights(itinerary)
    for day in dict.fromkeys(d.date for d in itinerary.days):
        timed = by_day.get(day)
        if not timed:
            continue
        timed.sort(key=_start)
        # Each person's first and last event, by whole attendee lists at a time (a large
        # delegation's trip is hundreds of thousands of attendances): the last write
        # wins, so the firsts are written in reverse.
        first: dict[str, Event] = {}
        last: dict[str, Event] = {}
        for order, found in ((timed, last), (reversed(timed), first)):
            for event in order:
                who = everyone if event.attendees is None else event.attendees
                if person is not None:
                    who = [person] if person in who else []
                found.update(dict.fromkeys(who, event))
        slept, slept_there = nights.hotel(day - _DAY)
        tonight, sleeping = nights.hotel(day)
        for someone in everyone if person is None else (person,):
            if someone in last:
                yield DayEnds(
                    someone,
                    first[someone],
                    last[someone],
                    slept if someone in slept_there else None,
                    tonight if someone in sleeping else None,
                )


def _timed(event: Event) -> bool:
    """An event that starts a day or ends it: timed, at a place, not cancelled."""
    return not event.is_cancelled and event.start_at is not None and bool(event.places)


def _start(event: Event) -> float:
    return event.start_ts or 0.0
