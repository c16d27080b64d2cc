"""tripplan: plan, check and share official delegation trips written as YAML itineraries.

>>> import tripplan
>>> itinerary = tripplan.load("itineraries/hangzhou-shenzhen-2025-02.yaml")
>>> [p.code for p in tripplan.check(itinerary)]
['tentative']

The names below are imported on first use (PEP 562): `tripplan check` starts on every
save, and `import tripplan.cli` runs this file first, so it must not pay for the whole
public API (the diff, the calendars) before it knows what the command needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from tripplan.version import __version__

if TYPE_CHECKING:
    from tripplan.errors import InvalidItinerary, TripplanError
    from tripplan.format.loader import parse
    from tripplan.format.model import Day, Event, Itinerary, Person, Trip, Venue
    from tripplan.outputs.calendar import build_calendar
    from tripplan.outputs.diff import Change, diff
    from tripplan.pipeline import Report, check_file, check_text, load
    from tripplan.pipeline import check_itinerary as check
    from tripplan.problems import CODES, Problem

# Public name -> (module, name in that module).
_API: dict[str, tuple[str, str]] = {
    "InvalidItinerary": ("tripplan.errors", "InvalidItinerary"),
    "TripplanError": ("tripplan.errors", "TripplanError"),
    "parse": ("tripplan.format.loader", "parse"),
    "Day": ("tripplan.format.model", "Day"),
    "Event": ("tripplan.format.model", "Event"),
    "Itinerary": ("tripplan.format.model", "Itinerary"),
    "Person": ("tripplan.format.model", "Person"),
    "Trip": ("tripplan.format.model", "Trip"),
    "Venue": ("tripplan.format.model", "Venue"),
    "build_calendar": ("tripplan.outputs.calendar", "build_calendar"),
    "Change": ("tripplan.outputs.diff", "Change"),
    "diff": ("tripplan.outputs.diff", "diff"),
    "Report": ("tripplan.pipeline", "Report"),
    "check_file": ("tripplan.pipeline", "check_file"),
    "check_text": ("tripplan.pipeline", "check_text"),
    "load": ("tripplan.pipeline", "load"),
    "check": ("tripplan.pipeline", "check_itinerary"),
    "CODES": ("tripplan.problems", "CODES"),
    "Problem": ("tripplan.problems", "Problem"),
}

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


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _API[name]
    except KeyError:
        raise AttributeError(f"module 'tripplan' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value  # once imported, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
