"""Itinerary text -> `Itinerary`, with every problem placed at its line and column.

A file with errors is still checked as far as it can be: each round of validation
reports its errors and `recovery.Repair` mends what they are about (the value meant
where it is clear, stand-ins for the rest), until the itinerary validates. So a schema
error in one event never hides a double booking, and one run shows every problem.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from tripplan.format.model import Itinerary
from tripplan.format.recovery import Repair
from tripplan.format.wording import schema_problem, without_echoes
from tripplan.format.yamldoc import EXTENSION_PREFIX, Positions, read_yaml
from tripplan.format.zone_tables import CityZone
from tripplan.format.zones import ZoneContext
from tripplan.problems import Problem

# Rounds of repair before giving up: each round mends everything its errors are about,
# and a repair can only reveal errors of the kinds a later round mends once more.
_ROUNDS = 8


@dataclass(slots=True)
class Loaded:
    """What reading a file gave: the usable part of the itinerary, and its problems."""

    source: str
    itinerary: Itinerary | None
    problems: list[Problem]
    positions: Positions


@contextmanager
def no_garbage_collection() -> Iterator[None]:
    # Reading builds hundreds of thousands of small acyclic objects; the cyclic
    # collector would scan them over and over, tripling the time of a large file.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse(text: str, source: str = "<itinerary>", *, city_zone: CityZone | None = None) -> Loaded:
    """Read an itinerary from YAML text, keeping what is usable and every problem.

    `city_zone` finds the time zone of a city name (e.g. from the gazetteer) when a
    zone written in the file needs guessing.
    """
    with no_garbage_collection():
        return _parse(text, source, city_zone)


def _parse(text: str, source: str, city_zone: CityZone | None) -> Loaded:
    document = read_yaml(text)
    loaded = Loaded(source, None, list(document.problems), document.positions)
    data = document.data
    if data is None and document.problems:
        return loaded
    if not isinstance(data, dict):
        loaded.problems.append(
            Problem.of(
                "schema",
                "an itinerary is a mapping with the keys version, trip, people, venues and "
                "days; start from the example in the README",
            ).at(1, 1)
        )
        return loaded
    # Top-level x- keys hold what the format does not know, such as YAML anchors to
    # reuse (`x-hangzhou: &hz {city: Hangzhou}`); like Compose files, we ignore them.
    data = {k: v for k, v in data.items() if not k.startswith(EXTENSION_PREFIX)}
    zones = ZoneContext(data, city_zone)
    itinerary, errors = _validate(data, document.positions, zones)
    if itinerary is not None:
        itinerary._positions = document.positions
    loaded.itinerary = itinerary
    loaded.problems.extend(
        schema_problem(error, data, document.positions) for error in without_echoes(errors)
    )
    return loaded


def _validate(
    data: dict[str, Any], positions: Positions, zones: ZoneContext
) -> tuple[Itinerary | None, list[ErrorDetails]]:
    """The itinerary made of what is usable (None if even stand-ins do not make one) and
    the errors to report, each once, in the places of the file."""
    repair = Repair(data, positions)
    context = {"zones": zones}
    reported: list[ErrorDetails] = []
    for _ in range(_ROUNDS):
        view, day_origin, event_origin = repair.view()
        try:
            itinerary = Itinerary.model_validate(view, context=context)
        except ValidationError as e:
            errors = [
                repair.original(err, day_origin, event_origin)
                for err in e.errors(include_url=False)
            ]
        else:
            repair.finish(itinerary, day_origin, event_origin)
            return itinerary, reported
        reported += repair.new(errors)
        reported += repair.apply(errors, context)
    return None, reported
