"""tripplan: plan, check and share official delegation trips written as YAML itineraries.

>>> import tripplan
>>> itinerary = tripplan.load("itineraries/hangzhou-shenzhen-2025-02.yaml")
>>> [p.code for p in tripplan.check(itinerary)]
['tentative']
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from tripplan.checking import Report, check, check_file, check_text
from tripplan.diff import Change, diff
from tripplan.errors import InvalidItinerary, TripplanError
from tripplan.loader import load, parse
from tripplan.model import Day, Event, Itinerary, Person, Trip, Venue
from tripplan.problems import CODES, Problem

if TYPE_CHECKING:
    import icalendar

__version__ = "0.1.0"


def build_calendar(
    itinerary: Itinerary,
    *,
    person: str | None = None,
    day: date | None = None,
    now: datetime | None = None,
    alarm: timedelta | None = timedelta(minutes=15),
) -> icalendar.Calendar:
    """The itinerary (or what `person` attends, on `day`) as an `icalendar.Calendar`.

    Deterministic for a given `now`; see `tripplan.ical.build_calendar`.
    """
    from tripplan.ical import build_calendar as build  # icalendar is heavy: only on use

    return build(itinerary, person=person, day=day, now=now, alarm=alarm)


__all__ = [
    "CODES",
    "Change",
    "Day",
    "Event",
    "InvalidItinerary",
    "Itinerary",
    "Person",
    "Problem",
    "Report",
    "Trip",
    "TripplanError",
    "Venue",
    "build_calendar",
    "check",
    "check_file",
    "check_text",
    "diff",
    "load",
    "parse",
]
