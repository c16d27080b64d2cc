"""What to settle before a programme circulates: tentative events, public holidays."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from tripplan.checks.holidays import holiday
from tripplan.checks.words import day_name, named
from tripplan.format.model import Event, Itinerary
from tripplan.format.zone_tables import zone_countries
from tripplan.geo.places import country_name, venue_country
from tripplan.problems import Problem


def tentative(itinerary: Itinerary) -> Iterator[Problem]:
    for event in itinerary.events():
        if event.status == "tentative":
            yield Problem.of(
                "tentative",
                f"event {named(event)} is tentative; confirm it with "
                f"{event.host.name if event.host else 'the host'} before circulating, "
                "then set status: confirmed",
                (*event.path, "status"),
                event.id,
            )


# What a public holiday means for each way of travelling: (how the group is named,
# the advice). Events that are not journeys: offices may be closed.
_ADVICE = {
    "train": ("by train", "expect crowded stations and sold-out trains: book early"),
    "flight": ("by air", "expect crowded airports and full flights: book early"),
    "ferry": ("by ferry", "expect crowded piers and sold-out sailings: book early"),
    "car": ("by car", "expect busy roads out of town and near sights"),
    "walk": ("on foot", "expect queues at boundary crossings"),
}
_CLOSED = "offices may be closed; confirm with the host"


def public_holidays(itinerary: Itinerary) -> Iterator[Problem]:
    """One warning per day with events on a public holiday where they take place, at the
    first of them, naming them all with advice for each way they travel."""
    by_day: dict[date, list[tuple[Event, datetime, str, str]]] = {}
    for event in itinerary.events():
        if event.is_cancelled:
            continue
        zone = event.zone
        country = venue_country(itinerary, event.places[0], zone) if event.places else None
        if country is None:
            country = zone_countries().get(zone.key)
        if country is None:
            continue
        moment = event.start_at or datetime.combine(event.day, datetime.min.time(), event.zone)
        name = holiday(country, moment.date())
        if name is not None:
            by_day.setdefault(moment.date(), []).append((event, moment, country, name))
    for found in by_day.values():
        yield _holiday(found)


def _holiday(found: list[tuple[Event, datetime, str, str]]) -> Problem:
    first, moment = found[0][0], found[0][1]
    path = (*first.path, "start") if first.start is not None else first.path
    countries: dict[str, list[str]] = {}
    ways: dict[str, list[str]] = {}
    for event, _, country, name in found:
        if country_name(country) not in countries.setdefault(name, []):
            countries[name].append(country_name(country))
        # Travel on a holiday: advice for its way of travelling (a journey without a
        # mode is a drive); anything else: the host's office may be closed.
        way: str = (event.mode or "car") if event.kind == "travel" else ""
        ways.setdefault(way, []).append(event.id)
    holidays = " and ".join(f"{name} in {_listed(where)}" for name, where in countries.items())
    if len(found) == 1:
        way = next(iter(ways))
        advice = _ADVICE[way][1] if way else _CLOSED
        return Problem.of(
            "holiday",
            f"event {named(first)} is on {day_name(moment)}, {holidays}; {advice}",
            path,
            first.id,
        )
    advices = [
        f"{_ADVICE[way][0]} ({_listed(ids, quote=True)}) {_ADVICE[way][1]}"
        if way
        else f"offices may be closed: confirm with the hosts of {_listed(ids, quote=True)}"
        for way, ids in sorted(ways.items(), key=lambda w: w[0] != "")
    ]
    return Problem.of(
        "holiday",
        f"{len(found)} events are on {day_name(moment)}, {holidays}; {'; '.join(advices)}",
        path,
        first.id,
    )


def _listed(items: list[str], quote: bool = False) -> str:
    shown = [f"'{i}'" if quote else i for i in items]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
