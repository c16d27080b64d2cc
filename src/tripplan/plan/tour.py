"""The day as a travelling-salesman tour, when no window's opening binds.

A delegation whose visits all fall in the same stretch between two fixed events, every
one open by the time the first could start, never waits: each visit starts as soon as
the delegation arrives, and the windows only say by when it must be done. The day is
then a shortest path through the visits with deadlines, from where the stretch begins
to where it ends, and the dynamic programme over (visits done, last visit) of Held and
Karp (1962) finds it exactly in about n^2 2^n steps, far fewer than the labelling search
takes when nothing prunes it (a day of twelve visits open all day).

Each (visits done, last visit) keeps the ways there that no other beats: cheaper and
free no later. Nobody waits, so with starts to the second that is one way (being free
later means having travelled more); with travel by the hour a way free earlier beats
another only by what leaving earlier may cost later, which FIFO bounds; starts rounded
up with travel by the hour are left to the general search.
"""

from __future__ import annotations

import operator

from tripplan.plan.labels import DaySearch
from tripplan.plan.problem import ENDLESS, NEVER, Fixed, Plan, Visit
from tripplan.plan.walks import Together, evaluate

TOUR_UP_TO = 12


def tour(day: DaySearch) -> Plan | None:
    """The optimal plan, when the day is a tour no window's opening binds; else None."""
    together = Together.of(day) if not day.soft and day.n >= 2 else None
    if together is None or (day.timed and day.p.grain > 1):
        return None
    person = together.person
    fixed, visits = person.fixed, day.p.visits
    stretch = _only_stretch(fixed, visits)
    if stretch is None:
        return None
    if stretch > 0:
        e0, p0 = fixed[stretch - 1].end, fixed[stretch - 1].leave
    else:
        e0, p0 = NEVER, person.home
    if stretch < len(fixed):
        s1, p1 = fixed[stretch].start, fixed[stretch].arrive
    else:
        s1, p1 = ENDLESS, person.night
    firsts = _first_starts(day, visits, e0, p0)
    if firsts is None:
        return None
    places = [visit.place for visit in visits]
    distinct = None not in places and len(set(places)) == len(places)
    if e0 != NEVER and day.p.grain == 1 and (distinct or not day.p.buffer):
        pull = _shortest_pulled if not day.timed else _shortest_single
        order = pull(day, visits, firsts, e0, p0, s1, p1)
    else:
        order = _shortest(day, visits, firsts, e0, p0, s1, p1)
    if order is None:
        return None  # no order fits: the general search says which visit cannot
    label, missed = evaluate(day, order)
    if missed:
        return None
    return day.plan(label, exact=True, lower=0)


def _only_stretch(fixed: tuple[Fixed, ...], visits: tuple[Visit, ...]) -> int | None:
    """The one stretch between fixed events every visit's window leaves room in."""
    found = None
    for visit in visits:
        fitting = []
        for m in range(len(fixed) + 1):
            begins = fixed[m - 1].end if m > 0 else NEVER
            ends = fixed[m].start if m < len(fixed) else ENDLESS
            if min(visit.close, ends) - max(visit.open, begins) >= visit.duration:
                fitting.append(m)
        if len(fitting) != 1 or (found is not None and fitting[0] != found):
            return None
        found = fitting[0]
    return found


def _first_starts(
    day: DaySearch, visits: tuple[Visit, ...], e0: int, p0: int | None
) -> list[int] | None:
    """When each visit would start if it came first; None if one would wait for its
    window (then the order decides who waits: the openings bind)."""
    grain = day.p.grain
    if e0 == NEVER:  # from the hotel: people leave in time for the first
        opens = {visit.open for visit in visits}
        return [visits[0].open] * len(visits) if len(opens) == 1 else None
    firsts = [-(-day.reach(p0, visit.place, e0) // grain) * grain for visit in visits]
    return firsts if max(v.open for v in visits) <= min(firsts) else None


_NO = 2**62

# A way to a (visits done, last visit): travel, when free, and the way it came from.
_Way = tuple[int, int, int, int]  # (travel, free, state it came from, index there)


def _shortest(
    day: DaySearch,
    visits: tuple[Visit, ...],
    firsts: list[int],
    e0: int,
    p0: int | None,
    s1: int,
    p1: int | None,
) -> list[int] | None:
    """Held-Karp over (visits done, last visit) with deadlines: the order of the shortest
    path that fits (ties to the one that ends earlier); None if none does."""
    p = day.p
    n, grain, buffer = len(visits), p.grain, p.buffer
    move, leave_by, reach = day.move, day.leave_by, day.reach
    places = [visit.place for visit in visits]
    durations = [visit.duration for visit in visits]
    latest = [visit.close - visit.duration for visit in visits]
    timed = day.timed
    ways: dict[int, list[_Way]] = {}
    for j in range(n):
        if firsts[j] > latest[j]:
            continue
        depart = e0 if e0 != NEVER else leave_by(p0, places[j], firsts[j])
        ways[(1 << j) * n + j] = [(move(p0, places[j], depart), firsts[j] + durations[j], -1, -1)]
    road = [[move(a, b) for b in places] for a in places]
    apart = [[a is not None and b is not None and a != b for b in places] for a in places]
    for mask in range(1, 1 << n):
        base = mask * n
        for j in range(n):
            here = ways.get(base + j)
            if here is None:
                continue
            place, row, gaps = places[j], road[j], apart[j]
            for i, (c, t, _, _) in enumerate(here):
                for k in range(n):
                    if mask >> k & 1:
                        continue
                    d = move(place, places[k], t) if timed else row[k]
                    start = t + d + (buffer if gaps[k] else 0)
                    if grain > 1:
                        start = -(-start // grain) * grain
                    if start > latest[k]:
                        continue  # past its deadline: so is every later way here
                    _keep(
                        ways,
                        (mask | 1 << k) * n + k,
                        (c + d, start + durations[k], base + j, i),
                        timed,
                    )
    full = (1 << n) - 1
    ends = []
    for j in range(n):
        for i, (c, t, _, _) in enumerate(ways.get(full * n + j, ())):
            if s1 == ENDLESS or reach(places[j], p1, t) <= s1:
                ends.append((c + move(places[j], p1, t), t, j, i))
    if not ends:
        return None
    _, _, j, i = min(ends)
    order, state = [], full * n + j
    while state >= 0:
        order.append(state % n)
        _, _, state, i = ways[state][i]
    return order[::-1]


def _shortest_single(
    day: DaySearch,
    visits: tuple[Visit, ...],
    firsts: list[int],
    e0: int,
    p0: int | None,
    s1: int,
    p1: int | None,
) -> list[int] | None:
    """`_shortest` when every start is to the second after a fixed event: being free
    later is having travelled more, so one way per state is enough (kept in flat
    lists), and a way that cannot beat the greedy tour's travel is dropped."""
    p = day.p
    n, buffer = len(visits), p.buffer
    move, reach = day.move, day.reach
    places = [visit.place for visit in visits]
    durations = [visit.duration for visit in visits]
    latest = [visit.close - visit.duration for visit in visits]
    timed = day.timed
    road = [[move(a, b) for b in places] for a in places]
    gap = [
        [buffer if a is not None and b is not None and a != b else 0 for b in places]
        for a in places
    ]
    size = n << n
    cost, free, parent = [_NO] * size, [0] * size, [-1] * size
    for j in range(n):
        if firsts[j] <= latest[j]:
            state = (1 << j) * n + j
            cost[state] = move(p0, places[j], e0)
            free[state] = firsts[j] + durations[j]
    # Every visit not yet done is still to be arrived at: at least its cheapest arrival.
    cheapest = []
    for k, there in enumerate(places):
        sources = [a for i, a in enumerate(places) if i != k] + [p0]
        cheapest.append(
            min(
                (day.low[a][there] for a in sources if a is not None and there is not None),
                default=0,
            )
        )
    bound = _greedy(day, visits, firsts, e0, p0, s1, p1)
    for mask in range(1, 1 << n):
        base = mask * n
        left = [k for k in range(n) if not mask >> k & 1]
        if not left:
            continue
        ahead = sum(cheapest[k] for k in left)
        for j in range(n):
            c = cost[base + j]
            if c == _NO or c + ahead > bound:
                continue
            t = free[base + j]
            here, row, gaps = places[j], road[j], gap[j]
            for k in left:
                d = move(here, places[k], t) if timed else row[k]
                start = t + d + gaps[k]
                if start > latest[k]:
                    continue
                state = (mask | 1 << k) * n + k
                total = c + d
                if total < cost[state] or (
                    total == cost[state] and start + durations[k] < free[state]
                ):
                    cost[state], free[state], parent[state] = total, start + durations[k], j
    full = (1 << n) - 1
    ends = []
    for j in range(n):
        state = full * n + j
        if cost[state] == _NO:
            continue
        t = free[state]
        if s1 == ENDLESS or reach(places[j], p1, t) <= s1:
            ends.append((cost[state] + move(places[j], p1, t), t, j))
    if not ends:
        return None
    _, _, j = min(ends)
    order, mask = [], full
    while j >= 0:
        order.append(j)
        j, mask = parent[mask * n + j], mask & ~(1 << j)
    return order[::-1]


def _shortest_pulled(
    day: DaySearch,
    visits: tuple[Visit, ...],
    firsts: list[int],
    e0: int,
    p0: int | None,
    s1: int,
    p1: int | None,
) -> list[int] | None:
    """`_shortest_single` with travel the same at every hour: each (visits done, last
    visit) takes the cheapest of the ways into it in one pass of C loops (Python's map
    and min over a row of the table); the cheapest is also the earliest, so if it misses
    the deadline every way does."""
    p = day.p
    n = len(visits)
    move, reach = day.move, day.reach
    places = [visit.place for visit in visits]
    durations = [visit.duration for visit in visits]
    latest = [visit.close - visit.duration for visit in visits]
    gap = p.buffer
    into = [[move(places[j], places[k]) for j in range(n)] for k in range(n)]  # column k
    cost, free = [_NO] * (n << n), [0] * (n << n)
    parent = [-1] * (n << n)
    for j in range(n):
        if firsts[j] <= latest[j]:
            cost[(1 << j) * n + j] = move(p0, places[j], e0)
            free[(1 << j) * n + j] = firsts[j] + durations[j]
    add = operator.add
    for mask in range(3, 1 << n):
        if mask & (mask - 1) == 0:
            continue  # one visit: set above
        base = mask * n
        rest = mask
        while rest:
            bit = rest & -rest
            rest ^= bit
            k = bit.bit_length() - 1
            before = (mask ^ bit) * n
            totals = list(map(add, cost[before : before + n], into[k]))
            best = min(totals)
            if best >= _NO:
                continue
            j = totals.index(best)
            start = free[before + j] + into[k][j] + gap
            if start <= latest[k]:
                cost[base + k], free[base + k], parent[base + k] = best, start + durations[k], j
    full = (1 << n) - 1
    ends = []
    for j in range(n):
        state = full * n + j
        if cost[state] < _NO:
            t = free[state]
            if s1 == ENDLESS or reach(places[j], p1, t) <= s1:
                ends.append((cost[state] + move(places[j], p1, t), t, j))
    if not ends:
        return None
    _, _, j = min(ends)
    order, mask = [], full
    while j >= 0:
        order.append(j)
        j, mask = parent[mask * n + j], mask & ~(1 << j)
    return order[::-1]


def _greedy(
    day: DaySearch,
    visits: tuple[Visit, ...],
    firsts: list[int],
    e0: int,
    p0: int | None,
    s1: int,
    p1: int | None,
) -> int:
    """The travel of the nearest-neighbour tour if it fits (a bound to prune with)."""
    n, buffer, move = len(visits), day.p.buffer, day.move
    left = set(range(n))
    j = min(left, key=lambda k: (move(p0, visits[k].place, e0), k))
    total, t = move(p0, visits[j].place, e0), firsts[j] + visits[j].duration
    left.discard(j)
    while left:
        here = visits[j].place
        k = min(left, key=lambda k: (move(here, visits[k].place, t), k))
        d = move(here, visits[k].place, t)
        apart = here is not None and visits[k].place is not None and here != visits[k].place
        start = t + d + (buffer if apart else 0)
        if start > visits[k].close - visits[k].duration:
            return _NO
        total, t, j = total + d, start + visits[k].duration, k
        left.discard(k)
    last = visits[j].place
    if s1 != ENDLESS and day.reach(last, p1, t) > s1:
        return _NO
    return total + move(last, p1, t)


def _keep(ways: dict[int, list[_Way]], state: int, new: _Way, timed: bool) -> None:
    """Add a way to `state` unless another beats it (see the module doc); drop those it
    beats."""
    kept = ways.get(state)
    if kept is None:
        ways[state] = [new]
        return
    cost, free = new[0], new[1]
    for old in kept:
        if old[1] <= free and old[0] + (free - old[1] if timed else 0) <= cost:
            return
    kept[:] = [
        old
        for old in kept
        if not (free <= old[1] and cost + (old[1] - free if timed else 0) <= old[0])
    ]
    kept.append(new)
