"""How fast `tripplan export` is: a 1,000- and a 10,000-event trip, against `check`.

Prints numbers and ratios; never fails on time. Each figure is the whole command in a
subprocess (`export FILE -o OUT.ics`, a first export: no earlier one to read; and once
again over it, for information), in CPU
seconds, best of --repeat runs interleaved with the baseline, `check FILE` (see
commands.py), and what export adds to it. Targets (issue 18): 10,000 events <= 1.2x
check, growth linear; and a 10,000-event trip that everyone (40 people) attends
throughout costs no more per event (each event's text costs the same whoever attends).
Generated trips hold a few flexible events; export places them as every command does.

With --before OLD (a checkout of an older tripplan), the same is measured for it too.

Usage::

    .venv/bin/python benchmarks/export.py [--repeat 3] [--before /tmp/before]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from commands import paired, trees, tripplan, verdict  # noqa: E402
from generate import generate  # noqa: E402

TARGET = 1.2  # export / check, 10,000 events
ADDED = 0.25  # CPU seconds export adds to check, 10,000 events: the ratio as check gets faster
SIZES = (1_000, 10_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", type=Path, help="an older checkout to measure too")
    args = parser.parse_args()
    summary = []
    with tempfile.TemporaryDirectory(prefix="tripplan-bench-") as tmp:
        folder = Path(tmp)
        for events in SIZES:
            path = folder / f"trip-{events}.yaml"
            path.write_text(generate(events, 40, seed=1), encoding="utf-8")
        everyone = folder / "trip-everyone.yaml"
        everyone.write_text(generate(SIZES[1], 40, seed=1, everyone=True), encoding="utf-8")
        for tree in trees(args.before):
            tree.compile()
            env = tree.env(folder / "cache")
            print(f"\n== {tree.label} (CPU s, best of {args.repeat}) ==")
            results: dict[int, tuple[float, float]] = {}
            for events in SIZES:
                path = folder / f"trip-{events}.yaml"
                out = folder / f"trip-{events}-{tree.label}.ics"
                exported, check = paired(
                    tripplan("export", path, "-o", out),
                    tripplan("check", path),
                    env,
                    args.repeat,
                    before_each=lambda out=out: out.unlink(missing_ok=True),  # a first export
                )
                results[events] = (exported.cpu, check.cpu)
                print(
                    f"export {events:>6,} events: {exported.cpu:6.2f} s  "
                    f"({out.stat().st_size / 1e6:.1f} MB of .ics)   check {check.cpu:6.2f} s  "
                    f"(export/check = {exported.cpu / check.cpu:.2f}x, "
                    f"+{exported.cpu - check.cpu:.2f} s)"
                )
            whole = folder / f"trip-everyone-{tree.label}.ics"
            all_in, check_all = paired(
                tripplan("export", everyone, "-o", whole),
                tripplan("check", everyone),
                env,
                args.repeat,
                before_each=lambda whole=whole: whole.unlink(missing_ok=True),
            )
            print(
                f"export {SIZES[1]:>6,} events everyone attends: {all_in.cpu:6.2f} s  "
                f"({whole.stat().st_size / 1e6:.1f} MB)   check {check_all.cpu:6.2f} s  "
                f"({all_in.cpu / check_all.cpu:.2f}x, +{all_in.cpu - check_all.cpu:.2f} s)"
            )
            again, check = paired(  # the earlier file there: its sequence numbers are read
                tripplan("export", path, "-o", out), tripplan("check", path), env, args.repeat
            )
            print(
                f"export again (reads the earlier {SIZES[1]:,}-event file): {again.cpu:6.2f} s  "
                f"check {check.cpu:6.2f} s  ({again.cpu / check.cpu:.2f}x, "
                f"+{again.cpu - check.cpu:.2f} s)"
            )
            growth = results[SIZES[1]][0] / results[SIZES[0]][0]
            versus = results[SIZES[1]][0] / results[SIZES[1]][1]
            added = results[SIZES[1]][0] - results[SIZES[1]][1]
            summary.append(
                f"{tree.label}: 10k export/check = {versus:.2f}x (target <= {TARGET}x: "
                f"{verdict(versus <= TARGET)}); export adds {added:.2f} s to check "
                f"(aim <= {ADDED} s: {verdict(added <= ADDED)}); 10k/1k = {growth:.1f}x "
                "(start-up included: linear is below 10x)"
            )
    print("\n== summary ==")
    for line in summary:
        print(line)


if __name__ == "__main__":
    main()
