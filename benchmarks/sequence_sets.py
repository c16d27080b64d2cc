"""Two more sets for benchmarks/sequence.py: rush hours, and sub-groups moving apart.

Rush hours ("time-dependent set"): the days of the main set, tight and wide, with the
travel of the mainland working-day profile (tripplan.plan.traffic.MAINLAND: 0.85 of the
daytime speed 07:30-09:00, 0.80 17:00-19:00, 1.05 by day, ...) on the drive part of every
move (all but the 10 min overhead); 1970-01-01, the day the instances' clocks count
from, is a Thursday. No other solver takes travel that depends on the hour, so the
references are: up to 10 visits, the optimum by an independent dynamic programme over
(visits done, last visit) that keeps every way there no other beats by FIFO alone;
above, the best of our plan and of ours with ten times the budget. Reported per day:
ours against the reference, and the headline: the plan chosen with one speed all day
(the time-independent optimum), then timed with the rush hours, against ours: the travel
the time-of-day model saves, and the windows the other plan then misses.

Sub-groups: two or three pairs of people, each with visits of its own, the windows
planted around a feasible tour per pair (0-15 min either side, as the main set's tight
days), all leaving the hotel at 08:00 and meeting for lunch at 12:30-13:30. A plan
serving every visit exists by construction. Reported: visits served, proven optimal,
into how many parts the day was split, time; and the same day searched as one problem
(without the split), for comparison.
"""

from __future__ import annotations

import dataclasses
import random
import statistics
import time

from sequence import (
    DAY_START,
    HOUR,
    MINUTE,
    OVERHEAD,
    Instance,
    best_ms,
    generate,
    heading,
    millis,
    our_problem,
    rush_hours,
    verdict,
)
from tripplan.plan.labels import DaySearch
from tripplan.plan.parts import parts
from tripplan.plan.problem import DayProblem, Fixed, Person, Plan, Visit
from tripplan.plan.sequencing import HEURISTIC_BUDGET, _solve, placed_in_order, solve

REFERENCE_UP_TO = 10
TIMED_SIZES = (8, 10, 12, 20)
GROUP_SIZES = ((15, 3), (20, 2), (20, 3), (40, 2), (40, 3))
GROUPS_TARGET_MS = 500.0
EXACT_TARGET_MS = 100.0


# --- rush hours ---------------------------------------------------------------------------


def with_rush_hours(problem: DayProblem) -> DayProblem:
    """The day with the mainland working-day profile on every move's drive."""
    return dataclasses.replace(problem, roads=rush_hours([list(row) for row in problem.travel]))


def reference(problem: DayProblem) -> int | None:
    """The least travel of any plan serving every visit, each as soon as it can start:
    a dynamic programme over (visits done, last visit) keeping, for each, every way that
    no other beats by FIFO (free no later, and cheaper by at least how much sooner)."""
    person = problem.people[0]
    hotel, start = person.home, person.fixed[-1].end
    n = len(problem.visits)
    layer: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for v, visit in enumerate(problem.visits):
        road = problem.move(hotel, visit.place, start)
        begin = max(visit.open, start + road)
        if begin + visit.duration <= visit.close:
            _add(layer, (1 << v, v), (road, begin + visit.duration))
    for _ in range(n - 1):
        following: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for (done, last), ways in layer.items():
            here = problem.visits[last].place
            for cost, free in ways:
                for v, visit in enumerate(problem.visits):
                    if done >> v & 1:
                        continue
                    road = problem.move(here, visit.place, free)
                    begin = max(visit.open, free + road)
                    if begin + visit.duration <= visit.close:
                        _add(following, (done | 1 << v, v), (cost + road, begin + visit.duration))
        layer = following
    ends = [
        cost + problem.move(problem.visits[last].place, person.night, free)
        for (_, last), ways in layer.items()
        for cost, free in ways
    ]
    return min(ends, default=None)


def _add(
    states: dict[tuple[int, int], list[tuple[int, int]]],
    key: tuple[int, int],
    new: tuple[int, int],
) -> None:
    ways = states.setdefault(key, [])
    cost, free = new
    if any(f <= free and c + (free - f) <= cost for c, f in ways):
        return
    ways[:] = [(c, f) for c, f in ways if not (free <= f and cost + (f - free) <= c)]
    ways.append(new)


@dataclasses.dataclass
class Timed:
    instance: Instance
    plan: Plan
    ms: float
    best: int | None  # the reference (None: no plan serves every visit)
    exact: bool  # the reference is an optimum (not only the best of runs)
    flat: Plan  # the plan chosen with one speed all day, timed with the rush hours


def run_timed(instance: Instance) -> Timed:
    flat_problem = our_problem(instance)
    problem = with_rush_hours(flat_problem)
    ms, plan = best_ms(lambda: solve(problem), 3 if instance.size <= 12 else 1)
    if instance.size <= REFERENCE_UP_TO:
        best, exact = reference(problem), True
    else:
        longer = solve(problem, budget=10 * HEURISTIC_BUDGET)
        runs = [p for p in (plan, longer) if len(p.starts) == instance.size]
        best, exact = min((p.travel for p in runs), default=None), False
    chosen = solve(flat_problem)
    flat = placed_in_order(problem, list(chosen.order))
    return Timed(instance, plan, ms, best, exact, flat)


def print_timed(sizes: tuple[int, ...], seeds: int) -> None:
    heading("rush hours: the mainland profile on the main set's tight and wide days")
    print("  n kind  seed | ours: srv travel    ms proof | reference | one speed all day, re-timed")
    results = []
    for size in sizes:
        for kind in ("tight", "wide"):
            for seed in range(1, seeds + 1):
                r = run_timed(generate(size, kind, seed, timed=True))
                results.append(r)
                n = r.instance.size
                ours = r.plan
                ref = "none" if r.best is None else f"{r.best / MINUTE:.1f}"
                ref += "" if r.exact else " (best run)"
                flat = r.flat
                if len(flat.starts) < n:
                    other = f"misses {n - len(flat.starts)} visit(s)"
                else:
                    other = f"{flat.travel / MINUTE:.1f} min"
                    if len(ours.starts) == n and flat.travel:
                        other += f", {100 * (flat.travel - ours.travel) / flat.travel:.1f}% saved"
                print(
                    f"{n:>3} {kind:<5} {seed:>4} | {len(ours.starts):>3} "
                    f"{ours.travel / MINUTE:7.1f} {millis(r.ms):>5} "
                    f"{'exact' if ours.exact else 'heur.':>5} | {ref:>9} | {other}"
                )
    heading("rush hours: summary")
    for size in sizes:
        group = [r for r in results if r.instance.size == size]
        fits = [r for r in group if r.best is not None]
        equal = sum(len(r.plan.starts) == size and r.plan.travel == r.best for r in fits)
        proven = sum(r.plan.exact for r in fits)
        slowest = max((r.ms for r in group), default=0.0)
        savings = [
            (r.flat.travel - r.plan.travel) / r.flat.travel
            for r in fits
            if len(r.flat.starts) == size and len(r.plan.starts) == size and r.flat.travel
        ]
        broken = sum(len(r.flat.starts) < size for r in fits)
        what = "the optimum" if size <= REFERENCE_UP_TO else "the best of runs"
        line = f"{size:>3}: equal to {what} on {equal}/{len(fits)} days that fit"
        if size <= 12:
            ok = proven == len(fits) and equal == len(fits) and slowest < EXACT_TARGET_MS
            line += (
                f", proven on {proven}, slowest {millis(slowest)} ms (target exact and "
                f"< {EXACT_TARGET_MS:.0f} ms: {verdict(ok if fits else None)})"
            )
        else:
            line += f", slowest {millis(slowest)} ms"
        if savings:
            line += (
                f"; one speed all day, re-timed: {100 * statistics.fmean(savings):.1f}% more "
                f"travel on average (max {100 * max(savings):.1f}%)"
            )
        if broken:
            line += f", misses a window on {broken} day(s)"
        print(line)
    every = [
        (r.flat.travel - r.plan.travel) / r.flat.travel
        for r in results
        if r.best is not None
        and len(r.flat.starts) == r.instance.size
        and len(r.plan.starts) == r.instance.size
        and r.flat.travel
    ]
    missed = sum(len(r.flat.starts) < r.instance.size for r in results if r.best is not None)
    if every:
        print(
            f"headline: the time-of-day model saves {100 * statistics.fmean(every):.1f}% of the "
            f"travel on average (up to {100 * max(every):.1f}%) against the one-speed plan timed "
            f"with the rush hours, over {len(every)} days; that plan misses a window on "
            f"{missed} more"
        )


# --- sub-groups ------------------------------------------------------------------------------


def grouped(size: int, groups: int, seed: int) -> DayProblem:
    """`groups` pairs with their own visits (size in all), planted; hotel and lunch shared."""
    rng = random.Random(f"groups/{size}/{groups}/{seed}")
    points = [(rng.uniform(0, 15.0), rng.uniform(0, 15.0)) for _ in range(size + 2)]
    travel = [
        [
            0
            if i == j
            else round((abs(a[0] - b[0]) ** 2 + abs(a[1] - b[1]) ** 2) ** 0.5 * 1.35 / 28 * HOUR)
            + OVERHEAD
            for j, b in enumerate(points)
        ]
        for i, a in enumerate(points)
    ]
    hotel, restaurant = 0, size + 1
    start = Fixed(0, DAY_START - MINUTE, DAY_START, hotel, hotel)
    lunch = Fixed(1, 12 * HOUR + 30 * MINUTE, 13 * HOUR + 30 * MINUTE, restaurant, restaurant)
    people: list[Person] = []
    visits: list[Visit] = []
    places = list(range(1, size + 1))
    rng.shuffle(places)
    shares = [places[g::groups] for g in range(groups)]
    for g, mine in enumerate(shares):
        people += [Person((start, lunch), hotel, hotel)] * 2
        pair = (2 * g, 2 * g + 1)
        clock, here, fed = DAY_START, hotel, False
        for place in mine:
            duration = rng.randint(10, 20 if size >= 40 else 30) * MINUTE
            arrive = clock + travel[here][place]
            if not fed and arrive + duration + travel[place][restaurant] > lunch.start:
                fed, clock, here = True, lunch.end, restaurant  # lunch first
                arrive = clock + travel[here][place]
            before, after = rng.randint(0, 15) * MINUTE, rng.randint(0, 15) * MINUTE
            visits.append(Visit(arrive - before, arrive + duration + after, duration, place, pair))
            clock, here = arrive + duration, place
    return DayProblem(tuple(people), tuple(visits), travel)


def print_groups(seeds: int) -> None:
    heading("sub-groups: pairs with visits of their own, planted, hotel and lunch shared")
    print("  n grp seed | split: srv proof parts   ms | as one day: srv proof    ms")
    rows = []
    for size, groups in GROUP_SIZES:
        for seed in range(1, seeds + 1):
            problem = grouped(size, groups, seed)
            ms, plan = best_ms(lambda problem=problem: solve(problem), 1)
            whole_ms, whole = best_ms(
                lambda problem=problem: _solve(DaySearch(problem), 12, HEURISTIC_BUDGET), 1
            )
            pieces = len(parts(problem))
            rows.append((size, groups, plan, ms, pieces))
            print(
                f"{size:>3} {groups:>3} {seed:>4} | {len(plan.starts):>8} "
                f"{'exact' if plan.exact else 'heur.':>5} {pieces:>5} {millis(ms):>4} | "
                f"{len(whole.starts):>11} {'exact' if whole.exact else 'heur.':>5} "
                f"{millis(whole_ms):>5}"
            )
    heading("sub-groups: summary")
    for size, groups in GROUP_SIZES:
        group = [r for r in rows if r[0] == size and r[1] == groups]
        served = sum(len(r[2].starts) == size for r in group)
        small = -(-size // groups) <= 12
        proven = sum(r[2].exact for r in group)
        slowest = max(r[3] for r in group)
        ok = served == len(group) and (proven == len(group) or not small)
        ok = ok and slowest < GROUPS_TARGET_MS
        print(
            f"{size:>3} visits, {groups} groups: all served on {served}/{len(group)}, proven "
            f"on {proven}/{len(group)}{'' if small else ' (groups over 12 visits)'}, slowest "
            f"{millis(slowest)} ms (target all served, exact where each group has <= 12, "
            f"< {GROUPS_TARGET_MS:.0f} ms: {verdict(ok)})"
        )


def main(seeds: int, sizes: tuple[int, ...] = TIMED_SIZES) -> None:
    began = time.perf_counter()
    print_timed(sizes, seeds)
    print_groups(seeds)
    print(f"(the sets took {time.perf_counter() - began:.0f} s)")
