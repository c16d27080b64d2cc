"""Checking itineraries: the schema problems of loading plus every rule."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import TYPE_CHECKING

from tripplan.errors import TripplanError
from tripplan.loader import Loaded, no_garbage_collection, parse, parse_file
from tripplan.model import Itinerary

if TYPE_CHECKING:
    from tripplan.geo.locate import Found
from tripplan.problems import Problem, in_file_order
from tripplan.rules import run_rules, used_venues, venue_locations

REGISTRY_NAME = "venues.yaml"  # an office's venue registry, beside its itineraries


@dataclass(frozen=True, slots=True)
class Report:
    """All problems of one file, in file order."""

    file: str
    problems: list[Problem]


def check(itinerary: Itinerary, *, registry: FilePath | None = None) -> list[Problem]:
    """Problems of a loaded itinerary, placed at lines when it came from a file.

    Venues without coordinates are looked up offline (in `registry`, else a venues.yaml
    beside the file, then the gazetteer); what is found exactly is used for travel.
    """
    found = locate_missing(itinerary, registry)
    problems = sequenced(itinerary)
    problems += run_rules(itinerary)
    if found:
        problems += venue_locations(itinerary, found)
    positions = itinerary._positions
    if positions is None:
        return problems
    return [positions.place(problem) for problem in problems]


def known_person(itinerary: Itinerary, person: str, source: object) -> None:
    """TripplanError unless `person` is one of the people (with the likely intended one)."""
    if person not in itinerary.people:
        close = difflib.get_close_matches(person, list(itinerary.people), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise TripplanError(f"--person {person}: not one of the people of {source}{hint}")


def locate_missing(
    itinerary: Itinerary, registry: FilePath | None = None
) -> dict[str, Found | None]:
    """Look up offline the used venues that have no coordinates; remember exact finds.

    The gazetteer is not even opened when every venue has coordinates. Finding other
    places than before (another registry) makes the sequencer place the trip again.
    """
    missing = [v for v in used_venues(itinerary) if itinerary.venues[v].location is None]
    if not missing:
        return {}
    from tripplan.geo.locate import OfflineGeocoder, Registry, locate

    office = None
    if registry is not None:
        office = Registry.load(registry)
    elif itinerary._registry is not None:
        try:
            office = Registry.load(itinerary._registry)
        except TripplanError:
            # A broken venues.yaml found beside the trip is for `tripplan check` (which
            # names it) to report; show, brief and export go on without it.
            itinerary._registry = None
    offline = OfflineGeocoder(office)
    found = {vid: locate(vid, itinerary.venues[vid], offline) for vid in missing}
    points = {
        vid: (place.lat, place.lon)
        for vid, place in found.items()
        if place is not None and place.usable and place.precision == "exact"
    }
    if points != itinerary._points:
        itinerary._points = points
        itinerary._placed = None
    return found


def sequenced(itinerary: Itinerary) -> list[Problem]:
    """Place the flexible events; `window-infeasible` for those that cannot fit."""
    if not any(event.is_flexible for event in itinerary.events()):
        return []
    from tripplan.placing import place

    return [
        Problem.of(
            "window-infeasible", missed.reason, (*missed.event.path, "window"), missed.event.id
        )
        for day in place(itinerary)
        for missed in day.unplaced
    ]


def _report(loaded: Loaded, registry: FilePath | None) -> Report:
    problems = list(loaded.problems)
    if loaded.itinerary is not None:
        # A venue with a schema problem stands in by name only: saying it also lacks
        # coordinates would only repeat that it is broken.
        broken = {p.path[:2] for p in problems if p.path and p.path[:1] == ("venues",)}
        problems.extend(
            p
            for p in check(loaded.itinerary, registry=registry)
            if not (p.code in _LOCATION_CODES and p.path and p.path[:2] in broken)
        )
    return Report(loaded.source, in_file_order(problems))


_LOCATION_CODES = frozenset({"no-location", "coarse-location"})


def check_text(
    text: str, source: str = "<itinerary>", *, registry: FilePath | None = None
) -> Report:
    """Every problem of the itinerary written in `text`."""
    with no_garbage_collection():
        return _report(parse(text, source), registry)


def check_file(path: str | FilePath, *, registry: FilePath | None = None) -> Report:
    """Every problem of the itinerary in `path`; TripplanError if it cannot be read.

    Without `registry`, a `venues.yaml` beside the itinerary is the office's registry.
    """
    path = FilePath(path)
    if registry is None and (path.parent / REGISTRY_NAME).is_file():
        registry = path.parent / REGISTRY_NAME
    with no_garbage_collection():
        return _report(parse_file(path), registry)
