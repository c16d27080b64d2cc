"""`tripplan export`: calendars (.ics) for Outlook, Google, Apple and Thunderbird."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tripplan import pipeline, safe
from tripplan.cli import completion
from tripplan.cli.options import (
    AlarmOption,
    OutputFormat,
    OutputFormatOption,
    TransfersOption,
    emit,
    known_person,
    print_lines,
    quiet_libraries,
    stderr,
)
from tripplan.errors import TripplanError
from tripplan.format.values import parse_duration

if TYPE_CHECKING:
    from tripplan.outputs.calendar_files import Written


class Split(StrEnum):
    none = "none"
    person = "person"
    day = "day"


def export(
    path: Annotated[Path, typer.Argument(help="The itinerary to export.")],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|FOLDER|-",
            help="File to write (- for stdout); a folder with --split. "
            "Default: TRIP-ID.ics, or a TRIP-ID folder with --split.",
        ),
    ] = None,
    persons: Annotated[
        list[str] | None,
        typer.Option(
            "--person",
            metavar="ID",
            autocompletion=completion.people,
            help="Only the events this person attends (repeatable).",
        ),
    ] = None,
    split: Annotated[
        Split, typer.Option("--split", help="One file for all, per person, or per day.")
    ] = Split.none,
    alarm: AlarmOption = "15m",
    transfers: TransfersOption = False,
    output_format: OutputFormatOption = OutputFormat.text,
) -> None:
    """Export calendars (.ics) that Outlook, Google, Apple and Thunderbird import cleanly.

    Exporting again over an earlier export keeps each event's UID, raises SEQUENCE for
    the events that changed, and marks removed events cancelled, so a re-import updates
    the calendar instead of duplicating it. A file with errors exports nothing (exit 1).

    Examples:  tripplan export itineraries/shenzhen-day-2025-06.yaml -o sz.ics
               tripplan export trip.yaml --split person -o calendars/
    """
    quiet_libraries()
    warnings: list[str] = []
    written = export_calendars(
        path,
        output=output,
        persons=persons or [],
        split=split.value,
        alarm=parse_alarm(alarm),
        transfers=transfers,
        warnings=warnings,
    )
    if warnings:
        from rich.markup import escape

        for warning in warnings:
            stderr().print(f"[yellow]warning:[/] {escape(safe.terminal(warning))}")
    if output == "-":
        return
    if output_format is OutputFormat.json:
        document = {"files": [w.as_json() for w in written]}
        emit(safe.json(document) + "\n")
        return
    # Plain lines to a pipe: rich's console (about 40 ms to load and set up) would only
    # strip the styles.
    print_lines(
        [
            [
                (
                    f"wrote {safe.terminal(w.path)}: {w.events} event"
                    f"{'s' if w.events != 1 else ''} ({safe.terminal(w.name)})",
                    "",
                )
            ]
            for w in written
        ]
    )


def export_calendars(
    path: Path,
    *,
    output: str | None,
    persons: list[str],
    split: str,
    alarm: timedelta | None,
    now: datetime | None = None,
    transfers: bool = False,
    warnings: list[str] | None = None,
) -> list[Written]:
    """The calendars asked for, written; refused if `tripplan check` finds errors:
    calendars go to people. What is worth a warning is added to `warnings`."""
    from tripplan.outputs.calendar_files import write_calendars

    checked = pipeline.run(path, errors_only=True)  # it shows no warnings
    itinerary = pipeline.usable(checked, "nothing was exported")
    for person in persons:
        known_person(itinerary, person, path)
    return write_calendars(
        itinerary,
        output=output,
        persons=persons,
        split=split,
        alarm=alarm,
        now=now,
        transfers=transfers,
        warnings=warnings,
    )


def parse_alarm(text: str) -> timedelta | None:
    """--alarm: a duration, or none."""
    if text.strip().lower() in ("none", "off", "0", "0m"):
        return None
    try:
        return parse_duration(text)
    except ValueError:
        raise TripplanError(f"--alarm {text!r}: write a duration like 15m or 1h, or none") from None
