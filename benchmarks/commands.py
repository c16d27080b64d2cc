"""Whole `tripplan` commands timed in subprocesses, by CPU time, for the benchmarks.

The machine these run on is often shared: wall time then says more about the neighbours
than about tripplan. The CPU time a command's process used (user + system, from the
kernel's accounting of the children this process waited for) moves far less, so the
figures here are CPU seconds, best of several runs, each run of a command interleaved
with its baseline so that what noise is left hits both alike.

A `Tree` is the tripplan being measured: the installed one, or another checkout's `src/`
put first on PYTHONPATH (`--before OLD/src`), so that an older version is measured on the
same machine in the same run.
"""

from __future__ import annotations

import compileall
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    cpu: float  # seconds of CPU (user + system)
    wall: float  # seconds


@dataclass(frozen=True)
class Tree:
    """A tripplan to run: `src` first on PYTHONPATH, or the installed one."""

    label: str
    src: Path | None = None

    def env(self, cache: Path, **extra: str) -> dict[str, str]:
        """A user's shell: bytecode may be written, a private holiday cache."""
        env = dict(os.environ, **extra)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["TRIPPLAN_CACHE_DIR"] = str(cache)
        if self.src is not None:
            env["PYTHONPATH"] = os.pathsep.join(
                p for p in (str(self.src), os.environ.get("PYTHONPATH", "")) if p
            )
        return env

    def compile(self) -> None:
        """Compile the tree's modules to .pyc, as `pip install` would."""
        if self.src is not None:
            compileall.compile_dir(str(self.src / "tripplan"), quiet=1)
            return
        import tripplan

        compileall.compile_dir(str(Path(tripplan.__file__).resolve().parent), quiet=1)


def trees(before: Path | None) -> list[Tree]:
    """This checkout's tripplan, and the older `before` tree (its src/) if given."""
    found = [Tree("after")]
    if before is not None:
        src = before / "src" if (before / "src" / "tripplan").is_dir() else before
        if not (src / "tripplan").is_dir():
            sys.exit(f"error: --before {before}: no tripplan package in it or in its src/")
        found.insert(0, Tree("before", src))
    return found


def tripplan(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "tripplan", *map(str, args)]


def run(argv: Sequence[str], env: dict[str, str], ok: tuple[int, ...] = (0, 1)) -> Run:
    """CPU and wall time of the command (its output read from a pipe and dropped); exits
    with status 2 if the command's status is not one of `ok`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in ok:
        stderr = done.stderr.decode("utf-8", "replace").strip()
        sys.exit(f"error: {' '.join(argv)} exited with {done.returncode}: {stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(cpu, wall)


def paired(
    command: Sequence[str],
    baseline: Sequence[str],
    env: dict[str, str],
    repeat: int,
    ok: tuple[int, ...] = (0, 1),
    before_each: Callable[[], object] | None = None,
) -> tuple[Run, Run]:
    """Best CPU run of `command` and of `baseline`, interleaved, after one warm-up each;
    `before_each` is called before every run of `command` (e.g. to remove its output)."""
    prepare = before_each or (lambda: None)
    prepare()
    run(command, env, ok)
    run(baseline, env, ok)
    ours, theirs = [], []
    for _ in range(repeat):
        prepare()
        ours.append(run(command, env, ok))
        theirs.append(run(baseline, env, ok))
    return min(ours, key=lambda r: r.cpu), min(theirs, key=lambda r: r.cpu)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"
