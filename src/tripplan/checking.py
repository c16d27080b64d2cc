"""Checking itineraries: the schema problems of loading plus every rule."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path as FilePath

from tripplan.loader import Loaded, no_garbage_collection, parse, parse_file
from tripplan.model import Itinerary
from tripplan.problems import Problem, in_file_order
from tripplan.rules import run_rules


@dataclass(frozen=True, slots=True)
class Report:
    """All problems of one file, in file order."""

    file: str
    problems: list[Problem]


def check(itinerary: Itinerary) -> list[Problem]:
    """Problems of a loaded itinerary, placed at lines when it came from a file."""
    problems = run_rules(itinerary)
    positions = itinerary._positions
    if positions is None:
        return problems
    return [positions.place(problem) for problem in problems]


def _report(loaded: Loaded) -> Report:
    problems = list(loaded.problems)
    if loaded.itinerary is not None:
        problems.extend(check(loaded.itinerary))
    return Report(loaded.source, in_file_order(problems))


def check_text(text: str, source: str = "<itinerary>") -> Report:
    """Every problem of the itinerary written in `text`."""
    with no_garbage_collection():
        return _report(parse(text, source))


def check_file(path: str | FilePath) -> Report:
    """Every problem of the itinerary in `path`; TripplanError if it cannot be read."""
    with no_garbage_collection():
        return _report(parse_file(FilePath(path)))
