"""Times that must make sense: trip dates, events that end after they start, double bookings."""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import date, timedelta

from tripplan.checks.clocks import skipped
from tripplan.checks.words import day_name, known_attendees, listed, named, span
from tripplan.format.model import Day, Event, Itinerary, between
from tripplan.format.values import format_duration
from tripplan.problems import Problem


def trip_dates(itinerary: Itinerary) -> Iterator[Problem]:
    trip = itinerary.trip
    if itinerary._stand_ins & {"trip.start", "trip.end"}:
        return  # the dates have errors of their own: stand-ins span the days
    if trip.end < trip.start:
        yield Problem.of(
            "end-before-start",
            f"trip: end {trip.end} is before start {trip.start}; swap or correct them",
            ("trip", "end"),
        )
        return
    for day in itinerary.days:
        if not trip.start <= day.date <= trip.end:
            yield Problem.of(
                "outside-trip",
                f"day {day.date} is outside the trip ({trip.start} to {trip.end}); "
                "correct the date or the trip's start and end",
                (*day.path, "date"),
            )


def missing_days(itinerary: Itinerary) -> Iterator[Problem]:
    """A date between two days of the trip that no day lists: where the delegation is
    and sleeps that night is not known, so no output has the next morning's run from a
    hotel. (Dates before the first day or after the last, such as a way home with
    nothing written, are no gap in the programme.)"""
    trip = itinerary.trip
    listed = {day.date: day for day in itinerary.days if trip.start <= day.date <= trip.end}
    if not listed:
        return
    first, last = min(listed), max(listed)
    run: list[date] = []
    for offset in range((last - first).days + 1):
        when = first + timedelta(days=offset)
        if when not in listed:
            run.append(when)
        elif run:
            yield _missing(run, listed)
            run = []


def _missing(run: list[date], listed: dict[date, Day]) -> Problem:
    first, last = run[0], run[-1]
    said = f"{first} is" if first == last else f"{first} to {last} ({len(run)} days) are"
    before = listed[first - timedelta(days=1)]  # where to add it: after the day before
    return Problem.of(
        "missing-day",
        f"the trip's {said} not under days: where the delegation is and sleeps is not "
        "known, so no run from a hotel is planned the next morning; add each day with its "
        "hotel (events: [] for a day without events)",
        (*before.path, "date"),
    )


def ends_after_start(itinerary: Itinerary) -> Iterator[Problem]:
    for event in itinerary.events():
        if event.window is not None:
            window = event.window_at()
            assert window is not None
            span = between(*window)
            if span <= timedelta(0):
                yield Problem.of(
                    "end-before-start",
                    f"event {named(event)}: window closes at {event.window[1]}, not after it "
                    f'opens at {event.window[0]}; write "{event.window[1]}+1" if it closes '
                    "the next day",
                    (*event.path, "window"),
                    event.id,
                )
            elif event.duration is not None and event.duration <= timedelta(0):
                yield Problem.of(
                    "end-before-start",
                    f"event {named(event)} has no length: give it a duration longer than 0m",
                    (*event.path, "duration"),
                    event.id,
                )
            elif event.duration is not None and event.duration > span:
                yield Problem.of(
                    "window-infeasible",
                    f"event {named(event)} lasts {format_duration(event.duration)} but its "
                    f"window {event.window[0]}-{event.window[1]} is only "
                    f"{format_duration(span)}; widen the window or shorten it",
                    (*event.path, "duration"),
                    event.id,
                )
            continue
        start, end = event.start_at, event.end_at
        if start is None or end is None or between(start, end) > timedelta(0):
            continue
        if skipped(start) or skipped(end):
            continue  # a time the clocks skip: clock-change says so, and what they read
        if event.end is not None:
            zones = f" ({end.tzinfo})" if event.end_timezone else ""
            yield Problem.of(
                "end-before-start",
                f"event {named(event)} ends at {event.end}{zones}, not after it starts at "
                f"{event.start} ({start.tzinfo}); correct the times, or write "
                f'"{event.end}+1" if it ends the next day',
                (*event.path, "end"),
                event.id,
            )
        else:
            yield Problem.of(
                "end-before-start",
                f"event {named(event)} has no length: give it a duration longer than 0m",
                (*event.path, "duration"),
                event.id,
            )


# The length given to an event whose end is unknown: it takes at least this.
_MOMENT = 1.0

# Pairs listed for one event: thousands of events at the same hour would otherwise make
# millions of problems (3,000 made 281,000 and took minutes to print); beyond this, one
# problem says how many more overlap it.
MAX_PAIRS_LISTED = 8


def double_bookings(itinerary: Itinerary) -> Iterator[Problem]:
    """One person in two events at once, found by a sweep over each person's day.

    Events that touch (one ends when the next starts) do not overlap; cancelled events
    take no time; flexible events count once they are placed. An event whose end cannot
    be read (a schema error) still clashes with what is going on when it starts. Each
    event is paired with at most MAX_PAIRS_LISTED earlier ones (the first in the file);
    more are counted.
    """
    timelines: dict[str, list[tuple[float, float, int, Event]]] = {}
    order = 0
    for event in itinerary.events():
        start, end = event.start_ts, event.end_ts
        if event.is_cancelled or start is None or (end is None and event.is_flexible):
            continue
        ends = end if end is not None else start + _MOMENT
        if ends <= start:
            continue
        slot = (start, ends, order, event)
        order += 1
        for person in known_attendees(itinerary, event):
            timelines.setdefault(person, []).append(slot)
    clashes: dict[tuple[int, int], tuple[Event, Event, list[str]]] = {}
    more: dict[int, tuple[Event, int, list[str]]] = {}  # event -> (it, most not listed, who)
    for person, slots in timelines.items():
        slots.sort(key=lambda slot: (slot[0], slot[2]))
        active: list[tuple[float, int, Event]] = []  # heap by end time
        for start_ts, end_ts, order_, event in slots:
            while active and active[0][0] <= start_ts:
                heapq.heappop(active)
            listed_ = active
            if len(active) > MAX_PAIRS_LISTED:
                listed_ = heapq.nsmallest(MAX_PAIRS_LISTED, active, key=lambda a: a[1])
                _, most, who = more.get(order_, (event, 0, []))
                more[order_] = (event, max(most, len(active) - MAX_PAIRS_LISTED), [*who, person])
            for _, other_order, other in listed_:
                key = (other_order, order_)
                if key not in clashes:
                    clashes[key] = (other, event, [])
                clashes[key][2].append(person)
            heapq.heappush(active, (end_ts, order_, event))
    for first, second, persons in clashes.values():
        yield _double_booked(itinerary, first, second, persons)
    for event, count, persons in more.values():
        yield Problem.of(
            "double-booked",
            f"{listed(itinerary, persons)} {'is' if len(persons) == 1 else 'are'} in "
            f"{named(event)} {span(event)} and in {count} more event{'s' if count > 1 else ''} "
            f"at that time than the {MAX_PAIRS_LISTED} listed; move them or change their "
            "attendees",
            (*event.path, "start") if event.start is not None else event.path,
            event.id,
        )


def _double_booked(
    itinerary: Itinerary, first: Event, second: Event, persons: list[str]
) -> Problem:
    assert first.start_at is not None
    assert second.start_at is not None
    who = listed(itinerary, persons)
    verb = "is" if len(persons) == 1 else "are"
    if first.day == second.day:
        when_first, when_second = span(first), span(second)
    else:
        when_first = f"{day_name(first.start_at)} {span(first)}"
        when_second = f"{day_name(second.start_at)} {span(second)}"
    return Problem.of(
        "double-booked",
        f"{who} {verb} in {named(first)} {when_first} and {named(second)} {when_second}; "
        "move one of them or change its attendees",
        (*second.path, "start") if second.start is not None else second.path,
        second.id,
    )
