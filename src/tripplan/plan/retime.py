"""Re-timing a plan whose buffer could not be kept on every move.

A plan placed as early as it fits packs the day: where the buffer between two places
cannot be kept everywhere, every move gets what is left of it, and the idle time gathers
before the next fixed event (a dinner). Here the visits keep their order for everyone
and move later where that helps: first the buffer is given back to as many moves as it
can be, then the least time to spare on the others is made as large as it can be, and
of the timings that do so the one that ends earliest is kept, never with more travel.

Every constraint is of the form "this visit starts no sooner than that event ends plus
the travel and some spare" (FIFO: arriving later never helps), so the earliest timing
that gives each move a wanted spare is found in one pass in time order, and it is
feasible exactly when any timing is.
"""

from __future__ import annotations

from dataclasses import dataclass

from tripplan.plan.labels import DaySearch
from tripplan.plan.problem import DayProblem, Plan
from tripplan.plan.tally import Key, items, recount, report, spares

Move = tuple[Key, Key]  # (the event left, the event reached)


@dataclass(frozen=True, slots=True)
class _Before:
    """What one of a visit's people does just before it."""

    key: Key | None  # None: nothing since the hotel
    place: int | None
    end: int  # when it ends, as the plan has it


# Time to spare may cost a little travel: a visit moved later may leave into a busier
# hour. Up to this much more over the day is paid for it (a minute more on the road to
# turn "no time to spare" into ten minutes is a bargain; more would undo the order's
# choice, which put travel first).
SPARE_MAY_COST = 5 * 60
# How much later a day's first visit is tried, to leave the hotel after a rush hour, and
# how much that must save to be worth the later day (two minutes are not worth an hour).
LATER_BY_UP_TO = 3 * 3600
LATER_SAVES_AT_LEAST = 5 * 60


def retimed(problem: DayProblem, plan: Plan, floors: dict[int, int] | None = None) -> Plan:
    """`plan` with its visits at the times that keep the buffer on the most moves, then
    leave the most to spare on the tightest, then end earliest (see the module doc); no
    visit before its `floors`."""
    if not plan.starts or not problem.buffer:
        return plan
    order = sorted(plan.starts, key=lambda v: (plan.starts[v], v))
    timing = _Timing(problem, plan.starts, order)
    moves = spares(problem, plan.starts)
    kept = {move for move, spare in moves.items() if spare >= problem.buffer}

    def fits(wanted: set[Move], least: int) -> dict[int, int] | None:
        found = timing.earliest(wanted, least, floors)
        if found is None or recount(problem, found) > plan.travel + SPARE_MAY_COST:
            return None
        return found

    # The buffer for more moves, tried one at a time in the order they happen.
    for move in sorted(moves, key=lambda m: timing.when(m)):
        if move not in kept and fits(kept | {move}, 0) is not None:
            kept.add(move)
    best = fits(kept, 0)
    if best is None:
        return plan  # not placed as early as it fits to begin with: left as it is
    # The most to spare on the others, in whole minutes: the largest that fits, or a
    # little less where travel by the hour would rise.
    low, high = 0, problem.buffer // 60
    while low < high:
        middle = (low + high + 1) // 2
        if timing.earliest(kept, middle * 60, floors) is not None:
            low = middle
        else:
            high = middle - 1
    for minutes in range(low, 0, -1):
        found = fits(kept, minutes * 60)
        if found is not None:
            best = found
            break
    finish = max(best[v] + problem.visits[v].duration for v in best)
    return DaySearch(problem).plan_of(
        best, finish, timing.slack(best), plan.exact, min(plan.lower_bound, plan.travel)
    )


def later_from_the_hotel(problem: DayProblem, plan: Plan) -> tuple[Plan, dict[int, int]]:
    """`plan` with a day's first visits (its people come straight from the hotel) started
    later where the car then leaves after a rush hour and the day travels at least
    `LATER_SAVES_AT_LEAST` less, no move losing its buffer; and those visits' new
    starts, which re-timing keeps as floors.

    Nobody waits to dodge traffic: they leave the hotel later. The searches start each
    visit as soon as its people can be there, which from the hotel is not always best.
    """
    if problem.roads is None or not plan.starts:
        return plan, {}
    order = sorted(plan.starts, key=lambda v: (plan.starts[v], v))
    timing = _Timing(problem, plan.starts, order)
    firsts = [v for v in order if timing.before[v] and all(b.key is None for b in timing.before[v])]
    if not firsts:
        return plan, {}
    kept = {move for move, spare in spares(problem, plan.starts).items() if spare >= problem.buffer}
    step = max(problem.grain, 5 * 60)
    best, rank = plan.starts, (plan.tight, plan.travel - LATER_SAVES_AT_LEAST + 1)
    floors: dict[int, int] = {}
    for v in firsts:
        visit, chosen = problem.visits[v], None
        at = -(-(plan.starts[v] + 1) // step) * step
        while at + visit.duration <= visit.close and at <= plan.starts[v] + LATER_BY_UP_TO:
            found = timing.earliest(kept, 0, {**floors, v: at})
            if found is None:
                break  # later only gets worse: a window or a fixed event is in the way
            trial = (report(problem, found)[1], recount(problem, found))
            if trial < rank:
                best, rank, chosen = found, trial, at
            at += step
        if chosen is not None:
            floors[v] = chosen
    if best is plan.starts:
        return plan, {}
    finish = max(best[v] + problem.visits[v].duration for v in best)
    later = DaySearch(problem).plan_of(
        best, finish, timing.slack(best), plan.exact, min(plan.lower_bound, plan.travel)
    )
    return later, floors


class _Timing:
    """The plan's order for everyone, timed again with other spares."""

    def __init__(self, problem: DayProblem, starts: dict[int, int], order: list[int]) -> None:
        self.p = problem
        self.order = order
        self.before: dict[int, list[_Before]] = {v: [] for v in starts}
        self.after: dict[int, list[tuple[Key, int, int | None]]] = {v: [] for v in starts}
        for person in range(len(problem.people)):
            day = items(problem, person, starts)
            for i, (_, _, key, _, _) in enumerate(day):
                if key[0] != "v":
                    continue
                if i == 0:
                    self.before[key[1]].append(_Before(None, None, 0))
                else:
                    _, end, then, _, leave = day[i - 1]
                    self.before[key[1]].append(_Before(then, leave, end))
                if i + 1 < len(day) and day[i + 1][2][0] == "f":
                    start, _, then, arrive, _ = day[i + 1]
                    self.after[key[1]].append((then, start, arrive))
        self.starts = starts

    def earliest(
        self, wanted: set[Move], least: int, floors: dict[int, int] | None = None
    ) -> dict[int, int] | None:
        """The earliest starts giving each move of `wanted` the buffer and every other at
        least `least` to spare, no visit before its `floors`; None if a window or a fixed
        event forbids it."""
        p = self.p
        grain, buffer = p.grain, p.buffer
        new: dict[int, int] = {}
        for v in self.order:
            visit = p.visits[v]
            ready = visit.open if floors is None else max(visit.open, floors.get(v, visit.open))
            for before in self.before[v]:
                if before.key is None:
                    continue  # from the hotel: people leave in time
                end = before.end
                if before.key[0] == "v":
                    end = new[before.key[1]] + p.visits[before.key[1]].duration
                place = before.place
                if place is None or visit.place is None or place == visit.place:
                    ready = max(ready, end)
                    continue
                spare = buffer if (before.key, ("v", v)) in wanted else least
                arrive = p.reach(place, visit.place, end, False) + spare
                if arrive > ready:
                    ready = -(-arrive // grain) * grain
            end = ready + visit.duration
            if end > visit.close:
                return None
            for key, start, there in self.after[v]:
                if there is None or visit.place is None or there == visit.place:
                    if end > start:
                        return None
                    continue
                spare = buffer if (("v", v), key) in wanted else least
                if p.reach(visit.place, there, end, False) + spare > start:
                    return None
            new[v] = ready
        return new

    def when(self, move: Move) -> int:
        """When a move happens, near enough: the start of a visit at one of its ends."""
        for key in reversed(move):
            if key[0] == "v":
                return self.starts[key[1]]
        return 0

    def slack(self, starts: dict[int, int]) -> int:
        """How far the tightest visit could slip: to its window's end, or to the last
        moment its people can still reach their next fixed event."""
        least = None
        for v, s in starts.items():
            visit = self.p.visits[v]
            room = visit.close - visit.duration - s
            for _, start, arrive in self.after[v]:
                leave = self.p.leave_by(visit.place, arrive, start, False)
                room = min(room, leave - visit.duration - s)
            least = room if least is None else min(least, room)
        return least or 0
