"""The one path from an itinerary to every output, in the order the work happens:

    read -> parse -> locate -> place -> check -> outputs

read: bytes to text (`format.sources`); parse: text to the model, with every problem
(`format.loader`); locate: venues without coordinates found offline (`geo`); place: the
sequencer places flexible events (`plan`); check: the rules (`checks`). Each stage is a
function of the previous stage's value and returns its own, which holds everything the
earlier ones found; every command and the Python API go through here, and a stage is
skipped only by asking for an earlier one. Locating and placing also write what they
found into the itinerary (a venue's point, a flexible event's start), so that outputs
read one model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any, TypeVar

from tripplan.checks.locations import used_venues, venue_locations
from tripplan.checks.rules import ERROR_RULES, RULES, run_rules
from tripplan.errors import InvalidItinerary, TripplanError
from tripplan.format import sources
from tripplan.format.loader import no_garbage_collection
from tripplan.format.loader import parse as parse_text
from tripplan.format.model import Itinerary
from tripplan.format.yamldoc import Positions
from tripplan.problems import Problem, in_file_order

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from tripplan.geo.locate import Found
    from tripplan.plan.nights import Nights
    from tripplan.plan.placing import DayPlan

REGISTRY_NAME = "venues.yaml"  # an office's venue registry, beside its itineraries

# Road times between located points, for a day: seconds, or None where unknown.
Router = Callable[[Sequence[tuple[float, float]]], list[list[float | None]]]

# A venue with a schema problem stands in by name only: saying it also lacks
# coordinates would only repeat that it is broken.
_LOCATION_CODES = frozenset({"no-location", "coarse-location"})


@dataclass(slots=True)
class Parsed:
    """The parse stage: the usable part of the itinerary and the YAML and schema problems."""

    source: str
    itinerary: Itinerary | None
    problems: list[Problem]
    positions: Positions
    registry: FilePath | None = None  # an office registry found beside the file


@dataclass(slots=True)
class Located(Parsed):
    """The locate stage: what the offline lookup made of each venue without coordinates."""

    found: dict[str, Found | None] = field(default_factory=dict)


@dataclass(slots=True)
class Placed(Located):
    """The place stage: what the sequencer made of each day with flexible events."""

    days: list[DayPlan] = field(default_factory=list)


@dataclass(slots=True)
class Checked(Placed):
    """The check stage: every problem, at its line (those of parsing first)."""

    def report(self) -> Report:
        return Report(self.source, in_file_order(self.problems))


_Stage = TypeVar("_Stage", bound=Parsed)


@dataclass(frozen=True, slots=True)
class Report:
    """All problems of one file, in file order."""

    file: str
    problems: list[Problem]


# --- the stages -----------------------------------------------------------------------


def read(path: str | FilePath) -> sources.Source:
    """Read stage: the text of the itinerary in `path` (TripplanError if unreadable)."""
    return sources.from_file(path)


def parse(source: sources.Source) -> Parsed:
    """Parse stage: the model made of what is usable, and every YAML and schema problem."""
    registry = None
    if source.folder is not None and (source.folder / REGISTRY_NAME).is_file():
        registry = source.folder / REGISTRY_NAME
    if source.text is None:
        problems = [source.problem] if source.problem else []
        return Parsed(source.name, None, problems, Positions(), registry)
    loaded = parse_text(source.text, source.name, city_zone=city_zone)
    return Parsed(loaded.source, loaded.itinerary, loaded.problems, loaded.positions, registry)


def locate(parsed: Parsed, registry: FilePath | None = None) -> Located:
    """Locate stage: the used venues without coordinates looked up offline.

    In `registry` if given (a broken one is a TripplanError), else in a venues.yaml beside
    the file (a broken one is left out: `check` names it), then in the gazetteer, which is
    not even opened when every venue has coordinates. Exact finds become the venues' points.
    """
    itinerary = parsed.itinerary
    found: dict[str, Found | None] = {}
    if itinerary is not None:
        found = _locate_missing(itinerary, registry, parsed.registry)
    return _next(Located, parsed, found=found)


def place(located: Located, router: Router | None = None) -> Placed:
    """Place stage: flexible events placed by the sequencer (with `router`'s road times
    if given); events that cannot fit stay without a start, and the day plans say why."""
    itinerary = located.itinerary
    if itinerary is not None:
        itinerary._days_off = _days_off(itinerary)
    return _placed(located, itinerary, router)


def place_pair(old: Located, new: Located) -> tuple[Placed, Placed]:
    """Place stage of two versions of one itinerary, for comparing them (`diff`): only
    the days whose flexible events may be placed differently in the two are placed, in
    both (`plan.changed_days`); the other days' flexible events are left unplaced in both
    alike, and the day plans are of the days placed."""
    a, b = old.itinerary, new.itinerary
    if a is None or b is None:
        return place(old), place(new)
    from tripplan.plan.changed_days import parts_to_place
    from tripplan.plan.nights import Nights

    for itinerary in (a, b):
        itinerary._days_off = _days_off(itinerary)
    nights = (Nights(a), Nights(b))
    parts = parts_to_place(a, b, nights) or (a, b)
    return _placed(old, parts[0], nights=nights[0]), _placed(new, parts[1], nights=nights[1])


def _placed(
    located: Located,
    part: Itinerary | None,
    router: Router | None = None,
    nights: Nights | None = None,
) -> Placed:
    """`located` with the flexible events of `part` (it or a part of it, then with the
    whole's `nights`) placed."""
    days: list[DayPlan] = []
    if part is not None and any(e.is_flexible for e in part.events()):
        from tripplan.plan.placing import place as place_days

        days = place_days(part, router, nights)
    return _next(Placed, located, days=days)


def check(placed: Placed, *, errors_only: bool = False) -> Checked:
    """Check stage: every rule run, each problem placed at its line; with `errors_only`
    (for a command that shows no warnings) only the rules that may find an error."""
    problems = list(placed.problems)
    itinerary = placed.itinerary
    if itinerary is not None:
        broken = {p.path[:2] for p in problems if p.path and p.path[:1] == ("venues",)}
        found = [
            p
            for p in _rules(itinerary, placed.found, placed.days, errors_only)
            if not (p.code in _LOCATION_CODES and p.path and p.path[:2] in broken)
        ]
        problems += [placed.positions.place(p) for p in found]
    return Checked(
        placed.source,
        itinerary,
        problems,
        placed.positions,
        placed.registry,
        placed.found,
        placed.days,
    )


# --- the runs commands ask for ----------------------------------------------------------


def run(
    path: str | FilePath,
    *,
    registry: FilePath | None = None,
    router: Router | None = None,
    strict_registry: bool = False,
    errors_only: bool = False,
) -> Checked:
    """Every stage on the itinerary in `path`.

    With `strict_registry`, a broken venues.yaml beside the file stops the run (as
    `tripplan check` wants) instead of being left out; with `errors_only`, the check
    stage finds the errors and may leave warnings out (`check`).
    """
    with no_garbage_collection():
        parsed = parse(read(path))
        if strict_registry and registry is None:
            registry = parsed.registry
        return check(place(locate(parsed, registry), router), errors_only=errors_only)


def planned(path: str | FilePath, *, router: Router | None = None) -> Placed:
    """Read, parse, locate and place; InvalidItinerary if the file has YAML or schema errors."""
    with no_garbage_collection():
        parsed = parse(read(path))
        usable(parsed)
        return place(locate(parsed), router)


def usable(parsed: Parsed, refusal: str = "") -> Itinerary:
    """The itinerary, or InvalidItinerary naming the first error (with `refusal` added)."""
    errors = in_file_order(p for p in parsed.problems if p.severity == "error")
    if errors or parsed.itinerary is None:
        raise InvalidItinerary(parsed.source, errors, refusal)
    return parsed.itinerary


# --- the Python API ----------------------------------------------------------------------


def load(path: str | FilePath) -> Itinerary:
    """The itinerary in `path`, located and placed; InvalidItinerary on YAML or schema errors."""
    itinerary = planned(path).itinerary
    assert itinerary is not None
    return itinerary


def check_itinerary(itinerary: Itinerary, *, registry: FilePath | None = None) -> list[Problem]:
    """Problems of a loaded itinerary, placed at lines when it came from a file.

    Venues without coordinates are looked up offline (in `registry`, then the gazetteer);
    what is found exactly is used for travel. Flexible events are placed again.
    """
    positions = itinerary._positions
    parsed = Parsed("<itinerary>", itinerary, [], positions or Positions())
    return check(place(locate(parsed, registry))).problems


def check_file(path: str | FilePath, *, registry: FilePath | None = None) -> Report:
    """Every problem of the itinerary in `path`; TripplanError if it cannot be read.

    Without `registry`, a `venues.yaml` beside the itinerary is the office's registry.
    """
    with no_garbage_collection():  # until the report is made, not only the run
        return run(path, registry=registry, strict_registry=True).report()


def check_text(
    text: str, source: str = "<itinerary>", *, registry: FilePath | None = None
) -> Report:
    """Every problem of the itinerary written in `text`."""
    with no_garbage_collection():
        return check(place(locate(parse(sources.Source(source, text)), registry))).report()


# --- inside the stages ---------------------------------------------------------------------


def city_zone(city: str) -> str | None:
    """The time zone of a city, from the gazetteer: for guessing a zone a file misspells
    (`timezone: Wuhan`). Opened only then."""
    from tripplan.geo.gazetteer import Gazetteer

    gazetteer = Gazetteer()
    try:
        return gazetteer.city_zone(city)
    finally:
        gazetteer.close()


def _next(stage: type[_Stage], previous: Parsed, **added: Any) -> _Stage:
    """The value of `stage`: everything `previous` holds, and what the stage `added`."""
    held = {f.name: getattr(previous, f.name) for f in fields(previous)}
    return stage(**(held | added))


def _locate_missing(
    itinerary: Itinerary, registry: FilePath | None, beside: FilePath | None
) -> dict[str, Found | None]:
    missing = [v for v in used_venues(itinerary) if itinerary.venues[v].location is None]
    if not missing:
        itinerary._points = {}
        return {}
    from tripplan.geo.locate import OfflineGeocoder, Registry
    from tripplan.geo.locate import locate as locate_venue

    office = None
    if registry is not None:
        office = Registry.load(registry)
    elif beside is not None:
        # A broken one is for `tripplan check` (which names it); show, brief and export go on.
        with suppress(TripplanError):
            office = Registry.load(beside)
    offline = OfflineGeocoder(office)
    found = {vid: locate_venue(vid, itinerary.venues[vid], offline) for vid in missing}
    itinerary._points = {
        vid: (point.lat, point.lon)
        for vid, point in found.items()
        if point is not None and point.usable and point.precision == "exact"
    }
    return found


def _days_off(itinerary: Itinerary) -> frozenset[tuple[str, date]]:
    """The public holidays, as (country, date), of the countries the trip's events are in,
    on its days and those either side: cars drive on them as on a Sunday."""
    from tripplan.checks.holidays import holiday
    from tripplan.geo.places import venue_country

    dates = {day.date + timedelta(days=d) for day in itinerary.days for d in (-1, 0, 1)}
    # A long trip uses a few venues in a few zones: each pair is looked up once.
    used: set[tuple[tuple[str, ...], ZoneInfo]] = {
        (event.places, event.zone) for day in itinerary.days for event in day.events
    }
    places = {(place, zone) for ids, zone in used for place in ids}
    countries = {venue_country(itinerary, place, zone) for place, zone in places}
    return frozenset(
        (country, when)
        for country in countries
        if country is not None
        for when in dates
        if holiday(country, when) is not None
    )


def _rules(
    itinerary: Itinerary,
    found: dict[str, Found | None],
    days: list[DayPlan],
    errors_only: bool = False,
) -> list[Problem]:
    problems = [
        Problem.of(
            "window-infeasible", missed.reason, (*missed.event.path, "window"), missed.event.id
        )
        for day in days
        for missed in day.unplaced
    ]
    problems += run_rules(itinerary, ERROR_RULES if errors_only else RULES)
    if found and not errors_only:  # no-location and coarse-location only warn
        problems += venue_locations(itinerary, found)
    return problems
