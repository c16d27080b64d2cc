"""Every command tells the truth about a file with errors (issue #12): exit status 1 (the
itinerary has problems; 2 stays "could not run"), and a first line that says what."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BASE

# A schema error with no clear meaning (the studio visit's start) and a misspelt venue.
BROKEN = BASE.replace('start: "10:00"', 'start: "after lunch"').replace(
    "venue: campus", "venue: campsu"
)
FIRST = "45:16: event 'founders': venue 'campsu' is not one of the venues; did you mean 'campus'?"


@pytest.fixture
def broken(write) -> Path:
    return write(BROKEN)


def test_check(tripplan, broken):
    run = tripplan("check", broken)
    assert run.exit_code == 1
    assert (
        run.stdout.splitlines()[0]
        == f"{broken}:{FIRST.replace(': event', ': error unknown-ref: event', 1)}"
    )
    assert run.stdout.splitlines()[-1] == "2 errors, 0 warnings in 1 file"


def test_show_lists_the_broken_event_marked_and_exits_1(tripplan, broken):
    run = tripplan("show", broken)
    assert run.exit_code == 1
    assert run.stdout.splitlines()[0] == "Test trip"
    visit = next(line for line in run.stdout.splitlines() if "Studio visit" in line)
    assert "schema error" in visit
    assert "⚠ schema: event" in run.stdout  # under it (wrapped to the column)


def test_show_markdown_lists_it_too(tripplan, broken):
    run = tripplan("show", broken, "--format", "markdown")
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert lines[0] == "## Test trip"
    at = next(i for i, line in enumerate(lines) if "Studio visit" in line)
    assert lines[at].endswith("| schema error |")
    assert lines[at + 1].startswith("|  | ⚠ event 'studio-visit': 'after lunch' is not a time")


def test_brief_refuses_with_the_count_and_the_first_problem(tripplan, broken, tmp_path):
    run = tripplan("brief", broken, "-o", tmp_path / "b.pdf")
    assert run.exit_code == 1
    first = run.stderr.splitlines()[0]
    assert first.startswith(f"error: {broken}:45:16: unknown-ref: event 'founders'")
    assert "— 2 errors, not briefed" in first
    assert not (tmp_path / "b.pdf").exists()


def test_export_refuses(tripplan, broken, tmp_path):
    run = tripplan("export", broken, "-o", tmp_path / "t.ics")
    assert run.exit_code == 1
    assert run.stderr.splitlines() == [
        f"error: {broken}:{FIRST} (and 1 more; run 'tripplan check {broken}'); nothing was exported"
    ]
    assert not (tmp_path / "t.ics").exists()


def test_diff_refuses(tripplan, broken, write):
    # diff reads the two versions, not the rules: a misspelt venue is a change, not a refusal.
    run = tripplan("diff", write(BASE, "old.yaml"), broken)
    assert run.exit_code == 1
    assert run.stderr.splitlines() == [
        f"error: {broken}:54:16: event 'studio-visit': 'after lunch' is not a time: write it "
        'as "HH:MM" in quotes, 24-hour clock, e.g. "09:30" or "06:10+1" for the next day; '
        "the diff is refused"
    ]
    assert run.stdout == ""


@pytest.mark.parametrize("command", ["geocode", "sequence"])
def test_geocode_and_sequence_refuse(tripplan, broken, command):
    run = tripplan(command, broken)
    assert run.exit_code == 1
    assert run.stderr.splitlines()[0].startswith(f"error: {broken}:")
    assert run.stdout == ""


def test_could_not_run_stays_2(tripplan, tmp_path):
    for command in ("check", "show", "export", "geocode", "sequence"):
        assert tripplan(command, tmp_path / "missing.yaml").exit_code == 2, command
