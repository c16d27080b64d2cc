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

Exactness has one limit: when visits of different sub-groups share a move between two
fixed events, the search may count that move once per sub-group (the plan's reported
travel counts it once).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

EXACT_UP_TO = 12
# Labels created before the exact search gives way to the heuristic (about a second
# here): the search for a delegation together makes a label in ~10 us; the general one
# takes ~25 us per person in the day, so its budget counts labels times people.
LABEL_BUDGET = 80_000
GENERAL_LABEL_BUDGET = 50_000
HEURISTIC_BUDGET = 400_000  # moves priced by the route search (~0.5 s here)
# The general walk places a visit in ~10 us where the route search prices a move in ~1.
WALK_SHARE = 10
NEVER = -(2**62)  # "no constraint yet": the day's start at the hotel
ENDLESS = 2**62


@dataclass(frozen=True, slots=True)
class Fixed:
    """An event of one person that cannot move (it may be shared by several people)."""

    key: int  # the same for everyone attending it
    start: int
    end: int
    arrive: int | None  # place index where it starts (None: not located)
    leave: int | None  # where it ends (a journey ends elsewhere)


@dataclass(frozen=True, slots=True)
class Visit:
    """A flexible event: `duration` somewhere inside [open, close] at `place`."""

    open: int
    close: int
    duration: int
    place: int | None
    people: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Person:
    fixed: tuple[Fixed, ...]  # in time order, cancelled ones left out
    home: int | None = None  # where the day starts (the previous night's hotel)
    night: int | None = None  # where it ends (tonight's hotel)


@dataclass(frozen=True, slots=True)
class DayProblem:
    people: tuple[Person, ...]
    visits: tuple[Visit, ...]
    travel: Sequence[Sequence[int]]  # seconds from place i to place j
    buffer: int = 0  # wanted between two events at different places
    grain: int = 1  # starts chosen after an arrival are rounded up to a multiple of this

    def move(self, a: int | None, b: int | None) -> int:
        """Seconds from place a to place b; 0 to stay, or where a place is not known."""
        if a is None or b is None or a == b:
            return 0
        return self.travel[a][b]

    def pause(self, a: int | None, b: int | None) -> int:
        """Travel plus the buffer, for a move between different places."""
        if a is None or b is None or a == b:
            return 0
        return self.travel[a][b] + self.buffer


@dataclass(frozen=True, slots=True)
class Plan:
    starts: dict[int, int]  # visit index -> start; visits that cannot fit are absent
    travel: int  # seconds on the road over the whole day, a shared move once
    finish: int  # when the last visit ends
    slack: int  # how far the tightest visit could slip
    exact: bool  # proven optimal
    lower_bound: int  # no plan placing every visit travels less (= `travel` when exact)
    order: tuple[int, ...] = field(default=())  # visits in the order they happen

    @property
    def gap(self) -> float:
        """How far above the lower bound, as a fraction of the plan's travel."""
        return 0.0 if self.travel <= 0 else max(0, self.travel - self.lower_bound) / self.travel


# A label: everyone's position after a set of visits, and what it cost to get there.
# tokens[p] is the last visit of person p (-1: none yet), k[p] how many fixed events of
# theirs come before their next move, times[p] when they are free.
@dataclass(slots=True)
class _Label:
    done: int  # bit set of visits placed
    tokens: tuple[int, ...]
    ks: tuple[int, ...]
    times: tuple[int, ...]
    cost: int
    finish: int
    slack: int
    parent: _Label | None
    visit: int
    start: int


class _Day:
    """The problem with what every search step needs precomputed."""

    def __init__(self, problem: DayProblem) -> None:
        self.p = problem
        self.n = len(problem.visits)
        self.fixed_base = 0
        keys = {f.key for person in problem.people for f in person.fixed}
        self.visit_base = max(keys, default=-1) + 1
        self.home_base = self.visit_base + self.n
        self.stride = self.home_base + len(problem.travel) + 2

        self.move, self.pause = problem.move, problem.pause

    def where(self, person: int, token: int, k: int) -> tuple[int | None, int]:
        """The place a person leaves from and its leg key, given their last visit."""
        if token >= 0:
            return self.p.visits[token].place, self.visit_base + token
        home = self.p.people[person].home
        return home, self.home_base + (home if home is not None else len(self.p.travel))

    def gaps(self, label: _Label, person: int, visit: Visit) -> list[tuple[int, int, int]]:
        """(earliest start, latest start, gap index) where `person` could do `visit`."""
        fixed = self.p.people[person].fixed
        token, k, ready = label.tokens[person], label.ks[person], label.times[person]
        place, _ = self.where(person, token, k)
        found = []
        for m in range(k, len(fixed) + 1):
            if m == k:
                lo = NEVER if ready == NEVER else ready + self.pause(place, visit.place)
            else:
                before = fixed[m - 1]
                if before.end > visit.close - visit.duration:
                    break  # this gap and every later one open too late
                lo = before.end + self.pause(before.leave, visit.place)
            if m < len(fixed):
                after = fixed[m]
                hi = after.start - self.pause(visit.place, after.arrive) - visit.duration
            else:
                hi = ENDLESS
            if lo <= hi:
                found.append((lo, hi, m))
        return found

    def legs(
        self, person: int, token: int, k: int, m: int, to_place: int | None, to_key: int
    ) -> list[tuple[int, int]]:
        """(leg key, seconds) of the moves from where a person is to `to_key`, past fixed k..m-1."""
        place, key = self.where(person, token, k)
        fixed = self.p.people[person].fixed
        out = []
        for f in fixed[k:m]:
            out.append((key * self.stride + f.key, self.move(place, f.arrive)))
            place, key = f.leave, f.key
        out.append((key * self.stride + to_key, self.move(place, to_place)))
        return out

    def step(self, label: _Label, v: int, first_only: bool) -> list[_Label]:
        """Labels for doing visit `v` next, one per distinct choice of gaps."""
        visit = self.p.visits[v]
        latest_start = visit.close - visit.duration
        per_person = []
        candidates = {visit.open}
        for person in visit.people:
            gaps = self.gaps(label, person, visit)
            if not gaps:
                return []
            per_person.append(gaps)
            grain = self.p.grain
            candidates.update(
                -(-lo // grain) * grain for lo, _, _ in gaps if visit.open < lo <= latest_start
            )
        made: list[_Label] = []
        seen: set[tuple[int, ...]] = set()
        for s in sorted(candidates):
            if s > latest_start:
                break
            choice = []
            room = latest_start - s
            for gaps in per_person:
                for lo, hi, m in gaps:
                    if lo <= s <= hi:
                        choice.append(m)
                        room = min(room, hi - s)
                        break
                else:
                    break
            if len(choice) != len(per_person):
                continue
            signature = tuple(choice)
            if signature in seen:
                continue
            seen.add(signature)
            made.append(self._after(label, v, s, choice, room))
            if first_only:
                break
        return made

    def _after(self, label: _Label, v: int, s: int, choice: list[int], room: int) -> _Label:
        visit = self.p.visits[v]
        tokens, ks, times = list(label.tokens), list(label.ks), list(label.times)
        moves: dict[int, int] = {}
        for person, m in zip(visit.people, choice, strict=True):
            for key, seconds in self.legs(
                person, tokens[person], ks[person], m, visit.place, self.visit_base + v
            ):
                moves[key] = seconds
            tokens[person], ks[person], times[person] = v, m, s + visit.duration
        end = s + visit.duration
        return _Label(
            label.done | (1 << v),
            tuple(tokens),
            tuple(ks),
            tuple(times),
            label.cost + sum(moves.values()),
            max(label.finish, end),
            min(label.slack, room),
            label,
            v,
            s,
        )

    def closing_cost(self, label: _Label) -> int:
        """The rest of everyone's day: through their remaining fixed events to the hotel."""
        moves: dict[int, int] = {}
        for person, who in enumerate(self.p.people):
            night_key = self.home_base + (
                who.night if who.night is not None else len(self.p.travel) + 1
            )
            tail = self.legs(
                person, label.tokens[person], label.ks[person], len(who.fixed), who.night, night_key
            )
            if who.night is None:
                tail = tail[:-1]
            moves.update(tail)
        return label.cost + sum(moves.values())

    def start(self) -> _Label:
        people = len(self.p.people)
        return _Label(
            0, (-1,) * people, (0,) * people, (NEVER,) * people, 0, NEVER, ENDLESS, None, -1, 0
        )

    def earliest_at(
        self, person: int, place: int | None, ready: int, k: int, there: int | None
    ) -> int:
        """When a person free at `ready` at `place` can be at `there` at the earliest:
        directly, or after one of their fixed events still to come (a journey there may
        be faster than the roads)."""
        soonest = ready + self.pause(place, there)
        for f in self.p.people[person].fixed[k:]:
            soonest = min(soonest, f.end + self.pause(f.leave, there))
        return soonest

    def hopeless(self, label: _Label) -> bool:
        """True when some visit still to do can no longer be reached by one of its people."""
        for u, visit in enumerate(self.p.visits):
            if label.done >> u & 1:
                continue
            for person in visit.people:
                ready = label.times[person]
                if ready == NEVER:
                    continue
                k = label.ks[person]
                place, _ = self.where(person, label.tokens[person], k)
                soonest = self.earliest_at(person, place, ready, k, visit.place)
                if soonest + visit.duration > visit.close:
                    return True
        return False

    def arrival_bounds(self) -> tuple[list[int], int]:
        """The cheapest way into each visit, and into every other stop of the day summed.

        Every move ends somewhere and every visit, fixed event and hotel is arrived at by
        at least one move, so the cheapest arrivals, each counted once, bound any plan.
        """
        visit_places = [v.place for v in self.p.visits]
        into_visit = []
        for v, visit in enumerate(self.p.visits):
            sources = {u for i, u in enumerate(visit_places) if i != v}
            for person in visit.people:
                who = self.p.people[person]
                sources.add(who.home)
                sources.update(f.leave for f in who.fixed)
            into_visit.append(min((self.move(a, visit.place) for a in sources), default=0))
        into: dict[tuple[str, int | None], int] = {}
        for who in self.p.people:
            before = who.home
            for f in who.fixed:
                cheapest = min(
                    [self.move(before, f.arrive)] + [self.move(a, f.arrive) for a in visit_places]
                )
                into[("f", f.key)] = min(into.get(("f", f.key), cheapest), cheapest)
                before = f.leave
            if who.night is not None:
                cheapest = min(
                    [self.move(before, who.night)] + [self.move(a, who.night) for a in visit_places]
                )
                into[("n", who.night)] = min(into.get(("n", who.night), cheapest), cheapest)
        return into_visit, sum(into.values())

    def recount(self, starts: dict[int, int]) -> int:
        """Travel of the whole day with these visits placed, each shared move once."""
        moves: dict[tuple[int, int], int] = {}
        for person, who in enumerate(self.p.people):
            stops = [(f.start, f.key, f.arrive, f.leave) for f in who.fixed]
            stops += [
                (s, self.visit_base + v, self.p.visits[v].place, self.p.visits[v].place)
                for v, s in starts.items()
                if person in self.p.visits[v].people
            ]
            stops.sort()
            place, key = self.where(person, -1, 0)
            for _, stop_key, arrive, leave in stops:
                moves[(key, stop_key)] = self.move(place, arrive)
                place, key = leave, stop_key
            if who.night is not None:
                moves[(key, -1 - who.night)] = self.move(place, who.night)
        return sum(moves.values())

    def evaluate(self, order: Sequence[int]) -> tuple[_Label, int]:
        """Each visit of `order` placed as early as it fits; visits that do not fit skipped."""
        label, missed = _Apart(self).run(order)[-1]
        return label, missed

    def score(self, label: _Label, missed: int) -> tuple[int, int, int, int]:
        return (missed, self.closing_cost(label), label.finish, -label.slack)

    def starts(self, label: _Label) -> dict[int, int]:
        """Visit -> start along the label's history."""
        starts: dict[int, int] = {}
        at: _Label | None = label
        while at is not None and at.visit >= 0:
            starts[at.visit] = at.start
            at = at.parent
        return starts

    def label_for(self, starts: dict[int, int]) -> _Label | None:
        """The label of placing the visits at exactly these starts, if the steps allow it."""
        label = self.start()
        for v in sorted(starts, key=lambda v: (starts[v], v)):
            found = [c for c in self.step(label, v, first_only=False) if c.start == starts[v]]
            if not found:
                return None
            label = found[0]
        return label

    def plan(self, label: _Label, *, exact: bool, lower: int) -> Plan:
        starts = self.starts(label)
        travel = self.recount(starts)
        order = tuple(sorted(starts, key=lambda v: (starts[v], v)))
        return Plan(
            starts,
            travel,
            label.finish,
            label.slack if starts else 0,
            exact,
            travel if exact else min(lower, travel),
            order,
        )


def solve(problem: DayProblem, *, exact_up_to: int = EXACT_UP_TO, budget: int = 0) -> Plan:
    """The best plan for the day's visits (see the module docstring).

    `budget` bounds the heuristic (visits placed while trying orders; 0: the default for
    the day's size); the exact search has a label budget of its own, and answers with the
    heuristic's plan (not proven) when it runs out.
    """
    budget = budget or HEURISTIC_BUDGET
    day = _Day(problem)
    into_visit, rest = day.arrival_bounds()
    lower = sum(into_visit) + rest
    best = _heuristic(day, budget, into_visit)
    if day.n <= exact_up_to:
        together = _Together.of(day)
        proven = _exact_together(day, together, best) if together else _exact(day, best)
        if proven is not None:
            return day.plan(proven, exact=True, lower=0)
    return day.plan(best, exact=False, lower=lower)


def exact(problem: DayProblem, *, general: bool = False) -> Plan | None:
    """The exact search alone, from no incumbent: the optimum, or None if nothing fits all.

    `general` uses the search for people moving apart even when they move together.
    """
    day = _Day(problem)
    together = None if general else _Together.of(day)
    if together is not None:
        proven = _exact_together(day, together, day.start(), budget=None)
    else:
        proven = _exact(day, day.start(), budget=None)
    return None if proven is None else day.plan(proven, exact=True, lower=0)


def placed_in_order(problem: DayProblem, order: Sequence[int]) -> Plan:
    """The visits placed one after another in `order`, each as early as it fits."""
    day = _Day(problem)
    into_visit, rest = day.arrival_bounds()
    label, _ = day.evaluate(order)
    return day.plan(label, exact=False, lower=sum(into_visit) + rest)


def _heuristic(day: _Day, budget: int, cheapest: list[int]) -> _Label:
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
    walk: _Walk = _Together.of(day) or _Apart(day)
    order = min(orders, key=lambda order: walk.score(walk.run(order)[-1]))
    if isinstance(walk, _Together):
        from tripplan.route_search import RouteSearch

        # One route for everyone: a vehicle-routing search that can also say "after that
        # fixed event, not before", pricing each move in constant time.
        label, missed = day.evaluate(order)
        search = RouteSearch(day.p, walk.person)
        starts = day.starts(label)
        if search.fits(starts):
            better = search.improve(starts, budget, shake=day.n > EXACT_UP_TO)
            rerouted = day.label_for(better)
            if rerouted is not None and day.score(rerouted, day.n - len(better)) < day.score(
                label, missed
            ):
                return rerouted
            return label
    order = _search(walk, cheapest, order, budget // WALK_SHARE, perturb=day.n > EXACT_UP_TO)
    label, _ = day.evaluate(order)
    return label


class _Walk:
    """Placing visits one after another, each as early as it fits (or skipped)."""

    steps = 0  # visits placed so far, for the budget

    def start(self) -> Any:
        raise NotImplementedError

    def advance(self, state: Any, v: int) -> Any:
        raise NotImplementedError

    def missed(self, state: Any) -> int:
        raise NotImplementedError

    def cost(self, state: Any) -> int:
        raise NotImplementedError

    def score(self, state: Any) -> tuple[int, int, int, int]:
        raise NotImplementedError

    def run(self, order: Sequence[int]) -> list[Any]:
        """The state before each visit of `order` and after the last."""
        states = [self.start()]
        for v in order:
            states.append(self.advance(states[-1], v))
        return states


class _Apart(_Walk):
    """Any day: every person followed separately (the exact search's step)."""

    def __init__(self, day: _Day) -> None:
        self.day = day
        self.steps = 0

    def start(self) -> tuple[_Label, int]:
        return self.day.start(), 0

    def advance(self, state: tuple[_Label, int], v: int) -> tuple[_Label, int]:
        self.steps += 1
        label, missed = state
        following = self.day.step(label, v, first_only=True)
        return (following[0], missed) if following else (label, missed + 1)

    def missed(self, state: tuple[_Label, int]) -> int:
        return state[1]

    def cost(self, state: tuple[_Label, int]) -> int:
        return state[0].cost

    def score(self, state: tuple[_Label, int]) -> tuple[int, int, int, int]:
        return self.day.score(*state)


# (place, free from, fixed events passed, travel, finish, slack, visits missed)
_Where = tuple[int | None, int, int, int, int, int, int]


class _Together(_Walk):
    """The usual day made fast: everyone the visits involve goes everywhere together.

    When every visit has the same people and they share their fixed events, hotels
    included, they move as one; placing a visit is then a little arithmetic instead of
    the exact search's general step (the same answer, checked by the tests).
    """

    def __init__(self, day: _Day, person: Person) -> None:
        self.day = day
        self.person = person
        self.fixed = person.fixed
        self.home, self.night = person.home, person.night
        self.steps = 0
        # Travel between consecutive fixed events, summed: chain[j] - chain[i] is the
        # road from fixed event i to fixed event j.
        self.chain = [0]
        for a, b in itertools.pairwise(self.fixed):
            self.chain.append(self.chain[-1] + day.move(a.leave, b.arrive))

    @staticmethod
    def of(day: _Day) -> _Together | None:
        groups = {v.people for v in day.p.visits}
        if len(groups) != 1 or len(next(iter(groups))) != len(day.p.people):
            return None  # someone not at every visit: people move apart
        people = [day.p.people[i] for i in next(iter(groups))]
        if not people or any(p != people[0] for p in people[1:]):
            return None
        return _Together(day, people[0])

    def start(self) -> _Where:
        return (self.home, NEVER, 0, 0, NEVER, ENDLESS, 0)

    def advance(self, state: _Where, v: int) -> _Where:
        self.steps += 1
        found = self.options(state, v, first_only=True)
        if found:
            return found[0]
        place, ready, k, cost, finish, slack, missed = state
        return (place, ready, k, cost, finish, slack, missed + 1)

    def options(self, state: _Where, v: int, *, first_only: bool) -> list[_Where]:
        """Doing visit `v` next, as early as it fits in each gap between fixed events."""
        place, ready, k, cost, finish, slack, missed = state
        visit = self.day.p.visits[v]
        there, length, fixed, grain = visit.place, visit.duration, self.fixed, self.day.p.grain
        latest = visit.close - length
        pause, move = self.day.pause, self.day.move
        found = []
        for m in range(k, len(fixed) + 1):
            if m == k:
                lo = NEVER if ready == NEVER else ready + pause(place, there)
            else:
                before = fixed[m - 1]
                if before.end > latest:
                    break
                lo = before.end + pause(before.leave, there)
            start = visit.open if lo <= visit.open else -(-lo // grain) * grain
            top = latest
            if m < len(fixed):
                after = fixed[m]
                top = min(top, after.start - pause(there, after.arrive) - length)
            if start > top:
                continue
            if m == k:
                road = move(place, there)
            else:
                road = (
                    move(place, fixed[k].arrive)
                    + self.chain[m - 1]
                    - self.chain[k]
                    + move(fixed[m - 1].leave, there)
                )
            end = start + length
            found.append(
                (there, end, m, cost + road, max(finish, end), min(slack, top - start), missed)
            )
            if first_only:
                break
        return found

    def missed(self, state: _Where) -> int:
        return state[6]

    def cost(self, state: _Where) -> int:
        return state[3]

    def closing(self, state: _Where) -> int:
        place, _, k, cost, *_ = state
        move, fixed = self.day.move, self.fixed
        if k == len(fixed):
            return cost + move(place, self.night)
        last = fixed[-1].leave
        return (
            cost
            + move(place, fixed[k].arrive)
            + self.chain[-1]
            - self.chain[k]
            + move(last, self.night)
        )

    def score(self, state: _Where) -> tuple[int, int, int, int]:
        # People outside the group travel the same whatever the order: left out.
        return (state[6], self.closing(state), state[4], -state[5])


def _search(
    walk: _Walk,
    cheapest: list[int],
    order: list[int],
    budget: int,
    *,
    perturb: bool,
) -> list[int]:
    """Local search from `order`: or-opt (moving 1 to 3 visits), swaps and reversals.

    First improvement, the scan going on from where it was; at a local optimum, when
    `perturb`, a seeded shake (three visits moved at random) and again, keeping the
    best, until `budget` visits have been placed. Candidates are abandoned as soon as
    they cannot beat the current order: more visits missed, or more travel already
    plus the cheapest arrival at each visit still to place.
    """
    n = len(order)
    if n < 2:
        return order
    shake = random.Random(20250225)

    def attempt(
        candidate: list[int], since: int, states: list[Any], bar: tuple[int, ...]
    ) -> tuple[tuple[int, int, int, int], list[Any]] | None:
        state = states[since]
        rest = sum(cheapest[v] for v in candidate[since:])
        tail = states[: since + 1]
        for v in candidate[since:]:
            state = walk.advance(state, v)
            tail.append(state)
            rest -= cheapest[v]
            missed = walk.missed(state)
            if missed > bar[0] or (missed == bar[0] and walk.cost(state) + rest > bar[1]):
                return None
        score = walk.score(state)
        return (score, tail) if score < bar else None

    def moves(order: list[int]) -> Iterator[tuple[int, list[int]]]:
        for length in (1, 2, 3):
            for i in range(n - length + 1):
                segment, others = order[i : i + length], order[:i] + order[i + length :]
                for j in range(len(others) + 1):
                    if j != i:
                        yield min(i, j), others[:j] + segment + others[j:]
        for i in range(n):
            for j in range(i + 1, n):
                swapped = order[:]
                swapped[i], swapped[j] = swapped[j], swapped[i]
                yield i, swapped
                if j - i > 2:
                    yield i, order[:i] + order[i : j + 1][::-1] + order[j + 1 :]

    states = walk.run(order)
    score = walk.score(states[-1])
    best, best_score = order, score
    stale = 0
    while walk.steps < budget:
        improved = False
        for since, candidate in moves(order):
            if walk.steps >= budget:
                break
            found = attempt(candidate, since, states, score)
            if found is not None:
                score, states = found
                order, improved = candidate, True
                break
        if improved:
            continue
        if score < best_score:
            best, best_score, stale = order, score, 0
        else:
            stale += 1
        if not perturb or stale > 2 * n:
            break
        # A double bridge: A B C D becomes A C B D, which local moves rarely undo.
        a, b, c = sorted(shake.sample(range(1, n), 3)) if n > 3 else (1, 1, 1)
        order = best[:a] + best[b:c] + best[a:b] + best[c:]
        states = walk.run(order)
        score = walk.score(states[-1])
    return order if score < best_score else best


def _exact(
    day: _Day, incumbent: _Label, budget: int | None = GENERAL_LABEL_BUDGET
) -> _Label | None:
    """The optimal plan, or None when no plan fits every visit or the budget runs out."""
    n = day.n
    complete = incumbent.done == (1 << n) - 1
    bound = day.closing_cost(incumbent) if complete else ENDLESS
    rest = _RestBound(day)
    first = day.start()
    layer: dict[tuple[int, tuple[int, ...], tuple[int, ...]], list[_Label]] = {
        (0, first.tokens, first.ks): [first]
    }
    created, people = 0, max(1, len(day.p.people))
    for _ in range(n):
        following: dict[tuple[int, tuple[int, ...], tuple[int, ...]], list[_Label]] = {}
        for labels in layer.values():
            for label in labels:
                for v in range(n):
                    if label.done >> v & 1:
                        continue
                    for new in day.step(label, v, first_only=False):
                        created += people
                        if budget is not None and created > budget:
                            return None
                        if new.cost + rest.of(new) > bound or day.hopeless(new):
                            continue
                        _keep(following, new)
        layer = following
        if not layer:
            return None
    finished = [label for labels in layer.values() for label in labels]
    finished.append(incumbent) if complete else None
    if not finished:
        return None
    return min(finished, key=lambda label: day.score(label, 0))


def _exact_together(
    day: _Day, together: _Together, incumbent: _Label, budget: int | None = LABEL_BUDGET
) -> _Label | None:
    """`_exact` for a delegation that moves together: the same search, with a state that
    is one place and one clock instead of one per person (several times faster)."""
    n, full = day.n, (1 << day.n) - 1
    complete = incumbent.done == full
    bound = day.closing_cost(incumbent) if complete else ENDLESS
    rest = _RestBound(day)
    visits = day.p.visits
    one = day.p.visits[0].people[0]  # everyone is alike: one of them stands for all
    # A label: (state, visits done, last visit, parent label, start of the last visit).
    Label = tuple[_Where, int, int, Any, int]
    first: Label = (together.start(), 0, -1, None, 0)
    layer: dict[tuple[int, int, int], list[Label]] = {(0, -1, 0): [first]}
    created = 0
    for _ in range(n):
        following: dict[tuple[int, int, int], list[Label]] = {}
        for labels in layer.values():
            for label in labels:
                state, done = label[0], label[1]
                for v in range(n):
                    if done >> v & 1:
                        continue
                    for new in together.options(state, v, first_only=False):
                        created += 1
                        if budget is not None and created > budget:
                            return None
                        now = done | 1 << v
                        place, ready = new[0], new[1]
                        if new[3] + rest.at(now, place) > bound:
                            continue
                        k = new[2]
                        if any(
                            not now >> u & 1
                            and day.earliest_at(one, place, ready, k, x.place) + x.duration
                            > x.close
                            for u, x in enumerate(visits)
                        ):
                            continue  # a visit left can no longer be reached
                        start = new[1] - visits[v].duration
                        _keep_together(following, (new, now, v, label, start))
        layer = following
        if not layer:
            return None
    finished = [label for labels in layer.values() for label in labels]
    best = min(finished, key=lambda label: together.score(label[0]))
    starts = {}
    at: Any = best
    while at is not None and at[2] >= 0:
        starts[at[2]] = at[4]
        at = at[3]
    found = day.label_for(starts)
    if found is None:
        return _exact(day, incumbent)
    if complete and day.score(incumbent, 0) <= day.score(found, 0):
        return incumbent
    return found


def _keep_together(labels: dict[tuple[int, int, int], list[Any]], new: Any) -> None:
    """`_keep` for the together search: cost, clock, finish and slack compared."""
    state = new[0]
    key = (new[1], new[2], state[2])
    bucket = labels.get(key)
    if bucket is None:
        labels[key] = [new]
        return
    cost, ready, finish, slack = state[3], state[1], state[4], state[5]
    for old in bucket:
        o = old[0]
        if o[3] <= cost and o[1] <= ready and o[4] <= finish and o[5] >= slack:
            return
    bucket[:] = [
        old
        for old in bucket
        if not (
            cost <= old[0][3] and ready <= old[0][1] and finish <= old[0][4] and slack >= old[0][5]
        )
    ]
    bucket.append(new)


class _RestBound:
    """A lower bound on the travel still to come into the visits a label has not done.

    Each visit left is arrived at from one of: another visit left, where one of its
    people is now, or a hotel or fixed event of theirs; the cheapest of these, summed.
    """

    def __init__(self, day: _Day) -> None:
        self.day = day
        self.places = [v.place for v in day.p.visits]
        self.outside = []
        for visit in day.p.visits:
            sources: set[int | None] = set()
            for person in visit.people:
                who = day.p.people[person]
                sources.add(who.home)
                sources.update(f.leave for f in who.fixed)
            self.outside.append(min((day.move(a, visit.place) for a in sources), default=ENDLESS))
        self.memo: dict[tuple[int, int], int] = {}

    def _from_visits(self, u: int, mask: int) -> int:
        """The cheapest move into visit u from one of the visits in `mask`."""
        found = self.memo.get((u, mask))
        if found is None:
            target = self.places[u]
            found = min(
                (
                    self.day.move(self.places[w], target)
                    for w in range(len(self.places))
                    if mask >> w & 1
                ),
                default=ENDLESS,
            )
            self.memo[(u, mask)] = found
        return found

    def at(self, done: int, place: int | None) -> int:
        """The bound for everyone at `place` with the visits of `done` done."""
        total, left = 0, ~done & ((1 << self.day.n) - 1)
        for u in range(self.day.n):
            if left >> u & 1:
                cheapest = min(
                    self._from_visits(u, left & ~(1 << u)),
                    self.outside[u],
                    self.day.move(place, self.places[u]),
                )
                total += 0 if cheapest >= ENDLESS else cheapest
        return total

    def of(self, label: _Label) -> int:
        day, total = self.day, 0
        left = ~label.done & ((1 << day.n) - 1)
        for u in range(day.n):
            if not left >> u & 1:
                continue
            visit = day.p.visits[u]
            cheapest = min(self._from_visits(u, left & ~(1 << u)), self.outside[u])
            for person in visit.people:
                place, _ = day.where(person, label.tokens[person], label.ks[person])
                cheapest = min(cheapest, day.move(place, visit.place))
            total += 0 if cheapest >= ENDLESS else cheapest  # a visit nobody attends
        return total


def _keep(
    labels: dict[tuple[int, tuple[int, ...], tuple[int, ...]], list[_Label]], new: _Label
) -> None:
    """Add `new` unless a label of the same state beats it; drop those it beats."""
    key = (new.done, new.tokens, new.ks)
    bucket = labels.get(key)
    if bucket is None:
        labels[key] = [new]
        return
    for old in bucket:
        if (
            old.cost <= new.cost
            and old.slack >= new.slack
            and old.finish <= new.finish
            and all(a <= b for a, b in zip(old.times, new.times, strict=True))
        ):
            return
    bucket[:] = [
        old
        for old in bucket
        if not (
            new.cost <= old.cost
            and new.slack >= old.slack
            and new.finish <= old.finish
            and all(a <= b for a, b in zip(new.times, old.times, strict=True))
        )
    ]
    bucket.append(new)
