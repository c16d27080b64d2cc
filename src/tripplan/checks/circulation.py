"""What to settle before a programme circulates: tentative events, public holidays."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from tripplan.checks.holidays import holiday
from tripplan.checks.words import day_name, named
from tripplan.format.model import Itinerary
from tripplan.geo.places import country_name, country_of
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


def public_holidays(itinerary: Itinerary) -> Iterator[Problem]:
    for event in itinerary.events():
        if event.is_cancelled:
            continue
        venue = itinerary.venues.get(event.places[0]) if event.places else None
        country = country_of(
            venue.country if venue else None, venue.city if venue else None, event.zone
        )
        if country is None:
            continue
        moment = event.start_at or datetime.combine(event.day, datetime.min.time(), event.zone)
        name = holiday(country, moment.date())
        if name is None:
            continue
        advice = (
            "expect crowded stations and sold-out services"
            if event.kind == "travel"
            else "offices may be closed; confirm with the host"
        )
        yield Problem.of(
            "holiday",
            f"event {named(event)} is on {day_name(moment)}, {name} in "
            f"{country_name(country)}; {advice}",
            (*event.path, "start") if event.start is not None else event.path,
            event.id,
        )
