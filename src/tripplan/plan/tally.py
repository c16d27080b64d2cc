"""What a placed day amounts to: its travel, each shared move once, and how much time
each move between events leaves to spare."""

from __future__ import annotations

from tripplan.plan.problem import NEVER, DayProblem

# An item of a person's day: (start, end, key, where it starts, where it ends); keys
# are ("f", fixed key) or ("v", visit index).
Key = tuple[str, int]
Item = tuple[int, int, Key, int | None, int | None]


def items(problem: DayProblem, person: int, starts: dict[int, int]) -> list[Item]:
    """Everything `person` does, fixed events and placed visits, in time order."""
    found: list[Item] = [
        (f.start, f.end, ("f", f.key), f.arrive, f.leave) for f in problem.people[person].fixed
    ]
    for v, s in starts.items():
        visit = problem.visits[v]
        if person in visit.people:
            found.append((s, s + visit.duration, ("v", v), visit.place, visit.place))
    return sorted(found, key=lambda item: (item[0], item[1]))


def spares(problem: DayProblem, starts: dict[int, int]) -> dict[tuple[Key, Key], int]:
    """For each move between two events at different places to or from a visit (each
    person's, a shared one once): the time left between arriving, leaving as soon as
    the first ends, and the second's start. The buffer is wanted on top of the travel,
    so a move keeps it when this is at least `problem.buffer`."""
    found: dict[tuple[Key, Key], int] = {}
    for person in range(len(problem.people)):
        day = items(problem, person, starts)
        for (_, end, key, _, leave), (start, _, then, arrive, _) in zip(day, day[1:], strict=False):
            if "v" not in (key[0], then[0]) or leave is None or arrive is None:
                continue
            if leave != arrive:
                found[(key, then)] = start - problem.reach(leave, arrive, end, False)
    return found


def report(problem: DayProblem, starts: dict[int, int]) -> tuple[int, int, int | None]:
    """(moves, moves short of the buffer, the least spare) of `spares`."""
    found = spares(problem, starts)
    tight = sum(spare < problem.buffer for spare in found.values())
    return len(found), tight, min(found.values(), default=None)


def recount(problem: DayProblem, starts: dict[int, int]) -> int:
    """Travel of the whole day with these visits placed, each shared move once; each
    move leaves when the one before ends (from the hotel: as late as arrives in time)."""
    moves: dict[tuple[object, ...], int] = {}
    for person, who in enumerate(problem.people):
        place: int | None = who.home
        key: tuple[object, ...] = ("home", who.home)
        free = NEVER
        for start, end, then, arrive, leave in items(problem, person, starts):
            depart = free if free != NEVER else problem.leave_by(place, arrive, start)
            moves[(key, then)] = problem.move(place, arrive, depart)
            place, key, free = leave, then, end
        if who.night is not None:
            moves[(key, ("night", who.night))] = problem.move(place, who.night, free)
    return sum(moves.values())
