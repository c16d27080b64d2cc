"""Worst time and memory of tripplan on hostile and broken input, by kind of input.

Each case runs `tripplan` in a process of its own (its CPU time and peak memory are
the process's), under a time and a memory limit so that a case that would run for
minutes or eat gigabytes is stopped and reported as such:

    python benchmarks/hostile.py                       # this checkout
    python benchmarks/hostile.py --before OLD/src      # and an older one, side by side

`--before` puts another source tree first on PYTHONPATH (e.g. `git archive REV | tar -x`),
so both are measured on the same machine in the same run; the ratio is before / now.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

TIME_LIMIT = 120  # seconds of CPU for one case
MEMORY_LIMIT = 2 * 1024**3  # bytes of address space


def _header(days: int = 1) -> list[str]:
    end = date(2025, 3, 3) + timedelta(days=days - 1)
    return [
        "version: 1",
        f"trip: {{id: t, title: T, timezone: Asia/Shanghai, start: 2025-03-03, end: {end}}}",
        "people: {yan: {name: Yan}}",
    ]


def used_venues(count: int, *, located: bool = False, typo: bool = False) -> str:
    lines = [*_header(count // 40 + 1), "venues:"]
    for i in range(count):
        where = f", location: [30.{i % 97:02d}, 120.{i % 89:02d}]" if located else ""
        lines.append(f"  v{i}: {{name: Venue number {i}{where}{', adress: x' if typo else ''}}}")
    lines.append("days:")
    for day in range(count // 40 + 1):
        lines += [f"  - date: {date(2025, 3, 3) + timedelta(days=day)}", "    events:"]
        for k in range(40):
            i = day * 40 + k
            if i < count:
                at = f"{6 + k * 20 // 60:02d}:{k * 20 % 60:02d}"
                lines.append(
                    f"      - {{id: e{i}, title: E, venue: v{i}, start: '{at}', duration: 15m}}"
                )
    return "\n".join(lines) + "\n"


def unknown_refs(count: int) -> str:
    return used_venues(count, located=True).replace("venue: v", "venue: w")


def flexible(count: int) -> str:
    lines = [*_header(), "venues:"]
    lines += [
        f"  v{i}: {{name: V{i}, location: [30.{i % 97:02d}, 120.{i % 89:02d}]}}"
        for i in range(count)
    ]
    lines += ["days:", "  - date: 2025-03-03", "    events:"]
    for i in range(count):
        a = 6 * 60 + (i * 37) % (12 * 60)
        b = min(a + 60 + (i * 53) % (6 * 60), 23 * 60 + 55)
        lines.append(
            f"      - {{id: e{i}, title: E{i}, venue: v{i}, window: ['{a // 60:02d}:{a % 60:02d}', "
            f"'{b // 60:02d}:{b % 60:02d}'], duration: {15 * (1 + i % 4)}m}}"
        )
    return "\n".join(lines) + "\n"


def registry_bomb() -> str:
    lines = ["x-a: &a [" + ", ".join(["lol"] * 30) + "]"]
    names = "abcdefg"
    for prev, name in zip(names, names[1:], strict=False):
        lines.append(f"x-{name}: &{name} [" + ", ".join([f"*{prev}"] * 30) + "]")
    lines.append("venues:")
    lines += [f"  v{i}: {{name: V{i}, aliases: *g, location: [30.2, 120.1]}}" for i in range(3)]
    return "\n".join(lines) + "\n"


def small_trip() -> str:
    from conftest import BASE

    # Its duty officer (contacts) is a key older trees cannot read: `version: 1` in its
    # place (the line it replaced) lets --before measure the same trip.
    return BASE.replace("contacts: [{name: Duty officer, role: duty-officer}]", "version: 1", 1)


@dataclass(frozen=True)
class Case:
    name: str
    files: Callable[[], dict[str, str]]
    args: Callable[[Path, str], list[str]]
    server: str | None = None  # a hostile HTTP behaviour (tests/hostile_http.py)


def _trip(text: Callable[[], str]) -> Callable[[], dict[str, str]]:
    return lambda: {"trip.yaml": text()}


def flex_trip() -> str:
    return small_trip().replace(
        'start: "16:30"\n        duration: 1h', 'window: ["16:00", "19:00"]\n        duration: 1h'
    )


CASES = [
    Case(
        "16,000 venues without coordinates",
        _trip(lambda: used_venues(16_000)),
        lambda d, u: ["check", str(d / "trip.yaml")],
    ),
    Case(
        "16,000 misspelt keys",
        _trip(lambda: used_venues(16_000, typo=True)),
        lambda d, u: ["check", str(d / "trip.yaml")],
    ),
    Case(
        "16,000 unknown venue refs",
        _trip(lambda: unknown_refs(16_000)),
        lambda d, u: ["check", str(d / "trip.yaml")],
    ),
    Case(
        "registry alias bomb beside the trip",
        lambda: {"trip.yaml": small_trip(), "venues.yaml": registry_bomb()},
        lambda d, u: ["check", str(d / "trip.yaml")],
    ),
    Case(
        "200 flexible events a day",
        _trip(lambda: flexible(200)),
        lambda d, u: ["sequence", str(d / "trip.yaml")],
    ),
    Case(
        "1,000 flexible events a day",
        _trip(lambda: flexible(1000)),
        lambda d, u: ["sequence", str(d / "trip.yaml")],
    ),
    Case(
        "OSRM dripping a byte every 2 s",
        _trip(flex_trip),
        lambda d, u: ["sequence", str(d / "trip.yaml"), "--router", "osrm", "--osrm-url", u],
        "drip",
    ),
    Case(
        "OSRM sending an endless body",
        _trip(flex_trip),
        lambda d, u: ["sequence", str(d / "trip.yaml"), "--router", "osrm", "--osrm-url", u],
        "huge",
    ),
    Case(
        "OSRM JSON 200,000 deep",
        _trip(flex_trip),
        lambda d, u: ["sequence", str(d / "trip.yaml"), "--router", "osrm", "--osrm-url", u],
        "deep",
    ),
    Case(
        "geocoder dripping a byte every 2 s",
        _trip(
            lambda: small_trip().replace(
                "  campus:\n", "  nowhere:\n    name: Nowhere Inc\n    city: Hangzhou\n  campus:\n"
            )
        ),
        lambda d, u: [
            "geocode",
            str(d / "trip.yaml"),
            "--provider",
            "nominatim",
            "--user-agent",
            "t",
            "--domain",
            u.removeprefix("http://"),
            "--scheme",
            "http",
        ],
        "drip",
    ),
]


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (TIME_LIMIT, TIME_LIMIT + 5))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@contextmanager
def _server(mode: str) -> Iterator[str]:
    from hostile_http import Hostile, serve

    table = [[0, 600, 700, 800], [600, 0, 500, 900], [700, 500, 0, 400], [800, 900, 400, 0]]
    with serve(
        Hostile(mode=mode, ok=lambda path: {"code": "Ok", "durations": table}, drip=2.0)
    ) as hostile:
        yield hostile.url


def run(case: Case, source: Path | None) -> str:
    """One case in a process of its own: its CPU time and peak memory (os.wait4)."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name, text in case.files().items():
            (work / name).write_text(text, encoding="utf-8")
        env = dict(os.environ, TRIPPLAN_CACHE_DIR=str(work / "cache"))
        if source is not None:
            env["PYTHONPATH"] = str(source)
        served: AbstractContextManager[str] = (
            _server(case.server) if case.server else nullcontext("")
        )
        with served as url, (work / "err").open("wb") as err:
            started = time.monotonic()
            child = subprocess.Popen(
                [sys.executable, "-m", "tripplan", *case.args(work, url)],
                stdout=subprocess.DEVNULL,
                stderr=err,
                env=env,
                preexec_fn=_limits,
            )
            # CPU time is the limit; the wall clock only stops a case that never ends (on
            # a shared machine a case may wait minutes for a core).
            stop = threading.Timer(TIME_LIMIT * 10, child.kill)
            stop.start()
            _, status, usage = os.wait4(child.pid, 0)
            stop.cancel()
            child.returncode = os.waitstatus_to_exitcode(status)
            wall = time.monotonic() - started
        said = ((work / "err").read_text("utf-8", "replace").strip().splitlines() or [""])[0]
    code = child.returncode
    cpu = usage.ru_utime + usage.ru_stime
    outcome = "ok" if code in (0, 1, 2) and "internal error" not in said else "FAILED"
    if code < 0:
        outcome = f"killed by signal {-code}"
    return (
        f"cpu {cpu:6.1f} s  wall {wall:6.1f} s  peak {usage.ru_maxrss / 1024:6.0f} MB  "
        f"exit {code}  {outcome}  {said[:100]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, help="an older source tree (its src/) to compare")
    parser.add_argument("--only", help="only the cases whose name contains this")
    args = parser.parse_args()
    for case in CASES:
        if args.only and args.only not in case.name:
            continue
        print(case.name)
        print(f"  now     {run(case, None)}")
        if args.before:
            print(f"  before  {run(case, args.before)}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
