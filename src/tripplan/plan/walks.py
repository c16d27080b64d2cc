"""Placing visits one after another in a given order, each as early as it fits.

The general walk follows every person; the fast one, for a delegation that moves
together, keeps one place and one clock.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from tripplan.plan.labels import DaySearch, Label
from tripplan.plan.problem import ENDLESS, NEVER, Person


class Walk:
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

    def tight(self, state: Any) -> int:
        """Moves so far that keep less than the buffer."""
        raise NotImplementedError

    def score(self, state: Any) -> tuple[int, int, int, int, int]:
        raise NotImplementedError

    def run(self, order: Sequence[int]) -> list[Any]:
        """The state before each visit of `order` and after the last."""
        states = [self.start()]
        for v in order:
            states.append(self.advance(states[-1], v))
        return states


class Apart(Walk):
    """Any day: every person followed separately (the exact search's step)."""

    def __init__(self, day: DaySearch) -> None:
        self.day = day
        self.steps = 0

    def start(self) -> tuple[Label, int]:
        return self.day.start(), 0

    def advance(self, state: tuple[Label, int], v: int) -> tuple[Label, int]:
        self.steps += 1
        label, missed = state
        following = self.day.step(label, v, first_only=True)
        return (following[0], missed) if following else (label, missed + 1)

    def missed(self, state: tuple[Label, int]) -> int:
        return state[1]

    def cost(self, state: tuple[Label, int]) -> int:
        return state[0].cost

    def tight(self, state: tuple[Label, int]) -> int:
        return state[0].tight

    def score(self, state: tuple[Label, int]) -> tuple[int, int, int, int, int]:
        return self.day.score(*state)


# (place, free from, fixed events passed, travel, finish, slack, visits missed, moves
# short of the buffer)
Where = tuple[int | None, int, int, int, int, int, int, int]


class Together(Walk):
    """The usual day made fast: everyone the visits involve goes everywhere together.

    When every visit has the same people and they share their fixed events, hotels
    included, they move as one; placing a visit is then a little arithmetic instead of
    the exact search's general step (the same answer, checked by the tests).
    """

    def __init__(self, day: DaySearch, person: Person) -> None:
        self.day = day
        self.person = person
        self.fixed = person.fixed
        self.home, self.night = person.home, person.night
        self.steps = 0
        # Travel between consecutive fixed events, summed: chain[j] - chain[i] is the
        # road from fixed event i to fixed event j.
        self.chain = [0]
        for a, b in itertools.pairwise(self.fixed):
            self.chain.append(self.chain[-1] + day.move(a.leave, b.arrive, a.end))

    @staticmethod
    def of(day: DaySearch) -> Together | None:
        groups = {v.people for v in day.p.visits}
        if len(groups) != 1 or len(next(iter(groups))) != len(day.p.people):
            return None  # someone not at every visit: people move apart
        people = [day.p.people[i] for i in next(iter(groups))]
        if not people or any(p != people[0] for p in people[1:]):
            return None
        return Together(day, people[0])

    def start(self) -> Where:
        return (self.home, NEVER, 0, 0, NEVER, ENDLESS, 0, 0)

    def advance(self, state: Where, v: int) -> Where:
        self.steps += 1
        found = self.options(state, v, first_only=True)
        if found:
            return found[0]
        place, ready, k, cost, finish, slack, missed, tight = state
        return (place, ready, k, cost, finish, slack, missed + 1, tight)

    def options(self, state: Where, v: int, *, first_only: bool) -> list[Where]:
        """Doing visit `v` next, as early as it fits in each gap between fixed events (in
        a soft search also right on arrival, short of the buffer). `first_only`: the
        earliest, keeping the buffer where it can."""
        place, ready, k, cost, finish, slack, missed, tight = state
        day = self.day
        visit = day.p.visits[v]
        there, length, fixed, grain = visit.place, visit.duration, self.fixed, day.p.grain
        latest = visit.close - length
        reach, leave_by, move = day.reach, day.leave_by, day.move
        timed, hard = day.timed, not day.soft
        found = []
        for m in range(k, len(fixed) + 1):
            passed = 0  # a move from the last visit to a fixed event short of the buffer
            if m == k:
                if ready == NEVER:
                    lo = kept = NEVER
                else:
                    kept = reach(place, there, ready)
                    lo = kept if hard else reach(place, there, ready, False)
            else:
                before = fixed[m - 1]
                if before.end > latest:
                    break
                kept = reach(before.leave, there, before.end)
                lo = kept if hard else reach(before.leave, there, before.end, False)
                if not hard and ready != NEVER and place != fixed[k].arrive:
                    passed = fixed[k].start < reach(place, fixed[k].arrive, ready)
            top = latest
            if m < len(fixed):
                after = fixed[m]
                top = min(top, leave_by(there, after.arrive, after.start, hard) - length)
            starts = [visit.open if kept <= visit.open else -(-kept // grain) * grain]
            if kept != lo:
                early = visit.open if lo <= visit.open else -(-lo // grain) * grain
                if early < starts[0]:
                    starts.append(early)
            free = ready
            if m == k:
                if timed and free == NEVER:
                    free = leave_by(place, there, starts[0])
                road = move(place, there, free)
            else:
                if timed and free == NEVER:
                    free = leave_by(place, fixed[k].arrive, fixed[k].start)
                road = (
                    move(place, fixed[k].arrive, free)
                    + self.chain[m - 1]
                    - self.chain[k]
                    + move(fixed[m - 1].leave, there, fixed[m - 1].end)
                )
            for start in starts:
                if start > top:
                    continue
                end = start + length
                short = passed + (start < kept)
                found.append(
                    (
                        there,
                        end,
                        m,
                        cost + road,
                        max(finish, end),
                        min(slack, top - start),
                        missed,
                        tight + short,
                    )
                )
                if first_only:
                    return found
        return found

    def missed(self, state: Where) -> int:
        return state[6]

    def cost(self, state: Where) -> int:
        return state[3]

    def tight(self, state: Where) -> int:
        return state[7]

    def closing(self, state: Where) -> int:
        return self.finishing(state)[1]

    def finishing(self, state: Where) -> tuple[int, int]:
        """(moves short of the buffer, travel) of the whole day from this state."""
        place, ready, k, cost, *_, tight = state
        day, fixed = self.day, self.fixed
        move = day.move
        if k == len(fixed):
            return tight, cost + move(place, self.night, ready)
        if ready == NEVER:
            if day.timed:
                ready = day.leave_by(place, fixed[k].arrive, fixed[k].start)
        elif day.soft and place != fixed[k].arrive:
            tight += fixed[k].start < day.reach(place, fixed[k].arrive, ready)
        last = fixed[-1]
        return tight, (
            cost
            + move(place, fixed[k].arrive, ready)
            + self.chain[-1]
            - self.chain[k]
            + move(last.leave, self.night, last.end)
        )

    def score(self, state: Where) -> tuple[int, int, int, int, int]:
        # People outside the group travel the same whatever the order: left out.
        tight, cost = self.finishing(state)
        return (state[6], tight, cost, state[4], -state[5])


def evaluate(day: DaySearch, order: Sequence[int]) -> tuple[Label, int]:
    """Each visit of `order` placed as early as it fits; visits that do not fit skipped."""
    label, missed = Apart(day).run(order)[-1]
    return label, missed
