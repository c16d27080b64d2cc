"""A day split into the parts that do not interact, each solved on its own.

Two sub-groups that share no flexible event plan their days independently: what one
does never changes what the other can do or travels. The only tie left between them is
a move both could make together (between two fixed events they share, or from a hotel
they share to one), which is paid once whoever makes it; parts that could both make
such a move are kept together. A move that someone's visits make impossible (every
visit of theirs that can only happen between those two events) does not tie them.
"""

from __future__ import annotations

from dataclasses import dataclass

from tripplan.plan.problem import NEVER, DayProblem, Person, Plan, Visit
from tripplan.plan.tally import recount, report


@dataclass(frozen=True, slots=True)
class Part:
    problem: DayProblem  # the part alone: its people and visits, renumbered
    people: tuple[int, ...]  # their indexes in the whole day
    visits: tuple[int, ...]


def parts(problem: DayProblem) -> list[Part]:
    """The day's independent parts (one: the day itself, when nothing splits it)."""
    n = len(problem.people)
    group = list(range(n))

    def find(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    def join(i: int, j: int) -> None:
        group[find(i)] = find(j)

    for visit in problem.visits:
        for a, b in zip(visit.people, visit.people[1:], strict=False):
            join(a, b)
    makers: dict[tuple[object, object], list[int]] = {}
    for person in range(n):
        for move in _moves_that_can_be_made(problem, person):
            makers.setdefault(move, []).append(person)
    for makers_of_one in makers.values():
        for other in makers_of_one[1:]:
            join(makers_of_one[0], other)
    roots = sorted({find(person) for visit in problem.visits for person in visit.people})
    lonely = [v for v, visit in enumerate(problem.visits) if not visit.people]
    if len(roots) + len(lonely) <= 1:
        return [Part(problem, tuple(range(n)), tuple(range(len(problem.visits))))]
    found = []
    for root in roots:
        people = tuple(p for p in range(n) if find(p) == root)
        visits = tuple(
            v
            for v, visit in enumerate(problem.visits)
            if visit.people and find(visit.people[0]) == root
        )
        found.append(_part(problem, people, visits))
    found += [_part(problem, (), (v,)) for v in lonely]
    return found


def _part(problem: DayProblem, people: tuple[int, ...], visits: tuple[int, ...]) -> Part:
    index = {person: i for i, person in enumerate(people)}
    renumbered = tuple(
        Visit(x.open, x.close, x.duration, x.place, tuple(index[p] for p in x.people))
        for x in (problem.visits[v] for v in visits)
    )
    mine: tuple[Person, ...] = tuple(problem.people[p] for p in people)
    return Part(
        DayProblem(mine, renumbered, problem.travel, problem.buffer, problem.grain, problem.roads),
        people,
        visits,
    )


def _moves_that_can_be_made(problem: DayProblem, person: int) -> list[tuple[object, object]]:
    """The moves between fixed events (and the hotels) this person may make without a
    visit between, that take time; keyed as the searches key them."""
    who = problem.people[person]
    fixed = who.fixed
    stops: list[tuple[object, int | None, int, int]] = [("home", who.home, NEVER, NEVER)]
    stops += [(("f", f.key), f.arrive, f.start, f.end) for f in fixed]
    stops.append((("night", who.night), who.night, -NEVER, -NEVER))
    # Gaps some visit of this person can only be in: the move across them never happens.
    filled = set()
    for visit in problem.visits:
        if person not in visit.people:
            continue
        fitting = [
            i
            for i in range(1, len(stops))
            if min(visit.close, stops[i][2]) - max(visit.open, stops[i - 1][3]) >= visit.duration
        ]
        if len(fitting) == 1:
            filled.add(fitting[0])
    found = []
    for i in range(1, len(stops)):
        (key, _, _, _), (then, arrive, _, _) = stops[i - 1], stops[i]
        leave = fixed[i - 2].leave if i >= 2 else who.home
        if i in filled or leave is None or arrive is None or leave == arrive:
            continue
        if problem.travel[leave][arrive] > 0:
            found.append((key, then))
    return found


def combined(problem: DayProblem, solved: list[tuple[Part, Plan]]) -> Plan:
    """The day's plan from its parts' plans: proven optimal when every part's is."""
    starts = {part.visits[v]: s for part, plan in solved for v, s in plan.starts.items()}
    ends = [s + problem.visits[v].duration for v, s in starts.items()]
    order = tuple(sorted(starts, key=lambda v: (starts[v], v)))
    moves, tight, spare = report(problem, starts)
    travel = recount(problem, starts)
    exact = all(plan.exact for _, plan in solved)
    lower = sum(plan.lower_bound for _, plan in solved)
    return Plan(
        starts,
        travel,
        max(ends, default=NEVER),
        min((plan.slack for _, plan in solved if plan.starts), default=0),
        exact,
        travel if exact else min(lower, travel),
        order,
        moves,
        tight,
        spare,
    )
