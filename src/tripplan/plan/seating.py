"""Who rides in which of a day's vehicles on each move by car between its events.

The day's `vehicles` say who rides in which. When the delegation splits at a move so that
one vehicle would have to go two ways at once (lunch over, one pair leaves for one visit
and another pair for another, each pair with one person from each car), the groups that
leave one place together are seated afresh among the day's vehicles: each group in the
vehicle most of its people ride in, else in another of the day's that no other group
takes then and that has no journey of its own at the time, as many as its people need
seats; and people stay in the car that took them for the day's later moves and the way
back to the hotel (the car waits with its group). `plan.vehicles` takes this seating only
where the one written cannot be made: a day the vehicle checks accept as written keeps
it. Pure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from tripplan.format.model import Day

Seats = dict[str, str]  # person id -> vehicle id


@dataclass(frozen=True, slots=True)
class Leaving:
    """A move as seating sees it: from where, when, and who (in time order)."""

    start: str
    leaves: datetime
    arrives: datetime
    people: tuple[str, ...]


def split(day: Day, moves: Sequence[Leaving]) -> bool:
    """Whether some vehicle of the day, as written, would take two groups leaving one
    place at one time to two places."""
    return any(_shared(_written(day), group, moves) for group in _departures(moves))


def reseated(
    day: Day,
    moves: Sequence[Leaving],
    seats: dict[str, int | None],
    busy: Callable[[str, Leaving], bool],
) -> tuple[list[Seats], Seats]:
    """Who rides in which vehicle on each of `moves` (as `moves` lists them), and where
    each person sits at the end of the day. `seats`: each vehicle's passenger seats
    (None: not said); `busy`: whether a vehicle has a journey of its own during a move."""
    order = list(day.vehicles or {})
    current = _written(day)
    plans: list[Seats] = [{} for _ in moves]
    for group in _departures(moves):
        if not _shared(current, group, moves):
            for i in group:
                plans[i] = {p: current[p] for p in moves[i].people if p in current}
            continue
        taken: set[str] = set()
        # The largest group first: it is the hardest to seat.
        for i in sorted(group, key=lambda i: -len(moves[i].people)):
            people = [p for p in moves[i].people if p in current]
            chosen = _vehicles_for(people, order, taken, current, seats, moves[i], busy)
            if chosen is None:  # not enough vehicles: as written (the checks say so)
                plans[i] = {p: current[p] for p in people}
                continue
            taken.update(chosen)
            plans[i] = _fill(people, chosen, current, seats)
        for i in group:
            current.update(plans[i])
    return plans, current


def _written(day: Day) -> Seats:
    return {p: v for v, people in (day.vehicles or {}).items() for p in people}


def _departures(moves: Sequence[Leaving]) -> list[list[int]]:
    """The moves leaving one place at one time, in time order."""
    found: dict[tuple[str, float], list[int]] = {}
    for i, move in enumerate(moves):
        found.setdefault((move.start, move.leaves.timestamp()), []).append(i)
    return [found[key] for key in sorted(found, key=lambda k: k[1])]


def _shared(current: Seats, group: list[int], moves: Sequence[Leaving]) -> bool:
    """Whether two moves of `group` have someone in the same vehicle."""
    if len(group) < 2:
        return False
    owner: dict[str, int] = {}
    for i in group:
        for person in moves[i].people:
            vehicle = current.get(person)
            if vehicle is not None and owner.setdefault(vehicle, i) != i:
                return True
    return False


def _vehicles_for(
    people: list[str],
    order: list[str],
    taken: set[str],
    current: Seats,
    seats: dict[str, int | None],
    move: Leaving,
    busy: Callable[[str, Leaving], bool],
) -> list[str] | None:
    """The vehicles that take `people`: those most of them ride in first, then free
    ones in the day's order; None when the free ones have too few seats."""
    if not people:
        return []
    free = [v for v in order if v not in taken and not busy(v, move)]
    ranked = sorted(free, key=lambda v: (-sum(current[p] == v for p in people), order.index(v)))
    chosen: list[str] = []
    room = 0
    for vehicle in ranked:
        chosen.append(vehicle)
        size = seats.get(vehicle)
        if size is None or room + size >= len(people):
            return chosen
        room += size
    return None


def _fill(
    people: list[str], chosen: list[str], current: Seats, seats: dict[str, int | None]
) -> Seats:
    """Each of `people` in one of `chosen`: in their own if it is chosen and has room,
    else in the first with room."""
    left = {v: seats.get(v) for v in chosen}  # None: seats not said
    placed: Seats = {}
    for person in sorted(people, key=lambda p: current[p] not in left):
        vehicle = current[person]
        if vehicle not in left or left[vehicle] == 0:
            vehicle = next(v for v in chosen if left[v] != 0)
        room = left[vehicle]
        left[vehicle] = None if room is None else room - 1
        placed[person] = vehicle
    return placed
