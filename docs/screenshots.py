"""Make the README's pictures from the bundled trip: `python docs/screenshots.py`.

docs/show.svg is `tripplan show` (day 2) at 100 columns, drawn by rich; docs/brief.png
is the first page of `tripplan brief --day 2025-02-25`, drawn by pdfium.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2
from rich.console import Console

import tripplan
from tripplan import check
from tripplan.outputs.pdf import render_pdf
from tripplan.outputs.sheet import day_sheets
from tripplan.outputs.timeline import render

HERE = Path(__file__).resolve().parent
TRIP = HERE.parent / "itineraries" / "hangzhou-shenzhen-2025-02.yaml"


def main() -> None:
    itinerary = tripplan.load(TRIP)
    day = itinerary.days[1].date
    console = Console(
        record=True, width=100, force_terminal=True, color_system="truecolor", file=io.StringIO()
    )
    console.print(render(itinerary, check(itinerary), day=day))
    console.save_svg(str(HERE / "show.svg"), title="tripplan show --day 2025-02-25")
    pdf = pypdfium2.PdfDocument(render_pdf(day_sheets(itinerary, day=day)))
    pdf[0].render(scale=1.4).to_pil().save(HERE / "brief.png")


if __name__ == "__main__":
    main()
