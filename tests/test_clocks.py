"""clock-change: a time in the hour the clocks skip (error) or repeat (warning), on both
changes of the year in London, New York and Sydney."""

from __future__ import annotations

import pytest

from conftest import dedent
from tripplan import Problem, check_text

# (The duty officer every trip away from Hong Kong needs, where `version: 1` was.)
TRIP = dedent("""
    contacts: [{name: Duty officer, role: duty-officer}]
    trip: {id: t, title: T, timezone: ZONE, start: DAY, end: DAY}
    people: {yan: {name: Yan}}
    venues:
      office: {name: Office, location: [51.5, -0.12]}
    days:
      - date: DAY
        events:
          - {id: call, title: Call, venue: office, start: "START", end: "END"}
""")


def problems(zone: str, day: str, start: str, end: str) -> list[Problem]:
    text = TRIP.replace("ZONE", zone).replace("DAY", day)
    text = text.replace("START", start).replace("END", end)
    return check_text(text, "trip.yaml").problems


SKIPPED = [
    # zone, the night the clocks go forward, a time that never shows, what the clock reads
    (
        "Europe/London",
        "2025-03-30",
        "01:30",
        "02:30",
        "start 01:30 does not exist on Sun 30 Mar 2025 in Europe/London: the clocks go forward "
        'from 01:00 to 02:00 (GMT to BST), so the clock reads 02:30 then; write "02:30" or the '
        "time you mean",
    ),
    (
        "America/New_York",
        "2025-03-09",
        "02:30",
        "03:45",
        "start 02:30 does not exist on Sun 9 Mar 2025 in America/New_York: the clocks go "
        "forward from 02:00 to 03:00 (EST to EDT), so the clock reads 03:30 then; write "
        '"03:30" or the time you mean',
    ),
    (
        "Australia/Sydney",
        "2025-10-05",
        "02:15",
        "04:00",
        "start 02:15 does not exist on Sun 5 Oct 2025 in Australia/Sydney: the clocks go "
        "forward from 02:00 to 03:00 (AEST to AEDT), so the clock reads 03:15 then; write "
        '"03:15" or the time you mean',
    ),
]


@pytest.mark.parametrize(("zone", "day", "start", "end", "message"), SKIPPED)
def test_a_time_the_clocks_skip_is_an_error_saying_what_they_read(
    zone: str, day: str, start: str, end: str, message: str
):
    [p] = problems(zone, day, start, end)
    assert (p.code, p.severity, p.line, p.column) == ("clock-change", "error", 9, 55)
    assert p.message == f"event 'call': {message}"


def test_a_skipped_start_is_not_also_called_ending_before_it_starts():
    # 01:30-02:30 in London that night used to be "ends before it starts; write 02:30+1".
    [p] = problems("Europe/London", "2025-03-30", "01:30", "02:30")
    assert p.code == "clock-change"
    assert "+1" not in p.message


def test_a_skipped_end_is_an_error_too():
    [p] = problems("Europe/London", "2025-03-30", "00:30", "01:15")
    assert (p.code, p.severity, p.column) == ("clock-change", "error", 69)
    assert p.message.startswith("event 'call': end 01:15 does not exist on Sun 30 Mar 2025")


REPEATED = [
    # zone, the night the clocks go back, a time that happens twice
    (
        "Europe/London",
        "2025-10-26",
        "01:30",
        "start 01:30 happens twice on Sun 26 Oct 2025 in Europe/London: the clocks go back "
        "from 02:00 to 01:00 (BST to GMT); the first (BST) is used; for the other, write "
        "timezone: Etc/UTC (a zone that keeps GMT all year)",
    ),
    (
        "America/New_York",
        "2025-11-02",
        "01:30",
        "start 01:30 happens twice on Sun 2 Nov 2025 in America/New_York: the clocks go back "
        "from 02:00 to 01:00 (EDT to EST); the first (EDT) is used; for the other, write "
        "timezone: Etc/GMT+5 (a zone that keeps EST all year)",
    ),
    (
        "Australia/Sydney",
        "2025-04-06",
        "02:30",
        "start 02:30 happens twice on Sun 6 Apr 2025 in Australia/Sydney: the clocks go back "
        "from 03:00 to 02:00 (AEDT to AEST); the first (AEDT) is used; for the other, write "
        "timezone: Etc/GMT-10 (a zone that keeps AEST all year)",
    ),
]


@pytest.mark.parametrize(("zone", "day", "start", "message"), REPEATED)
def test_a_time_the_clocks_repeat_is_a_warning_saying_which_is_used(
    zone: str, day: str, start: str, message: str
):
    [p] = problems(zone, day, start, "05:00")
    assert (p.code, p.severity, p.line, p.column) == ("clock-change", "warning", 9, 55)
    assert p.message == f"event 'call': {message}"


def test_an_end_in_the_repeated_hour_is_the_one_after_the_start():
    # 01:45 BST to 01:15 GMT is half an hour, not an event that ends before it starts.
    found = problems("Europe/London", "2025-10-26", "01:45", "01:15")
    assert [(p.code, p.severity) for p in found] == [
        ("clock-change", "warning"),
        ("clock-change", "warning"),
    ]
    assert found[1].message == (
        "event 'call': end 01:15 happens twice on Sun 26 Oct 2025 in Europe/London: the clocks "
        "go back from 02:00 to 01:00 (BST to GMT); the second (GMT) is used (the first is "
        "before the start); for the other, write end_timezone: Etc/GMT-1 (a zone that keeps "
        "BST all year)"
    )


def test_ordinary_nights_and_zones_without_daylight_saving_say_nothing():
    assert problems("Europe/London", "2025-03-29", "01:30", "02:30") == []
    assert problems("Asia/Shanghai", "2025-03-30", "01:30", "02:30") == []


def test_the_code_is_documented():
    from tripplan import CODES

    assert CODES["clock-change"][0] == "error"
