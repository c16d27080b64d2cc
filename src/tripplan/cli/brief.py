"""`tripplan brief`: print-ready daily briefing sheets, as PDF or HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tripplan import pipeline, safe
from tripplan.cli.options import (
    DayOption,
    HideCancelledOption,
    PersonOption,
    chosen_day,
    known_person,
    stderr,
    stdout,
)
from tripplan.errors import TripplanError
from tripplan.files import safe_name, write_atomically


def brief(
    path: Annotated[Path, typer.Argument(help="The itinerary.")],
    day: DayOption = None,
    person: PersonOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="OUT.pdf or OUT.html (default: TRIP-ID.pdf)."),
    ] = None,
    hide_cancelled: HideCancelledOption = False,
) -> None:
    """Print-ready daily briefing sheets: one A4 page per day, as PDF or HTML.

    Each page: the day's run (times, places with local names and addresses, hosts and
    how to reach them, dress, references, notes), the delegation with roles and phones,
    and a route sketch drawn to scale from the venues' coordinates (no map tiles).

    Example:  tripplan brief itineraries/hangzhou-shenzhen-2025-02.yaml --day 2025-02-25 -o day2.pdf
    """
    from tripplan.outputs.sheet import day_sheets

    itinerary = pipeline.load(path)
    chosen = chosen_day(itinerary, day)
    known_person(itinerary, person, path)
    target = output or Path(f"{safe_name(itinerary.trip.id)}.pdf")
    sheets = day_sheets(itinerary, day=chosen, person=person, hide_cancelled=hide_cancelled)
    if not sheets:
        raise TripplanError(f"{path}: the trip has no days to brief")
    if target.suffix.lower() in (".html", ".htm"):
        from tripplan.outputs.html import render_html

        data = render_html(sheets).encode("utf-8")
    elif target.suffix.lower() == ".pdf":
        from tripplan.outputs.pdf import render_pdf

        missing: list[str] = []
        data = render_pdf(sheets, missing)
        if missing:
            glyphs = ", ".join(f"{c} (U+{ord(c):04X})" for c in dict.fromkeys(missing))
            stderr().print(
                "[yellow]warning:[/] the PDF's font has no glyph for "
                f"{escape(safe.terminal(glyphs))}; they print as empty boxes "
                "(use -o OUT.html to let the browser find a font)"
            )
    else:
        raise TripplanError(f"{target}: name the output .pdf or .html")
    write_atomically(target, data)
    pages = len(sheets)
    shown = escape(safe.terminal(target))
    stdout().print(f"wrote {shown}: {pages} day{'s' if pages != 1 else ''}")
