"""tripplan: plan, check and share official delegation trips written as YAML itineraries.

>>> import tripplan
>>> itinerary = tripplan.load("itineraries/hangzhou-shenzhen-2025-02.yaml")
>>> [p.code for p in tripplan.check(itinerary)]
['tentative']
"""

from __future__ import annotations

__version__ = "0.1.0"  # before the imports: modules below read it
from tripplan.checking import Report, check, check_file, check_text
from tripplan.diff import Change, diff
from tripplan.errors import InvalidItinerary, TripplanError
from tripplan.ical import build_calendar  # imports icalendar only when called
from tripplan.loader import load, parse
from tripplan.model import Day, Event, Itinerary, Person, Trip, Venue
from tripplan.problems import CODES, Problem

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
