"""Local search over one route: the day of a delegation that moves together.

When everyone the flexible events involve goes everywhere together, the day is one
route: the hotel, the fixed events (each at its own time) and the visits, in the order
they happen. Improving it is a classic vehicle-routing local search, made fast with
segment summaries (Vidal et al. 2013): any stretch of the route is summed up by how
long it lasts, how early and how late it can begin, and whether it can be done at all,
and two stretches combine in constant time. So each move (a visit or a run of visits
moved, two visits swapped, a run reversed, a left-out visit put in) is judged without
walking the route; only improvements are walked, with start times rounded as placed.

When travel depends on the hour the summaries use each move's least time (so they
only rule out what cannot fit), moves are priced at the departures of the current
route, and every candidate is walked with the real times before it is taken.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from tripplan.plan.problem import NEVER, DayProblem, Person

FAR = 2**60  # a time bound that never binds


@dataclass(frozen=True, slots=True)
class _Node:
    visit: int  # visit index, or -1 for a fixed event, the start or the end
    enter: int | None  # place where it begins
    leave: int | None  # place where it ends
    duration: int
    earliest: int  # earliest start
    latest: int  # latest start


# A stretch of route: (first place, last place, begins at a fixed event, ends at one,
# length D, time warp W (0: feasible), start window [E, L], travel). Between two fixed
# events nothing is added: whether that transfer can be made is check's business
# (travel-infeasible), and no visit order changes it. A plain tuple, read by index: the
# join below is the hottest code here, and a named tuple's constructor doubles its cost.
_Stretch = tuple[int | None, int | None, bool, bool, int, int, int, int, int]
_WARP, _TRAVEL = 5, 8


class RouteSearch:
    def __init__(
        self, problem: DayProblem, person: Person, low: list[list[int]] | None = None
    ) -> None:
        self.p = problem
        fixed = [
            _Node(-1, f.arrive, f.leave, f.end - f.start, f.start, f.start) for f in person.fixed
        ]
        self.start = _Node(-1, None, person.home, 0, -FAR, FAR)
        self.end = _Node(-1, person.night, None, 0, -FAR, FAR)
        self.fixed = fixed
        self.visits = [
            _Node(v, x.place, x.place, x.duration, x.open, x.close - x.duration)
            for v, x in enumerate(problem.visits)
        ]
        self.checks = 0
        self.single: dict[int, _Stretch] = {}
        for node in (self.start, self.end, *self.fixed, *self.visits):
            pinned = node.visit < 0
            self.single[id(node)] = (
                node.enter,
                node.leave,
                pinned,
                pinned,
                node.duration,
                0,
                node.earliest,
                node.latest,
                0,
            )
        # problem.move as a table (its least times), read inline by _join (the hottest
        # code here).
        size = len(problem.travel)
        self.road = low or [
            [0 if a == b else problem.travel[a][b] for b in range(size)] for a in range(size)
        ]

    # --- distances and stretches -------------------------------------------------------

    def _road(self, a: int | None, b: int | None) -> int:
        return 0 if a is None or b is None else self.road[a][b]

    def _one(self, node: _Node) -> _Stretch:
        return self.single[id(node)]

    def _join(self, a: _Stretch | None, b: _Stretch | None) -> _Stretch | None:
        if a is None:
            return b
        if b is None:
            return a
        a_first, here, a_first_fixed, a_last_fixed, a_length, a_warp, a_early, a_late, a_road = a
        there, b_last, b_first_fixed, b_last_fixed, b_length, b_warp, b_early, b_late, b_road = b
        road = 0 if here is None or there is None else self.road[here][there]
        gap = 0 if (a_last_fixed and b_first_fixed) or not road else road + self.p.buffer
        delta = a_length - a_warp + gap
        wait = b_early - delta - a_late
        wait = wait if wait > 0 else 0
        warp = a_early + delta - b_late
        warp = warp if warp > 0 else 0
        return (
            a_first,
            b_last,
            a_first_fixed,
            b_last_fixed,
            a_length + b_length + gap + wait,
            a_warp + b_warp + warp,
            (b_early - delta if b_early - delta > a_early else a_early) - wait,
            (b_late - delta if b_late - delta < a_late else a_late) + warp,
            a_road + b_road + road,
        )

    # --- walking a route with the real rules -------------------------------------------

    def walk(self, route: Sequence[_Node]) -> dict[int, int] | None:
        """Each visit's start, as the placing rules give it; None if the route cannot be."""
        walked = self.timed_walk(route)
        return None if walked is None else walked[0]

    def timed_walk(self, route: Sequence[_Node]) -> tuple[dict[int, int], int, list[int]] | None:
        """Each visit's start, the route's travel and when each node ends (NEVER for the
        start); None if the route cannot be."""
        grain, p = self.p.grain, self.p
        clock, here, after_fixed = NEVER, route[0].leave, False
        starts, ends, travel = {}, [NEVER], 0
        for node in route[1:-1]:
            fixed = node.visit < 0
            if clock == NEVER:
                arrival = NEVER
            elif fixed and after_fixed:
                arrival = clock
            else:
                arrival = p.reach(here, node.enter, clock)
            if fixed:
                if arrival > node.earliest:
                    return None
                start = node.earliest
                clock = node.earliest + node.duration
            else:
                start = node.earliest if arrival <= node.earliest else -(-arrival // grain) * grain
                if start > node.latest:
                    return None
                starts[node.visit] = start
                clock = start + node.duration
            depart = ends[-1] if ends[-1] != NEVER else p.leave_by(here, node.enter, start)
            travel += p.move(here, node.enter, depart)
            here, after_fixed = node.leave, fixed
            ends.append(clock)
        travel += p.move(here, route[-1].enter, clock)
        ends.append(clock)
        return starts, travel, ends

    def travel(self, route: Sequence[_Node]) -> int:
        walked = self.timed_walk(route)
        assert walked is not None
        return walked[1]

    # --- the search --------------------------------------------------------------------

    def route_of(self, starts: dict[int, int]) -> list[_Node]:
        timed = [(f.earliest, 0, f) for f in self.fixed]
        timed += [(s, 1, self.visits[v]) for v, s in starts.items()]
        timed.sort(key=lambda item: (item[0], item[1], item[2].visit))
        return [self.start, *(node for _, _, node in timed), self.end]

    def fits(self, starts: dict[int, int]) -> bool:
        """Whether these starts make a route (the fixed events alone may not: a double
        booking or a transfer too short, which `check` reports)."""
        return self.walk(self.route_of(starts)) is not None

    def improve(self, starts: dict[int, int], budget: int, *, shake: bool) -> dict[int, int]:
        """A plan at least as good as `starts` (more visits, then less travel).

        Descends to a local optimum; with `shake`, then ruins and recreates (strings of
        visits taken out and put back where they cost least, worse plans accepted now
        and then, less and less), descending again from each new best.
        """
        route = self.route_of(starts)
        best = (len(self.visits) - len(starts), self.travel(route), route)
        best = self._descent(best, budget)
        if shake:
            best = self._ruin_and_recreate(best, budget)
        found = self.walk(best[2])
        assert found is not None
        return found

    def _descent(
        self, current: tuple[int, int, list[_Node]], budget: int
    ) -> tuple[int, int, list[_Node]]:
        while self.checks < budget:
            better = self._descend(current, budget)
            if better is None:
                break
            current = better
        return current

    def _descend(
        self, current: tuple[int, int, list[_Node]], budget: int
    ) -> tuple[int, int, list[_Node]] | None:
        """The first improving move from `current` that the real rules accept.

        Each move is priced first from the few legs it changes; only a cheaper one is
        checked for time with the stretches, and only a feasible one walked.
        """
        missing, cost, route = current
        n = len(route)
        walked = self.timed_walk(route)
        assert walked is not None
        ends = walked[2]
        t = [[self.p.move(a.leave, b.enter, ends[i]) for b in route] for i, a in enumerate(route)]
        table = _Table(self, route)
        ahead, suffix, back = table.ahead, table.suffix, table.back

        def whole(*parts: _Stretch | None) -> _Stretch | None:
            joined = None
            for part in parts:
                joined = self._join(joined, part)
            return joined

        def accept(candidate: list[_Node], missing: int) -> tuple[int, int, list[_Node]] | None:
            walked = self.timed_walk(candidate)
            if walked is None:
                return None
            better = (missing, walked[1])
            # Priced at the current route's departures: with hours that matter, check.
            return (missing, walked[1], candidate) if better < current[:2] else None

        placed = {node.visit for node in route if node.visit >= 0}
        # Put in a visit left out: the cheapest place that works.
        for node in self.visits:
            if node.visit in placed:
                continue
            options = []
            for k in range(n - 1):
                self.checks += 1
                joined = whole(ahead(0, k), self._one(node), suffix(k + 1))
                if joined is not None and joined[_WARP] == 0:
                    options.append((joined[_TRAVEL], k))
            for _, k in sorted(options):
                found = accept([*route[: k + 1], node, *route[k + 1 :]], missing - 1)
                if found is not None:
                    return found
        # Move a run of 1 to 3 visits elsewhere.
        for size in (1, 2, 3):
            for i in range(1, n - size):
                j = i + size - 1
                if any(route[x].visit < 0 for x in range(i, j + 1)):
                    continue
                saved = t[i - 1][i] + t[j][j + 1] - t[i - 1][j + 1]
                for k in range(0, n - 1):
                    if i - 1 <= k <= j:
                        continue
                    self.checks += 1
                    if t[k][i] + t[j][k + 1] - t[k][k + 1] >= saved:
                        continue
                    if self.checks >= budget:
                        return None
                    if k < i:
                        joined = whole(ahead(0, k), ahead(i, j), ahead(k + 1, i - 1), suffix(j + 1))
                    else:
                        joined = whole(ahead(0, i - 1), ahead(j + 1, k), ahead(i, j), suffix(k + 1))
                    if joined is None or joined[_WARP]:
                        continue
                    moved = route[:i] + route[j + 1 :]
                    at = k + 1 if k < i else k + 1 - size
                    found = accept(moved[:at] + route[i : j + 1] + moved[at:], missing)
                    if found is not None:
                        return found
        # Reverse a run; swap two visits.
        forward, backward = [0], [0]
        for x in range(n - 1):
            forward.append(forward[-1] + t[x][x + 1])
            backward.append(backward[-1] + t[x + 1][x])
        for i in range(1, n - 1):
            for j in range(i + 1, n - 1):
                self.checks += 1
                if self.checks >= budget:
                    return None
                if table.reversible(i, j):
                    before = t[i - 1][i] + t[j][j + 1] + forward[j] - forward[i]
                    after = t[i - 1][j] + t[i][j + 1] + backward[j] - backward[i]
                    if after < before:
                        joined = whole(ahead(0, i - 1), back(i, j), suffix(j + 1))
                        if joined is not None and not joined[_WARP]:
                            candidate = route[:i] + route[i : j + 1][::-1] + route[j + 1 :]
                            found = accept(candidate, missing)
                            if found is not None:
                                return found
                if route[i].visit < 0 or route[j].visit < 0:
                    continue
                if j == i + 1:
                    before = t[i - 1][i] + t[i][j] + t[j][j + 1]
                    after = t[i - 1][j] + t[j][i] + t[i][j + 1]
                else:
                    before = t[i - 1][i] + t[i][i + 1] + t[j - 1][j] + t[j][j + 1]
                    after = t[i - 1][j] + t[j][i + 1] + t[j - 1][i] + t[i][j + 1]
                if after >= before:
                    continue
                joined = whole(
                    ahead(0, i - 1),
                    self._one(route[j]),
                    ahead(i + 1, j - 1),
                    self._one(route[i]),
                    suffix(j + 1),
                )
                if joined is not None and not joined[_WARP]:
                    candidate = route[:]
                    candidate[i], candidate[j] = candidate[j], candidate[i]
                    found = accept(candidate, missing)
                    if found is not None:
                        return found
        return None

    def _ruin_and_recreate(
        self, best: tuple[int, int, list[_Node]], budget: int
    ) -> tuple[int, int, list[_Node]]:
        """Large neighbourhood search with strings taken out (after SISR, Christiaens and
        Vanden Berghe 2020) and simulated annealing on what is kept; seeded, so the
        same day always gives the same plan."""
        dice = random.Random(20250225)
        current = best
        rounds = max(1, (budget - self.checks) // (40 * len(self.visits) + 1))
        hot, cold = 0.02 * max(best[1], 1), 0.0005 * max(best[1], 1)
        for round_ in range(rounds):
            if self.checks >= budget:
                break
            heat = hot * (cold / hot) ** (round_ / rounds)
            candidate = self._recreate(*self._ruin(current, dice), dice)
            if candidate is None:
                continue
            if candidate[0] < current[0] or (
                candidate[0] == current[0]
                and candidate[1] < current[1] - heat * math.log(1 - dice.random())
            ):
                current = candidate
                if current[:2] < best[:2]:
                    best = current = self._descent(current, budget)
        return best

    def _ruin(
        self, current: tuple[int, int, list[_Node]], dice: random.Random
    ) -> tuple[list[_Node], list[_Node], int]:
        """The route without one or two strings of consecutive visits; the visits to put
        back (those and any left out); how many are out."""
        route = list(current[2])
        taken: list[_Node] = []
        for _ in range(dice.choice((1, 1, 2))):
            visits = [i for i, node in enumerate(route) if node.visit >= 0]
            if not visits:
                break
            length = dice.randint(1, max(1, min(8, len(self.visits) // 4)))
            i = dice.choice(visits)
            j = i
            while j + 1 < len(route) - 1 and route[j + 1].visit >= 0 and j - i + 1 < length:
                j += 1
            taken += route[i : j + 1]
            del route[i : j + 1]
        missing = current[0] + len(taken)
        # Visits left out so far get their chance again, among those taken out.
        routed = {node.visit for node in current[2]}
        taken += [node for node in self.visits if node.visit not in routed]
        return route, taken, missing

    def _recreate(
        self, route: list[_Node], taken: list[_Node], missing: int, dice: random.Random
    ) -> tuple[int, int, list[_Node]] | None:
        """Each visit taken out put back where it costs least and still fits."""
        dice.shuffle(taken)
        if dice.random() < 0.5:
            taken.sort(key=lambda node: node.latest)
        for node in taken:
            n = len(route)
            ahead: list[_Stretch | None] = [self._one(route[0])]
            for k in range(1, n):
                ahead.append(self._join(ahead[-1], self._one(route[k])))
            behind: list[_Stretch | None] = [None] * n
            behind[n - 1] = self._one(route[n - 1])
            for k in range(n - 2, -1, -1):
                behind[k] = self._join(self._one(route[k]), behind[k + 1])
            one = self._one(node)
            options = []
            for k in range(n - 1):
                self.checks += 1
                a, b = route[k], route[k + 1]
                extra = (
                    self._road(a.leave, node.enter)
                    + self._road(node.leave, b.enter)
                    - self._road(a.leave, b.enter)
                )
                joined = self._join(self._join(ahead[k], one), behind[k + 1])
                if joined is not None and not joined[_WARP]:
                    options.append((extra, k))
            if options:
                _, k = min(options)
                route = [*route[: k + 1], node, *route[k + 1 :]]
                missing -= 1
        walked = self.timed_walk(route)
        if walked is None:
            return None  # fits on paper, not once starts are rounded
        return (missing, walked[1], route)


class _Table:
    """Stretches of one route, worked out only when a move asks for them."""

    def __init__(self, search: RouteSearch, route: list[_Node]) -> None:
        self.search, self.route = search, route
        one = search._one
        self.rows: dict[int, list[_Stretch]] = {}
        self.back_rows: dict[int, list[_Stretch]] = {}
        ends: list[_Stretch] = [one(route[-1])]
        for node in reversed(route[:-1]):
            joined = search._join(one(node), ends[-1])
            assert joined is not None
            ends.append(joined)
        self.ends = ends[::-1]
        # Runs of visits: a reversal may include one fixed event at its start, never two.
        self.run_end = [0] * len(route)
        for i in range(len(route) - 1, -1, -1):
            following = i + 1 < len(route) and route[i + 1].visit >= 0
            self.run_end[i] = self.run_end[i + 1] if following else i

    def ahead(self, i: int, j: int) -> _Stretch | None:
        """route[i..j] (None when empty)."""
        if i > j:
            return None
        row = self.rows.get(i)
        if row is None:
            row = self.rows[i] = [self.search._one(self.route[i])]
        while len(row) <= j - i:
            joined = self.search._join(row[-1], self.search._one(self.route[i + len(row)]))
            assert joined is not None
            row.append(joined)
        return row[j - i]

    def suffix(self, i: int) -> _Stretch:
        return self.ends[i]

    def reversible(self, i: int, j: int) -> bool:
        return j <= self.run_end[i] if i + 1 <= j else False

    def back(self, i: int, j: int) -> _Stretch | None:
        """route[j], route[j-1], ..., route[i]."""
        row = self.back_rows.get(i)
        if row is None:
            row = self.back_rows[i] = [self.search._one(self.route[i])]
        while len(row) <= j - i:
            joined = self.search._join(self.search._one(self.route[i + len(row)]), row[-1])
            assert joined is not None
            row.append(joined)
        return row[j - i]
