"""Shared fixtures: a private cache, real itinerary files and the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tripplan.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "itineraries").glob("*.yaml"))
# The calendar validator shared by the projects (ical.js as in Thunderbird, vobject,
# icalendar, Outlook checks), beside the repository; $TRIPPLAN_ICS_CHECK names it
# elsewhere (a git worktree).
ICS_CHECK = Path(os.environ.get("TRIPPLAN_ICS_CHECK") or ROOT.parent / "shared/tools/ics_check")

# A small valid trip. Tests copy it and change one thing, so each rule has a case that
# triggers it next to this near miss that must not. (Its first line is the duty officer
# every trip to the mainland needs, where `version: 1`, optional, was: lines stay put.
# The train crosses into the mainland, so both carry a permit; the station's one line
# keeps the lines below where they were.)
BASE = """\
contacts: [{name: Duty officer, role: duty-officer}]
trip:
  id: test-trip
  title: Test trip
  timezone: Asia/Shanghai
  start: 2025-02-25
  end: 2025-02-26
people:
  yan:
    name: Peter Yan
    principal: true
    documents: &permit [{type: mainland-travel-permit, expires: 2030-01-31}]
  ko:
    name: Ko Wing-sze
    documents: *permit
venues:
  west-kowloon:
    name: Hong Kong West Kowloon Station
    city: Hong Kong
    country: HK
  hangzhou-east: {name: Hangzhou East Railway Station, city: Hangzhou}
  campus:
    name: AI campus
    city: Hangzhou
    location: [30.2800, 120.0300]
  studio:
    name: Games studio
    city: Hangzhou
    location: [30.1900, 120.1900]
days:
  - date: 2025-02-25
    events:
      - id: train
        title: Train to Hangzhou
        kind: travel
        mode: train
        from: west-kowloon
        to: hangzhou-east
        start: "08:05"
        timezone: Asia/Hong_Kong
        end: "15:05"
      - id: founders
        title: Meeting with founders
        kind: meeting
        venue: campus
        start: "16:30"
        duration: 1h
  - date: 2025-02-26
    events:
      - id: studio-visit
        title: Studio visit
        kind: visit
        venue: studio
        start: "10:00"
        end: "11:00"
"""


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    # Tests never read or write the user's cache, and never depend on a warm one.
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write YAML text to a file in tmp_path and return its path."""

    def _write(text: str, name: str = "trip.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture
def tripplan() -> Callable[..., Run]:
    """Run the real `tripplan` command in-process and return its exit code and output."""
    runner = CliRunner()

    def _run(*args: str | Path) -> Run:
        result = runner.invoke(app, [str(a) for a in args])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stderr)

    return _run


def ics_check(paths: list[Path]) -> None:
    """Every calendar in `paths` passes `ics_check --strict` (its first run installs its
    parsers, about 15 s).

    Where the tool is missing (a fresh clone without shared/ beside it) the test is
    skipped, saying so; .ci/run sets TRIPPLAN_REQUIRE_ICS_CHECK=1, which makes a missing
    tool a failure there.
    """
    if not ICS_CHECK.exists():
        reason = f"{ICS_CHECK} is missing: clone shared/ beside the repo or set TRIPPLAN_ICS_CHECK"
        if os.environ.get("TRIPPLAN_REQUIRE_ICS_CHECK") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    files = sorted({str(p) for p in paths})
    done = subprocess.run(
        [sys.executable, str(ICS_CHECK), "--strict", *files],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == f"{len(files)} files ok, 0 problems"
