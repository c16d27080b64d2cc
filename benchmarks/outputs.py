"""How fast `show`, `diff` and `brief` are, each against `check` of the same file(s).

Prints each figure and its ratio to a baseline measured in the same run; never fails on
time (exit status 0 unless a command could not run), so it is safe on any machine.
Every figure is a whole command in a subprocess (start-up included, output to a pipe),
in CPU seconds, best of --repeat runs interleaved with its baseline: see commands.py.

1. show, 10,000 events (40 people), at 100 columns, against `check` of the same file.
   Target (issue 18): <= 2x.
2. diff of two versions of that trip (one event in 50 moved by 15 minutes, one in 100
   renamed) against `check` of both files (one command). Target: <= 0.7x.
3. brief -o x.pdf for trips of 1, 10 and 30 days (a delegation of six, about seven
   events a day), each against `check` of the same file (at least 5 runs each: they
   are short). Targets: 1 day <= 0.8 s and 30 days <= 1.5 s on the machine of the
   issue, where the 1-day brief of main at be95dab took 1.4 s; growth linear in days (a
   day costs as much from 1 to 10 days as from 10 to 30).

With --before OLD (a checkout of an older tripplan, e.g. `git worktree add /tmp/before
be95dab`), the same is measured for it too, and each figure is given with it. The
brief's targets in seconds are then scaled to this machine by how long the older 1-day
brief takes here against its 1.4 s there.

Usage::

    .venv/bin/python benchmarks/outputs.py [--quick] [--before /tmp/before]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from commands import Tree, paired, trees, tripplan, verdict  # noqa: E402
from generate import generate  # noqa: E402

EVENTS, PEOPLE = 10_000, 40
SHOW_TARGET, DIFF_TARGET = 2.0, 0.7
BRIEF_TARGETS = {1: 0.8, 30: 1.5}  # seconds on the issue's machine, by days
BRIEF_ISSUE_1_DAY = 1.4  # seconds there of the 1-day brief at be95dab, when it was filed
# Events for a trip of so many days (generate.py fills about seven a day for six people).
BRIEF_EVENTS = {1: 7, 10: 65, 30: 200}


def changed(text: str) -> str:
    """A later version: one event in 50 moved by 15 minutes, one in 100 renamed."""
    count = 0

    def start(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        if count % 50:
            return match.group(0)
        hour, minute = int(match.group(1)), int(match.group(2)) + 15
        return f'start: "{hour + minute // 60:02d}:{minute % 60:02d}"'

    text = re.sub(r'start: "(\d\d):(\d\d)"', start, text)
    titles = 0

    def title(match: re.Match[str]) -> str:
        nonlocal titles
        titles += 1
        return f"{match.group(0)} (revised)" if titles % 100 == 0 else match.group(0)

    return re.sub(r"(?m)^        title: [^\n]+", title, text)


def large(tree: Tree, folder: Path, repeat: int) -> dict[str, float]:
    old, new = folder / "v1.yaml", folder / "v2.yaml"
    env = tree.env(folder / "cache", COLUMNS="100")
    print(f"\n== {tree.label}: {EVENTS:,} events, {PEOPLE} people (CPU s, best of {repeat}) ==")
    shown, check = paired(tripplan("show", old), tripplan("check", old), env, repeat)
    print(f"show:    {shown.cpu:6.2f} s   check {check.cpu:6.2f} s   {shown.cpu / check.cpu:.2f}x")
    diffed, both = paired(tripplan("diff", old, new), tripplan("check", old, new), env, repeat)
    print(
        f"diff:    {diffed.cpu:6.2f} s   check of both {both.cpu:6.2f} s   "
        f"{diffed.cpu / both.cpu:.2f}x"
    )
    return {
        "show": shown.cpu,
        "show/check": shown.cpu / check.cpu,
        "diff": diffed.cpu,
        "diff/check": diffed.cpu / both.cpu,
    }


def briefs(tree: Tree, folder: Path, repeat: int) -> dict[str, float]:
    env = tree.env(folder / "cache")
    repeat = max(repeat, 5)
    print(f"\n== {tree.label}: brief -o x.pdf (CPU s, best of {repeat}) ==")
    found: dict[str, float] = {}
    for days in BRIEF_EVENTS:
        trip = folder / f"brief-{days}.yaml"
        pdf = folder / f"brief-{days}-{tree.label}.pdf"
        brief, check = paired(
            tripplan("brief", trip, "-o", pdf), tripplan("check", trip), env, repeat
        )
        found[f"brief {days}"] = brief.cpu
        found[f"brief {days}/check"] = brief.cpu / check.cpu
        print(
            f"{days:>2} day{'s' if days > 1 else ' '}: brief {brief.cpu:6.2f} s   "
            f"check {check.cpu:6.2f} s   {brief.cpu / check.cpu:.2f}x   "
            f"{pdf.stat().st_size / 1000:.0f} kB"
        )
    first = (found["brief 10"] - found["brief 1"]) / 9
    later = (found["brief 30"] - found["brief 10"]) / 20
    found["day 1-10"], found["day 10-30"] = first, later
    print(f"a day more: {1000 * first:.0f} ms (1 to 10 days), {1000 * later:.0f} ms (10 to 30)")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--repeat", type=int, help="runs of each command (default 3)")
    parser.add_argument("--before", type=Path, help="an older checkout to measure too")
    parser.add_argument("--skip-large", action="store_true", help="the briefs only")
    args = parser.parse_args(argv)
    repeat = args.repeat or (1 if args.quick else 3)
    began = time.perf_counter()
    measured = trees(args.before)
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="tripplan-bench-") as tmp:
        folder = Path(tmp)
        text = generate(EVENTS, PEOPLE, seed=1)
        (folder / "v1.yaml").write_text(text, encoding="utf-8")
        (folder / "v2.yaml").write_text(changed(text), encoding="utf-8")
        for days, events in BRIEF_EVENTS.items():
            trip = folder / f"brief-{days}.yaml"
            trip.write_text(generate(events, 6, seed=1), encoding="utf-8")
            written = len(set(re.findall(r"date: (\d{4}-\d\d-\d\d)", trip.read_text("utf-8"))))
            assert written == days, (days, written)
        for tree in measured:
            tree.compile()
            results[tree.label] = {}
            if not args.skip_large:
                results[tree.label] |= large(tree, folder, repeat)
            results[tree.label] |= briefs(tree, folder, repeat)
    now = results["after"]
    old = results.get("before")
    print("\n== summary (CPU seconds; ratios to the baseline measured in the same run) ==")

    def versus(key: str) -> str:
        return f"; before {old[key]:.2f}" if old and key in old else ""

    if not args.skip_large:
        ratio = now["show/check"]
        print(
            f"show {EVENTS // 1000}k:   {ratio:.2f}x check{versus('show/check')} "
            f"(target <= {SHOW_TARGET}x: {verdict(ratio <= SHOW_TARGET)})"
        )
        ratio = now["diff/check"]
        print(
            f"diff {EVENTS // 1000}k:   {ratio:.2f}x check of both{versus('diff/check')} "
            f"(target <= {DIFF_TARGET}x: {verdict(ratio <= DIFF_TARGET)})"
        )
    # This machine against the issue's, by the older 1-day brief (1.4 s there).
    scale = old["brief 1"] / BRIEF_ISSUE_1_DAY if old else None
    for days, target in BRIEF_TARGETS.items():
        key = f"brief {days}"
        line = f"brief {days:>2} day{'s' if days > 1 else ' '}: {now[key]:.2f} s, "
        line += f"{now[key + '/check']:.2f}x check"
        if old and scale:
            line += (
                f"; before {old[key]:.2f} s, {old[key + '/check']:.2f}x check; after/before "
                f"{now[key] / old[key]:.2f} (target {target} s there = {target * scale:.2f} s "
                f"here: {verdict(now[key] <= target * scale)})"
            )
        else:
            line += f" (target {target} s on the issue's machine: give --before to scale it)"
        print(line)
    print(
        f"a day of brief: {1000 * now['day 1-10']:.0f} ms (1 to 10 days), "
        f"{1000 * now['day 10-30']:.0f} ms (10 to 30): linear when alike"
    )
    print(f"(benchmark took {time.perf_counter() - began:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
