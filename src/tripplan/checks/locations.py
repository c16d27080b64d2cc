"""Venues whose place is unknown or known only roughly."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from tripplan.format.model import Itinerary
from tripplan.problems import Problem

if TYPE_CHECKING:
    from tripplan.geo.locate import Found


def used_venues(itinerary: Itinerary) -> list[str]:
    """Venue ids that events (not cancelled) or nights use, in file order."""
    used = {p for e in itinerary.events() if not e.is_cancelled for p in e.places}
    used |= {d.hotel for d in itinerary.days if d.hotel}
    return [vid for vid in itinerary.venues if vid in used]


def venue_locations(itinerary: Itinerary, found: Mapping[str, Found | None]) -> Iterator[Problem]:
    """`no-location` and `coarse-location` for venues without coordinates of their own.

    `found` holds what the offline lookup made of each such venue.
    """
    for vid in used_venues(itinerary):
        venue = itinerary.venues[vid]
        if venue.location is not None:
            continue
        place = found.get(vid)
        path = ("venues", vid)
        if place is None or not place.usable:
            why = f" ({place.refused})" if place is not None and place.refused else ""
            yield Problem.of(
                "no-location",
                f"venue '{vid}' has no coordinates and none were found offline{why}; add "
                "location: [lat, lon], or run 'tripplan geocode --write'",
                path,
            )
        elif place.precision == "city":
            yield Problem.of(
                "coarse-location",
                f"venue '{vid}' is placed only at the centre of {place.matched}; add its own "
                "location: [lat, lon] so travel times are right",
                path,
            )
