"""How fast `tripplan export` is: a 1,000- and a 10,000-event trip, and their ratio.

Prints numbers and ratios (target: 10,000 events in under 2 s, growth linear); never
fails on time. Generated trips hold a few flexible events, which export refuses until a
sequencer places them, so each window is pinned at its opening first. The baseline, in
the same run, is loading the same itinerary (what every command pays before exporting).

Usage::

    .venv/bin/python benchmarks/export.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402
from tripplan import parse  # noqa: E402
from tripplan.format.model import Itinerary  # noqa: E402
from tripplan.outputs.calendar import export  # noqa: E402

NOW = datetime(2025, 1, 15, 9, 0, tzinfo=UTC)


def pinned(events: int) -> str:
    text = generate(events, 40, seed=1)
    return re.sub(r'window: \["(\d\d:\d\d)", "\d\d:\d\d"\]', r'start: "\1"', text)


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
    args = parser.parse_args()
    results: dict[int, tuple[float, float, int]] = {}
    for events in (1_000, 10_000):
        text = pinned(events)
        loaded = parse(text)
        assert loaded.itinerary is not None, loaded.problems[:3]
        itinerary: Itinerary = loaded.itinerary
        size = len(export(itinerary, now=NOW).data)  # warm-up
        seconds = best(lambda it=itinerary: export(it, now=NOW), args.repeat)
        load = best(lambda t=text: parse(t), args.repeat)
        results[events] = (seconds, load, size)
        print(
            f"export {events:>6,} events: {seconds:6.3f} s  ({events / seconds:,.0f} events/s, "
            f"{size / 1e6:.1f} MB of .ics)   load baseline {load:6.3f} s  "
            f"(export/load = {seconds / load:.2f}x)"
        )
    ratio = results[10_000][0] / results[1_000][0]
    verdict = "ok" if results[10_000][0] < 2 else "MISSED"
    print(f"10k/1k = {ratio:.1f}x (linear = 10.0x); 10k under 2 s: {verdict}")


if __name__ == "__main__":
    main()
