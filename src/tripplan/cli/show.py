"""`tripplan show`: the trip day by day in the terminal, problems at their events."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tripplan import pipeline, safe
from tripplan.cli.options import (
    EXIT_PROBLEMS,
    HideCancelledOption,
    PersonOption,
    chosen_day,
    emit,
    known_person,
    stdout,
)


class ShowFormat(StrEnum):
    text = "text"
    markdown = "markdown"


def show(
    path: Annotated[Path, typer.Argument(help="The itinerary to show.")],
    day: Annotated[str | None, typer.Option("--day", help="Only this day (YYYY-MM-DD).")] = None,
    person: PersonOption = None,
    hide_cancelled: HideCancelledOption = False,
    output_format: Annotated[
        ShowFormat, typer.Option("--format", "-f", help="text, or markdown for e-mail.")
    ] = ShowFormat.text,
) -> None:
    """Show the trip day by day, with the problems `tripplan check` finds at their events.

    Exit status: 0 shown (problems are shown, not judged; run check for that), 1 the
    file is too broken to show, 2 could not run.

    Example:  tripplan show itineraries/hangzhou-shenzhen-2025-02.yaml --day 2025-02-25
    """
    from tripplan.outputs.timeline import markdown, render

    checked = pipeline.run(path)
    itinerary = checked.itinerary
    if itinerary is None:
        out = stdout()
        for problem in checked.problems:
            out.print(
                f"{escape(safe.terminal(path))}:{problem.line or ''}: {problem.severity} "
                f"{problem.code}: {escape(safe.terminal(problem.message))}"
            )
        raise typer.Exit(EXIT_PROBLEMS)
    chosen = chosen_day(itinerary, day)
    known_person(itinerary, person, path)
    problems = checked.problems
    options = {"day": chosen, "person": person, "hide_cancelled": hide_cancelled}
    if output_format is ShowFormat.markdown:
        emit(markdown(itinerary, problems, **options))  # type: ignore[arg-type]
        return
    stdout(soft_wrap=False).print(render(itinerary, problems, **options))  # type: ignore[arg-type]
