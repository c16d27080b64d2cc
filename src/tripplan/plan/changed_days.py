"""Which days of two versions of an itinerary the sequencer may place differently.

`tripplan diff` compares where flexible events are placed, so it places both versions;
but a day whose placing reads the same in both is placed the same in both, and the
diff finds nothing there either way. Placing a day (`placing._place_day`) reads the
trip's settings, venues, people and public holidays, the day itself, the hotel of the
night before it and of its own night with who sleeps at each (`plan.nights`: that reads
the days around it), and, for each attendee, the events that overlap the day (from
its midnight to the next, stretched to its windows): those of other days too, fixed or
placed earlier. So a day is placed in both versions unless it is the same in both and
no event of another day reaches into it; and when a flexible event of one day reaches
into a day with flexible events, or the ground every day stands on differs, every day
is placed, as the other commands do.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, datetime, timedelta
from itertools import accumulate
from operator import itemgetter

from tripplan.format.model import Day, Event, Itinerary
from tripplan.plan.nights import Nights


def same_event(a: Event, b: Event) -> bool:
    """True when two events are written the same and fall on the same day, in the same
    zone, at the same instants (a flexible event's as placed, or both not placed)."""
    ra, rb = a._resolution, b._resolution
    return (
        ra is not None
        and rb is not None
        and ra.start_ts == rb.start_ts
        and ra.end_ts == rb.end_ts
        and ra.day == rb.day
        and ra.zone == rb.zone
        and a.__dict__ == b.__dict__
    )


def parts_to_place(
    old: Itinerary, new: Itinerary, nights: tuple[Nights, Nights]
) -> tuple[Itinerary, Itinerary] | None:
    """Each version cut to what placing its changed days reads: those days whole, and of
    the others the day before each (the hotel its day starts from) and the fixed events
    that reach into it, in file order. Placing a part with its version's `nights` (who
    sleeps where, of the whole) places those days' flexible events as placing the whole
    would; the other days' flexible events are left unplaced, in both versions alike.
    None when the whole of both must be placed.

    Both versions must have been located and their holidays found (the place stage's
    `Itinerary._days_off`)."""
    if not _same_ground(old, new):
        return None
    reach: list[dict[date, set[int]]] = []
    for itinerary in (old, new):
        found = _reaching(itinerary)
        if found is None:
            return None
        reach.append(found)
    days = [{day.date: (i, day) for i, day in enumerate(it.days)} for it in (old, new)]
    if any(len(by_date) != len(it.days) for by_date, it in zip(days, (old, new), strict=True)):
        return None  # a date written twice: which day is which is not for this to guess
    changed = {
        when
        for side in reach
        for when, others in side.items()
        if others
        or not _same_day(old, new, days[0].get(when), days[1].get(when))
        or any(nights[0].hotel(night) != nights[1].hotel(night) for night in (when - _DAY, when))
    }
    parts = (
        _part(it, by_date, changed, side)
        for it, by_date, side in zip((old, new), days, reach, strict=True)
    )
    part_old, part_new = parts
    return part_old, part_new


def _same_ground(old: Itinerary, new: Itinerary) -> bool:
    """Whether what every day's placing reads beyond the days is the same in both."""
    if old._points != new._points or old._days_off != new._days_off:
        return False
    keys = old.__dict__.keys() | new.__dict__.keys()
    if any(old.__dict__.get(k) != new.__dict__.get(k) for k in keys if k != "days"):
        return False
    ids = [[e.id for e in it.events()] for it in (old, new)]
    # An id twice: `diff` pairs events by id, and could pair one of a day left unplaced
    # with one of a day placed.
    return all(len(set(these)) == len(these) for these in ids)


_DAY = timedelta(days=1)
_Found = tuple[int, Day] | None  # a day and where it is in the file, if there is one


def _same_day(old: Itinerary, new: Itinerary, a: _Found, b: _Found) -> bool:
    if a is None or b is None:
        return False
    (i, was), (j, now) = a, b
    before = (old.days[i - 1].date, old.days[i - 1].hotel) if i else None
    after = (new.days[j - 1].date, new.days[j - 1].hotel) if j else None
    if before != after or len(was.events) != len(now.events):
        return False
    if any(v != now.__dict__.get(k) for k, v in was.__dict__.items() if k != "events"):
        return False
    return all(same_event(x, y) for x, y in zip(was.events, now.events, strict=True))


def _reaching(itinerary: Itinerary) -> dict[date, set[int]] | None:
    """For each day with flexible events, the events of other days that may overlap it
    (by `id()`); None if a flexible one does (its placing would shape the other day's)."""
    days = itinerary.days
    reach = sorted(
        (*_day_reach(day.date, flexible), i)
        for i, day in enumerate(days)
        for flexible in [[e for e in day.events if e.window is not None]]
        if flexible
    )
    found: dict[date, set[int]] = {days[i].date: set() for _, _, i in reach}
    starts = [lo for lo, _, _ in reach]
    latest = list(accumulate((hi for _, hi, _ in reach), max))

    def reached(begins: float, ends: float, i: int) -> list[int]:
        # The days reached from before `ends`, from the first whose end or an earlier
        # one's passes `begins`, but day `i`.
        last = bisect_left(starts, ends)
        return [
            j
            for _, hi, j in reach[bisect_right(latest, begins, hi=last) : last]
            if hi > begins and j != i
        ]

    for i, day in enumerate(days):
        # Most days reach no other day at all: looked at event by event only if they might.
        spans = [s for s in map(_span, day.events) if s is not None]
        if not spans or not reached(min(spans)[0], max(map(itemgetter(1), spans)), i):
            continue
        for event in day.events:
            span = _span(event)
            for j in reached(*span, i) if span else ():
                if event.window is not None:
                    return None
                found[days[j].date].add(id(event))
    return found


def _span(event: Event) -> tuple[float, float] | None:
    """When an event may take its attendees' time: a fixed one from start to end; a
    flexible one anywhere in its window (and, to be safe, a visit's length beyond).
    None for one without both: it is on no one's timeline."""
    if event.window is None:
        resolved = event._resolution
        if resolved is None or resolved.start_ts is None or resolved.end_ts is None:
            return None
        return resolved.start_ts, resolved.end_ts
    window = event.window_at()
    if window is None or event.duration is None:
        return None
    length = max(event.duration.total_seconds(), 0.0)
    return window[0].timestamp(), window[1].timestamp() + length


def _day_reach(day: date, flexible: list[Event]) -> tuple[float, float]:
    """What placing the day looks at, or more: midnight to midnight in the zone of each
    flexible event, and every window."""
    lo, hi = float("inf"), float("-inf")
    for event in flexible:
        zone = event.zone
        lo = min(lo, datetime.combine(day, datetime.min.time(), zone).timestamp())
        following = datetime.combine(day + timedelta(days=1), datetime.min.time(), zone)
        hi = max(hi, following.timestamp())
        window = event.window_at()
        if window is not None:
            lo, hi = min(lo, window[0].timestamp()), max(hi, window[1].timestamp())
    return lo, hi


def _part(
    itinerary: Itinerary,
    by_date: dict[date, tuple[int, Day]],
    changed: set[date],
    reach: dict[date, set[int]],
) -> Itinerary:
    placed = {by_date[when][0] for when in changed if when in by_date}
    context: set[int] = set()
    for index in placed:
        context |= reach.get(itinerary.days[index].date, set())
    days = []
    for index, day in enumerate(itinerary.days):
        if index in placed:
            days.append(day)
        elif index + 1 in placed or any(id(e) in context for e in day.events):
            # A stand-in: its hotel, and its events that reach into a day placed.
            events = [e for e in day.events if id(e) in context]
            days.append(day.model_copy(update={"events": events}))
    # A shallow copy keeps the events themselves: placing gives them their starts.
    return itinerary.model_copy(update={"days": days})
