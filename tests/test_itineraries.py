"""The bundled trips are real examples: they must check without errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

import tripplan
from conftest import EXAMPLES


def test_there_are_examples():
    names = [p.name for p in EXAMPLES]
    assert "hangzhou-shenzhen-2025-02.yaml" in names
    assert len(names) >= 2


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_checks_without_errors(path, tripplan):
    run = tripplan("check", "--format", "json", path)
    assert run.exit_code == 0, run.stdout
    assert run.json()["errors"] == 0


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_is_complete(path):
    it = tripplan.load(path)
    assert it.principal is not None
    assert len(it.people) >= 2
    events = list(it.events())
    assert events
    for event in events:
        for place in event.places:
            venue = it.venues[place]
            assert venue.location is not None, place
            assert venue.name_local, place
            assert venue.country in ("CN", "HK"), place
    assert any(e.is_flexible for e in events)


def test_hangzhou_shenzhen_trip_follows_the_press_release():
    it = tripplan.load(next(p for p in EXAMPLES if p.name.startswith("hangzhou-shenzhen")))
    cities = {it.venues[v].city for e in it.events() for v in e.places}
    assert {"Hong Kong", "Hangzhou", "Shenzhen"} <= cities
    first, last = next(it.events()), list(it.events())[-1]
    assert first.kind == "travel"
    assert it.venues[first.places[0]].city == "Hong Kong"
    assert last.kind == "travel"
    assert it.venues[last.places[-1]].city == "Hong Kong"


def test_readme_shows_the_real_output_of_the_first_command(tripplan, monkeypatch):
    root = EXAMPLES[0].parent.parent
    monkeypatch.chdir(root)
    readme = (root / "README.md").read_text(encoding="utf-8")
    command = "$ tripplan check itineraries/hangzhou-shenzhen-2025-02.yaml\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    run = tripplan("check", "itineraries/hangzhou-shenzhen-2025-02.yaml")
    assert run.stdout == shown


def test_readme_shows_the_real_output_of_sequence(monkeypatch):
    root = EXAMPLES[0].parent.parent
    monkeypatch.chdir(root)
    readme = (root / "README.md").read_text(encoding="utf-8")
    command = "$ tripplan sequence itineraries/shenzhen-day-2025-06.yaml\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    run = subprocess.run(
        [sys.executable, "-m", "tripplan", "sequence", "itineraries/shenzhen-day-2025-06.yaml"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80", "TERM": "dumb", "NO_COLOR": "1"},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "\n".join(line.rstrip() for line in run.stdout.splitlines()) + "\n" == shown


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_checking_the_bundled_trips_says_the_time_of_day_of_every_drive(path, tripplan, tmp_path):
    # With a buffer longer than any gap every move is reported, each car move at the hour
    # it leaves and how the roads are then: "needs ~35 min by car at 08:15 (peak) for …".
    text = path.read_text(encoding="utf-8")
    assert "  buffer: 10m\n" in text
    copy = tmp_path / path.name
    copy.write_text(text.replace("  buffer: 10m\n", "  buffer: 8h\n"), encoding="utf-8")
    [checked] = tripplan("check", "--format", "json", copy).json()["files"]
    moves = [
        p["message"]
        for p in checked["problems"]
        if p["code"] in ("tight-transfer", "travel-infeasible")
    ]
    by_car = [m for m in moves if " by car " in m]
    assert len(by_car) >= 3
    pattern = re.compile(
        r"needs ~(\d+ min|\dh\d\d) by car at \d\d:\d\d( \((peak|busy|light traffic)\))? for "
    )
    assert all(pattern.search(m) for m in by_car), by_car
    assert any("(peak)" in m or "(busy)" in m for m in by_car)
