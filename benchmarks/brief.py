"""How fast `tripplan brief` is: the 3-day bundled trip's pack per format, against a
one-day pack of the same trip (the baseline, measured in the same run).

Prints seconds (best of --repeat runs, in-process: building the pack and writing the
format, as the command does after loading) and the ratio 3-day / 1-day; never fails on
time. The fixed cost (loading and subsetting the CJK font) dominates, so the ratio says
how the work grows with the days.

Usage::

    .venv/bin/python benchmarks/brief.py [--repeat 3] [--lang en+zh-hant]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import tripplan
from tripplan.outputs.brief.context import Reader
from tripplan.outputs.brief.docx import render_docx
from tripplan.outputs.brief.html import render_html
from tripplan.outputs.brief.i18n import Lang
from tripplan.outputs.brief.pack import build_pack
from tripplan.outputs.brief.pdf import render_pdf

TRIP = Path(__file__).resolve().parent.parent / "itineraries" / "hangzhou-shenzhen-2025-02.yaml"
AS_AT = datetime(2025, 2, 20, 17, 0)
WRITERS: dict[str, Callable[..., object]] = {
    "pdf": render_pdf,
    "html": render_html,
    "docx": render_docx,
}


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lang", default="en+zh-hant")
    parser.add_argument("--for", dest="audience", default="delegation")
    args = parser.parse_args()
    itinerary = tripplan.load(TRIP)
    lang = Lang(args.lang)
    reader = Reader(args.audience)
    day = itinerary.days[1].date

    def pack(one_day: bool) -> object:
        return build_pack(itinerary, reader, lang, now=AS_AT, day=day if one_day else None)

    print(f"brief --for {args.audience} --lang {args.lang}, best of {args.repeat}")
    print(f"{'format':8} {'3 days':>9} {'1 day':>9} {'ratio':>7}")
    for name, write in WRITERS.items():
        write(pack(True))  # warm-up: imports, catalogues
        three = best(lambda w=write: w(pack(False)), args.repeat)
        one = best(lambda w=write: w(pack(True)), args.repeat)
        print(f"{name:8} {three:8.2f}s {one:8.2f}s {three / one:6.2f}x")


if __name__ == "__main__":
    main()
