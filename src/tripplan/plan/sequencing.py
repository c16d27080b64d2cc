"""Choosing when flexible events happen: the order and start times that travel least.

Pure and small-typed on purpose: times are whole seconds since the epoch, places are
indexes into a travel-time matrix, people are indexes. `placing.py` turns a day of an
itinerary into a `DayProblem` and the `Plan` back into start times.

A flexible event (a `Visit`) occupies every one of its attendees, who may each have
fixed events of their own around it; everyone starts the day at the previous night's
hotel and ends it at the next one. The objective is the total travel time of the day,
a move made together counting once; ties go to the plan whose visits finish earlier,
then to the one with more slack (how far its tightest visit could slip).

Up to `EXACT_UP_TO` visits the search is exact: a labelling dynamic programme over
(visits done, where everyone was last) keeping every label that no other beats on
travel, readiness of each person and slack, pruned by a feasibility test (an unvisited
visit whose window someone can no longer reach) and by a lower bound against the best
plan the heuristic found first. Beyond that, or when the labels outgrow a budget, the
heuristic answers, with the gap to a lower bound reported: several natural orders placed
greedily, then, when the delegation moves together (the usual day), the route search
of `route_search.py`, else local moves over the order of visits. Its effort is counted
in work done, not seconds, so the same day always gets the same plan.

The parts: `problem` (the types), `labels` (the step every search shares), `walks`
(placing in a given order), `exact` (the labelling searches), `order_search` and
`route_search` (the heuristics); this module chooses among them.

Travel may depend on the hour (`problem.Roads`); it is FIFO (leaving later never arrives
earlier), so a label free earlier is still at least as good but for what leaving into a
rush hour may cost, which FIFO bounds (`DaySearch.extra`). Plans keep nobody waiting to
dodge traffic: each visit starts as soon as its people can be there or its window opens.
"""

from __future__ import annotations

from collections.abc import Sequence

from tripplan.plan.exact import exact_apart, exact_together
from tripplan.plan.labels import DaySearch, Label
from tripplan.plan.order_search import improve_order
from tripplan.plan.problem import DayProblem, Fixed, Person, Plan, Visit
from tripplan.plan.route_search import RouteSearch
from tripplan.plan.walks import Apart, Together, Walk, evaluate

__all__ = ["DayProblem", "Fixed", "Person", "Plan", "Visit", "exact", "placed_in_order", "solve"]

EXACT_UP_TO = 12
HEURISTIC_BUDGET = 400_000  # moves priced by the route search (~0.5 s here)
# The general walk places a visit in ~10 us where the route search prices a move in ~1.
WALK_SHARE = 10


def solve(problem: DayProblem, *, exact_up_to: int = EXACT_UP_TO, budget: int = 0) -> Plan:
    """The best plan for the day's visits (see the module docstring).

    `budget` bounds the heuristic (visits placed while trying orders; 0: the default for
    the day's size); the exact search has a label budget of its own, and answers with the
    heuristic's plan (not proven) when it runs out.
    """
    budget = budget or HEURISTIC_BUDGET
    day = DaySearch(problem)
    into_visit, rest = day.arrival_bounds()
    lower = sum(into_visit) + rest
    best = _heuristic(day, budget, into_visit)
    if day.n <= exact_up_to:
        together = Together.of(day)
        proven = exact_together(day, together, best) if together else exact_apart(day, best)
        if proven is not None:
            return day.plan(proven, exact=True, lower=0)
    return day.plan(best, exact=False, lower=lower)


def exact(problem: DayProblem, *, general: bool = False) -> Plan | None:
    """The exact search alone, from no incumbent: the optimum, or None if nothing fits all.

    `general` uses the search for people moving apart even when they move together.
    """
    day = DaySearch(problem)
    together = None if general else Together.of(day)
    if together is not None:
        proven = exact_together(day, together, day.start(), budget=None)
    else:
        proven = exact_apart(day, day.start(), budget=None)
    return None if proven is None else day.plan(proven, exact=True, lower=0)


def placed_in_order(problem: DayProblem, order: Sequence[int]) -> Plan:
    """The visits placed one after another in `order`, each as early as it fits."""
    day = DaySearch(problem)
    into_visit, rest = day.arrival_bounds()
    label, _ = evaluate(day, order)
    return day.plan(label, exact=False, lower=sum(into_visit) + rest)


def _heuristic(day: DaySearch, budget: int, cheapest: list[int]) -> Label:
    """Several natural orders placed greedily, the best improved by local moves.

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
        search = RouteSearch(day.p, walk.person, day.low)
        starts = day.starts(label)
        if search.fits(starts):
            better = search.improve(starts, budget, shake=day.n > EXACT_UP_TO)
            rerouted = day.label_for(better)
            if rerouted is not None and day.score(rerouted, day.n - len(better)) < day.score(
                label, missed
            ):
                return rerouted
            return label
    order = improve_order(walk, cheapest, order, budget // WALK_SHARE, perturb=day.n > EXACT_UP_TO)
    label, _ = evaluate(day, order)
    return label
