"""The sequencer against brute force, and the constraints no plan may break."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import random
from datetime import date
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tripplan.plan.problem import Roads
from tripplan.plan.retime import SPARE_MAY_COST
from tripplan.plan.sequencing import (
    DayProblem,
    Fixed,
    Person,
    Plan,
    Visit,
    exact,
    placed_in_order,
    solve,
)
from tripplan.plan.traffic import Clock, Profile

H = 3600
M = 60


# --- an independent reference: every order, every left-shifted start ---------------------

DAY_SECONDS = 86400


class ProfiledClock(Clock):
    """The searches' clock, remembering the profile the reference steps through itself."""

    __slots__ = ("profile",)

    def __init__(self, profile: Profile) -> None:
        # Times are seconds since 1970-01-01 00:00 UTC, a Thursday; laid out from the day
        # before over four days, as placing lays out a day.
        super().__init__(profile, ZoneInfo("UTC"), date(1969, 12, 31), (False, False, False, True))
        self.profile = profile


def simulate(profile: Profile, start: int, drive: float) -> Fraction:
    """When a drive of `drive` seconds at factor 1 leaving at `start` ends, stepped period
    by period with exact fractions (the searches integrate with floats)."""
    t, left = Fraction(start), Fraction(drive)
    while True:
        day = math.floor(t / DAY_SECONDS)
        periods = profile.day_off if (day + 3) % 7 >= 5 else profile.workday
        into = t - day * DAY_SECONDS
        factor, until = Fraction(periods[0][1]), DAY_SECONDS
        for i, (at, f) in enumerate(periods):
            if at * 60 <= into:
                factor = Fraction(f)
                until = periods[i + 1][0] * 60 if i + 1 < len(periods) else DAY_SECONDS
        boundary = day * DAY_SECONDS + until
        room = (boundary - t) * factor
        if room >= left:
            return t + left / factor
        left, t = left - room, Fraction(boundary)


def seconds(problem: DayProblem, a: int | None, b: int | None, t: int | None) -> int:
    """Seconds from a to b leaving at `t` (None: the day's fixed time)."""
    if a is None or b is None or a == b:
        return 0
    roads = problem.roads
    if roads is None or t is None or not roads.drive[a][b]:
        return problem.travel[a][b]
    clock = roads.clocks[a]
    assert isinstance(clock, ProfiledClock)
    return arrival(clock.profile, t, roads.drive[a][b], roads.overhead) - t


@functools.lru_cache(maxsize=100_000)
def arrival(profile: Profile, start: int, drive: float, overhead: int) -> int:
    """The arrival of a car move, rounded up to a whole minute."""
    end = simulate(profile, start, drive) + overhead
    return math.ceil((end - Fraction(1, 10_000)) / 60) * 60


def reach(problem: DayProblem, a: int | None, b: int | None, t: int, buffer: bool = True) -> int:
    """The earliest start at b for someone leaving a at t: travel, and the buffer."""
    if a is None or b is None or a == b:
        return t
    return t + seconds(problem, a, b, t) + (problem.buffer if buffer else 0)


def leave_by(problem: DayProblem, a: int | None, b: int | None, start: int) -> int:
    """The latest departure from a, on the minute, to start at b by `start`, buffer kept
    (bisection)."""
    if a is None or b is None or a == b:
        return start
    lo, hi = start // 60 - 12 * 60, start // 60
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if reach(problem, a, b, mid * 60) <= start:
            lo = mid
        else:
            hi = mid - 1
    return lo * 60


def timeline(problem: DayProblem, person: int, starts: dict[int, int]) -> list[tuple]:
    """(start, end, arrive, leave, key) of everything a person does, in time order."""
    items = [
        (f.start, f.end, f.arrive, f.leave, ("f", f.key)) for f in problem.people[person].fixed
    ]
    for v, s in starts.items():
        visit = problem.visits[v]
        if person in visit.people:
            items.append((s, s + visit.duration, visit.place, visit.place, ("v", v)))
    return sorted(items, key=lambda item: (item[0], item[1]))


def broken(problem: DayProblem, starts: dict[int, int], only: int | None = None) -> list[str]:
    """Every constraint the placed visits break (pairs of fixed events are the input's):
    a window, or an event of someone's they cannot reach in time (the buffer is wanted,
    not required: see `tight`); with `only`, those that involve that visit."""
    found = []
    for v, s in starts.items():
        visit = problem.visits[v]
        if s < visit.open or s + visit.duration > visit.close:
            found.append(f"visit {v} outside its window")
    for person in range(len(problem.people)):
        if only is not None and person not in problem.visits[only].people:
            continue
        items = timeline(problem, person, starts)
        for a, b in itertools.pairwise(items):
            if a[4][0] == "f" and b[4][0] == "f":
                continue
            if only is not None and ("v", only) not in (a[4], b[4]):
                continue
            if b[0] < reach(problem, a[3], b[2], a[1], buffer=False):
                found.append(f"person {person}: {a[4]} then {b[4]} too close")
    return found


def tight(problem: DayProblem, starts: dict[int, int]) -> int:
    """Moves between two events at different places, to or from a visit, that leave less
    than the buffer to spare (a move several people make counted once)."""
    short = set()
    for person in range(len(problem.people)):
        for a, b in itertools.pairwise(timeline(problem, person, starts)):
            if "v" not in (a[4][0], b[4][0]) or None in (a[3], b[2]) or a[3] == b[2]:
                continue
            if b[0] < reach(problem, a[3], b[2], a[1]):
                short.add((a[4], b[4]))
    return len(short)


def travel(problem: DayProblem, starts: dict[int, int]) -> int:
    """The day's travel, a move several people make together counted once; each move
    leaves when the one before ends, from the hotel as late as arrives in time."""
    moves = {}
    for person, who in enumerate(problem.people):
        place, key, free = who.home, ("home", who.home), None
        for start, end, arrive, leave, item in timeline(problem, person, starts):
            depart = free if free is not None else leave_by(problem, place, arrive, start)
            moves[(key, item)] = seconds(problem, place, arrive, depart)
            place, key, free = leave, item, end
        if who.night is not None:
            moves[(key, ("night", who.night))] = seconds(problem, place, who.night, free)
    return sum(moves.values())


def left_shifted(problem: DayProblem, starts: dict[int, int], only: int | None = None) -> bool:
    """Whether every visit (or `only` that one) starts as soon as its people can be
    there, from what each did just before: when its window opens, or when one of them
    arrives with the buffer or (where it must go) without it. The sequencer keeps nobody
    waiting to dodge traffic, so only these plans count (with travel the same at every
    hour, some best plan is always one of them)."""
    grain = problem.grain

    def up(t: int) -> int:
        return -(-t // grain) * grain

    for v, s in starts.items():
        if only is not None and v != only:
            continue
        visit = problem.visits[v]
        allowed, ready = {visit.open}, visit.open
        for person in visit.people:
            items = timeline(problem, person, starts)
            at = next(i for i, item in enumerate(items) if item[4] == ("v", v))
            if at > 0:
                _, end, _, leave, _ = items[at - 1]
                there = reach(problem, leave, visit.place, end, buffer=False)
                allowed |= {up(there), up(reach(problem, leave, visit.place, end))}
                ready = max(ready, there)
        if s not in allowed or s < ready:
            return False
    return True


def brute_force(problem: DayProblem) -> tuple[int, int] | None:
    """The fewest moves short of the buffer, then the least travel, of any left-shifted
    plan that places every visit; None if none does: every order (the tree of them, so
    that orders share their beginnings), every start a visit can have."""
    best = None
    n = len(problem.visits)

    def extend(starts: dict[int, int], earliest: int) -> None:
        nonlocal best
        if len(starts) == n:
            assert left_shifted(problem, starts)
            found = (tight(problem, starts), travel(problem, starts))
            best = found if best is None else min(best, found)
            return
        for v in range(n):
            if v in starts:
                continue
            visit = problem.visits[v]
            # The window's opening, or when someone arrives from something done before.
            candidates = {visit.open}
            for person in visit.people:
                for _, end, _, leave, _ in timeline(problem, person, starts):
                    candidates.add(reach(problem, leave, visit.place, end))
                    candidates.add(reach(problem, leave, visit.place, end, buffer=False))
            for s in sorted(candidates):
                s = -(-s // problem.grain) * problem.grain
                if s < earliest or s < visit.open or s + visit.duration > visit.close:
                    continue
                trial = {**starts, v: s}
                # Later visits start later: what comes before this one is already placed.
                if left_shifted(problem, trial, v) and not broken(problem, trial, v):
                    extend(trial, s)

    extend({}, -(2**62))
    return best


# --- random instances ------------------------------------------------------------------


FACTORS = [0.4, 0.5, 0.6, 0.75, 0.8, 0.85, 0.9, 1.0, 1.05, 1.1, 1.25, 1.6]


def random_profile(r: random.Random) -> Profile:
    """Speed factors that change up to six times a day, at any minute."""

    def table() -> tuple[tuple[int, float], ...]:
        cuts = sorted(r.sample(range(1, 24 * 60), r.randint(0, 6)))
        return tuple((at, r.choice(FACTORS)) for at in [0, *cuts])

    return Profile("generated", table(), table())


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    return random_profile(random.Random(draw(st.integers(0, 2**32))))


def with_roads(problem: DayProblem, r: random.Random) -> DayProblem:
    """The problem with car times by the hour: each place's traffic one of two profiles;
    moves of one step on the grid are walks (the same at any hour)."""
    kinds = [ProfiledClock(random_profile(r)) for _ in range(2)]
    clocks = [r.choice(kinds) for _ in problem.travel]
    drive = [[max(0, t - 5 * M) if t > 9 * M else 0 for t in row] for row in problem.travel]
    return dataclasses.replace(problem, roads=Roads(drive, 5 * M, clocks))


@st.composite
def problems(draw: st.DrawFn, together: bool, timed: bool = False) -> DayProblem:
    seed = draw(st.integers(0, 2**32))
    visits = draw(st.sampled_from([1, 2, 3, 3, 4, 4, 4, 5, 5, 5]))
    return make_problem(seed, visits, together, timed)


def make_problem(seed: int, n_visits: int, together: bool, timed: bool) -> DayProblem:
    r = random.Random(seed)
    n_places = r.randint(2, 6)
    points = [(r.randint(0, 12), r.randint(0, 12)) for _ in range(n_places)]
    matrix = [
        [
            0 if i == j else (5 + 4 * (abs(a[0] - b[0]) + abs(a[1] - b[1]))) * M
            for j, b in enumerate(points)
        ]
        for i, a in enumerate(points)
    ]
    n_people = r.randint(1, 3)
    buffer = r.choice([0, 10 * M])
    pool = []
    for key in range(r.randint(0, 4)):
        start = r.randrange(8 * H, 18 * H, 15 * M)
        here = r.randrange(n_places)
        there = here if r.random() < 0.8 else r.randrange(n_places)
        attendees = {p for p in range(n_people) if r.random() < 0.7}
        pool.append(
            (Fixed(key, start, start + r.choice([30, 45, 60, 90]) * M, here, there), attendees)
        )
    people = []
    for person in range(n_people):
        kept: list[Fixed] = []
        for fixed, attendees in sorted(pool, key=lambda item: item[0].start):
            if person not in attendees:
                continue
            if kept and fixed.start < kept[-1].end + pause_of(
                matrix, buffer, kept[-1].leave, fixed.arrive
            ):
                continue
            kept.append(fixed)
        home = r.choice([None, r.randrange(n_places)])
        night = r.choice([None, home, r.randrange(n_places)])
        people.append(Person(tuple(kept), home, night))
    visits = []
    for _ in range(n_visits):
        open_ = r.randrange(8 * H, 15 * H, 15 * M)
        length = r.choice([1, 2, 3, 4, 6, 8, 10]) * H
        duration = r.choice([20, 30, 45, 60, 90]) * M
        group = (
            tuple(range(n_people))
            if together
            else tuple(sorted(r.sample(range(n_people), r.randint(1, n_people))))
        )
        visits.append(
            Visit(open_, open_ + max(length, duration), duration, r.randrange(n_places), group)
        )
    problem = DayProblem(tuple(people), tuple(visits), matrix, buffer)
    return with_roads(problem, r) if timed else problem


def pause_of(matrix: list[list[int]], buffer: int, a: int | None, b: int | None) -> int:
    return 0 if a is None or b is None or a == b else matrix[a][b] + buffer


SETTINGS = settings(
    max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


def agrees_with_brute_force(problem: DayProblem, searches: list[Plan | None]) -> None:
    """`solve` and the exact `searches` against brute force: no constraint broken, every
    visit placed where some plan places them, the fewest moves short of the buffer,
    then the least travel; the counts each plan reports are its own."""
    plan = solve(problem)
    assert broken(problem, plan.starts) == []
    assert plan.travel == travel(problem, plan.starts)
    assert plan.tight == tight(problem, plan.starts)
    best = brute_force(problem)
    if best is None:
        assert len(plan.starts) < len(problem.visits)
        assert searches == [None] * len(searches)
        return
    for found in searches:
        assert found is not None, "a plan exists but the exact search found none"
        assert broken(problem, found.starts) == []
        assert (found.tight, found.travel) == best
        assert (found.tight, found.travel) == (
            tight(problem, found.starts),
            travel(problem, found.starts),
        )
    assert len(plan.starts) == len(problem.visits), "a plan exists but was not found"
    assert plan.exact
    assert plan.tight == best[0]
    if problem.roads is None:
        assert plan.travel == best[1]
    else:
        # By the hour, a day's first visit may start later for the car to leave the hotel
        # after a rush hour (left-shifted plans cannot: less travel), and time to spare
        # bought on a tight move may cost a few minutes.
        assert plan.travel <= best[1] + (SPARE_MAY_COST if plan.tight else 0)


@SETTINGS
@given(problems(together=True))
def test_same_optimal_travel_as_brute_force_when_the_delegation_moves_together(problem):
    # Without the heuristic's plan to lean on; the search for people moving together when
    # they do, and the general one.
    agrees_with_brute_force(problem, [exact(problem), exact(problem, general=True)])


@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(problems(together=False))
def test_the_same_with_sub_groups_moving_apart(problem):
    # A move several people make together is paid once, by whoever makes it first.
    agrees_with_brute_force(problem, [exact(problem)])


# --- behaviours ------------------------------------------------------------------------


def line(*minutes_between: int) -> list[list[int]]:
    """Places on a line, `minutes_between` apart."""
    at = [0, *itertools.accumulate(minutes_between)]
    return [[abs(a - b) * M for b in at] for a in at]


def test_ties_go_to_the_plan_that_finishes_earlier():
    # Home at 0, two visits at 1 and 2 on a line; both orders travel 0->1->2->0 or 0->2->1->0,
    # the same distance, but one visit cannot start before 11:00.
    problem = DayProblem(
        (Person((), home=0, night=0),),
        (Visit(9 * H, 18 * H, H, 1, (0,)), Visit(11 * H, 18 * H, H, 2, (0,))),
        line(10, 10),
    )
    plan = solve(problem)
    assert plan.order == (0, 1)
    assert plan.starts == {0: 9 * H, 1: 11 * H}


def test_a_visit_goes_around_a_fixed_event_of_one_attendee():
    fixed = Fixed(0, 10 * H, 11 * H, 0, 0)
    problem = DayProblem(
        (Person((fixed,)), Person(())),
        (Visit(9 * H, 13 * H, H, 0, (0, 1)),),
        line(10),
        buffer=10 * M,
    )
    plan = solve(problem)
    assert plan.starts == {0: 9 * H}  # before the fixed event at the same place: no buffer
    problem = DayProblem(
        problem.people, (Visit(9 * H + 30 * M, 13 * H, H, 1, (0, 1)),), line(10), 10 * M
    )
    # After it, travel and buffer apart: 11:00 + 10 min + 10 min.
    assert solve(problem).starts == {0: 11 * H + 20 * M}


def test_buffers_are_respected_between_different_places():
    problem = DayProblem(
        (Person((Fixed(0, 9 * H, 10 * H, 0, 0),)),),
        (Visit(10 * H, 12 * H, H, 1, (0,)),),
        line(25),
        buffer=15 * M,
    )
    assert solve(problem).starts == {0: 10 * H + 40 * M}


def test_starts_after_an_arrival_are_rounded_up_to_the_grain():
    problem = DayProblem(
        (Person((Fixed(0, 9 * H, 10 * H, 0, 0),)),),
        (Visit(10 * H, 12 * H, H, 1, (0,)),),
        line(23),
        grain=5 * M,
    )
    assert solve(problem).starts == {0: 10 * H + 25 * M}


def test_a_visit_that_cannot_fit_is_left_out_and_the_rest_placed():
    problem = DayProblem(
        (Person((Fixed(0, 10 * H, 12 * H, 0, 0),)),),
        (Visit(10 * H, 12 * H, H, 0, (0,)), Visit(13 * H, 15 * H, H, 1, (0,))),
        line(10),
    )
    plan = solve(problem)
    assert set(plan.starts) == {1}


def test_the_written_order_is_placed_as_written():
    problem = DayProblem(
        (Person((), home=0, night=0),),
        (Visit(9 * H, 18 * H, H, 2, (0,)), Visit(9 * H, 18 * H, H, 1, (0,))),
        line(10, 10),
    )
    written = placed_in_order(problem, [0, 1])
    assert written.order == (0, 1)
    assert written.travel == 20 * M + 10 * M + 10 * M  # 0->2, 2->1, 1->0
    assert solve(problem).travel == written.travel  # a loop on a line: either way


def random_day(n: int, seed: int, tight: bool) -> DayProblem:
    """A planted plan: windows built around a feasible tour, so every visit can be served."""
    r = random.Random(seed)
    points = [(r.uniform(0, 15), r.uniform(0, 15)) for _ in range(n + 1)]
    matrix = [
        [
            0 if a == b else int(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 * 3 * M) + 5 * M
            for b in points
        ]
        for a in points
    ]
    order = list(range(1, n + 1))
    r.shuffle(order)
    clock, here, visits = 8 * H, 0, {}
    for place in order:
        clock += matrix[here][place]
        duration = r.choice([10, 15, 20]) * M
        slack = r.choice([0, 5, 10]) * M if tight else r.choice([30, 60, 120]) * M
        visits[place] = Visit(clock - slack, clock + duration + slack, duration, place, (0,))
        clock += duration
        here = place
    return DayProblem((Person((), 0, 0),), tuple(visits[p] for p in sorted(visits)), matrix)


@pytest.mark.parametrize("seed", range(3))
def test_beyond_twelve_every_visit_is_served_and_the_gap_is_reported(seed):
    problem = random_day(20, seed, tight=True)
    plan = solve(problem)
    assert len(plan.starts) == 20
    assert not plan.exact
    assert 0 < plan.lower_bound <= plan.travel
    assert 0 <= plan.gap < 1
    assert broken(problem, plan.starts) == []


def test_deterministic():
    problem = random_day(9, 7, tight=False)
    assert solve(problem) == solve(problem)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(problems(together=True), st.randoms(use_true_random=False))
def test_the_fast_walk_of_a_delegation_together_is_the_general_walk(problem, rng):
    from tripplan.plan.labels import DaySearch as _Day
    from tripplan.plan.walks import Apart as _Apart
    from tripplan.plan.walks import Together as _Together

    # Starts after an arrival rounded up to 5 minutes, as the itinerary's days are.
    day = _Day(dataclasses.replace(problem, grain=rng.choice([1, 300])))
    together = _Together.of(day)
    if together is None:  # people with different fixed events: the general walk only
        return
    order = list(range(len(problem.visits)))
    rng.shuffle(order)
    general = _Apart(day)
    fast, slow = together.run(order)[-1], general.run(order)[-1]
    assert together.missed(fast) == general.missed(slow)
    assert together.score(fast)[0] == general.score(slow)[0]
    assert together.score(fast)[2:] == general.score(slow)[2:]
    assert together.closing(fast) == day.closing_cost(slow[0])


@pytest.mark.parametrize("seed", range(3))
def test_forty_visits_with_tight_windows_are_all_served(seed):
    # Windows planted around a feasible tour: a plan serving all exists, and the local
    # search must find one (the benchmark's "tight" days, where OR-Tools with every
    # visit mandatory finds none in its time).
    problem = random_day(40, seed, tight=True)
    plan = solve(problem)
    assert len(plan.starts) == 40
    assert broken(problem, plan.starts) == []


def test_the_exact_search_keeps_a_costlier_plan_that_is_free_earlier():
    # Found by hypothesis against a search that compared travel only: the cheaper way to
    # the same visits is free too late for the last window, so both must be kept.
    problem = DayProblem(
        (Person((Fixed(0, 60300, 63900, 0, 0),), home=1, night=1),),
        (
            Visit(47700, 62100, 3600, 1, (0,)),
            Visit(36900, 65700, 2700, 0, (0,)),
            Visit(44100, 65700, 3600, 1, (0,)),
            Visit(50400, 54000, 1800, 1, (0,)),
            Visit(28800, 50400, 3600, 0, (0,)),
        ),
        [[0, 4140], [4140, 0]],
        buffer=600,
    )
    assert brute_force(problem) == (0, 16560)
    for found in (exact(problem), exact(problem, general=True), solve(problem)):
        assert found is not None
        assert found.travel == 16560
        assert broken(problem, found.starts) == []


# --- travel that depends on the hour ------------------------------------------------------


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    profiles(),
    st.lists(st.integers(-DAY_SECONDS, 2 * DAY_SECONDS), min_size=2, max_size=8),
    st.data(),
)
def test_leaving_later_never_arrives_earlier(profile, starts, data):
    clock = ProfiledClock(profile)
    drive = data.draw(st.floats(0, 4 * 3600))
    ends = [clock.drive_end(t, drive) for t in sorted(starts)]
    assert ends == sorted(ends)
    for t, end in zip(sorted(starts), ends, strict=True):
        assert end == pytest.approx(float(simulate(profile, t, drive)), abs=1e-6)
        assert end - t >= drive / max(FACTORS) - 1e-6
        # The latest start of a drive that ends then is this start (the inverse).
        assert clock.drive_start(end, drive) == pytest.approx(t, abs=1e-6)
    roads = Roads([[0, drive], [drive, 0]], 300, [clock, clock])
    arrivals = [roads.arrive(0, 1, t) for t in sorted(starts)]
    assert arrivals == sorted(arrivals)
    for t in sorted(starts):
        latest = roads.depart_by(0, 1, t)
        assert latest % 60 == 0  # cars leave on the minute
        assert roads.arrive(0, 1, latest) <= t < roads.arrive(0, 1, latest + 60)


TIMED = settings(
    max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


@TIMED
@given(problems(together=True, timed=True))
def test_same_optimal_travel_as_brute_force_with_rush_hours(problem):
    agrees_with_brute_force(problem, [exact(problem), exact(problem, general=True)])


@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(problems(together=False, timed=True))
def test_the_same_with_sub_groups_and_rush_hours(problem):
    agrees_with_brute_force(problem, [exact(problem)])


# --- slack, sub-groups, tours ---------------------------------------------------------------


def test_when_the_buffer_cannot_be_kept_everywhere_it_is_kept_on_as_many_moves_as_can_be():
    # Breakfast at the hotel (place 0), three visits of 2 h at places 1-3 on a line 20 min
    # apart, dinner back at the hotel (60 min from place 3): 35 min to spare for four
    # moves that each want a 10 min buffer.
    breakfast = Fixed(0, 8 * H, 8 * H + 30 * M, 0, 0)
    dinner = Fixed(1, 17 * H + 5 * M, 19 * H, 0, 0)
    problem = DayProblem(
        (Person((breakfast, dinner), home=0, night=0),),
        tuple(Visit(8 * H + 30 * M, 18 * H, 2 * H, place, (0,)) for place in (1, 2, 3)),
        line(20, 20, 20),
        buffer=10 * M,
        grain=5 * M,
    )
    plan = solve(problem)
    assert broken(problem, plan.starts) == []
    assert (plan.moves, plan.tight, plan.spare) == (4, 1, 5 * M)
    assert plan.exact
    assert tight(problem, plan.starts) == 1
    # Packed as early as it fits without the buffer, as the sequencer used to: every
    # move but the last short of the buffer, and the idle time before dinner.
    packed = solve(dataclasses.replace(problem, buffer=0))
    assert tight(problem, packed.starts) == 3
    assert plan.travel == packed.travel


def test_the_least_spare_is_shared_out_when_no_more_buffers_fit():
    # As above with 25 min to spare: two moves keep the buffer; the other two get what
    # is left, in whole 5-minute starts: nothing more than 0 for one of them.
    breakfast = Fixed(0, 8 * H, 8 * H + 30 * M, 0, 0)
    dinner = Fixed(1, 16 * H + 55 * M, 19 * H, 0, 0)
    problem = DayProblem(
        (Person((breakfast, dinner), home=0, night=0),),
        tuple(Visit(8 * H + 30 * M, 18 * H, 2 * H, place, (0,)) for place in (1, 2, 3)),
        line(20, 20, 20),
        buffer=10 * M,
        grain=M,
    )
    plan = solve(problem)
    assert broken(problem, plan.starts) == []
    # With starts to the minute the 5 minutes left are split: 2 and 3 minutes.
    assert (plan.moves, plan.tight, plan.spare) == (4, 2, 2 * M)


def planted_groups(groups: int, size: int, seed: int, lunch: bool) -> DayProblem:
    """`groups` sub-groups of two people, each with `size` visits of its own in a 15 km
    city, windows planted around a feasible tour per group (0-15 min either side); all
    start at the hotel at 08:00 and, with `lunch`, share a lunch at 12:30-13:30."""
    r = random.Random(seed)
    n = groups * size
    points = [(r.uniform(0, 15), r.uniform(0, 15)) for _ in range(n + 2)]
    matrix = [
        [
            0 if a == b else int(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 * 3 * M) + 5 * M
            for b in points
        ]
        for a in points
    ]
    hotel, restaurant = 0, n + 1
    start = Fixed(0, 8 * H - M, 8 * H, hotel, hotel)
    meal = Fixed(1, 12 * H + 30 * M, 13 * H + 30 * M, restaurant, restaurant)
    people, visits = [], []
    for g in range(groups):
        fixed = (start, meal) if lunch else (start,)
        people += [Person(fixed, hotel, hotel)] * 2
        clock, here = 8 * H, hotel
        places = list(range(1 + g * size, 1 + (g + 1) * size))
        r.shuffle(places)
        for i, place in enumerate(places):
            arrival = clock + matrix[here][place]
            if lunch and i == size // 2:  # to lunch and on from there
                arrival = 13 * H + 30 * M + matrix[restaurant][place]
            duration = r.choice([20, 30, 45]) * M
            before, after = r.randint(0, 15) * M, r.randint(0, 15) * M
            visits.append(
                Visit(
                    arrival - before,
                    arrival + duration + after,
                    duration,
                    place,
                    (2 * g, 2 * g + 1),
                )
            )
            clock, here = arrival + duration, place
            if lunch and i == size // 2 - 1:
                assert clock + matrix[here][restaurant] <= 12 * H + 30 * M, "lunch unreachable"
    return DayProblem(tuple(people), tuple(visits), matrix)


@pytest.mark.parametrize("seed", range(3))
def test_a_fifteen_visit_day_of_three_sub_groups_places_every_visit(seed):
    # Three pairs each with five visits of their own, sharing the hotel and a lunch: each
    # pair is planned on its own, exactly, where as one day of 15 visits it would not be.
    problem = planted_groups(3, 5, seed, lunch=True)
    plan = solve(problem)
    assert len(plan.starts) == 15
    assert broken(problem, plan.starts) == []
    assert plan.exact
    assert plan.travel == travel(problem, plan.starts)
    # Each pair alone gets the same travel as within the whole day.
    from tripplan.plan.parts import parts

    pieces = parts(problem)
    assert len(pieces) == 3
    assert sum(solve(part.problem).travel for part in pieces) == plan.travel


def test_sub_groups_that_may_share_a_car_between_fixed_events_are_planned_together():
    # Two people with a meeting each, in the morning or the afternoon, and lunch and
    # dinner together: with no visit between lunch and dinner they ride together, so the
    # two are one part.
    lunch = Fixed(0, 12 * H, 13 * H, 0, 0)
    dinner = Fixed(1, 18 * H, 19 * H, 2, 2)
    problem = DayProblem(
        (Person((lunch, dinner)), Person((lunch, dinner))),
        (Visit(8 * H, 19 * H, H, 1, (0,)), Visit(8 * H, 19 * H, H, 1, (1,))),
        line(10, 10),
    )
    from tripplan.plan.parts import parts

    assert len(parts(problem)) == 1
    # Visits that can only be between lunch and dinner: then nobody rides lunch -> dinner
    # directly, and each person is planned alone.
    afternoon = tuple(dataclasses.replace(v, open=13 * H, close=18 * H) for v in problem.visits)
    assert len(parts(dataclasses.replace(problem, visits=afternoon))) == 2


def test_a_day_no_window_binds_is_a_tour_solved_exactly():
    # Ten visits whose windows span the whole day after an 08:00 start: a travelling-
    # salesman path, solved by the tour programme and equal to the labelling search.
    from tripplan.plan.labels import DaySearch
    from tripplan.plan.tour import tour

    base = random_day(10, 3, tight=False)
    whole = tuple(Visit(8 * H, 23 * H, v.duration, v.place, v.people) for v in base.visits)
    start = Fixed(0, 8 * H - M, 8 * H, 0, 0)
    problem = DayProblem((Person((start,), 0, 0),), whole, base.travel)
    toured = tour(DaySearch(problem))
    assert toured is not None
    assert toured.exact
    searched = exact(problem)
    assert searched is not None
    assert toured.travel == searched.travel
    assert solve(problem).travel == searched.travel
    assert broken(problem, toured.starts) == []
    # A window closing early is a deadline the programme keeps.
    early = (dataclasses.replace(whole[0], close=9 * H), *whole[1:])
    deadline = dataclasses.replace(problem, visits=early)
    toured = tour(DaySearch(deadline))
    searched = exact(deadline)
    assert toured is not None
    assert searched is not None
    assert toured.travel == searched.travel
    assert toured.starts[0] + whole[0].duration <= 9 * H
    # One opening late would make the delegation wait for it, depending on the order:
    # the general search decides then.
    late = (dataclasses.replace(whole[0], open=12 * H), *whole[1:])
    assert tour(DaySearch(dataclasses.replace(problem, visits=late))) is None


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.integers(0, 2**32), st.integers(2, 7), st.booleans(), st.booleans())
def test_the_tour_programme_equals_the_labelling_search(seed, n, timed, hotel):
    from tripplan.plan.labels import DaySearch
    from tripplan.plan.tour import tour

    r = random.Random(seed)
    base = random_day(n, seed, tight=False)
    # Windows wide enough for any order even at the slowest hour (a bound decides).
    whole = tuple(Visit(9 * H, 47 * H, v.duration, v.place, v.people) for v in base.visits)
    # The day starts at a fixed event, or at the hotel with every window opening together.
    fixed = () if hotel else (Fixed(0, 8 * H, 9 * H, 0, 0),)
    problem = DayProblem((Person(fixed, 0, 0),), whole, base.travel, buffer=r.choice([0, 600]))
    if timed:
        problem = with_roads(problem, r)
    toured = tour(DaySearch(problem))
    if toured is None:
        assert timed  # with travel by the hour from the hotel, the search decides
        assert hotel
        return
    searched = exact(problem)
    assert searched is not None
    assert toured.travel == searched.travel
    assert toured.finish <= searched.finish or toured.travel < searched.travel


# --- QA: the hour a day's first visit starts ----------------------------------------------


def test_a_days_first_visit_starts_later_when_the_car_then_leaves_after_the_rush_hour():
    # QA: an EV maker's visit (09:00-12:00, 2 h) 20 km from the hotel was placed at 09:00,
    # the car leaving at 07:39 in the morning peak, when 10:00 drove 13 minutes less.
    # Nobody waits: they leave the hotel later. Here the peak is at 0.6: 27 minutes more.
    rush = Profile("rush", ((0, 1.0), (7 * 60 + 30, 0.6), (9 * 60, 1.0)), ((0, 1.0),))
    clock = ProfiledClock(rush)
    drive = 40 * M
    problem = DayProblem(
        (Person((), home=0, night=0),),
        (Visit(9 * H, 12 * H, 2 * H, 1, (0,)),),
        [[0, drive + 5 * M], [drive + 5 * M, 0]],
        buffer=10 * M,
        grain=5 * M,
        roads=Roads([[0, drive], [drive, 0]], 5 * M, [clock, clock]),
    )
    plan = solve(problem)
    # The earliest start whose car leaves after the peak: leaving at 09:00 arrives at
    # 09:45, the buffer then, the start on the 5-minute grid.
    assert plan.starts == {0: 9 * H + 55 * M}
    asap = placed_in_order(problem, [0])
    assert asap.starts == {0: 9 * H}
    assert plan.travel < asap.travel
    assert plan.travel == travel(problem, plan.starts)
    assert broken(problem, plan.starts) == []
    # Without rush hours the earliest start is kept.
    flat = dataclasses.replace(problem, roads=None)
    assert solve(flat).starts == {0: 9 * H}
