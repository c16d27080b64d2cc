"""Make the README's pictures from the bundled trip: `python docs/screenshots.py`.

docs/show.svg is `tripplan show` (day 2) at 100 columns, drawn by rich. The briefing
pages are drawn by pdfium from the PDFs `tripplan brief` writes: docs/brief-principal.png
is day 2 of the principal's pack in Traditional Chinese, docs/brief-driver.png the first
day of the driver's sheet in Simplified Chinese.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pypdfium2
from rich.console import Console

import tripplan
from tripplan import check
from tripplan.outputs.brief.context import Reader
from tripplan.outputs.brief.i18n import Lang
from tripplan.outputs.brief.pack import build_pack
from tripplan.outputs.brief.pdf import render_pdf
from tripplan.outputs.timeline import render

HERE = Path(__file__).resolve().parent
TRIP = HERE.parent / "itineraries" / "hangzhou-shenzhen-2025-02.yaml"
AS_AT = datetime(2025, 2, 20, 17, 0)


def page(itinerary: tripplan.Itinerary, audience: str, lang: str, key: str, nth: int) -> object:
    """The first page of the `nth` section of kind `key` of the pack, as a PIL image."""
    pack = build_pack(
        itinerary, Reader(audience), Lang(lang, chinese_first=audience == "driver"), now=AS_AT
    )
    document = pypdfium2.PdfDocument(render_pdf(pack))
    # Sections that start a page, in order: the page of the chosen one.
    starts = [s.key for s in pack.sections if s.new_page]
    index = [i for i, k in enumerate(starts) if k == key][nth]
    return document[index].render(scale=1.6).to_pil()


def main() -> None:
    itinerary = tripplan.load(TRIP)
    day = itinerary.days[1].date
    console = Console(
        record=True, width=100, force_terminal=True, color_system="truecolor", file=io.StringIO()
    )
    console.print(render(itinerary, check(itinerary), day=day))
    console.save_svg(str(HERE / "show.svg"), title="tripplan show --day 2025-02-25")
    page(itinerary, "principal", "zh-hant", "day", 1).save(HERE / "brief-principal.png")
    page(itinerary, "driver", "zh-hans", "driver", 0).save(HERE / "brief-driver.png")


if __name__ == "__main__":
    main()
