"""`tripplan show`: the trip day by day in the terminal, problems at their events."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from tripplan import pipeline, safe
from tripplan.cli import completion
from tripplan.cli.options import (
    EXIT_PROBLEMS,
    DayOption,
    HideCancelledOption,
    PersonOption,
    chosen_day,
    emit,
    host_hint,
    known_person,
    print_lines,
    stdout,
    terminal_width,
)
from tripplan.errors import TripplanError

if TYPE_CHECKING:
    from tripplan.format.model import Itinerary
    from tripplan.outputs.audience import Outside


class ShowFormat(StrEnum):
    text = "text"
    markdown = "markdown"


class ShowFor(StrEnum):
    office = "office"
    host = "host"
    driver = "driver"


def show(
    path: Annotated[Path, typer.Argument(help="The itinerary to show.")],
    day: DayOption = None,
    person: PersonOption = None,
    hide_cancelled: HideCancelledOption = False,
    output_format: Annotated[
        ShowFormat, typer.Option("--format", "-f", help="text, or markdown for e-mail.")
    ] = ShowFormat.text,
    audience: Annotated[
        ShowFor,
        typer.Option(
            "--for",
            help="office (everything, with problems); host or driver: only what may leave "
            "the office, never internal notes, talking points, documents or bookings.",
        ),
    ] = ShowFor.office,
    vehicle: Annotated[
        str | None,
        typer.Option(
            "--vehicle",
            metavar="ID",
            autocompletion=completion.vehicles,
            help="With --for driver: one vehicle's runs.",
        ),
    ] = None,
    host: Annotated[
        str | None,
        typer.Option(
            "--host", metavar="NAME", help="With --for host: one host's events (by name)."
        ),
    ] = None,
) -> None:
    """Show the trip day by day, with the problems `tripplan check` finds at their events.

    Events with schema errors are listed too, marked, with their problems under them.
    Exit status: 0 shown and no errors, 1 the itinerary has errors (shown where they
    are, as check counts them), 2 could not run.

    Example:  tripplan show itineraries/hangzhou-shenzhen-2025-02.yaml --day 2025-02-25
    Example:  tripplan show trip.yaml --for driver --vehicle car-1 --format markdown
    """
    from tripplan.outputs.timeline import markdown, render

    checked = pipeline.run(path)
    itinerary = checked.itinerary
    if itinerary is None:
        out = stdout()
        for problem in checked.problems:
            # As `check` says it: file:line:column, or the file alone.
            where = f":{problem.line}:{problem.column}" if problem.line is not None else ""
            out.print(
                f"{escape(safe.terminal(path))}{where}: {problem.severity} "
                f"{problem.code}: {escape(safe.terminal(problem.message))}"
            )
        raise typer.Exit(EXIT_PROBLEMS)
    chosen = chosen_day(itinerary, day)
    known_person(itinerary, person, path)
    if vehicle is not None and audience is not ShowFor.driver:
        raise TripplanError("--vehicle goes with --for driver")
    if host is not None and audience is not ShowFor.host:
        raise TripplanError("--host goes with --for host")
    if audience is not ShowFor.office and person is not None:
        # A driver's sheet is a vehicle's, a host's programme a host's: not one person's.
        raise TripplanError(
            f"--person goes with the office's view; for --for {audience.value}, give "
            f"{'--vehicle' if audience is ShowFor.driver else '--host'} instead"
        )
    if audience is not ShowFor.office:
        _show_outside(itinerary, audience, chosen, vehicle, host, output_format)
        if any(p.severity == "error" for p in checked.problems):
            raise typer.Exit(EXIT_PROBLEMS)
        return
    problems = checked.problems
    options = {"day": chosen, "person": person, "hide_cancelled": hide_cancelled}
    if output_format is ShowFormat.markdown:
        emit(markdown(itinerary, problems, **options))  # type: ignore[arg-type]
    else:
        print_lines(render(itinerary, problems, width=terminal_width(), **options))  # type: ignore[arg-type]
    if any(p.severity == "error" for p in problems):
        raise typer.Exit(EXIT_PROBLEMS)


def _show_outside(
    itinerary: Itinerary,
    audience: ShowFor,
    day: date | None,
    vehicle: str | None,
    host: str | None,
    output_format: ShowFormat,
) -> None:
    from tripplan.outputs.audience import shared_view
    from tripplan.outputs.shared import markdown, text

    if vehicle is not None and vehicle not in itinerary.vehicles:
        known = ", ".join(itinerary.vehicles) or "none are listed under vehicles"
        raise TripplanError(f"--vehicle {vehicle}: not one of the vehicles ({known})")
    hosts = list(dict.fromkeys(e.host.name for e in itinerary.events() if e.host))
    if host is not None and host.strip().casefold() not in {h.casefold() for h in hosts}:
        raise TripplanError(f"--host {host}: no event has this host; {host_hint(host, hosts)}")
    kind: Outside = "driver" if audience is ShowFor.driver else "host"
    view = shared_view(itinerary, kind, host=host, vehicle=vehicle, day=day)
    if output_format is ShowFormat.markdown:
        emit(markdown(view))
    else:
        emit(text(view, terminal_width()))  # as the office view: whole words, no wider
