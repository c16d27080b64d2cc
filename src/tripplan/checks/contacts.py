"""Whom to call: every day away from Hong Kong has an emergency or duty contact."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from datetime import date

from tripplan.format.model import Day, Itinerary
from tripplan.format.zone_tables import zone_countries
from tripplan.geo.places import city_country, country_name, venue_country
from tripplan.problems import Problem

HOME = "HK"  # the office the trips leave from


def unknown_contact_people(itinerary: Itinerary) -> Iterator[Problem]:
    for i, contact in enumerate(itinerary.contacts):
        if contact.person is not None and contact.person not in itinerary.people:
            close = difflib.get_close_matches(contact.person, list(itinerary.people), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "add them under people"
            yield Problem.of(
                "unknown-ref",
                f"contact {i + 1}: person '{contact.person}' is not one of the people; {hint}",
                ("contacts", i, "person"),
            )


def away_cities(itinerary: Itinerary, day: Day) -> list[str]:
    """The cities a day takes the delegation to outside Hong Kong, as written."""
    found: dict[str, str] = {}
    for event in day.events:
        if event.is_cancelled:
            continue
        for vid in event.places:
            venue = itinerary.venues.get(vid)
            if venue is None:
                continue
            country = venue_country(itinerary, vid, event.zone)
            if country is not None and country != HOME:
                city = (venue.city or country_name(country)).strip()
                found.setdefault(city.lower(), city)
    # A day with nothing placed says where it is with its city.
    home = _day_country(itinerary, day) == HOME if day.city else True
    if not found and day.city and not day.events and not home:
        found[day.city.strip().lower()] = day.city.strip()
    return list(found.values())


def _day_country(itinerary: Itinerary, day: Day) -> str | None:
    assert day.city is not None
    found = city_country(day.city)
    return found if found is not None else zone_countries().get(itinerary.trip.timezone.key)


def no_contact(itinerary: Itinerary) -> Iterator[Problem]:
    """A day away from Hong Kong needs a contact with `emergency: true` or the role
    duty-officer whose `days` and `cities` cover it (internal ones count: the rule is
    for the delegation)."""
    if not itinerary.people:
        return  # nobody travels yet
    away = [(day, cities) for day in itinerary.days if (cities := away_cities(itinerary, day))]
    if not away:
        return
    on_call = [c for c in itinerary.contacts if c.emergency or c.role == "duty-officer"]
    if not itinerary.contacts:
        yield Problem.of(
            "no-contact",
            f"no contacts are listed for {_days(len(away))} away from Hong Kong "
            f"({_span([d.date for d, _ in away])}); add contacts: with a duty officer "
            "(role: duty-officer) or emergency numbers (emergency: true)",
            ("trip",),
        )
        return
    for day, cities in away:
        missing = [
            city for city in cities if not any(c.covers(day.date, {city.lower()}) for c in on_call)
        ]
        if missing:
            yield Problem.of(
                "no-contact",
                f"day {day.date}: no emergency or duty contact covers "
                f"{' and '.join(missing)}; add one under contacts (role: duty-officer, or "
                "emergency: true) whose days and cities include it",
                (*day.path, "date"),
            )


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def _span(dates: list[date]) -> str:
    first, last = min(dates), max(dates)
    if first == last:
        return f"{first:%a} {first.day} {first:%b}"
    return f"{first:%a} {first.day} {first:%b} – {last:%a} {last.day} {last:%b}"
