"""Placing an itinerary's flexible events: from its days to `sequencing` and back.

Every command sees flexible events where the sequencer put them: the pipeline's place
stage calls `place`, which gives each placed event its start and returns what was chosen
(and what could not fit, and why) for `tripplan sequence` and the check's
`window-infeasible`.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tripplan.format.model import Event, Itinerary, between
from tripplan.format.values import format_clock, format_duration, spoken_minutes
from tripplan.plan.nights import Nights
from tripplan.plan.problem import Roads
from tripplan.plan.sequencing import DayProblem, Fixed, Person, Plan, Visit, placed_in_order, solve
from tripplan.plan.traffic import describe
from tripplan.plan.travel import TravelModel, country_of_venue, minutes_up

GRAIN = 300  # chosen starts are rounded up to 5 minutes: "10:47" is not how a host is told
# A delegation's day has a handful of flexible events; the sequencer's work grows with the
# square of their number (every pair of places is priced), so a day is sequenced with at
# most this many, and those beyond it are reported as not placed, saying why.
MAX_FLEXIBLE_PER_DAY = 200

# Road times between located points, for a day: seconds, or None where unknown.
Router = Callable[[Sequence[tuple[float, float]]], list[list[float | None]]]


@dataclass(frozen=True, slots=True)
class Unplaced:
    event: Event
    reason: str


@dataclass(slots=True)
class DayPlan:
    """What the sequencer made of one day."""

    day: date
    flexible: list[Event]  # the day's flexible events, in file order
    problem: DayProblem  # as the sequencer saw the day
    plan: Plan
    unplaced: list[Unplaced] = field(default_factory=list)
    places: dict[str, int] = field(default_factory=dict)  # venue id -> place of `problem`

    @property
    def written(self) -> Plan:
        """The events placed in the order written, for comparison (only `sequence` asks,
        so `check` does not pay for it)."""
        return placed_in_order(self.problem, range(len(self.flexible)))

    def seconds_between(
        self, here: str, there: str, depart: datetime | None = None, start: datetime | None = None
    ) -> tuple[int, str] | None:
        """Travel time the plan counted from venue `here` to `there` leaving at `depart`
        (without it: as late as arrives by `start`), and how the roads are then ("peak",
        "" ...); None if unlocated."""
        a, b = self.places.get(here), self.places.get(there)
        if a is None or b is None:
            return None
        problem = self.problem
        if depart is None and start is not None:
            t: int | None = problem.leave_by(a, b, _seconds(start))
        else:
            t = None if depart is None else _seconds(depart)
        seconds = problem.move(a, b, t)
        roads = problem.roads
        if roads is None or t is None or a == b or not roads.drive[a][b]:
            return seconds, ""
        # The roads as the drive meets them, not rounded: a move rounded up to its minute
        # would read as slowed ("peak" for a 3-minute drive), which `show` does not say.
        driving = roads.clocks[a].drive_end(t, roads.drive[a][b]) - t
        return seconds, describe(roads.drive[a][b] / driving) if driving > 0 else ""


def place(
    itinerary: Itinerary, router: Router | None = None, nights: Nights | None = None
) -> list[DayPlan]:
    """Place every flexible event of `itinerary` and say how each day went.

    Events that cannot fit stay without a start; `DayPlan.unplaced` says why. A person's
    day starts at last night's hotel and ends at tonight's if they sleep there (`nights`:
    the whole trip's, when `itinerary` is a part of it).
    """
    model = TravelModel.for_trip(itinerary)
    nights = Nights(itinerary) if nights is None else nights
    timelines: dict[str, list[tuple[int, int, Event]]] = {}
    for event in itinerary.events():
        start, end = event.start_ts, event.end_ts
        if event.is_cancelled or event.is_flexible or start is None or end is None:
            continue
        slot = (int(start), int(end), event)  # as _seconds, worked out once an event
        for person in itinerary.attendees(event):
            timelines.setdefault(person, []).append(slot)
    for timeline in timelines.values():
        timeline.sort(key=lambda item: (item[0], item[1]))
    days = []
    for day in itinerary.days:
        for event in day.events:
            # A cancelled visit takes no time; it is shown (and exported) where its window opens.
            if event.is_flexible and event.is_cancelled and event.duration is not None:
                window = event.window_at()
                event.place(window[0] if window else None)
        flexible = [e for e in day.events if _placeable(e)]
        if not flexible:
            continue
        flexible, beyond = flexible[:MAX_FLEXIBLE_PER_DAY], flexible[MAX_FLEXIBLE_PER_DAY:]
        home, night = nights.hotel(day.date - timedelta(1)), nights.hotel(day.date)
        placed = _place_day(itinerary, timelines, day.date, flexible, home, night, model, router)
        for event in beyond:
            event.place(None)
            placed.unplaced.append(Unplaced(event, _beyond(event, len(flexible) + len(beyond))))
        days.append(placed)
        # The next days' flexible events must go around these, as around fixed ones.
        for event in flexible:
            if event.start_at is not None and event.end_at is not None:
                slot = (_seconds(event.start_at), _seconds(event.end_at), event)
                for person in itinerary.attendees(event):
                    insort(timelines.setdefault(person, []), slot, key=lambda s: (s[0], s[1]))
    return days


def _beyond(event: Event, count: int) -> str:
    return (
        f"event '{event.id}' was not placed: the day has {count} flexible events and "
        f"tripplan places at most {MAX_FLEXIBLE_PER_DAY} a day (the work grows with the "
        "square of their number); give it a start, or pin the others first"
    )


def _placeable(event: Event) -> bool:
    if not event.is_flexible or event.is_cancelled or event.duration is None:
        return False
    window = event.window_at()
    span = between(*window) if window is not None else timedelta(0)
    return timedelta(0) < event.duration <= span


class _Places:
    """Venue ids to indexes of the travel matrix; unlocated venues have none."""

    def __init__(self, itinerary: Itinerary) -> None:
        self.itinerary = itinerary
        self.index: dict[str, int] = {}
        self.points: list[tuple[float, float]] = []

    def of(self, venue_id: str | None) -> int | None:
        if venue_id is None:
            return None
        if venue_id not in self.index:
            point = self.itinerary.point(venue_id)
            if point is None:
                return None
            self.index[venue_id] = len(self.points)
            self.points.append(point)
        return self.index[venue_id]


def _seconds(moment: datetime) -> int:
    return int(moment.timestamp())


def _place_day(
    itinerary: Itinerary,
    timelines: dict[str, list[tuple[int, int, Event]]],
    day: date,
    flexible: list[Event],
    home: tuple[str | None, frozenset[str]],
    night: tuple[str | None, frozenset[str]],
    model: TravelModel,
    router: Router | None,
) -> DayPlan:
    places = _Places(itinerary)
    windows = [e.window_at() for e in flexible]
    first = min(w[0] for w in windows if w)
    last = max(w[1] for w in windows if w)
    people = sorted({p for e in flexible for p in itinerary.attendees(e) if p in itinerary.people})
    who = {p: i for i, p in enumerate(people)}
    visits = []
    for event, window in zip(flexible, windows, strict=True):
        assert window is not None
        assert event.duration is not None
        visits.append(
            Visit(
                _seconds(window[0]),
                _seconds(window[1]),
                int(event.duration.total_seconds()),
                places.of(event.venue),
                tuple(who[p] for p in itinerary.attendees(event) if p in who),
            )
        )
    # The day runs midnight to midnight where its flexible events are (or longer, for a
    # window past midnight); the fixed events in it are those that matter, and the night
    # before and after is spent at the hotels, by those who sleep there.
    zone = flexible[0].zone
    day_start = _seconds(datetime.combine(day, datetime.min.time(), zone))
    day_end = _seconds(datetime.combine(day + timedelta(days=1), datetime.min.time(), zone))
    since, until = min(day_start, _seconds(first)), max(day_end, _seconds(last))
    keys: dict[int, int] = {}
    persons = []
    for person in people:
        timeline = timelines.get(person, [])
        fixed = []
        for start, end, event in timeline[: bisect_left(timeline, until, key=lambda s: s[0])]:
            if end <= since:
                continue
            spots = event.places
            fixed.append(
                Fixed(
                    keys.setdefault(id(event), len(keys)),
                    start,
                    end,
                    places.of(spots[0] if spots else None),
                    places.of(spots[-1] if spots else None),
                )
            )
        # On an overnight journey, the day does not start at a hotel.
        starts_at_home = (not fixed or fixed[0].start >= day_start) and person in home[1]
        persons.append(
            Person(
                tuple(fixed),
                places.of(home[0]) if starts_at_home else None,
                places.of(night[0]) if person in night[1] else None,
            )
        )
    countries = [country_of_venue(itinerary, vid, zone) for vid in places.index]
    travel, roads = _matrix(places.points, model, router, countries, zone, day)
    problem = DayProblem(
        tuple(persons),
        tuple(visits),
        travel,
        int(itinerary.trip.buffer.total_seconds()),
        GRAIN,
        roads,
    )
    # The buffer is kept on every move where it can be; where it cannot, on as many as
    # can keep it (check then warns tight-transfer about the others).
    plan = solve(problem)
    for i, event in enumerate(flexible):
        chosen = plan.starts.get(i)
        event.place(
            None if chosen is None else datetime.fromtimestamp(chosen, UTC).astimezone(event.zone)
        )
    unplaced = [
        Unplaced(event, _why(itinerary, problem, plan, i, flexible))
        for i, event in enumerate(flexible)
        if i not in plan.starts
    ]
    return DayPlan(day, flexible, problem, plan, unplaced, places.index)


def _matrix(
    points: list[tuple[float, float]],
    model: TravelModel,
    router: Router | None,
    countries: list[str | None],
    zone: ZoneInfo,
    day: date,
) -> tuple[list[list[int]], Roads | None]:
    """Seconds between every two places by day, rounded up to whole minutes, and the car
    times by the hour of departure (None when the trip's traffic is `none`).

    The model's fixed overhead (to the car, parking) is added to a router's road times,
    and the time of day slows them as it does the model's; pairs the router cannot
    answer, and short walks, come from the model.
    """
    roads = router(points) if router is not None and len(points) > 1 else None
    matrix, drives = [], []
    overhead = model.car.overhead.total_seconds()
    for i, a in enumerate(points):
        row, drive = [], []
        for j, b in enumerate(points):
            move = model.transfer(a, b)
            seconds, driving = move.time.total_seconds(), 0.0
            if move.mode == "car":
                # The drive unrounded: the time of day is applied to it, and the move
                # rounded up once, as the travel model rounds it.
                road = roads[i][j] if roads is not None else None
                driving = road if road is not None else model.car.drive_seconds(move.km)
                seconds = overhead + driving
            row.append(0 if i == j else minutes_up(seconds))
            drive.append(0.0 if i == j else driving)
        matrix.append(row)
        drives.append(drive)
    if model.traffic == "none" and not model.peak and not model.weekend:
        return matrix, None
    clocks = [model.clock(country, zone, day - timedelta(days=1), 4) for country in countries]
    return matrix, Roads(drives, int(overhead), clocks)


def _why(
    itinerary: Itinerary, problem: DayProblem, plan: Plan, index: int, flexible: list[Event]
) -> str:
    """Which constraint keeps flexible event `index` out of the day, in the staff's words."""
    event, visit = flexible[index], problem.visits[index]
    zone = event.zone
    # Alone, a visit fits if placing it as early as it can does: no search is needed
    # (a search would set up its tables over every place of the day, for each event).
    alone = placed_in_order(replace(problem, visits=(visit,), buffer=0), [0])
    assert event.window is not None
    assert event.duration is not None
    window = f"{event.window[0]}-{event.window[1]}"
    if alone.starts:
        placed = [flexible[i].id for i in plan.order if _overlaps(problem, i, index)]
        others = ", ".join(f"'{p}'" for p in placed) or "the other flexible events"
        return (
            f"event '{event.id}' fits its window {window} alone but not together with "
            f"{others}; widen a window, shorten a visit or move a fixed event"
        )
    free, needed, stretch = _best_stretch(problem, visit)
    if free is None:
        return (
            f"event '{event.id}' needs {format_duration(event.duration)} but its attendees "
            f"have no free time in {window}; widen the window or move a fixed event"
        )
    where = ""
    if stretch is not None and stretch != (visit.open, visit.close):
        a, b = (datetime.fromtimestamp(t, UTC).astimezone(zone) for t in stretch)
        where = f" ({format_clock(a)}-{format_clock(b, a)})"
    extra = "travel and buffers" if problem.buffer else "travel"
    travel = f" plus {spoken_minutes(timedelta(seconds=needed))} {extra}" if needed else ""
    return (
        f"event '{event.id}' needs {format_duration(event.duration)}{travel} but only "
        f"{spoken_minutes(timedelta(seconds=free))} is free{where} in {window}; widen the "
        "window, shorten it or move a fixed event"
    )


def _overlaps(problem: DayProblem, i: int, j: int) -> bool:
    a, b = problem.visits[i], problem.visits[j]
    return a.open < b.close and b.open < a.close and bool(set(a.people) & set(b.people))


def _best_stretch(
    problem: DayProblem, visit: Visit
) -> tuple[int | None, int, tuple[int, int] | None]:
    """The free stretch inside the window closest to fitting the visit, for everyone.

    Returns its length, the travel (with buffers) it would need in and out, and where it is.
    """
    edges = {visit.open, visit.close}
    for person in visit.people:
        for f in problem.people[person].fixed:
            edges.update(t for t in (f.start, f.end) if visit.open < t < visit.close)
    cuts = sorted(edges)
    best: tuple[int, int, int, tuple[int, int]] | None = None  # (shortfall, free, travel, span)
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        busy = any(
            f.start < hi and lo < f.end
            for person in visit.people
            for f in problem.people[person].fixed
        )
        if busy:
            continue
        start, end = lo, hi  # cuts at every fixed start and end: free stretches are maximal
        need = 0
        for person in visit.people:
            fixed = problem.people[person].fixed
            before = [f for f in fixed if f.end <= start]
            after = [f for f in fixed if f.start >= end]
            move_in = problem.pause(before[-1].leave if before else None, visit.place)
            move_out = problem.pause(visit.place, after[0].arrive if after else None)
            need = max(need, move_in + move_out)
        shortfall = visit.duration + need - (end - start)
        if best is None or shortfall < best[0]:
            best = (shortfall, end - start, need, (start, end))
    if best is None:
        return None, 0, None
    return best[1], best[2], best[3]
