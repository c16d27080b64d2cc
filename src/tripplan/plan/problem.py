"""A day to sequence, in small types: times in seconds, places and people as indexes.

`placing.py` turns a day of an itinerary into a `DayProblem`; the searches answer with a
`Plan`. Travel may depend on when one leaves (`Roads`: rush hours); it is always FIFO,
leaving later never arrives earlier, which the searches rely on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

NEVER = -(2**62)  # "no constraint yet": the day's start at the hotel
ENDLESS = 2**62


def minute_up(moment: float) -> int:
    """`moment` rounded up to a whole minute; a tenth of a millisecond over one (floating
    point noise) is not a minute more."""
    return math.ceil((moment - 1e-4) / 60) * 60


class Traffic(Protocol):
    """Where a car's speed changes over time (`traffic.Clock`)."""

    def drive_end(self, start: float, drive: float) -> float: ...
    def drive_start(self, end: float, drive: float) -> float: ...
    def fastest(self, since: float, until: float) -> float: ...
    def slowest(self, since: float, until: float) -> float: ...


@dataclass(frozen=True, slots=True)
class Roads:
    """Car times that depend on the time of departure.

    A car move from i to j drives `drive[i][j]` seconds at factor 1 through the traffic of
    place i (`clocks[i]`), then takes `overhead` (parking, walking in); its arrival is
    rounded up to a whole minute. Pairs with no drive (walks) keep the day's fixed time.
    """

    drive: Sequence[Sequence[float]]
    overhead: int
    clocks: Sequence[Traffic]
    memo: dict[tuple[int, int, int], int] = field(default_factory=dict, compare=False)
    # A search asks the same (from, to, deadline) again and again: the latest departure
    # from each place before each fixed event.
    latest: dict[tuple[int, int, int], int] = field(default_factory=dict, compare=False)

    def arrive(self, a: int, b: int, t: int) -> int:
        key = (a, b, t)
        found = self.memo.get(key)
        if found is None:
            end = self.clocks[a].drive_end(t, self.drive[a][b]) + self.overhead
            found = self.memo[key] = minute_up(end)
        return found

    def depart_by(self, a: int, b: int, arrive_by: int) -> int:
        """The latest whole minute leaving a that arrives at b by `arrive_by` (cars leave
        on the minute, as every move is whole minutes: the travel model's too)."""
        key = (a, b, arrive_by)
        found = self.latest.get(key)
        if found is None:
            found = self.latest[key] = self._depart_by(a, b, arrive_by)
        return found

    def _depart_by(self, a: int, b: int, arrive_by: int) -> int:
        end = (arrive_by // 60) * 60 - self.overhead
        t = math.floor(self.clocks[a].drive_start(end, self.drive[a][b]) / 60) * 60
        # Floating point may leave it a minute off either way.
        while self.arrive(a, b, t) > arrive_by:
            t -= 60
        while self.arrive(a, b, t + 60) <= arrive_by:
            t += 60
        return t

    def fastest(self, travel: Sequence[Sequence[int]], since: int, until: int) -> list[list[int]]:
        """A lower bound of each move's time for departures in [since, until] (`travel`
        for the pairs with no drive)."""
        # The fastest hour is a place's, whatever the destination: found once per place
        # (a day of hundreds of places asks for tens of thousands of moves).
        factors = [clock.fastest(since, until) for clock in self.clocks]
        overhead, drive = self.overhead, self.drive
        return [
            [
                0
                if a == b
                else max(0, math.floor(overhead + drive[a][b] / factors[a]))
                if drive[a][b]
                else travel[a][b]
                for b in range(len(travel))
            ]
            for a in range(len(travel))
        ]

    def slowest(self, a: int, b: int, since: int, until: int) -> int:
        """An upper bound of the move's time for departures in [since, until] (a drive
        that ends after `until` may be slower still: widen `until` for it)."""
        factor = self.clocks[a].slowest(since, until)
        return math.ceil(self.overhead + self.drive[a][b] / factor) + 60


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
    travel: Sequence[Sequence[int]]  # seconds from place i to place j (by day, for cars)
    buffer: int = 0  # wanted between two events at different places
    grain: int = 1  # starts chosen after an arrival are rounded up to a multiple of this
    roads: Roads | None = None  # car times by time of day; None: `travel` at every hour

    def move(self, a: int | None, b: int | None, t: int | None = None) -> int:
        """Seconds from place a to place b leaving at `t`; 0 to stay, or where a place is
        not known. Without `t` (or at NEVER), the day's fixed time."""
        if a is None or b is None or a == b:
            return 0
        roads = self.roads
        if roads is None or t is None or t == NEVER or not roads.drive[a][b]:
            return self.travel[a][b]
        return roads.arrive(a, b, t) - t

    def reach(self, a: int | None, b: int | None, t: int, buffer: bool = True) -> int:
        """The earliest start at b for someone free at a at `t`: travel, and the buffer
        between two places."""
        if a is None or b is None or a == b:
            return t
        return t + self.move(a, b, t) + (self.buffer if buffer else 0)

    def leave_by(self, a: int | None, b: int | None, start: int, buffer: bool = True) -> int:
        """The latest time to leave a to start at b by `start` (with the buffer)."""
        if a is None or b is None or a == b:
            return start
        by = start - (self.buffer if buffer else 0)
        roads = self.roads
        if roads is None or not roads.drive[a][b]:
            return by - self.travel[a][b]
        return roads.depart_by(a, b, by)

    def pause(self, a: int | None, b: int | None) -> int:
        """The day's fixed travel plus the buffer, for a move between different places."""
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
    moves: int = 0  # moves between two events at different places, to or from a visit
    tight: int = 0  # those that keep less than the buffer
    spare: int | None = None  # the least time to spare on any of them (None: no move)

    @property
    def gap(self) -> float:
        """How far above the lower bound, as a fraction of the plan's travel."""
        return 0.0 if self.travel <= 0 else max(0, self.travel - self.lower_bound) / self.travel
