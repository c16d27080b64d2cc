"""Problems found in an itinerary: the stable codes of the format and how bad each is."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

Severity = Literal["error", "warning"]

# Stable: tools and scripts match on these codes. Add codes, never rename one.
CODES: dict[str, tuple[Severity, str]] = {
    "yaml": ("error", "not valid YAML, or YAML the loader refuses"),
    "schema": ("error", "wrong type, missing or unknown key, bad time, duration or slug syntax"),
    "unknown-ref": ("error", "a venue, person or hotel id that is not defined"),
    "duplicate-id": ("error", "two events with the same id, or two days with the same date"),
    "bad-timezone": ("error", "a timezone that is not an IANA name"),
    "end-before-start": ("error", "an event that ends before (or when) it starts"),
    "outside-trip": ("error", "a day outside trip.start..trip.end"),
    "missing-day": ("warning", "a date between two days of the trip that no day lists"),
    "double-booked": ("error", "one person in two events that overlap in time"),
    "window-infeasible": ("error", "a flexible event cannot fit its window"),
    "travel-infeasible": (
        "error",
        "the travel time between two events' places is longer than the gap",
    ),
    "tight-transfer": ("warning", "the gap leaves less slack than trip.buffer after travel"),
    "journey-too-short": (
        "warning",
        "a car journey written much shorter than the travel model's drive between its places",
    ),
    "missing-travel": ("warning", "consecutive events in different cities with no journey between"),
    "no-location": ("warning", "a venue without coordinates, so travel cannot be checked"),
    "coarse-location": ("warning", "a venue placed only at its city's centre"),
    "tentative": ("warning", "an event that is not confirmed"),
    "holiday": ("warning", "an event on a public holiday where it takes place"),
    "document-expiry": (
        "error",
        "a travel document expires before the trip ends (a warning: too soon after it)",
    ),
    "missing-document": ("warning", "someone crosses a border without a document admitting them"),
    "vehicle-overbooked": ("error", "more people in a vehicle than its seats"),
    "vehicle-conflict": (
        "error",
        "a vehicle or driver in two places at once, or unable to reach the next pick-up",
    ),
    "no-vehicle": ("warning", "someone in a move by car who is in none of its vehicles"),
    "vehicle-boundary": (
        "warning",
        "a vehicle driven on both sides of the Hong Kong, Macao or mainland boundary",
    ),
    "no-contact": ("warning", "a day away from Hong Kong without an emergency or duty contact"),
    "clock-change": (
        "error",
        "a time in the hour a daylight-saving change skips; a warning in the hour it repeats",
    ),
}

# A path into the itinerary document, as keys and list indexes:
# ("days", 0, "events", 2, "start").
Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an itinerary, with where it is when the file is known."""

    code: str
    message: str
    path: Path | None = None
    event: str | None = None
    line: int | None = None
    column: int | None = None
    severity: Severity = field(default="error")

    @classmethod
    def of(
        cls,
        code: str,
        message: str,
        path: Path | None = None,
        event: str | None = None,
        *,
        severity: Severity | None = None,
    ) -> Problem:
        """A problem with the severity its code has in the format (or `severity`, for the
        codes that are errors or warnings by degree)."""
        return cls(code, message, path, event, severity=severity or CODES[code][0])

    def at(self, line: int | None, column: int | None) -> Problem:
        return replace(self, line=line, column=column)

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "event": self.event,
        }


class Suggestions:
    """ "Did you mean ...?" among `known` names, with bounded work per name.

    difflib compares a name with every candidate it is given: 16,000 references to
    missing venues among 16,000 venues would be 256 million comparisons. Here a name is
    compared only with the `limit` known names that share the most of its rarer
    three-letter pieces (an index built on the first question), and each distinct name
    is worked out once; a set of up to `limit` names is searched whole. Past `names`
    distinct names nothing more is suggested: a file with thousands of misspellings is
    not one anybody fixes by reading suggestions (16,000 took 80 s of CPU).
    """

    def __init__(
        self, known: Iterable[str], *, cutoff: float = 0.6, limit: int = 50, names: int = 500
    ) -> None:
        self._known = list(dict.fromkeys(known))
        self._cutoff, self._limit, self._names = cutoff, limit, names
        self._pieces: dict[str, list[int]] | None = None
        self._found: dict[str, str | None] = {}

    def closest(self, name: str) -> str | None:
        if name not in self._found:
            if len(self._found) >= self._names:
                return None
            close = difflib.get_close_matches(name, self._candidates(name), 1, self._cutoff)
            self._found[name] = close[0] if close else None
        return self._found[name]

    def _candidates(self, name: str) -> list[str]:
        if len(self._known) <= self._limit:
            return self._known
        if self._pieces is None:
            self._pieces = {}
            for i, known in enumerate(self._known):
                for piece in _pieces(known):
                    self._pieces.setdefault(piece, []).append(i)
        shared: dict[int, int] = {}
        for piece in sorted(_pieces(name)):
            holders = self._pieces.get(piece, ())
            if len(holders) <= 10 * self._limit:  # a piece most names have tells nothing
                for i in holders:
                    shared[i] = shared.get(i, 0) + 1
        best = sorted(shared, key=lambda i: (-shared[i], i))[: self._limit]
        return [self._known[i] for i in best]


def _pieces(name: str) -> set[str]:
    padded = f"\x02{name}\x03"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def count(problems: Iterable[Problem], severity: Severity) -> int:
    return sum(1 for p in problems if p.severity == severity)


def in_file_order(problems: Iterable[Problem]) -> list[Problem]:
    """Problems sorted by place in the file; those with no place come last."""
    return sorted(
        problems,
        key=lambda p: (p.line is None, p.line or 0, p.column or 0, p.code, p.message),
    )
