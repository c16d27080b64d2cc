"""How fast `tripplan check` is: size scaling, cost over bare YAML parsing, start-up.

Prints numbers and ratios against the targets; it never fails on time (exit status 0
unless a command could not run at all), so it is safe to run on any machine or in CI.

What it measures, in one run:

1. Size scaling: a small and a large generated itinerary (1,000 and 10,000 events,
   40 people, by default) checked in-process with `tripplan.check_file` (warmed up
   once, then best and median of several repetitions, in CPU seconds, each with
   tripplan's in-memory caches emptied first: the work of a new command, not of one
   that has seen the trip) and as a whole command in a subprocess (`python -m tripplan
   check FILE --format json`, wall time). Targets: the large file in under 1 s, growth
   linear in the number of events. As a floor, the bare libyaml composer
   (`yaml.compose(text, Loader=yaml.CSafeLoader)`, cyclic GC off) on the large text,
   and the ratio check/compose.
2. Start-up: the median wall time of `python -m tripplan check` on the example
   itinerary against the import floor `python -c "import typer, rich.console, pydantic,
   yaml"`, the two interleaved so that machine noise hits both alike. Target: <= 1.3x.
   Beside it the stack's own floor: typer parsing one argument into a one-field
   pydantic model (what any command built on this stack costs before its own work).

Fairness to real installs: `pip install` compiles every module to .pyc, but tripplan
is installed editable here and the environment may set PYTHONDONTWRITEBYTECODE=1, in
which case every run would recompile tripplan from source. So tripplan's package is
compiled with `compileall` first and the subprocesses run without
PYTHONDONTWRITEBYTECODE. Every run (in-process and subprocess) uses a private
TRIPPLAN_CACHE_DIR that one run warms first: the holiday cache is warm, as it is for
staff after their first check; one cold-cache start-up is printed for information.

Usage::

    .venv/bin/python benchmarks/check.py            # full run, under a minute
    .venv/bin/python benchmarks/check.py --quick    # fewer repetitions (CI smoke)
    .venv/bin/python benchmarks/check.py --events-small 500 --events-large 5000
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

import tripplan
from tripplan import check_file

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
EXAMPLE = REPO / "itineraries" / "hangzhou-shenzhen-2025-02.yaml"
PEOPLE = 40
LARGE_TARGET_EVENTS = 10_000
LARGE_TARGET_SECONDS = 1.0  # for LARGE_TARGET_EVENTS events
STARTUP_TARGET_RATIO = 1.3
FLOOR_IMPORTS = "import typer, rich.console, pydantic, yaml"
# What any typer command reading YAML into a pydantic model costs at the least: the
# floor above without rich, with one model of one field built and validated and one
# argument parsed (which loads typer's parameter adapters, and with them pydantic's
# model machinery). Printed beside the target's floor: the stack's own share.
STACK_FLOOR = """
import typer, yaml
from pydantic import BaseModel
class Trip(BaseModel):
    path: str
app = typer.Typer()
@app.command()
def check(path: str) -> None:
    Trip(path=path)
app(["x.yaml"], standalone_mode=False)
"""

sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402  (benchmarks/ is not a package)


@dataclass(frozen=True)
class Timing:
    """Wall times of repeated runs of one thing, in seconds."""

    runs: list[float]

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def describe(self) -> str:
        return f"best {self.best:7.3f} s   median {self.median:7.3f} s   (n={len(self.runs)})"


@dataclass(frozen=True)
class Settings:
    small: int
    large: int
    reps_small: int
    reps_large: int
    reps_subprocess: int
    startup_runs: int


def timed(action: Callable[[], object]) -> float:
    """CPU seconds of `action`: the machines this runs on are shared, and another
    process's work would count in wall time."""
    began = time.process_time()
    action()
    return time.process_time() - began


def forget() -> None:
    """Empty tripplan's in-memory caches (moves, roads, countries, holidays read from
    the disk cache), so that a repetition does the work of a new `tripplan check`,
    not of one that has seen the same trip before."""
    for name, module in list(sys.modules.items()):
        if name == "tripplan" or name.startswith("tripplan."):
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()


def repeat(action: Callable[[], object], times: int) -> Timing:
    runs = []
    for _ in range(times):
        forget()
        gc.collect()  # garbage of the previous run must not be collected inside this one
        runs.append(timed(action))
    return Timing(runs)


def subprocess_env(cache: Path) -> dict[str, str]:
    """The environment of a user's shell: bytecode may be written, a private cache."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["TRIPPLAN_CACHE_DIR"] = str(cache)
    return env


def run_command(argv: Sequence[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> float:
    """Wall time of the command; exits (status 2) if its status is not one of `ok`."""
    began = time.perf_counter()
    done = subprocess.run(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    elapsed = time.perf_counter() - began
    if done.returncode not in ok:
        stderr = done.stderr.decode("utf-8", "replace").strip()
        sys.exit(f"error: {' '.join(argv)} exited with {done.returncode}: {stderr}")
    return elapsed


def check_argv(path: Path, *, json_output: bool = False) -> list[str]:
    argv = [sys.executable, "-m", "tripplan", "check", str(path)]
    return [*argv, "--format", "json"] if json_output else argv


def compile_tripplan() -> Path:
    """Compile tripplan's modules to .pyc, as `pip install` would; the package folder."""
    package = Path(tripplan.__file__).resolve().parent
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], env=env, check=True)
    return package


def heading(title: str) -> None:
    print(f"\n== {title} ==")


def per_second(events: int, seconds: float) -> str:
    return f"{events / seconds:,.0f} events/s"


def measure_sizes(
    settings: Settings, folder: Path, env: dict[str, str]
) -> tuple[Timing, Timing, Timing, Timing, Timing]:
    heading(f"size scaling: {settings.small:,} vs {settings.large:,} events, {PEOPLE} people")
    files: dict[int, Path] = {}
    texts: dict[int, str] = {}
    for events in (settings.small, settings.large):
        began = time.perf_counter()
        text = generate(events, PEOPLE, seed=1)
        path = folder / f"generated-{events}.yaml"
        path.write_text(text, encoding="utf-8")
        files[events], texts[events] = path, text
        size = len(text.encode("utf-8")) / 1e6
        took = time.perf_counter() - began
        print(f"generated {path.name}: {size:.2f} MB, {text.count(chr(10)):,} lines ({took:.2f} s)")

    # Warm-up: fills the holiday cache (in memory and in TRIPPLAN_CACHE_DIR) and any
    # lazy imports, so the repetitions measure checking only.
    warm = check_file(files[settings.small])
    warnings = len(warm.problems)
    print(f"warm-up check of {settings.small:,} events: {warnings} problems (warnings expected)")
    errors = [p for p in warm.problems if p.severity == "error"]
    if errors:
        print(f"note: the generated file has {len(errors)} errors, e.g. {errors[0]}")

    small = repeat(lambda: check_file(files[settings.small]), settings.reps_small)
    large = repeat(lambda: check_file(files[settings.large]), settings.reps_large)
    print("in-process check_file, CPU seconds (holiday cache warm on disk, memory caches emptied):")
    print(
        f"  {settings.small:>7,} events: {small.describe()}   "
        f"{per_second(settings.small, small.best)}"
    )
    print(
        f"  {settings.large:>7,} events: {large.describe()}   "
        f"{per_second(settings.large, large.best)}"
    )
    size_ratio = settings.large / settings.small
    print(
        f"  large/small: {large.best / small.best:.1f}x best, "
        f"{large.median / small.median:.1f}x median (linear = {size_ratio:.1f}x)"
    )

    def compose() -> None:
        gc.disable()
        try:
            yaml.compose(texts[settings.large], Loader=yaml.CSafeLoader)
        finally:
            gc.enable()

    composed = repeat(compose, settings.reps_large)
    print(f"bare libyaml compose (CSafeLoader, gc off), {settings.large:,} events:")
    print(f"  {composed.describe()}   check/compose = {large.best / composed.best:.1f}x (best)")
    print(
        "  (CSafeLoader calls PyYAML's Python tag resolver for every node, which tripplan's"
        " own loader skips: a reference point, not a lower bound)"
    )

    print("whole command as a subprocess (check FILE --format json; start-up included):")
    sub: dict[int, Timing] = {}
    for events in (settings.small, settings.large):
        argv = check_argv(files[events], json_output=True)
        sub[events] = Timing(
            [run_command(argv, env, ok=(0, 1)) for _ in range(settings.reps_subprocess)]
        )
        print(
            f"  {events:>7,} events: {sub[events].describe()}   "
            f"{per_second(events, sub[events].best)}"
        )
    print(f"  large/small: {sub[settings.large].best / sub[settings.small].best:.1f}x best")
    return small, large, composed, sub[settings.small], sub[settings.large]


def measure_startup(settings: Settings, folder: Path, env: dict[str, str]) -> tuple[Timing, Timing]:
    heading(f"start-up: check {EXAMPLE.relative_to(REPO)} vs import floor")
    check = check_argv(EXAMPLE)
    floor = [sys.executable, "-c", FLOOR_IMPORTS]

    cold_env = dict(env, TRIPPLAN_CACHE_DIR=str(folder / "cold-cache"))
    cold = run_command(check, cold_env, ok=(0, 1))
    print(f"cold holiday cache (first run ever, for information): {cold:.3f} s")

    # One untimed run of each: writes any missing bytecode, warms the OS file cache.
    run_command(check, env, ok=(0, 1))
    run_command(floor, env)
    stack = [sys.executable, "-c", STACK_FLOOR]
    run_command(stack, env)
    checks, floors, stacks = [], [], []
    for _ in range(settings.startup_runs):  # interleaved: noise hits all alike
        checks.append(run_command(check, env, ok=(0, 1)))
        floors.append(run_command(floor, env))
        stacks.append(run_command(stack, env))
    check_t, floor_t, stack_t = Timing(checks), Timing(floors), Timing(stacks)
    print(f"tripplan check (warm holiday cache): {check_t.describe()}")
    print(f"floor ({FLOOR_IMPORTS}): {floor_t.describe()}")
    print(
        "stack floor (typer parsing one argument into a one-field pydantic model, yaml): "
        f"{stack_t.describe()} = {stack_t.median / floor_t.median:.2f}x the floor"
    )
    print(
        f"ratio: {check_t.median / floor_t.median:.2f}x median, "
        f"{check_t.best / floor_t.best:.2f}x best (target <= {STARTUP_TARGET_RATIO}x); "
        f"tripplan's own share {1000 * (check_t.median - floor_t.median):.0f} ms, "
        f"{1000 * (check_t.median - stack_t.median):.0f} ms over the stack floor"
    )
    return check_t, floor_t


def short(events: int) -> str:
    """1000 -> "1k", 2500 -> "2.5k", 800 -> "800"."""
    return f"{events / 1000:g}k" if events >= 1000 else str(events)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def parse_args(argv: Sequence[str] | None) -> Settings:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (CI smoke)")
    parser.add_argument("--events-small", type=int, default=1000, help="small file (1000)")
    parser.add_argument("--events-large", type=int, default=10000, help="large file (10000)")
    args = parser.parse_args(argv)
    if not 1 <= args.events_small < args.events_large:
        parser.error("need 1 <= --events-small < --events-large")
    if args.quick:
        return Settings(args.events_small, args.events_large, 2, 1, 1, 5)
    return Settings(args.events_small, args.events_large, 7, 5, 3, 15)


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse_args(argv)
    began = time.perf_counter()
    package = compile_tripplan()
    print(f"python {sys.version.split()[0]} ({sys.executable})")
    print(f"tripplan {tripplan.__version__} from {package} (compiled to .pyc first)")
    print(
        f"PYTHONDONTWRITEBYTECODE in this shell: {os.environ.get('PYTHONDONTWRITEBYTECODE')!r}"
        " (removed for subprocesses)"
    )
    with tempfile.TemporaryDirectory(prefix="tripplan-bench-") as tmp:
        folder = Path(tmp)
        cache = folder / "cache"
        # Set before the first check: the holiday cache file's contents are memoised.
        os.environ["TRIPPLAN_CACHE_DIR"] = str(cache)
        env = subprocess_env(cache)
        run_command(check_argv(EXAMPLE), env, ok=(0, 1))  # warms the private cache
        print(f"private TRIPPLAN_CACHE_DIR {cache}: warmed by one run; holiday cache is WARM")

        small, large, composed, sub_small, sub_large = measure_sizes(settings, folder, env)
        check_t, floor_t = measure_startup(settings, folder, env)

    ratio = large.best / small.best
    linear = settings.large / settings.small
    startup_ratio = check_t.median / floor_t.median
    small_k, large_k = short(settings.small), short(settings.large)
    large_target = (
        f"target < {LARGE_TARGET_SECONDS:g} s: {verdict(large.best < LARGE_TARGET_SECONDS)}"
        if settings.large == LARGE_TARGET_EVENTS
        else f"the {LARGE_TARGET_SECONDS:g} s target is for {short(LARGE_TARGET_EVENTS)}"
    )
    rows = [
        (
            f"check {small_k} events:",
            f"{small.best:.3f} s   (subprocess {sub_small.best:.3f} s)",
        ),
        (
            f"check {large_k} events:",
            f"{large.best:.3f} s   (subprocess {sub_large.best:.3f} s; {large_k}/{small_k} = "
            f"{ratio:.1f}x, linear {linear:.1f}x; {large_target})",
        ),
        (
            f"compose {large_k} only:",
            f"{composed.best:.3f} s   (check/compose = {large.best / composed.best:.1f}x)",
        ),
        (
            "start-up:",
            f"{check_t.median:.3f} s vs floor {floor_t.median:.3f} s = {startup_ratio:.2f}x "
            f"(target <= {STARTUP_TARGET_RATIO}x: "
            f"{verdict(startup_ratio <= STARTUP_TARGET_RATIO)})",
        ),
    ]
    width = max(len(label) for label, _ in rows) + 2
    heading("summary (best of repetitions; start-up is a median; holiday cache warm)")
    for label, value in rows:
        print(f"{label:<{width}}{value}")
    print(f"(benchmark took {time.perf_counter() - began:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
