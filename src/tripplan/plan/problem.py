"""A day to sequence, in small types: times in seconds, places and people as indexes.

`placing.py` turns a day of an itinerary into a `DayProblem`; the searches answer with a
`Plan`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

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
