"""What several commands share: exit statuses, options declared once, and their checks."""

from __future__ import annotations

import difflib
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from tripplan.errors import TripplanError

if TYPE_CHECKING:
    from tripplan.format.model import Itinerary

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


OutputFormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="text for people, json for scripts.")
]
RegistryOption = Annotated[
    Path | None,
    typer.Option(
        "--registry",
        help="The office's venue registry (default: venues.yaml beside the itinerary, if any).",
    ),
]
DayOption = Annotated[
    str | None, typer.Option("--day", help="Only this day (YYYY-MM-DD); default: every day.")
]
PersonOption = Annotated[
    str | None, typer.Option("--person", help="Only the events this person attends.")
]
HideCancelledOption = Annotated[
    bool, typer.Option("--hide-cancelled", help="Leave cancelled events out.")
]


def stdout() -> Console:
    return Console(highlight=False, soft_wrap=True)


def stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def chosen_day(itinerary: Itinerary, day: str | None) -> date | None:
    """The --day option as a date of the trip; TripplanError if it is not one."""
    if day is None:
        return None
    try:
        chosen = date.fromisoformat(day)
    except ValueError:
        raise TripplanError(f"--day {day}: write the date as YYYY-MM-DD") from None
    if chosen not in {d.date for d in itinerary.days}:
        raise TripplanError(f"--day {day}: the trip has no such day")
    return chosen


def known_person(itinerary: Itinerary, person: str | None, source: object) -> None:
    """TripplanError unless `person` (if given) is one of the people, with the likely one."""
    if person is None or person in itinerary.people:
        return
    close = difflib.get_close_matches(person, list(itinerary.people), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise TripplanError(f"--person {person}: not one of the people of {source}{hint}")
