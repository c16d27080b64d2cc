"""Choosing when flexible events happen: the order and start times that travel least.

Pure and small-typed on purpose: times are whole seconds since the epoch, places are
indexes into a travel-time matrix, people are indexes. `placing.py` turns a day of an
itinerary into a `DayProblem` and the `Plan` back into start times.

A flexible event (a `Visit`) occupies every one of its attendees, who may each have
fixed events of their own around it; everyone starts the day at the previous night's
hotel and ends it at the next one. Travel may depend on the hour (`problem.Roads`); it
is FIFO (leaving later never arrives earlier), and each visit starts as soon as its
people can be there or its window opens: nobody is kept waiting to dodge traffic. Plans
are compared on, in turn: visits placed; moves that keep the trip's buffer (wanted
between two places, dropped only where nothing else fits); the total travel of the
day, a move made together counting once; then when the visits finish, and how far the
tightest could slip.

The day is first split into the parts that never meet (`parts`), each solved alone.
A part is solved keeping the buffer on every move; only if that leaves a visit out, the
buffer is made a wish (a soft search counting the moves short of it), and the plan is
then re-timed (`retime`) so that the tightest move gets the most time to spare. Up to
`EXACT_UP_TO` visits the search is exact: the Held-Karp tour of `tour` when no window's
opening binds, else a labelling dynamic programme over (visits done, where everyone was
last) keeping every label that no other beats (`exact`), pruned by a reachability test
and by a lower bound against a quick first plan. Beyond that, or when the labels outgrow
a budget, the heuristic answers, with the gap to a lower bound reported: several natural
orders placed greedily, then, when the delegation moves together (the usual day), the
route search of `route_search.py`, else local moves over the order of visits. Its effort
is counted in work done, not seconds, so the same day always gets the same plan.

The parts: `problem` (the types), `labels` (the step every search shares), `walks`
(placing in a given order), `exact` (the labelling searches), `tour` (the tour
programme), `order_search` and `route_search` (the heuristics), `parts` (splitting a
day), `retime` (spare time where the buffer cannot be kept), `tally` (a plan's travel
and spare times); this module chooses among them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from tripplan.plan.exact import exact_apart, exact_together
from tripplan.plan.labels import DaySearch, Label
from tripplan.plan.order_search import improve_order
from tripplan.plan.parts import Part, combined, parts
from tripplan.plan.problem import DayProblem, Fixed, Person, Plan, Visit
from tripplan.plan.retime import later_from_the_hotel, retimed
from tripplan.plan.route_search import RouteSearch
from tripplan.plan.tour import TOUR_UP_TO, tour
from tripplan.plan.walks import Apart, Together, Walk, evaluate

__all__ = ["DayProblem", "Fixed", "Person", "Plan", "Visit", "exact", "placed_in_order", "solve"]

EXACT_UP_TO = 12
HEURISTIC_BUDGET = 800_000  # moves priced by the route search (~0.6 s of CPU at 40 visits)
# The general walk places a visit in ~10 us where the route search prices a move in ~1.
WALK_SHARE = 10


def solve(problem: DayProblem, *, exact_up_to: int = EXACT_UP_TO, budget: int = 0) -> Plan:
    """The best plan for the day's visits (see the module docstring).

    `budget` bounds the heuristic (visits placed while trying orders; 0: the default for
    the day's size); the exact search has a label budget of its own, and answers with the
    heuristic's plan (not proven) when it runs out.
    """
    pieces = parts(problem)
    if len(pieces) > 1:
        # Sub-groups that never meet: each its own day, sharing out the heuristic's budget.
        total, n = budget or HEURISTIC_BUDGET, len(problem.visits)
        solved = [
            (part, solve(part.problem, exact_up_to=exact_up_to, budget=_share(total, part, n)))
            for part in pieces
        ]
        return combined(problem, solved)
    plan = _solve(DaySearch(problem), exact_up_to, budget or HEURISTIC_BUDGET)
    if len(plan.starts) < len(problem.visits) and problem.buffer:
        # Not everything fits with the buffer on every move: keep it on as many as can.
        soft = _solve(DaySearch(problem, soft=True), exact_up_to, budget or HEURISTIC_BUDGET)
        if _rank(soft, problem) < _rank(plan, problem):
            plan = soft
    plan, floors = later_from_the_hotel(problem, plan)
    return retimed(problem, plan, floors) if plan.tight else plan


def _share(budget: int, part: Part, n: int) -> int:
    return max(1, budget * len(part.visits) // max(1, n))


def _rank(plan: Plan, problem: DayProblem) -> tuple[int, int, int]:
    return (len(problem.visits) - len(plan.starts), plan.tight, plan.travel)


def _solve(day: DaySearch, exact_up_to: int, budget: int) -> Plan:
    into_visit, rest = day.arrival_bounds()
    lower = sum(into_visit) + rest
    toured = tour(day) if day.n <= TOUR_UP_TO else None
    if toured is not None:
        return toured
    if day.n <= exact_up_to:
        # The exact search prunes against a plan found first: a quick one will do, and
        # the heuristic's full effort is spent only if the search runs out of budget.
        quick = _heuristic(day, budget, into_visit, quick=True)
        together = Together.of(day)
        proven = exact_together(day, together, quick) if together else exact_apart(day, quick)
        if proven is not None:
            return day.plan(proven, exact=True, lower=0)
    best = _heuristic(day, budget, into_visit)
    return day.plan(best, exact=False, lower=lower)


def exact(problem: DayProblem, *, general: bool = False) -> Plan | None:
    """The exact search alone, from no incumbent: the optimum, or None if nothing fits all
    (with the buffer kept where it can be, as `solve` does, but not re-timed).

    `general` uses the search for people moving apart even when they move together.
    """
    for soft in (False, True) if problem.buffer else (False,):
        day = DaySearch(problem, soft=soft)
        together = None if general else Together.of(day)
        if together is not None:
            proven = exact_together(day, together, day.start(), budget=None)
        else:
            proven = exact_apart(day, day.start(), budget=None)
        if proven is not None:
            return day.plan(proven, exact=True, lower=0)
    return None


def placed_in_order(problem: DayProblem, order: Sequence[int]) -> Plan:
    """The visits placed one after another in `order`, each as early as it fits (keeping
    the buffer where it can)."""
    best: Plan | None = None
    for soft in (False, True) if problem.buffer else (False,):
        day = DaySearch(problem, soft=soft)
        into_visit, rest = day.arrival_bounds()
        label, _ = evaluate(day, order)
        plan = day.plan(label, exact=False, lower=sum(into_visit) + rest)
        if best is None or _rank(plan, problem) < _rank(best, problem):
            best = plan
        if len(plan.starts) == len(problem.visits):
            break
    assert best is not None
    return best


def _heuristic(day: DaySearch, budget: int, cheapest: list[int], *, quick: bool = False) -> Label:
    """Several natural orders placed greedily, the best improved by local moves (with
    `quick`, only by the route search's descent when everyone moves together).

    `cheapest` is the cheapest arrival at each visit (a bound the search prunes with).
    `budget` counts work, not time (moves priced by the route search; a tenth of it in
    visits placed by the general walk), so the result does not depend on the machine's
    speed: the same file always gives the same plan.
    """
    visits = day.p.visits
    if day.n == 0:
        return day.start()
    everyone = range(day.n)
    orders = [
        sorted(everyone, key=lambda v: (visits[v].close - visits[v].duration, visits[v].open, v)),
        sorted(everyone, key=lambda v: (visits[v].open, visits[v].close, v)),
        sorted(everyone, key=lambda v: (visits[v].open + visits[v].close, v)),
        list(everyone),
    ]
    walk: Walk = Together.of(day) or Apart(day)
    order = min(orders, key=lambda order: walk.score(walk.run(order)[-1]))
    if isinstance(walk, Together):
        # One route for everyone: a vehicle-routing search that can also say "after that
        # fixed event, not before", pricing each move in constant time.
        label, missed = evaluate(day, order)
        # A soft search drops the buffer wherever it must: the route with none at all
        # serves the most visits, and re-timing gives the buffer back where it can.
        roads = replace(day.p, buffer=0) if day.soft else day.p
        search = RouteSearch(roads, walk.person, day.low)
        starts = day.starts(label)
        if search.fits(starts):
            better = search.improve(starts, budget, shake=day.n > EXACT_UP_TO)
            rerouted = day.label_for(better)
            if rerouted is not None and day.score(rerouted, day.n - len(better)) < day.score(
                label, missed
            ):
                return rerouted
            return label
    if quick:
        return evaluate(day, order)[0]
    order = improve_order(walk, cheapest, order, budget // WALK_SHARE, perturb=day.n > EXACT_UP_TO)
    label, _ = evaluate(day, order)
    return label
