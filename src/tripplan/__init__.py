"""tripplan: plan, check and share official delegation trips written as YAML itineraries.

>>> import tripplan
>>> itinerary = tripplan.load("itineraries/hangzhou-shenzhen-2025-02.yaml")
>>> [p.code for p in tripplan.check(itinerary)]
['tentative']
"""

from __future__ import annotations

from tripplan.errors import InvalidItinerary, TripplanError
from tripplan.format.loader import parse
from tripplan.format.model import Day, Event, Itinerary, Person, Trip, Venue
from tripplan.outputs.calendar import build_calendar  # imports icalendar only when called
from tripplan.outputs.diff import Change, diff
from tripplan.pipeline import Report, check_file, check_text, load
from tripplan.pipeline import check_itinerary as check
from tripplan.problems import CODES, Problem
from tripplan.version import __version__

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
    "__version__",
    "build_calendar",
    "check",
    "check_file",
    "check_text",
    "diff",
    "load",
    "parse",
]
