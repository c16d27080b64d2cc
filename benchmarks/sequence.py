"""How good and how fast the day sequencer is, against VROOM, OR-Tools' routing solver
and PyVRP; with rush hours and with sub-groups (`sequence_sets.py`).

Prints numbers and ratios against the targets; it never fails on time or quality (exit
status 0 unless it could not run at all). It is a benchmark, not a test.

The instances: one delegation (one person) leaves the hotel (place 0) at 08:00 at the
earliest and comes back to it at night, and does n flexible visits, each at its own
place, of 10-45 min (10-20 min from 40 visits) that must start at or after its window's
opening and end by its closing; waiting is allowed. The objective of all the solvers
is the same: the day's total travel time, the return to the hotel included. Travel is a
matrix of seconds between places drawn uniformly in a 15 x 15 km city: straight-line
km x 1.35 (detour) at 28 km/h, plus 10 min between two different places (parking,
walking in). Deterministic for a size, kind and seed. Four kinds:

* loose: windows of 2-6 h at random inside 08:00-20:00. From about 12 visits such a day
  is over-subscribed (at 40 visits the 10 min of overhead per move alone is 6.7 h, the
  visits 10 h): the solvers then choose which visits to leave out, serving more first;
* tight: a tour is planted first (the visits in random order from the hotel at 08:00,
  each started on arrival), then each window is drawn around its planted start with
  0-15 min of slack on each side, so a plan serving every visit exists. Such windows
  leave little choice of order. A random order of 20 visits or more is longer than
  14 h, so the day simply ends later (the `ends` column: hours after the day's
  midnight, beyond 24 the next day);
* wide: the same planted tour, but each window is 2-6 h wide (placed at random around
  the planted visit): every visit fits and the order is really to be chosen, which is
  what measures travel at 20 and 40 visits (loose days are over-subscribed there);
* allday (up to 12 visits): every window 08:00-22:00, a travelling-salesman day, the
  worst case of a search that prunes with windows.

The solvers get the same problem. Ours: `tripplan.plan.sequencing.solve` (default
heuristic budget, exact up to 12 visits) on a `DayProblem` whose one person has a
fixed event at the hotel at 07:59-08:00 (so the day starts there at 08:00) and sleeps
at the hotel; up to 12 visits the exact search alone (`exact`) is timed too. VROOM
(pyvroom, exploration level 5, one thread): one vehicle from and to the hotel with the
time window [08:00, day end], one job per visit whose time window constrains the
service start to [open, close - duration]. OR-Tools (routing library, PATH_CHEAPEST_ARC
then GUIDED_LOCAL_SEARCH under a time limit): arc cost = travel, a time dimension with
transit = travel + service of the from-node (both registered as matrices, so the
search calls no Python), waiting allowed, the start fixed at 08:00; once with every
visit mandatory and once with a large drop penalty per visit so that an over-subscribed
day still gets a partial answer. GLS runs until its time limit, so its time is the
limit; `found` is when it found its final answer. PyVRP (hybrid genetic search, the
same time limit): one vehicle type from and to the hotel, each visit an optional
client with a prize far above any travel (so it serves all it can), its service start
in [open, close - duration]. The day end (22:00, later when the planted tour needs it)
is never binding: every window closes early enough to get back.

Every answer is checked by this script, independently of the solvers: each start
inside its window (start >= open, start + duration <= close), each start no earlier
than the previous visit's end plus the travel between them (the first one: 08:00 plus
the travel from the hotel), back by the day end, and the travel recomputed from the
order with the matrix (hotel -> visits -> hotel) equal to what the solver reports.
Travel is always the recomputed one. A broken answer is printed with `!`.

Times are CPU time of this process (every solver here runs in one thread): the machine
may be shared, and its load stretches wall time several times over on 2 busy cores;
the first line says how loaded it is. The time limits of OR-Tools and PyVRP are wall
time, so on a loaded machine they get less CPU in them. Ours is timed as the best of
3 runs up to 12 visits (it is deterministic), once above; the others once, after one
untimed warm-up solve of each solver.

`fits` tells whether a plan serving every visit exists: yes when planted (tight, wide) or
when some solver served all; `no` when it is proved impossible (the exact search finds
nothing, or the durations plus the cheapest way into each visit overrun the last
closing); `?` otherwise. The ratio ours/best compares travel with the best of the others
where ours and that one both served every visit; `served` vs best counts the visits ours
served minus the most the others served. `proof` is what `solve` says of its plan: exact
(proven optimal) or heur. up to 12 visits, above the gap to its lower bound. Above 12
visits ours stops at its budget, counted in work: its answer is the same on any machine.

Targets (issue #17): up to 12 visits the exact optimum in < 100 ms on tight and wide
days, with or without rush hours; the all-day 12-visit day proven in < 200 ms; at 20
and 40 visits every visit served where a plan is planted and, on wide days, travel at
most 1.00 x the best of the others, in < 1 s; sub-groups of 15-40 visits all served,
exact where each group has at most 12, in < 0.5 s; rush hours: equal to the optimum up
to 10 visits, and the headline, what the time-of-day model saves against the plan made
with one speed all day then timed with the rush hours (see `sequence_sets.py`).
Verdicts count the days that fit; the time spent on over-subscribed days is printed
beside them.

Usage::

    .venv/bin/pip install -e '.[bench]'     # pyvroom, ortools, pyvrp (any may be absent)
    .venv/bin/python benchmarks/sequence.py                 # full run, about 10 minutes
    .venv/bin/python benchmarks/sequence.py --quick         # one seed, 0.5 s limits
    .venv/bin/python benchmarks/sequence.py --sizes 8 12 --seeds 5 --sets main rush
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import math
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import tripplan
from tripplan.plan.problem import Roads
from tripplan.plan.sequencing import (
    EXACT_UP_TO,
    DayProblem,
    Fixed,
    Person,
    Plan,
    Visit,
    exact,
    solve,
)
from tripplan.plan.traffic import MAINLAND, Clock

try:
    import vroom
except ImportError:  # benchmark extra not installed: VROOM is skipped
    vroom = None
try:
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2
except ImportError:  # benchmark extra not installed: OR-Tools is skipped
    pywrapcp = routing_enums_pb2 = None
try:
    import pyvrp
    import pyvrp.stop
except ImportError:  # benchmark extra not installed: PyVRP is skipped
    pyvrp = None

HOUR, MINUTE = 3600, 60
DAY_START = 8 * HOUR
DAY_END = 22 * HOUR  # later when a planted tour needs it
LOOSE_UNTIL = 20 * HOUR  # loose windows lie inside DAY_START..LOOSE_UNTIL
CITY_KM = 15.0
DETOUR = 1.35
KMH = 28.0
OVERHEAD = 10 * MINUTE  # between two different places
SLACK = 15 * MINUTE  # tight windows: at most this on each side of the planted start
SHORT_VISITS_FROM = 40  # visits of 10-20 min from this many on, else 10-45 min
KINDS = ("loose", "tight", "wide", "allday")
ALLDAY_UP_TO = 12  # the all-day kind (a travelling-salesman day) is for the exact sizes
DROP_PENALTY = 10_000_000  # OR-Tools, per dropped visit: far above any day's travel
EXACT_TARGET_MS = 100.0
HEURISTIC_TARGET_MS = 1000.0
HEURISTIC_TARGET_RATIO = 1.00
ALLDAY_TARGET_MS = 200.0
TITLES = {
    "ours": "ours",
    "vroom": "VROOM",
    "or-all": "OR-Tools all",
    "or-drop": "OR-Tools drop",
    "pyvrp": "PyVRP",
}
PRIZE = 10_000_000  # PyVRP, per visit served: far above any day's travel


@dataclass(frozen=True)
class Window:
    open: int
    close: int
    duration: int


@dataclass(frozen=True)
class Instance:
    """A day: visit v is at place v + 1, the hotel is place 0."""

    size: int
    kind: str
    seed: int
    travel: list[list[int]]
    windows: list[Window]
    day_end: int
    planted: bool  # a plan serving every visit is known to exist


@dataclass
class Outcome:
    """One solver's answer, as this script reads it."""

    order: list[int] | None  # visits in the order served; None: no answer at all
    starts: dict[int, int]
    claimed: int | None  # the solver's own figure for the travel, seconds
    ms: float
    found_ms: float | None = None  # OR-Tools: when its final answer was found
    note: str = ""
    travel: int = 0  # recomputed by `audit`
    problems: list[str] = field(default_factory=list)

    @property
    def served(self) -> int:
        return 0 if self.order is None else len(self.order)


@dataclass
class Result:
    instance: Instance
    outcomes: dict[str, Outcome]  # by solver; absent when the solver is not installed
    plan: Plan
    exact_ms: float | None  # n <= EXACT_UP_TO: the exact search alone
    exact_plan: Plan | None
    fits: str  # "yes", "no" or "?"
    problems: list[str]

    @property
    def ours(self) -> Outcome:
        return self.outcomes["ours"]

    def others(self) -> list[Outcome]:
        return [o for name, o in self.outcomes.items() if name != "ours"]

    def best_other_all(self) -> int | None:
        """The least travel of the others among those serving every visit."""
        n = self.instance.size
        travels = [o.travel for o in self.others() if o.served == n]
        return min(travels, default=None)

    def ratio(self) -> float | None:
        best = self.best_other_all()
        if best is None or self.ours.served != self.instance.size:
            return None
        return self.ours.travel / best if best else float("nan")

    def served_delta(self) -> int | None:
        others = self.others()
        return self.ours.served - max(o.served for o in others) if others else None


# --- instances ------------------------------------------------------------------------


def travel_matrix(points: Sequence[tuple[float, float]]) -> list[list[int]]:
    def seconds(a: tuple[float, float], b: tuple[float, float]) -> int:
        km = math.dist(a, b) * DETOUR
        return round(km / KMH * HOUR) + OVERHEAD

    return [
        [0 if i == j else seconds(a, b) for j, b in enumerate(points)] for i, a in enumerate(points)
    ]


def rush_hours(travel: list[list[int]]) -> Roads:
    """The mainland working-day profile on the drive of every move (all but the overhead);
    the instances count seconds from 1970-01-01 00:00 UTC, a Thursday."""
    clock = Clock(MAINLAND, ZoneInfo("UTC"), date(1969, 12, 31), (False, False, False, True))
    drive = [[max(0, t - OVERHEAD) for t in row] for row in travel]
    return Roads(drive, OVERHEAD, [clock] * len(travel))


def generate(size: int, kind: str, seed: int, *, timed: bool = False) -> Instance:
    """A day of `size` visits; with `timed`, the planted tour is timed with the rush
    hours (so that a plan serving every visit exists with them)."""
    rng = random.Random(f"{kind}/{size}/{seed}")
    points = [(rng.uniform(0, CITY_KM), rng.uniform(0, CITY_KM)) for _ in range(size + 1)]
    travel = travel_matrix(points)
    roads = rush_hours(travel) if timed else None

    def leg(a: int, b: int, t: int) -> int:
        if roads is None or a == b:
            return travel[a][b]
        return roads.arrive(a, b, t) - t

    longest = 20 if size >= SHORT_VISITS_FROM else 45
    durations = [rng.randint(10, longest) * MINUTE for _ in range(size)]
    windows: list[Window] = []
    if kind == "allday":  # every window the whole day: a travelling-salesman path
        windows = [Window(DAY_START, DAY_END, duration) for duration in durations]
    elif kind == "loose":
        for duration in durations:
            width = rng.randint(2 * 12, 6 * 12) * 5 * MINUTE  # 2-6 h in 5 min steps
            opening = DAY_START + rng.randint(0, (LOOSE_UNTIL - DAY_START - width) // 300) * 300
            windows.append(Window(opening, opening + width, duration))
    else:  # tight or wide: around a planted tour
        order = list(range(size))
        rng.shuffle(order)
        planted: dict[int, Window] = {}
        clock, at = DAY_START, 0
        for v in order:
            start = clock + leg(at, v + 1, clock)
            if kind == "tight":
                before, after = rng.randint(0, SLACK), rng.randint(0, SLACK)
            else:
                width = rng.randint(2 * 12, 6 * 12) * 5 * MINUTE  # 2-6 h in 5 min steps
                before = rng.randint(0, width - durations[v])
                after = width - durations[v] - before
            planted[v] = Window(max(DAY_START, start - before), start + durations[v] + after, 0)
            clock, at = start + durations[v], v + 1
        windows = [Window(planted[v].open, planted[v].close, durations[v]) for v in range(size)]
    latest_back = max(w.close + travel[v + 1][0] for v, w in enumerate(windows))
    day_end = max(DAY_END, -(-latest_back // HOUR) * HOUR)  # so that it never binds
    return Instance(size, kind, seed, travel, windows, day_end, planted=kind in ("tight", "wide"))


def proved_too_full(instance: Instance) -> bool:
    """Durations plus the cheapest move into each visit cannot fit before the last closing."""
    n, travel = instance.size, instance.travel
    need = sum(w.duration for w in instance.windows)
    need += sum(min(travel[a][v + 1] for a in range(n + 1) if a != v + 1) for v in range(n))
    return DAY_START + need > max(w.close for w in instance.windows)


def our_problem(instance: Instance) -> DayProblem:
    at_hotel = Fixed(key=0, start=DAY_START - MINUTE, end=DAY_START, arrive=0, leave=0)
    visits = tuple(
        Visit(w.open, w.close, w.duration, v + 1, (0,)) for v, w in enumerate(instance.windows)
    )
    person = Person(fixed=(at_hotel,), home=0, night=0)
    return DayProblem(people=(person,), visits=visits, travel=instance.travel, buffer=0)


# --- solvers --------------------------------------------------------------------------


def clock() -> float:
    """Seconds of CPU this process has used: the machine may be shared with other work,
    whose load stretches wall time (several times over on a busy 2-core machine) but not
    the CPU time a solver needs. Every solver here is single-threaded."""
    return time.process_time()


def best_ms(action: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The least CPU time of `repeat` runs, in ms, and the last run's value."""
    times, value = [], None
    for _ in range(repeat):
        gc.collect()
        began = clock()
        value = action()
        times.append((clock() - began) * 1000)
    return min(times), value


def outcome_of_plan(plan: Plan, ms: float) -> Outcome:
    return Outcome(list(plan.order), dict(plan.starts), plan.travel, ms)


def run_vroom(instance: Instance) -> Outcome:
    began = clock()
    problem = vroom.Input()
    problem.set_durations_matrix(profile="car", matrix_input=instance.travel)
    problem.add_vehicle(
        vroom.Vehicle(1, start=0, end=0, time_window=vroom.TimeWindow(DAY_START, instance.day_end))
    )
    problem.add_job(
        [
            vroom.Job(
                v + 1,
                location=v + 1,
                default_service=w.duration,
                time_windows=[vroom.TimeWindow(w.open, w.close - w.duration)],
            )
            for v, w in enumerate(instance.windows)
        ]
    )
    solution = problem.solve(exploration_level=5, nb_threads=1)
    routes = solution.routes
    ms = (clock() - began) * 1000
    jobs = routes[routes["type"] == "job"]
    order = [int(job) - 1 for job in jobs["id"]]
    begins = jobs["arrival"] + jobs["waiting_time"] + jobs["setup"]
    starts = {v: int(s) for v, s in zip(order, begins, strict=True)}
    return Outcome(order, starts, int(solution.summary.cost), ms)


def run_ortools(instance: Instance, seconds: float, *, drop: bool) -> Outcome:
    began = clock()
    n = instance.size
    manager = pywrapcp.RoutingIndexManager(n + 1, 1, 0)
    routing = pywrapcp.RoutingModel(manager)
    service = [0] + [w.duration for w in instance.windows]
    arcs = routing.RegisterTransitMatrix(instance.travel)
    busy = routing.RegisterTransitMatrix(
        [[t + service[i] for t in row] for i, row in enumerate(instance.travel)]
    )
    routing.SetArcCostEvaluatorOfAllVehicles(arcs)
    routing.AddDimension(busy, instance.day_end - DAY_START, instance.day_end, False, "time")
    timing = routing.GetDimensionOrDie("time")
    timing.CumulVar(routing.Start(0)).SetRange(DAY_START, DAY_START)
    timing.CumulVar(routing.End(0)).SetRange(DAY_START, instance.day_end)
    for v, w in enumerate(instance.windows):
        index = manager.NodeToIndex(v + 1)
        timing.CumulVar(index).SetRange(w.open, w.close - w.duration)
        if drop:
            routing.AddDisjunction([index], DROP_PENALTY)
    best: list[float] = [math.inf, 0.0]  # cost, ms when found

    def seen() -> None:
        cost = routing.CostVar().Value()
        if cost < best[0]:
            best[:] = [cost, (clock() - began) * 1000]

    routing.AddAtSolutionCallback(seen)
    parameters = pywrapcp.DefaultRoutingSearchParameters()
    strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    parameters.first_solution_strategy = strategy
    metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    parameters.local_search_metaheuristic = metaheuristic
    parameters.time_limit.FromMilliseconds(round(seconds * 1000))
    solution = routing.SolveWithParameters(parameters)
    ms = (clock() - began) * 1000
    if solution is None:
        status = routing_enums_pb2.RoutingSearchStatus.Value.Name(routing.status())
        return Outcome(None, {}, None, ms, note=f"no solution found ({status})")
    order, starts = [], {}
    index = solution.Value(routing.NextVar(routing.Start(0)))
    while not routing.IsEnd(index):
        v = manager.IndexToNode(index) - 1
        order.append(v)
        starts[v] = solution.Min(timing.CumulVar(index))
        index = solution.Value(routing.NextVar(index))
    claimed = solution.ObjectiveValue() - (DROP_PENALTY * (n - len(order)) if drop else 0)
    return Outcome(order, starts, claimed, ms, found_ms=best[1])


def run_pyvrp(instance: Instance, seconds: float) -> Outcome:
    """PyVRP (hybrid genetic search): one vehicle from and to the hotel within [08:00,
    day end], each visit a client whose service starts in [open, close - duration];
    visits are optional with a prize far above any travel, so it serves all it can."""
    began = clock()
    model = pyvrp.Model()
    places = [model.add_location(x=0, y=0) for _ in range(instance.size + 1)]
    hotel = model.add_depot(places[0], tw_early=DAY_START, tw_late=instance.day_end)
    model.add_vehicle_type(
        1, start_depot=hotel, end_depot=hotel, tw_early=DAY_START, tw_late=instance.day_end
    )
    for v, w in enumerate(instance.windows):
        model.add_client(
            places[v + 1],
            service_duration=w.duration,
            tw_early=w.open,
            tw_late=w.close - w.duration,
            prize=PRIZE,
            required=False,
        )
    for a, row in zip(places, instance.travel, strict=True):
        for b, seconds_between in zip(places, row, strict=True):
            model.add_edge(a, b, distance=seconds_between, duration=seconds_between)
    result = model.solve(stop=pyvrp.stop.MaxRuntime(seconds), seed=1, display=False)
    ms = (clock() - began) * 1000
    if not result.best.is_feasible():
        return Outcome(None, {}, None, ms, note="no feasible solution found")
    order, starts = [], {}
    for route in result.best.routes():
        for stop in route.schedule():
            if stop.is_client():
                order.append(stop.idx)
                starts[stop.idx] = stop.start_time
    return Outcome(order, starts, int(result.best.distance()), ms)


# --- checking -------------------------------------------------------------------------


def clock_time(seconds: int) -> str:
    return f"{seconds // HOUR:02d}:{seconds % HOUR // MINUTE:02d}:{seconds % MINUTE:02d}"


def route_travel(instance: Instance, order: Sequence[int]) -> int:
    places = [0, *(v + 1 for v in order), 0]
    return sum(instance.travel[a][b] for a, b in zip(places, places[1:], strict=False))


def audit(instance: Instance, outcome: Outcome) -> None:
    """Recompute the travel and list every broken constraint, independently of solvers."""
    if outcome.order is None:
        return
    order, starts, found = outcome.order, outcome.starts, outcome.problems
    if len(set(order)) != len(order) or not set(order) <= set(range(instance.size)):
        found.append(f"order {order} repeats a visit or names an unknown one")
        return
    if set(starts) != set(order):
        found.append("start times do not match the visits served")
        return
    ready, at = DAY_START, 0
    for v in order:
        w, s = instance.windows[v], starts[v]
        if s < w.open:
            found.append(f"visit {v} starts {clock_time(s)} before it opens {clock_time(w.open)}")
        if s + w.duration > w.close:
            found.append(f"visit {v} ends {clock_time(s + w.duration)} after {clock_time(w.close)}")
        arrival = ready + instance.travel[at][v + 1]
        if s < arrival:
            found.append(f"visit {v} starts {clock_time(s)} before arrival {clock_time(arrival)}")
        ready, at = s + w.duration, v + 1
    back = ready + instance.travel[at][0]
    if back > instance.day_end:
        found.append(f"back at the hotel {clock_time(back)}, after the day end")
    outcome.travel = route_travel(instance, order)
    if outcome.claimed is not None and outcome.claimed != outcome.travel:
        found.append(f"claims {outcome.claimed} s of travel, the route has {outcome.travel} s")


# --- running --------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    sizes: list[int]
    seeds: int
    ortools_seconds: float | None  # None: 1 s up to 12 visits, 2 s above
    sets: tuple[str, ...] = ("main", "rush", "groups")

    def sizes_timed(self) -> list[int]:
        """The rush-hour set's sizes: those of the main set, and 10 (the reference's)."""
        return sorted({*(size for size in self.sizes if size <= 20), 10})

    def limit(self, size: int) -> float:
        if self.ortools_seconds is not None:
            return self.ortools_seconds
        return 1.0 if size <= EXACT_UP_TO else 2.0


def run(instance: Instance, settings: Settings) -> Result:
    problem = our_problem(instance)
    repeat = 3 if instance.size <= EXACT_UP_TO else 1
    ms, plan = best_ms(lambda: solve(problem), repeat)
    outcomes = {"ours": outcome_of_plan(plan, ms)}
    exact_ms, exact_plan = None, None
    if instance.size <= EXACT_UP_TO:
        exact_ms, exact_plan = best_ms(lambda: exact(problem), 1)
    if vroom is not None:
        outcomes["vroom"] = run_vroom(instance)
    if pywrapcp is not None:
        limit = settings.limit(instance.size)
        outcomes["or-all"] = run_ortools(instance, limit, drop=False)
        outcomes["or-drop"] = run_ortools(instance, limit, drop=True)
    if pyvrp is not None:
        outcomes["pyvrp"] = run_pyvrp(instance, settings.limit(instance.size))
    for outcome in outcomes.values():
        audit(instance, outcome)
    n = instance.size
    problems = [f"{TITLES[name]}: {p}" for name, o in outcomes.items() for p in o.problems]
    if exact_plan is not None:
        exact_outcome = outcome_of_plan(exact_plan, exact_ms or 0.0)
        audit(instance, exact_outcome)
        problems += [f"exact(): {p}" for p in exact_outcome.problems]
        if len(exact_plan.starts) != n:
            problems.append(f"exact(): serves {len(exact_plan.starts)} of {n}")
        if plan.exact and exact_plan.travel != plan.travel:
            problems.append(f"solve() proven {plan.travel} s but exact() {exact_plan.travel} s")
    if plan.exact and (exact_plan is None and instance.size <= EXACT_UP_TO):
        problems.append("solve() claims a proven optimum, exact() finds no plan")
    if instance.planted or any(o.served == n for o in outcomes.values()):
        fits = "yes"
    elif (exact_ms is not None and exact_plan is None) or proved_too_full(instance):
        fits = "no"
    else:
        fits = "?"
    return Result(instance, outcomes, plan, exact_ms, exact_plan, fits, problems)


def warm_up() -> None:
    """One small solve by each solver: imports, lazy set-up and caches out of the timings."""
    instance = generate(5, "loose", 0)
    solve(our_problem(instance))
    exact(our_problem(instance))
    if vroom is not None:
        run_vroom(instance)
    if pywrapcp is not None:
        run_ortools(instance, 0.1, drop=True)
    if pyvrp is not None:
        run_pyvrp(instance, 0.1)


# --- printing -------------------------------------------------------------------------

COLUMNS: list[tuple[str, list[tuple[str, int]]]] = [
    ("day", [("n", 3), ("kind", 5), ("seed", 4), ("ends", 4), ("fits", 4)]),
    ("ours", [("srv", 3), ("travel", 7), ("ms", 5), ("proof", 7), ("exact()", 7)]),
    ("VROOM", [("srv", 3), ("travel", 7), ("ms", 5)]),
    ("OR-Tools, all visits", [("srv", 3), ("travel", 7), ("ms", 5), ("found", 5)]),
    ("OR-Tools, drops allowed", [("srv", 3), ("travel", 7), ("ms", 5), ("found", 5)]),
    ("PyVRP", [("srv", 3), ("travel", 7), ("ms", 5)]),
    ("vs best", [("ratio", 6), ("srv", 4)]),
]


def table_line(cells: Sequence[Sequence[str]]) -> str:
    groups = []
    for (_, columns), values in zip(COLUMNS, cells, strict=True):
        groups.append(" ".join(f"{v:>{w}}" for v, (_, w) in zip(values, columns, strict=True)))
    return " | ".join(groups)


def table_head() -> list[str]:
    widths = [sum(w for _, w in columns) + len(columns) - 1 for _, columns in COLUMNS]
    top = " | ".join(f"{title:<{w}}" for (title, _), w in zip(COLUMNS, widths, strict=True))
    return [top, table_line([[label for label, _ in columns] for _, columns in COLUMNS])]


def heading(title: str) -> None:
    print(f"\n== {title} ==")


def minutes(seconds: int) -> str:
    return f"{seconds / MINUTE:.1f}"


def millis(ms: float | None) -> str:
    if ms is None:
        return ""
    return f"{ms:.1f}" if ms < 10 else f"{ms:.0f}"


def solver_cells(outcome: Outcome | None, width: int) -> list[str]:
    if outcome is None:
        return ["", "n/a", "", ""][:width]
    if outcome.order is None:
        return ["-", "none", millis(outcome.ms), ""][:width]
    found = [millis(outcome.found_ms)] if width == 4 else []
    return [str(outcome.served), minutes(outcome.travel), millis(outcome.ms), *found]


def proof(result: Result) -> str:
    if len(result.plan.starts) < result.instance.size:
        return "partial"  # the lower bound is for plans serving every visit
    if result.instance.size <= EXACT_UP_TO:
        return "exact" if result.plan.exact else "heur."
    return f"gap{100 * result.plan.gap:.0f}%"


def row(result: Result) -> str:
    inst, ours = result.instance, result.ours
    ratio, delta = result.ratio(), result.served_delta()
    cells = [
        [str(inst.size), inst.kind, str(inst.seed), f"{inst.day_end // HOUR}h", result.fits],
        [str(ours.served), minutes(ours.travel), millis(ours.ms), proof(result)]
        + [millis(result.exact_ms)],
        solver_cells(result.outcomes.get("vroom"), 3),
        solver_cells(result.outcomes.get("or-all"), 4),
        solver_cells(result.outcomes.get("or-drop"), 4),
        solver_cells(result.outcomes.get("pyvrp"), 3),
        ["" if ratio is None else f"{ratio:.3f}", "" if delta is None else f"{delta:+d}"],
    ]
    return table_line(cells) + ("  !" if result.problems else "")


def print_rows(results: list[Result]) -> None:
    heading("per day (srv = visits served; travel in minutes; ms = CPU time)")
    for line in table_head():
        print(line)
    for result in results:
        print(row(result))
        for problem in result.problems:
            print(f"    ! {problem}")
        for name, outcome in result.outcomes.items():
            if outcome.note:
                print(f"    {TITLES[name]}: {outcome.note}")


def describe_ratios(ratios: list[float]) -> str:
    if not ratios:
        return "no day where both served all"
    return f"mean {statistics.fmean(ratios):.3f}, max {max(ratios):.3f} (n={len(ratios)})"


def print_aggregates(results: list[Result], names: list[str]) -> None:
    heading("per size and kind")
    for size in sorted({r.instance.size for r in results}):
        for kind in KINDS:
            group = [r for r in results if r.instance.size == size and r.instance.kind == kind]
            if not group:
                continue
            every = ", ".join(
                f"{TITLES[name]} {sum(r.outcomes[name].served == size for r in group)}"
                for name in names
            )
            ratios = [x for r in group if (x := r.ratio()) is not None]
            deltas = ", ".join(f"{d:+d}" for r in group if (d := r.served_delta()) is not None)
            times = ", ".join(
                f"{TITLES[name]} {millis(statistics.median(r.outcomes[name].ms for r in group))}"
                for name in names
            )
            fits = ", ".join(r.fits for r in group)
            print(f"{size:>3} {kind:<5} {len(group)} days, a plan serving all exists: {fits}")
            print(f"      served all visits on: {every}")
            print(f"      ours/best travel: {describe_ratios(ratios)}")
            if deltas:
                print(f"      ours served minus the most by another, per day: {deltas}")
            print(f"      median ms: {times}")
            exact_times = [r.exact_ms for r in group if r.exact_ms is not None]
            if exact_times:
                proven = sum(r.plan.exact for r in group)
                print(
                    f"      solve() proven exact on {proven}/{len(group)}; exact() alone "
                    f"median {millis(statistics.median(exact_times))} ms, "
                    f"max {millis(max(exact_times))} ms"
                )


def calibrate() -> tuple[float, float]:
    """Milliseconds of CPU and of wall time for a fixed piece of pure Python: how fast
    the machine is, and how loaded just now."""
    began, wall = clock(), time.perf_counter()
    total = 0
    for step in range(1_000_000):
        total += step
    return (clock() - began) * 1000, (time.perf_counter() - wall) * 1000


def allday_line(group: list[Result]) -> str:
    proven = sum(r.plan.exact for r in group if r.fits == "yes")
    fitting = sum(r.fits == "yes" for r in group)
    slowest = max((r.ours.ms for r in group), default=0.0)
    ok = proven == fitting and slowest < ALLDAY_TARGET_MS
    return (
        f"all-day windows (a travelling-salesman day), up to {ALLDAY_UP_TO} visits: proven "
        f"optimal on {proven}/{fitting}, slowest {millis(slowest)} ms (target proven in "
        f"< {ALLDAY_TARGET_MS:.0f} ms: {verdict(ok if fitting else None)})"
    )


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else "ok" if ok else "MISSED"


def summary_line(size: int, group: list[Result]) -> str:
    feasible = [r for r in group if r.fits == "yes"]
    others = [r for r in group if r.fits != "yes"]
    ours_all = sum(r.ours.served == size for r in feasible)
    slowest = max((r.ours.ms for r in feasible), default=0.0)
    ratios = [x for r in group if (x := r.ratio()) is not None]
    worst = max(ratios, default=None)
    compared = (
        "travel not compared" if worst is None else f"ours/best max {worst:.3f} (n={len(ratios)})"
    )
    text = f"{size:>3}: "
    if size <= EXACT_UP_TO:
        proven = sum(r.plan.exact for r in feasible)
        ok = proven == len(feasible) and slowest < EXACT_TARGET_MS and (worst or 1.0) <= 1.0
        text += (
            f"proven optimal on {proven}/{len(feasible)} days that fit, {compared}, slowest "
            f"{millis(slowest)} ms (target exact optimum in < {EXACT_TARGET_MS:.0f} ms: "
            f"{verdict(ok if feasible else None)})"
        )
    else:
        wide = [x for r in group if r.instance.kind == "wide" and (x := r.ratio()) is not None]
        worst_wide = max(wide, default=None)
        ok = (
            ours_all == len(feasible)
            and slowest < HEURISTIC_TARGET_MS
            and (worst_wide or 1.0) <= HEURISTIC_TARGET_RATIO
        )
        on_wide = "" if worst_wide is None else f", on wide days max {worst_wide:.3f}"
        text += (
            f"all served on {ours_all}/{len(feasible)} days that fit, {compared}{on_wide}, "
            f"slowest {millis(slowest)} ms (target all served, <= {HEURISTIC_TARGET_RATIO:.2f}x "
            f"on wide days, < {HEURISTIC_TARGET_MS:.0f} ms: {verdict(ok if feasible else None)})"
        )
    if others:
        deltas = " ".join(f"{d:+d}" for r in others if (d := r.served_delta()) is not None)
        proved = sum(r.fits == "no" for r in others)
        slow = millis(max(r.ours.ms for r in others))
        text += (
            f"; {len(others)} over-subscribed ({proved} proved"
            f"{', the rest unknown' if proved < len(others) else ''}): served vs "
            f"the most by another {deltas or '-'}, slowest {slow} ms"
        )
    broken = sum(bool(r.problems) for r in group)
    return text + (f"; {broken} day(s) flagged !" if broken else "")


# --- main -----------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> Settings:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[8, 12, 20, 40])
    parser.add_argument("--seeds", type=int, default=3, help="days per size and kind (3)")
    parser.add_argument(
        "--ortools-seconds", type=float, help="OR-Tools time limit (1 s up to 12 visits, else 2)"
    )
    parser.add_argument("--quick", action="store_true", help="one seed, OR-Tools 0.5 s")
    parser.add_argument(
        "--sets",
        nargs="+",
        choices=["main", "rush", "groups"],
        default=["main", "rush", "groups"],
        help="main: against the other solvers; rush: rush hours; groups: sub-groups",
    )
    args = parser.parse_args(argv)
    if args.seeds < 1 or any(size < 1 for size in args.sizes):
        parser.error("need --seeds >= 1 and sizes >= 1")
    if args.quick:
        return Settings(args.sizes, 1, args.ortools_seconds or 0.5, tuple(args.sets))
    return Settings(args.sizes, args.seeds, args.ortools_seconds, tuple(args.sets))


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse_args(argv)
    began = time.perf_counter()
    print(f"python {sys.version.split()[0]}; tripplan {tripplan.__version__}")
    names = ["ours"]
    for package, available, keys in (
        ("pyvroom", vroom is not None, ["vroom"]),
        ("ortools", pywrapcp is not None, ["or-all", "or-drop"]),
        ("pyvrp", pyvrp is not None, ["pyvrp"]),
    ):
        if available:
            print(f"{package} {importlib.metadata.version(package)}")
            names += keys
        else:
            print(f"{package} not installed: skipped (pip install -e '.[bench]')")
    limits = ", ".join(f"n={size}: {settings.limit(size):g} s" for size in settings.sizes)
    print(f"{settings.seeds} seed(s) per size and kind ({', '.join(KINDS)})")
    if pywrapcp is not None:
        print(f"OR-Tools time limit {limits}")
    warm_up()
    cpu, wall = calibrate()
    print(
        f"machine: a million-step Python loop takes {cpu:.0f} ms of CPU, {wall:.0f} ms of wall "
        "time (the load); times below are CPU"
    )
    if "main" in settings.sets:
        results = [
            run(generate(size, kind, seed), settings)
            for size in settings.sizes
            for kind in KINDS
            if kind != "allday" or size <= ALLDAY_UP_TO
            for seed in range(1, settings.seeds + 1)
        ]
        print_rows(results)
        print_aggregates(results, names)
        heading("summary (ours; ratio against the best of the others where both served all)")
        for size in settings.sizes:
            print(summary_line(size, [r for r in results if r.instance.size == size]))
        allday = [r for r in results if r.instance.kind == "allday"]
        if allday:
            print(allday_line(allday))
    if "rush" in settings.sets:
        import sequence_sets

        sequence_sets.print_timed(tuple(settings.sizes_timed()), settings.seeds)
    if "groups" in settings.sets:
        import sequence_sets

        sequence_sets.print_groups(settings.seeds)
    print(f"(benchmark took {time.perf_counter() - began:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
